/* test-query.c: ordered snapshots and rows by position
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-query.h"
#include "rapport-test-util.h"

#define OWNER_A "0190f5a4-7b2c-7def-8123-00000000000a"
#define OWNER_B "0190f5a4-7b2c-7def-8123-00000000000b"

typedef struct
{
  char         *dir;
  RapportStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = rapport_test_make_dir ();
  fixture->store = rapport_test_open_store (fixture->dir);

  g_free (rapport_test_create (fixture->store, "contact", "{\"first_name\": \"Zoë\", \"last_name\": \"Adams\","
                                     " \"lifecycle\": \"customer\", \"owner_id\": \"" OWNER_A "\"}"));
  g_free (rapport_test_create (fixture->store, "contact", "{\"first_name\": \"émile\", \"last_name\": \"Zola\","
                                     " \"lifecycle\": \"lead\", \"owner_id\": \"" OWNER_B "\"}"));
  g_free (rapport_test_create (fixture->store, "contact", "{\"first_name\": \"Bob\", \"last_name\": \"Brown\","
                                     " \"lifecycle\": \"customer\"}"));
  g_free (rapport_test_create (fixture->store, "contact", "{\"emails\": [{\"value\": \"anon@example.com\"}],"
                                     " \"lifecycle\": \"lead\", \"owner_id\": \"" OWNER_A "\"}"));

  g_free (rapport_test_create (fixture->store, "deal", "{\"title\": \"Small\", \"amount\": 1000, \"currency\": \"EUR\","
                                  " \"status\": \"open\"}"));
  g_free (rapport_test_create (fixture->store, "deal", "{\"title\": \"Big\", \"amount\": 900000, \"currency\": \"CNY\","
                                  " \"status\": \"won\"}"));
  g_free (rapport_test_create (fixture->store, "deal", "{\"title\": \"Medium\", \"amount\": 50000, \"currency\": \"USD\","
                                  " \"status\": \"open\"}"));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  rapport_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

/* The titles of the whole list, in order, comma-separated. */
static char *
list_titles (RapportStore *store,
             RapportQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, query, &error);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;
  const char *title_field;

  g_assert_no_error (error);
  rows = rapport_store_fetch (store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, rapport_snapshot_get_n_rows (snapshot));

  title_field = strcmp (rapport_snapshot_get_entity (snapshot)->name, "deal") == 0 ? "title"
                                                                                   : "first_name";
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      const char *title = json_object_get_string_member_with_default (row, title_field, NULL);

      g_string_append_printf (out, "%s%s", i ? "," : "", title ? title : "-");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_list(store, query, expected) \
  G_STMT_START { \
    g_autofree char *titles_ = list_titles (store, query); \
    g_assert_cmpstr (titles_, ==, expected); \
  } G_STMT_END

static void
test_sort_by_name (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("contact");

  /* Folded: "anon@…", "bob brown", "emile zola", "zoe adams". */
  assert_list (fixture->store, query, "-,Bob,émile,Zoë");
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(RapportQuery) customers = rapport_query_new ("contact");
  g_autoptr(RapportQuery) mine = rapport_query_new ("contact");
  g_autoptr(RapportQuery) unowned = rapport_query_new ("contact");
  g_autoptr(RapportQuery) both = rapport_query_new ("contact");
  g_autoptr(RapportQuery) bad = rapport_query_new ("contact");
  g_autoptr(RapportSnapshot) none = NULL;
  g_autoptr(GError) error = NULL;

  rapport_query_add_filter (customers, "lifecycle", "customer");
  assert_list (fixture->store, customers, "Bob,Zoë");

  rapport_query_add_filter (mine, "owner_id", OWNER_A);
  assert_list (fixture->store, mine, "-,Zoë");

  rapport_query_add_filter (unowned, "owner_id", NULL);
  assert_list (fixture->store, unowned, "Bob");

  rapport_query_add_filter (both, "owner_id", OWNER_A);
  rapport_query_add_filter (both, "lifecycle", "lead");
  assert_list (fixture->store, both, "-");

  /* Only indexed fields filter a list: a notes filter would scan a million rows. */
  rapport_query_add_filter (bad, "notes", "x");
  none = rapport_store_snapshot (fixture->store, bad, &error);
  g_assert_null (none);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID_QUERY);
}

