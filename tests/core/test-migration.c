/* test-migration.c: opening databases written by earlier versions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "rapport-query.h"
#include "rapport-record.h"
#include "rapport-store-private.h"
#include "rapport-test-util.h"

static char *
load_dump (const char *dir,
           const char *dump_name)
{
  g_autofree char *dump_path = g_test_build_filename (G_TEST_DIST, "data", dump_name, NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  char *db_path = g_build_filename (dir, "rapport.db", NULL);
  sqlite3 *db = NULL;

  g_file_get_contents (dump_path, &sql, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return db_path;
}

static int
user_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return version;
}

static guint
count_hits (RapportStore *store,
            const char   *text)
{
  g_autoptr(GPtrArray) hits = rapport_store_search (store, text, 10, NULL);

  return hits->len;
}

static void
test_from_v1 (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autofree char *path = load_dump (dir, "store-v1.sql");
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(JsonObject) zhang = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  g_assert_cmpint (user_version (path), ==, 1);

  store = rapport_store_open (path, &error);
  g_assert_no_error (error);
  /* Every migration ran, the latest included. */
  g_assert_cmpint (user_version (path), ==, rapport_store_schema_version ());

  /* The rows, the outbox and the cursor of version 1 are all still there. */
  zhang = rapport_store_get (store, "contact", "01890a5d-ac96-774b-bcce-b302099a8057", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (zhang, "last_name"), ==, "张");
  g_assert_cmpint (json_object_get_int_member (zhang, "version"), ==, 3);
  outbox = rapport_store_list_outbox (store, &error);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (outbox, 0), "op_id"), ==,
                   "01890a5d-ac96-774b-bcce-b302099a805a");
  cursor = rapport_store_get_state (store, "cursor");
  g_assert_cmpstr (cursor, ==, "1234");

  /* Version 2 indexed the old rows for search. */
  g_assert_cmpuint (count_hits (store, "张三"), ==, 1);
  g_assert_cmpuint (count_hits (store, "muller"), ==, 1);
  g_assert_cmpuint (count_hits (store, "wudang"), ==, 2);

  /* Version 7 keeps a user's display name; people are titled by it. */
  {
    g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    g_autoptr(JsonObject) wang = NULL;
    g_autofree char *title = NULL;

    g_ptr_array_add (users, rapport_test_parse_object (
      "{\"id\": \"01890a5d-ac96-774b-bcce-b302099a8100\", \"version\": 1,"
      " \"created_at\": \"2026-01-01T00:00:00Z\", \"updated_at\": \"2026-01-01T00:00:00Z\","
      " \"name\": \"wang.fang\", \"display_name\": \"王芳\", \"role\": \"manager\"}"));
    g_assert_true (rapport_store_write_synced (store, "user", users, &error));
    g_assert_no_error (error);
    wang = rapport_store_get (store, "user", "01890a5d-ac96-774b-bcce-b302099a8100", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (wang, "display_name"), ==, "王芳");
    title = rapport_record_title (rapport_entity_lookup ("user"), wang);
    g_assert_cmpstr (title, ==, "王芳");
  }

  g_clear_object (&store);
  rapport_test_remove_dir (dir);
}

/* A client that pulled cases before it knew their numbers reads the feed
 * again, which brings them; one that never pulled a case keeps its place
 * (test_from_v1). */
static void
test_numbers_pulled_again (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autofree char *path = load_dump (dir, "store-v1.sql");
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (rapport_store_migrate (db, 12, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO cases (id, version, created_at, updated_at, subject)"
                                 " VALUES ('01890a5d-ac96-774b-bcce-b302099a8060', 2,"
                                 " '2025-06-01T08:00:00.000Z', '2025-06-01T08:00:00.000Z', 'Old case')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = rapport_store_open (path, &error);
  g_assert_no_error (error);
  cursor = rapport_store_get_state (store, "cursor");
  g_assert_null (cursor);

  g_clear_object (&store);
  rapport_test_remove_dir (dir);
}

static void
test_newer_database_refused (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autofree char *path = load_dump (dir, "store-v1.sql");
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = rapport_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_TOO_NEW);
  g_assert_cmpint (user_version (path), ==, 99);
  rapport_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/store/migration/from-v1", test_from_v1);
  g_test_add_func ("/rapport/store/migration/newer-refused", test_newer_database_refused);
  g_test_add_func ("/rapport/store/migration/numbers-pulled-again", test_numbers_pulled_again);

  return g_test_run ();
}
