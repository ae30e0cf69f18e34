/* test-sync-numbers.c: case numbers between two clients and the server
 *
 * Two support agents open cases on laptops with no network. Each case
 * shows a draft number made from its id until the server gives it
 * C-YYYY-NNNNN at the next sync; the other agent then sees the same number
 * and finds the case by it. Concurrent edits of a numbered case merge
 * without the number ever being a conflict.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rapport-json.h"
#include "rapport-numbering.h"
#include "rapport-query.h"
#include "rapport-store-sync.h"
#include "sync-test-server.h"

static char *
number_of (TestClient *client,
           const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = rapport_store_get (client->store, "case", id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return rapport_record_number (rapport_entity_lookup ("case"), record);
}

static char *
found_subject (TestClient *client,
               const char *typed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = rapport_store_search (client->store, typed, 10, &error);

  g_assert_no_error (error);
  if (hits->len != 1)
    return g_strdup_printf ("%u hits", hits->len);
  return g_strdup (((RapportSearchHit *) g_ptr_array_index (hits, 0))->title);
}

static guint
n_conflicts (TestClient *client)
{
  g_autoptr(GPtrArray) conflicts = rapport_store_list_conflicts (client->store, NULL);

  return conflicts->len;
}

static void
test_offline_then_numbered (void)
{
  g_autoptr(TestServer) server = test_server_new_managers ();
  g_autoptr(TestClient) a = test_client_new (server, "a", "mei");
  g_autoptr(TestClient) b = test_client_new (server, "b", "tom");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *first = NULL, *second = NULL;
  g_autofree char *draft = NULL, *expected_draft = NULL;
  g_autofree char *number_a = NULL, *number_b = NULL;
  g_autofree char *seen_by_b = NULL, *seen_by_a = NULL;
  g_autofree char *found = NULL, *found_by_counter = NULL;
  g_autofree char *expected_first = NULL, *expected_second = NULL;
  g_autofree char *after_edits = NULL, *after_edits_b = NULL;
  g_autofree char *subject = NULL;
  int year = g_date_time_get_year (now);

  /* Both offline: a draft number each, from the case's own id. */
  first = test_client_create (a, "case", "{\"subject\": \"Scanner battery drains overnight\"}");
  second = test_client_create (b, "case", "{\"subject\": \"Invoice shows the wrong VAT number\"}");
  draft = number_of (a, first);
  expected_draft = g_strdup_printf ("C-draft-%s", first + strlen (first) - 8);
  g_assert_cmpstr (draft, ==, expected_draft);

  /* b's case reaches the server first and gets the first number. */
  test_client_sync (b);
  test_client_sync (a);
  expected_first = g_strdup_printf ("C-%d-00001", year);
  expected_second = g_strdup_printf ("C-%d-00002", year);
  number_b = number_of (b, second);
  number_a = number_of (a, first);
  g_assert_cmpstr (number_b, ==, expected_first);
  g_assert_cmpstr (number_a, ==, expected_second);

  /* Each agent sees the other's number, and finds the case by it. */
  test_client_sync (b);
  seen_by_b = number_of (b, first);
  seen_by_a = number_of (a, second);
  g_assert_cmpstr (seen_by_b, ==, expected_second);
  g_assert_cmpstr (seen_by_a, ==, expected_first);
  found = found_subject (b, expected_second);
  g_assert_cmpstr (found, ==, "Scanner battery drains overnight");
  found_by_counter = found_subject (a, "1");
  g_assert_cmpstr (found_by_counter, ==, "Invoice shows the wrong VAT number");

  /* Both edit the numbered case offline: the edits merge, the number
   * stays, and nobody is asked about it. */
  test_client_update (a, "case", first, "{\"subject\": \"Scanner battery drains in a night\"}");
  test_client_update (b, "case", first, "{\"priority\": \"high\"}");
  test_client_sync (a);
  test_client_sync (b);
  test_client_sync (a);
  g_assert_cmpuint (n_conflicts (a) + n_conflicts (b), ==, 0);
  after_edits = number_of (a, first);
  after_edits_b = number_of (b, first);
  g_assert_cmpstr (after_edits, ==, expected_second);
  g_assert_cmpstr (after_edits_b, ==, expected_second);
  subject = found_subject (b, expected_second);
  g_assert_cmpstr (subject, ==, "Scanner battery drains in a night");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rapport/sync/numbers/offline-then-numbered", test_offline_then_numbered);
  return g_test_run ();
}
