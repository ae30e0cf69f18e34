/* test-sync-documents.c: a quote's totals between two clients and the server
 *
 * Two reps edit different lines of one quote offline. The lines merge,
 * the totals are never merged and never a conflict: each client first
 * shows the total of its own edit, and after syncing every replica shows
 * the total of both edits, recomputed, the same to the fen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-json.h"
#include "rapport-store-sync.h"
#include "sync-test-server.h"

static gint64
total (TestClient *client,
       const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) quote = rapport_store_get (client->store, "quote", id, &error);

  g_assert_no_error (error);
  return json_object_get_int_member_with_default (quote, "total", -1);
}

static guint
n_conflicts (TestClient *client)
{
  g_autoptr(GPtrArray) conflicts = rapport_store_list_conflicts (client->store, NULL);

  return conflicts->len;
}

static void
test_two_lines_offline (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(TestClient) a = NULL;
  g_autoptr(TestClient) b = NULL;
  g_autoptr(TestClient) c = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *chairs = NULL;
  g_autofree char *cushions = NULL;
  g_autofree char *json = NULL;

  test_server_add_user (server, "mei", "manager");
  test_server_add_user (server, "tom", "manager");
  test_server_start (server);
  a = test_client_new (server, "a", "mei");
  b = test_client_new (server, "b", "tom");

  quote = test_client_create (a, "quote", "{\"title\": \"办公椅\", \"currency\": \"CNY\"}");
  json = g_strdup_printf ("{\"quote_id\": \"%s\", \"position\": \"a\", \"qty_milli\": 1500,"
                          " \"unit_price_x100\": 1234567, \"tax_rate_ppm\": 130000}", quote);
  chairs = test_client_create (a, "quote_line", json);
  g_free (json);
  json = g_strdup_printf ("{\"quote_id\": \"%s\", \"position\": \"b\", \"qty_milli\": 2000,"
                          " \"unit_price_x100\": 50000, \"discount_ppm\": 100000,"
                          " \"tax_rate_ppm\": 130000}", quote);
  cushions = test_client_create (a, "quote_line", json);
  test_client_sync (a);
  test_client_sync (b);
  /* 185.19 + 24.07 and 9.00 + 1.17 */
  g_assert_cmpint (total (a, quote), ==, 21943);
  g_assert_cmpint (total (b, quote), ==, 21943);

  /* Offline, each sees its own edit at once: twice the chairs (370.37 +
   * 48.15), half off the cushions (5.00 + 0.65). */
  test_client_update (a, "quote_line", chairs, "{\"qty_milli\": 3000}");
  test_client_update (b, "quote_line", cushions, "{\"discount_ppm\": 500000}");
  g_assert_cmpint (total (a, quote), ==, 37037 + 4815 + 900 + 117);
  g_assert_cmpint (total (b, quote), ==, 18519 + 2407 + 500 + 65);

  test_client_sync (a);
  test_client_sync (b);
  test_client_sync (a);

  g_assert_cmpuint (n_conflicts (a) + n_conflicts (b), ==, 0);
  g_assert_cmpint (total (a, quote), ==, 37037 + 4815 + 500 + 65);
  g_assert_cmpint (total (b, quote), ==, 42417);

  /* A third client starting from nothing has the same. */
  c = test_client_new (server, "c", "mei");
  test_client_sync (c);
  g_assert_cmpint (total (c, quote), ==, 42417);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rapport/sync/documents/two-lines-offline", test_two_lines_offline);
  return g_test_run ();
}
