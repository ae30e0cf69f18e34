/* test-store-bulk.c: a first sync into an empty database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "rapport-query.h"
#include "rapport-store-bulk.h"
#include "rapport-store-sync.h"
#include "rapport-test-util.h"

/* A page of the changes feed with @n contacts named "Bulk N". */
static JsonArray *
make_page (guint n)
{
  JsonArray *changes = json_array_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"entity\": \"contact\", \"id\": \"01a21000-0000-7000-8000-%012u\", \"deleted\": false,"
        " \"record\": {\"id\": \"01a21000-0000-7000-8000-%012u\", \"version\": 1,"
        " \"created_at\": \"2026-11-02T09:00:00Z\", \"updated_at\": \"2026-11-02T09:00:00Z\","
        " \"first_name\": \"Bulk\", \"last_name\": \"Kowalczyk%u\", \"lifecycle\": \"lead\"}}",
        i, i, i);

      json_array_add_object_element (changes, rapport_test_parse_object (json));
    }
  return changes;
}

static int
count_indexes (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "rapport.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                           " AND tbl_name = 'contacts' AND sql IS NOT NULL",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static guint
count_hits (RapportStore *store,
            const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = rapport_store_search (store, text, 100, &error);

  g_assert_no_error (error);
  return hits->len;
}

static void
test_bulk_load (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_autoptr(JsonArray) page = make_page (50);
  g_autoptr(GError) error = NULL;
  int indexes = count_indexes (dir);

  g_assert_cmpint (indexes, >, 0);
  g_assert_true (rapport_store_begin_bulk_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_indexes (dir), ==, 0);
  g_assert_true (rapport_store_apply_pull_page (store, page, "50", &error));
  g_assert_no_error (error);

  g_assert_true (rapport_store_finish_bulk_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_indexes (dir), ==, indexes);
  g_assert_cmpuint (count_hits (store, "Kowalczyk7"), ==, 1);
  g_assert_cmpuint (count_hits (store, "bulk"), ==, 50);
  g_assert_cmpint (rapport_store_count (store, "contact", NULL), ==, 50);

  /* Later edits keep the rebuilt full-text index up to date. */
  rapport_test_create (store, "contact", "{\"first_name\": \"Zofia\", \"last_name\": \"Nowak\"}");
  g_assert_cmpuint (count_hits (store, "nowak"), ==, 1);
  rapport_test_remove_dir (dir);
}

/* Cut short (say, the laptop's battery ran out): the next open builds what
 * the bulk load owed. */
static void
test_interrupted (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  RapportStore *store = rapport_test_open_store (dir);
  g_autoptr(JsonArray) page = make_page (20);
  int indexes = count_indexes (dir);

  g_assert_true (rapport_store_begin_bulk_load (store, NULL));
  g_assert_true (rapport_store_apply_pull_page (store, page, "20", NULL));
  g_object_unref (store);
  g_assert_cmpint (count_indexes (dir), ==, 0);

  store = rapport_test_open_store (dir);
  g_assert_cmpint (count_indexes (dir), ==, indexes);
  g_assert_cmpuint (count_hits (store, "Kowalczyk19"), ==, 1);
  g_object_unref (store);
  rapport_test_remove_dir (dir);
}

/* A database with something in it is never stripped of its indexes. */
static void
test_not_empty (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_autoptr(GError) error = NULL;
  int indexes = count_indexes (dir);

  rapport_test_create (store, "company", "{\"name\": \"Offline Ltd\"}");
  g_assert_false (rapport_store_begin_bulk_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_indexes (dir), ==, indexes);
  rapport_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/store/bulk-load/indexes-built-at-end", test_bulk_load);
  g_test_add_func ("/rapport/store/bulk-load/interrupted", test_interrupted);
  g_test_add_func ("/rapport/store/bulk-load/not-empty", test_not_empty);

  return g_test_run ();
}