static void
test_search_in_list (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("contact");

  rapport_query_set_search (query, "zo");
  assert_list (fixture->store, query, "émile,Zoë");

  rapport_query_add_filter (query, "lifecycle", "customer");
  assert_list (fixture->store, query, "Zoë");

  /* Nothing searchable typed yet: the whole (filtered) list. */
  rapport_query_set_search (query, "  ");
  assert_list (fixture->store, query, "Bob,Zoë");

  /* A write since the last search shows in the next one, in order. */
  rapport_query_set_search (query, "zo");
  g_free (rapport_test_create (fixture->store, "contact", "{\"first_name\": \"Zora\", \"lifecycle\": \"customer\"}"));
  assert_list (fixture->store, query, "Zoë,Zora");
}

static void
test_deals_by_amount (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("deal");
  g_autoptr(RapportQuery) contacts = rapport_query_new ("contact");
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  g_free (rapport_test_create (fixture->store, "deal", "{\"title\": \"Large\", \"amount\": 20000,"
                                  " \"currency\": \"EUR\", \"status\": \"open\"}"));

  /* 900,000 fen are not more than 500 dollars: amounts are compared only
   * within a currency, and the currencies follow each other. */
  rapport_query_set_sort (query, RAPPORT_SORT_AMOUNT);
  assert_list (fixture->store, query, "Big,Large,Small,Medium");
  rapport_query_add_filter (query, "status", "open");
  assert_list (fixture->store, query, "Large,Small,Medium");

  rapport_query_set_sort (contacts, RAPPORT_SORT_AMOUNT);
  snapshot = rapport_store_snapshot (fixture->store, contacts, &error);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID_QUERY);
}

static void
test_sort_by_updated (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("contact");
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonObject) edit = rapport_test_parse_object ("{\"title\": \"CEO\"}");
  g_autoptr(JsonObject) updated = NULL;
  const char *bob_id;

  snapshot = rapport_store_snapshot (fixture->store, query, NULL);
  rows = rapport_store_fetch (fixture->store, snapshot, 1, 1, NULL);
  bob_id = json_object_get_string_member (g_ptr_array_index (rows, 0), "id");

  g_usleep (2000);
  updated = rapport_store_update (fixture->store, "contact", bob_id, edit, NULL);
  g_assert_nonnull (updated);

  rapport_query_set_sort (query, RAPPORT_SORT_UPDATED);
  assert_list (fixture->store, query, "Bob,-,émile,Zoë");
}

static void
test_fetch_by_position (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("contact");
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) tail = NULL;
  g_autoptr(GPtrArray) after_delete = NULL;
  g_autoptr(GError) error = NULL;

  snapshot = rapport_store_snapshot (fixture->store, query, &error);
  g_assert_cmpuint (rapport_snapshot_get_n_rows (snapshot), ==, 4);

  rows = rapport_store_fetch (fixture->store, snapshot, 2, 1, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (rows, 0), "first_name"), ==,
                   "émile");

  /* Past the end: only what exists. */
  tail = rapport_store_fetch (fixture->store, snapshot, 3, 100, &error);
  g_assert_cmpuint (tail->len, ==, 1);

  /* A row deleted after the snapshot leaves a hole, not a shift. */
  g_assert_true (rapport_store_delete (fixture->store, "contact",
                                       json_object_get_string_member (g_ptr_array_index (rows, 0),
                                                                      "id"),
                                       NULL));
  after_delete = rapport_store_fetch (fixture->store, snapshot, 1, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after_delete->len, ==, 3);
  g_assert_nonnull (g_ptr_array_index (after_delete, 0));
  g_assert_null (g_ptr_array_index (after_delete, 1));
  g_assert_nonnull (g_ptr_array_index (after_delete, 2));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rapport/query/sort-by-name", test_sort_by_name);
  ADD ("/rapport/query/filters", test_filters);
  ADD ("/rapport/query/search", test_search_in_list);
  ADD ("/rapport/query/deals-by-amount", test_deals_by_amount);
  ADD ("/rapport/query/sort-by-updated", test_sort_by_updated);
  ADD ("/rapport/query/fetch-by-position", test_fetch_by_position);
#undef ADD

  g_assert_null (rapport_query_new ("planet"));
  return g_test_run ();
}
