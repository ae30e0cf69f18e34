/* test-sync-derived.c: derived values between two clients and the server
 *
 * Two managers change a deal's amount and its probability at the same time,
 * offline. The inputs merge field by field; the weighted amount is never
 * merged, never a conflict, and every replica ends with what the server
 * computed from the merged inputs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-json.h"
#include "rapport-store-sync.h"
#include "sync-test-server.h"

static gint64
weighted (TestClient *client,
          const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) deal = rapport_store_get (client->store, "deal", id, &error);

  g_assert_no_error (error);
  return json_object_get_int_member_with_default (deal, "weighted_amount", -1);
}

static guint
n_conflicts (TestClient *client)
{
  g_autoptr(GPtrArray) conflicts = rapport_store_list_conflicts (client->store, NULL);

  return conflicts->len;
}

static void
test_concurrent_inputs (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(TestClient) a = NULL;
  g_autoptr(TestClient) b = NULL;
  g_autoptr(TestClient) c = NULL;
  g_autofree char *id = NULL;

  test_server_add_user (server, "mei", "manager");
  test_server_add_user (server, "tom", "manager");
  test_server_start (server);
  a = test_client_new (server, "a", "mei");
  b = test_client_new (server, "b", "tom");

  id = test_client_create (a, "deal", "{\"title\": \"Fleet\", \"amount\": 100000,"
                                      " \"currency\": \"CNY\", \"probability\": 50}");
  test_client_sync (a);
  test_client_sync (b);
  g_assert_cmpint (weighted (b, id), ==, 50000);

  /* Each sees their own guess at once. */
  test_client_update (a, "deal", id, "{\"amount\": 123457}");
  test_client_update (b, "deal", id, "{\"probability\": 35}");
  g_assert_cmpint (weighted (a, id), ==, 61729);   /* 61728.5 */
  g_assert_cmpint (weighted (b, id), ==, 35000);

  test_client_sync (a);
  test_client_sync (b);
  test_client_sync (a);

  /* 123457 × 35 / 100 = 43209.95 */
  g_assert_cmpuint (n_conflicts (a) + n_conflicts (b), ==, 0);
  g_assert_cmpint (weighted (a, id), ==, 43210);
  g_assert_cmpint (weighted (b, id), ==, 43210);

  /* A third client starting from nothing reads the server's value. */
  c = test_client_new (server, "c", "mei");
  test_client_sync (c);
  g_assert_cmpint (weighted (c, id), ==, 43210);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rapport/sync/derived/concurrent-inputs", test_concurrent_inputs);
  return g_test_run ();
}
