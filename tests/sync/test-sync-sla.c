/* test-sync-sla.c: a case's SLA clock, the same on clients and server
 *
 * An admin's client makes a business calendar in Shanghai (with lunch)
 * and an SLA policy; an agent's client pulls them. The agent raises a
 * case's priority offline: its own computer moves the due times at once,
 * from the synced policy and calendar, and they are exactly what the
 * server computes when the edit arrives, as a third client then reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-json.h"
#include "rapport-store-sync.h"
#include "sync-test-server.h"

static const char * const sla_fields[] = {
  "sla_policy_id", "sla_start", "first_response_due", "resolution_due", "paused_total_secs",
  "sla_due", "sla_warn_at", NULL
};

static JsonObject *
get (TestClient *client,
     const char *id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *record = rapport_store_get (client->store, "case", id, &error);

  g_assert_no_error (error);
  return record;
}

static void
assert_same_clock (JsonObject *a,
                   JsonObject *b)
{
  for (guint i = 0; sla_fields[i] != NULL; i++)
    {
      JsonNode *x = json_object_get_member (a, sla_fields[i]);
      JsonNode *y = json_object_get_member (b, sla_fields[i]);

      g_test_message ("%s", sla_fields[i]);
      g_assert_nonnull (x);
      g_assert_nonnull (y);
      g_assert_false (JSON_NODE_HOLDS_NULL (x));
      g_assert_true (json_node_equal (x, y));
    }
}

static void
test_agree (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(TestClient) admin = NULL;
  g_autoptr(TestClient) agent = NULL;
  g_autoptr(TestClient) other = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) offline = NULL;
  g_autoptr(JsonObject) synced = NULL;
  g_autoptr(JsonObject) read = NULL;
  g_autofree char *calendar_id = NULL;
  g_autofree char *policy_json = NULL;
  g_autofree char *policy_id = NULL;
  g_autofree char *id = NULL;

  test_server_add_user (server, "li", "admin");
  test_server_add_user (server, "mei", "rep");
  test_server_start (server);
  admin = test_client_new (server, "admin", "li");
  agent = test_client_new (server, "agent", "mei");

  calendar_id = test_client_create (admin, "calendar",
                                    "{\"name\": \"上海\", \"time_zone\": \"Asia/Shanghai\","
                                    " \"weekly_hours\": \"mon-fri 09:00-12:00 13:00-18:00\","
                                    " \"holidays\": \"2027-01-01\"}");
  policy_json = g_strdup_printf ("{\"name\": \"Standard\", \"is_default\": true,"
                                 " \"calendar_id\": \"%s\","
                                 " \"low_first_response_secs\": 57600, \"low_resolution_secs\": 288000,"
                                 " \"normal_first_response_secs\": 14400, \"normal_resolution_secs\": 57600,"
                                 " \"high_first_response_secs\": 7200, \"high_resolution_secs\": 28800,"
                                 " \"urgent_first_response_secs\": 3600, \"urgent_resolution_secs\": 14400}",
                                 calendar_id);
  policy_id = test_client_create (admin, "sla_policy", policy_json);
  test_client_sync (admin);
  test_client_sync (agent);

  id = test_client_create (agent, "case", "{\"subject\": \"打印机卡纸\"}");
  test_client_sync (agent);
  before = get (agent, id);
  g_assert_cmpstr (rapport_json_get_string (before, "sla_policy_id"), ==, policy_id);
  g_assert_cmpstr (rapport_json_get_string (before, "sla_status"), !=, NULL);

  /* Offline: the agent's computer alone moves the clock. */
  test_client_update (agent, "case", id, "{\"priority\": \"urgent\"}");
  offline = get (agent, id);
  g_assert_cmpstr (rapport_json_get_string (offline, "first_response_due"), !=,
                   rapport_json_get_string (before, "first_response_due"));

  test_client_sync (agent);
  synced = get (agent, id);
  other = test_client_new (server, "other", "li");
  test_client_sync (other);
  read = get (other, id);
  assert_same_clock (offline, read);
  assert_same_clock (synced, read);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rapport/sync/sla/client-and-server-agree", test_agree);
  return g_test_run ();
}
