/* test-sync-history.c: a record's history, read from a real rapport-server
 * and the outbox
 *
 * Who changed which field from what to what, and when; what is not sent
 * yet; offline said at once, not after a minute of retries; and answers
 * that are no history refused without a crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fault-server.h"
#include "rapport-record-history.h"
#include "sync-test-server.h"

typedef struct
{
  TestServer *server;
  TestClient *mei;
  TestClient *tom;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = test_server_new_managers ();
  fixture->mei = test_client_new (fixture->server, "mei", "mei");
  fixture->tom = test_client_new (fixture->server, "tom", "tom");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->mei, test_client_free);
  g_clear_pointer (&fixture->tom, test_client_free);
  g_clear_pointer (&fixture->server, test_server_free);
}

static RapportHistoryEntry *
entry_at (GPtrArray *entries,
          guint      index)
{
  g_assert_cmpuint (index, <, entries->len);
  return g_ptr_array_index (entries, index);
}

static void
assert_change (RapportHistoryEntry *entry,
               const char          *field,
               const char          *json)
{
  JsonObject *change = json_object_get_object_member (entry->changes, field);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (change);
  node = json_node_init_object (json_node_alloc (), change);
  text = json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==, json);
}

static RapportRecordHistory *
load (TestClient *client,
      const char *entity,
      const char *id)
{
  return rapport_record_history_load (client->sync, client->store, entity, id, NULL);
}

static void
test_who_what_when (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = test_client_create (fixture->mei, "deal",
                                            "{\"title\": \"Kiosk\", \"amount\": 100000,"
                                            " \"currency\": \"CNY\"}");
  g_autoptr(RapportRecordHistory) history = NULL;
  RapportHistoryEntry *entry;
  gint64 started;

  /* Made here, not sent yet: the server knows nothing of it. */
  history = load (fixture->mei, "deal", id);
  g_assert_null (history->entries);
  g_assert_error (history->error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_NOT_FOUND);
  g_assert_cmpuint (history->pending->len, ==, 1);
  entry = entry_at (history->pending, 0);
  g_assert_cmpint (entry->kind, ==, RAPPORT_CHANGE_KIND_CREATE);
  g_assert_true (entry->pending);
  g_assert_false (entry->refused);
  g_assert_cmpstr (entry->by, ==, rapport_store_get_user_id (fixture->mei->store));
  assert_change (entry, "amount", "{\"from\":null,\"to\":100000}");
  g_clear_pointer (&history, rapport_record_history_free);

  /* Sent, then changed by Tom: the server says who did what. */
  test_client_sync (fixture->mei);
  test_client_sync (fixture->tom);
  test_client_update (fixture->tom, "deal", id, "{\"amount\": 200000}");
  test_client_sync (fixture->tom);
  history = load (fixture->mei, "deal", id);
  g_assert_no_error (history->error);
  g_assert_cmpuint (history->pending->len, ==, 0);
  g_assert_cmpuint (history->entries->len, ==, 2);
  entry = entry_at (history->entries, 0);
  g_assert_cmpint (entry->kind, ==, RAPPORT_CHANGE_KIND_CREATE);
  g_assert_cmpstr (entry->by, ==, rapport_store_get_user_id (fixture->mei->store));
  entry = entry_at (history->entries, 1);
  g_assert_cmpint (entry->kind, ==, RAPPORT_CHANGE_KIND_UPDATE);
  g_assert_false (entry->pending);
  g_assert_cmpstr (entry->by, ==, rapport_store_get_user_id (fixture->tom->store));
  g_assert_true (g_str_has_suffix (entry->at, "Z"));
  assert_change (entry, "amount", "{\"from\":100000,\"to\":200000}");
  g_assert_cmpuint (json_object_get_size (entry->changes), ==, 1);
  g_clear_pointer (&history, rapport_record_history_free);

  /* Offline: said at once, with the change that waits here. */
  test_client_sync (fixture->mei);
  test_server_stop (fixture->server);
  test_client_update (fixture->mei, "deal", id, "{\"amount\": 300000}");
  started = g_get_monotonic_time ();
  history = load (fixture->mei, "deal", id);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  g_assert_null (history->entries);
  g_assert_true (g_error_matches (history->error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_OFFLINE) ||
                 g_error_matches (history->error, RAPPORT_SYNC_ERROR,
                                  RAPPORT_SYNC_ERROR_CONNECTION_LOST));
  g_assert_cmpuint (history->pending->len, ==, 1);
  assert_change (entry_at (history->pending, 0), "amount", "{\"from\":200000,\"to\":300000}");
}

static void
test_not_signed_in (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = test_client_create (fixture->mei, "contact", "{\"first_name\": \"Ana\"}");
  g_autoptr(RapportRecordHistory) history = NULL;

  history = rapport_record_history_load (NULL, fixture->mei->store, "contact", id, NULL);
  g_assert_null (history->entries);
  g_assert_error (history->error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_NOT_SIGNED_IN);
  g_assert_cmpuint (history->pending->len, ==, 1);
}

/* What a broken or hostile peer answers is refused, never trusted. */
static void
test_bad_answers (Fixture       *fixture,
                  gconstpointer  data)
{
  const FaultMode modes[] = { FAULT_GARBAGE, FAULT_DEEP, FAULT_TRUNCATED_JSON };
  static const char * const not_histories[] = {
    "{}", "[]", "{\"history\": {}}", "{\"history\": [1]}",
    "{\"history\": [{\"op\": \"explode\", \"at\": \"2026-01-01T00:00:00Z\", \"changes\": {}}]}",
    "{\"history\": [{\"op\": \"update\", \"at\": \"2026-01-01T00:00:00Z\", \"changes\": {\"title\": 1}}]}",
    "{\"history\": [{\"op\": \"update\", \"at\": \"2026-01-01T00:00:00Z\", \"by\": 7, \"changes\": {}}]}",
    "{\"history\": [{\"op\": \"update\", \"changes\": {}}]}",
  };
  g_autofree char *id = test_client_create (fixture->mei, "contact", "{\"first_name\": \"Ana\"}");

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      FaultServer *fault = fault_server_new (modes[i]);
      g_autoptr(RapportRecordHistory) history = NULL;

      rapport_sync_set_server (fixture->mei->sync, fault_server_get_url (fault));
      history = load (fixture->mei, "contact", id);
      g_assert_null (history->entries);
      g_assert_error (history->error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL);
      /* Asked once: what the user looks at is not retried for a minute. */
      g_assert_cmpuint (fault_server_get_requests (fault), ==, 1);
      fault_server_free (fault);
    }

  for (guint i = 0; i < G_N_ELEMENTS (not_histories); i++)
    {
      g_autoptr(JsonNode) answer = json_from_string (not_histories[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = rapport_record_history_parse (rapport_entity_lookup ("contact"),
                                                                   answer, &error);

      g_assert_null (entries);
      g_assert_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rapport/sync/history/who-what-when", test_who_what_when);
  ADD ("/rapport/sync/history/not-signed-in", test_not_signed_in);
  ADD ("/rapport/sync/history/bad-answers", test_bad_answers);
#undef ADD

  return g_test_run ();
}
