/* test-sync-faults.c: a server that misbehaves costs the user nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fault-server.h"
#include "rapport-store-sync.h"
#include "sync-test-server.h"

#define MAX_ATTEMPTS 5

typedef struct
{
  FaultMode        mode;
  RapportSyncError code;
  guint            requests;     /* how many the client must make: retries or not */
  guint            min_seconds;  /* Retry-After honoured */
} FaultCase;

static const FaultCase fault_cases[] = {
  { FAULT_500, RAPPORT_SYNC_ERROR_SERVER, MAX_ATTEMPTS, 0 },
  { FAULT_503_RETRY_AFTER, RAPPORT_SYNC_ERROR_SERVER, MAX_ATTEMPTS, MAX_ATTEMPTS - 1 },
  { FAULT_429, RAPPORT_SYNC_ERROR_RATE_LIMITED, MAX_ATTEMPTS, MAX_ATTEMPTS - 1 },
  { FAULT_GARBAGE, RAPPORT_SYNC_ERROR_PROTOCOL, MAX_ATTEMPTS, 0 },
  { FAULT_TRUNCATED_JSON, RAPPORT_SYNC_ERROR_PROTOCOL, MAX_ATTEMPTS, 0 },
  { FAULT_TRUNCATED_BODY, RAPPORT_SYNC_ERROR_PROTOCOL, MAX_ATTEMPTS, 0 },
  { FAULT_HUGE, RAPPORT_SYNC_ERROR_PROTOCOL, MAX_ATTEMPTS, 0 },
  { FAULT_DEEP, RAPPORT_SYNC_ERROR_PROTOCOL, MAX_ATTEMPTS, 0 },
  { FAULT_REDIRECT, RAPPORT_SYNC_ERROR_INVALID, 1, 0 },
  { FAULT_CLOSE, RAPPORT_SYNC_ERROR_CONNECTION_LOST, MAX_ATTEMPTS, 0 },
  { FAULT_SILENT, RAPPORT_SYNC_ERROR_OFFLINE, 1, 0 },
};

static char *
outbox_fingerprint (RapportStore *store)
{
  g_autoptr(GPtrArray) outbox = rapport_store_list_outbox (store, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < outbox->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (outbox, i);

      g_autoptr(JsonNode) changes = json_node_copy (json_object_get_member (entry, "changes"));
      g_autofree char *changes_text = json_to_string (changes, FALSE);

      g_string_append_printf (text, "%s %s %s %s\n", json_object_get_string_member (entry, "op_id"),
                              json_object_get_string_member (entry, "op"),
                              json_object_get_string_member (entry, "state"), changes_text);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_faults_lose_nothing (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(TestClient) a = NULL;
  g_autoptr(TestClient) b = NULL;
  g_autofree char *anna = NULL;
  g_autofree char *bo = NULL;
  g_autofree char *before = NULL;
  g_autofree char *cursor_before = NULL;
  g_autoptr(JsonObject) arrived = NULL;
  g_autoptr(GError) error = NULL;

  test_server_add_user (server, "mei", "manager");
  test_server_add_user (server, "tom", "manager");
  test_server_start (server);
  a = test_client_new (server, "a", "mei");
  b = test_client_new (server, "b", "tom");

  anna = test_client_create (a, "contact", "{\"first_name\": \"Anna\", \"last_name\": \"Lee\"}");
  bo = test_client_create (a, "contact", "{\"first_name\": \"Bo\", \"last_name\": \"王\"}");
  test_client_update (a, "contact", anna, "{\"title\": \"CFO\"}");
  rapport_sync_set_timeout (a->sync, 1);

  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      const FaultCase *c = &fault_cases[i];
      FaultServer *fault = fault_server_new (c->mode);
      g_autofree char *after = NULL;
      gint64 started = g_get_monotonic_time ();
      gdouble seconds;

      g_test_message ("fault %u", c->mode);
      rapport_sync_set_server (a->sync, fault_server_get_url (fault));
      g_assert_false (rapport_sync_run (a->sync, NULL, &error));
      seconds = (g_get_monotonic_time () - started) / (gdouble) G_USEC_PER_SEC;

      /* Reported with a reason a person can read… */
      g_assert_error (error, RAPPORT_SYNC_ERROR, (int) c->code);
      g_assert_cmpstr (error->message, !=, "");
      /* …after the right number of tries, waiting as asked… */
      g_assert_cmpuint (fault_server_get_requests (fault), ==, c->requests);
      g_assert_cmpfloat (seconds, >=, c->min_seconds);
      /* …and what the user typed is all still there, to be sent again: the
       * first try merged the title into Anna's creation, and from then on
       * the same two ops are retried with the same op_ids. */
      after = outbox_fingerprint (a->store);
      if (before == NULL)
        {
          g_assert_cmpuint (rapport_store_count_pending (a->store), ==, 2);
          g_assert_nonnull (strstr (after, "\"title\":{\"base\":null,\"new\":\"CFO\"}"));
          before = g_strdup (after);
        }
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpuint (rapport_store_count_conflicts (a->store), ==, 0);
      g_clear_error (&error);
      fault_server_free (fault);
    }

  /* A pull that fails leaves the cursor where it was. */
  {
    FaultServer *fault = fault_server_new (FAULT_TRUNCATED_JSON);

    cursor_before = rapport_store_get_state (b->store, "cursor");
    rapport_sync_set_server (b->sync, fault_server_get_url (fault));
    g_assert_false (rapport_sync_run (b->sync, NULL, &error));
    g_assert_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL);
    g_assert_cmpstr (rapport_store_get_state (b->store, "cursor"), ==, cursor_before);
    g_clear_error (&error);
    fault_server_free (fault);
  }

  /* Back to the real server: everything arrives, once. */
  test_client_point_at (a, server);
  test_client_point_at (b, server);
  test_client_sync (a);
  test_client_sync (b);
  g_assert_cmpuint (rapport_store_count_pending (a->store), ==, 0);
  g_assert_cmpint (rapport_store_count (b->store, "contact", NULL), ==, 2);
  arrived = rapport_store_get (b->store, "contact", anna, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (arrived, "title"), ==, "CFO");
  g_assert_cmpint (json_object_get_int_member (arrived, "version"), ==, 1);
}

/* A server gone for good refuses every connection: the client tries
 * MAX_ATTEMPTS times over well under a second (the tests' backoff), then
 * says it is offline, and keeps what the user typed. */
static void
test_refused_ends_offline (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(TestClient) a = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 started;

  test_server_add_user (server, "mei", "manager");
  test_server_start (server);
  a = test_client_new (server, "a", "mei");
  id = test_client_create (a, "contact", "{\"first_name\": \"Anna\"}");
  test_server_stop (server);

  started = g_get_monotonic_time ();
  g_assert_false (rapport_sync_run (a->sync, NULL, &error));
  g_assert_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_CONNECTION_LOST);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpint (rapport_sync_get_state (a->sync), ==, RAPPORT_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (rapport_store_count_pending (a->store), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/sync/faults/lose-nothing", test_faults_lose_nothing);
  g_test_add_func ("/rapport/sync/faults/refused-ends-offline", test_refused_ends_offline);

  return g_test_run ();
}
