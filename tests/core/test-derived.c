/* test-derived.c: derived values, computed by the store
 *
 * A deal's weighted amount is amount × probability / 100, rounded half away
 * from zero: set on every local edit and every pulled record, never typed,
 * and what the board adds up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "rapport-derived.h"
#include "rapport-pipeline.h"
#include "rapport-store-private.h"
#include "rapport-store-sync.h"
#include "rapport-test-util.h"
#include "rapport-uuid.h"
#include "rapport-validate.h"

typedef RapportTestStore Fixture;

static gint64
weighted (RapportStore *store,
          const char   *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) deal = rapport_store_get (store, "deal", id, &error);
  JsonNode *node;

  g_assert_no_error (error);
  node = json_object_get_member (deal, "weighted_amount");
  g_assert_nonnull (node);
  return JSON_NODE_HOLDS_NULL (node) ? -1 : json_node_get_int (node);
}

static void
test_rounding (void)
{
  g_assert_cmpint (rapport_divide_rounded (250, 100), ==, 3);
  g_assert_cmpint (rapport_divide_rounded (249, 100), ==, 2);
  g_assert_cmpint (rapport_divide_rounded (-250, 100), ==, -3);
  g_assert_cmpint (rapport_divide_rounded (-249, 100), ==, -2);
  g_assert_cmpint (rapport_divide_rounded (G_GINT64_CONSTANT (100000000000000000), 100), ==,
                   G_GINT64_CONSTANT (1000000000000000));
}

static void
test_edits_recompute (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rapport_test_create (fixture->store, "deal",
                                             "{\"title\": \"Fleet\", \"amount\": 12345,"
                                             " \"currency\": \"EUR\", \"probability\": 50}");
  g_autoptr(JsonObject) edit = rapport_test_parse_object ("{\"probability\": 30}");
  g_autoptr(JsonObject) clear = rapport_test_parse_object ("{\"amount\": null}");
  g_autoptr(JsonObject) typed = rapport_test_parse_object ("{\"weighted_amount\": 1}");
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GPtrArray) outbox = NULL;

  /* 6172.5 rounds up */
  g_assert_cmpint (weighted (fixture->store, id), ==, 6173);
  record = rapport_store_update (fixture->store, "deal", id, edit, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (record, "weighted_amount"), ==, 3704);
  g_assert_cmpint (weighted (fixture->store, id), ==, 3704);
  g_clear_pointer (&record, json_object_unref);
  record = rapport_store_update (fixture->store, "deal", id, clear, &error);
  g_assert_no_error (error);
  g_assert_cmpint (weighted (fixture->store, id), ==, -1);

  /* Nobody types it, and it is never sent. */
  g_clear_pointer (&record, json_object_unref);
  record = rapport_store_update (fixture->store, "deal", id, typed, &error);
  g_assert_null (record);
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_READ_ONLY);
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "weighted_amount");
  outbox = rapport_store_list_outbox (fixture->store, NULL);
  for (guint i = 0; i < outbox->len; i++)
    g_assert_false (json_object_has_member (json_object_get_object_member (g_ptr_array_index (outbox, i),
                                                                           "changes"),
                                            "weighted_amount"));
}

static void
test_pulled_record_recomputed (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rapport_uuid_v7_new ();
  g_autofree char *json = g_strdup_printf (
    "[{\"entity\": \"deal\", \"id\": \"%1$s\", \"record\": {\"id\": \"%1$s\", \"version\": 4,"
    "  \"created_at\": \"2026-12-01T00:00:00Z\", \"updated_at\": \"2026-12-01T00:00:00Z\","
    "  \"title\": \"Pulled\", \"amount\": 999, \"currency\": \"JPY\", \"probability\": 25,"
    "  \"weighted_amount\": 1}}]", id);
  g_autoptr(JsonNode) page = json_from_string (json, NULL);

  /* Whatever the server's copy says, the value follows the inputs. */
  g_assert_true (rapport_store_apply_pull_page (fixture->store, json_node_get_array (page), "1",
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (weighted (fixture->store, id), ==, 250);
}

/* The board adds up the deals' own weighted amounts: two deals of one cent
 * at 50 % weigh a cent each, not one cent together. */
static void
test_board_reads_it (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pipeline = rapport_test_create (fixture->store, "pipeline", "{\"name\": \"Sales\"}");
  g_autofree char *stage = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  RapportBoardColumn *column;
  RapportMoneyTotal *total;

  stage = rapport_test_create (fixture->store, "stage",
                               "{\"pipeline_id\": \"%s\", \"name\": \"Lead\", \"probability\": 10}",
                               pipeline);
  for (guint i = 0; i < 2; i++)
    g_free (rapport_test_create (fixture->store, "deal",
                                 "{\"title\": \"Cent\", \"amount\": 1, \"currency\": \"USD\","
                                 " \"probability\": 50, \"stage_id\": \"%s\"}", stage));
  /* Without its own probability a deal is weighed by its stage's. */
  g_free (rapport_test_create (fixture->store, "deal",
                               "{\"title\": \"Stage\", \"amount\": 1000, \"currency\": \"USD\","
                               " \"stage_id\": \"%s\"}", stage));

  columns = rapport_store_load_board (fixture->store, pipeline, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (columns->len, ==, 1);
  column = g_ptr_array_index (columns, 0);
  g_assert_cmpuint (column->totals->len, ==, 1);
  total = g_ptr_array_index (column->totals, 0);
  g_assert_cmpint (total->amount, ==, 1002);
  g_assert_cmpint (total->weighted, ==, 102);
}

/* Deals stored before the value existed get it when the database is
 * upgraded, computed as the code does. */
static void
test_migration_fills_it_in (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_true (rapport_store_open_at_version (path, 7, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO deals (id, created_at, updated_at, title, amount, probability)"
                                 " VALUES ('01890a5d-ac96-774b-bcce-b302099a8001', 'x', 'x', 'Half', 12345, 50),"
                                 "        ('01890a5d-ac96-774b-bcce-b302099a8002', 'x', 'x', 'None', 500, NULL)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = rapport_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (weighted (store, "01890a5d-ac96-774b-bcce-b302099a8001"), ==, 6173);
  g_assert_cmpint (weighted (store, "01890a5d-ac96-774b-bcce-b302099a8002"), ==, -1);
  g_clear_object (&store);
  rapport_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, rapport_test_store_set_up, func, rapport_test_store_tear_down)
  g_test_add_func ("/rapport/derived/rounding", test_rounding);
  ADD ("/rapport/derived/edits-recompute", test_edits_recompute);
  ADD ("/rapport/derived/pulled-record-recomputed", test_pulled_record_recomputed);
  ADD ("/rapport/derived/board-reads-it", test_board_reads_it);
  g_test_add_func ("/rapport/derived/migration-fills-it-in", test_migration_fills_it_in);
#undef ADD

  return g_test_run ();
}
