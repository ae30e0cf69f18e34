/* test-pipeline.c: the deal board, stage moves and closing deals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>

#include "rapport-json.h"
#include "rapport-pipeline.h"
#include "rapport-test-util.h"
#include "rapport-validate.h"

#define OWNER_A "0190f5a4-7b2c-7def-8123-00000000000a"
#define OWNER_B "0190f5a4-7b2c-7def-8123-00000000000b"

typedef struct
{
  char         *dir;
  RapportStore *store;
  char         *sales;     /* pipeline ids */
  char         *service;
  char         *lead;      /* stage ids of Sales */
  char         *proposal;
  char         *won;
  char         *lost;
  char         *renewal;   /* the one stage of Service */
  char         *big;       /* deal ids */
  char         *small;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = rapport_test_make_dir ();
  f->store = rapport_test_open_store (f->dir);

  f->sales = rapport_test_create (f->store, "pipeline", "{\"name\": \"Sales\", \"position\": 0}");
  f->service = rapport_test_create (f->store, "pipeline", "{\"name\": \"Service\", \"position\": 1}");
  /* Created out of order: the board follows the positions. */
  f->won = rapport_test_create (f->store, "stage", "{\"pipeline_id\": \"%s\", \"name\": \"Won\","
                   " \"position\": 2, \"probability\": 100, \"kind\": \"won\"}", f->sales);
  f->lead = rapport_test_create (f->store, "stage", "{\"pipeline_id\": \"%s\", \"name\": \"Lead\","
                    " \"position\": 0, \"probability\": 10}", f->sales);
  f->lost = rapport_test_create (f->store, "stage", "{\"pipeline_id\": \"%s\", \"name\": \"Lost\","
                    " \"position\": 3, \"probability\": 0, \"kind\": \"lost\"}", f->sales);
  f->proposal = rapport_test_create (f->store, "stage", "{\"pipeline_id\": \"%s\", \"name\": \"Proposal\","
                        " \"position\": 1, \"probability\": 50}", f->sales);
  f->renewal = rapport_test_create (f->store, "stage", "{\"pipeline_id\": \"%s\", \"name\": \"Renewal\","
                       " \"position\": 0, \"probability\": 80}", f->service);

  /* Lead: 1000.00 EUR at the stage's 10 %, 500.00 EUR with its own 40 %, and
   * 700.00 CNY at 10 %. */
  f->big = rapport_test_create (f->store, "deal", "{\"title\": \"Big\", \"amount\": 100000, \"currency\": \"EUR\","
                   " \"pipeline_id\": \"%s\", \"stage_id\": \"%s\", \"owner_id\": \"" OWNER_A "\"}",
                   f->sales, f->lead);
  g_free (rapport_test_create (f->store, "deal", "{\"title\": \"Override\", \"amount\": 50000,"
                  " \"currency\": \"EUR\", \"probability\": 40, \"pipeline_id\": \"%s\","
                  " \"stage_id\": \"%s\", \"owner_id\": \"" OWNER_B "\"}", f->sales, f->lead));
  g_free (rapport_test_create (f->store, "deal", "{\"title\": \"Yuan\", \"amount\": 70000, \"currency\": \"CNY\","
                  " \"pipeline_id\": \"%s\", \"stage_id\": \"%s\", \"owner_id\": \"" OWNER_A "\"}",
                  f->sales, f->lead));
  /* Proposal: 333.33 EUR at 50 % weighs 166.665, rounded to 166.67. */
  f->small = rapport_test_create (f->store, "deal", "{\"title\": \"Small\", \"amount\": 33333, \"currency\": \"EUR\","
                     " \"pipeline_id\": \"%s\", \"stage_id\": \"%s\"}", f->sales, f->proposal);
  /* Another pipeline's deal is on another board. */
  g_free (rapport_test_create (f->store, "deal", "{\"title\": \"Elsewhere\", \"amount\": 999999,"
                  " \"currency\": \"EUR\", \"pipeline_id\": \"%s\", \"stage_id\": \"%s\"}",
                  f->service, f->renewal));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  rapport_test_close_store (&f->store, &f->dir);
  g_free (f->sales);
  g_free (f->service);
  g_free (f->lead);
  g_free (f->proposal);
  g_free (f->won);
  g_free (f->lost);
  g_free (f->renewal);
  g_free (f->big);
  g_free (f->small);
}

static GPtrArray *
load_board (Fixture    *f,
            const char *owner_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *columns = rapport_store_load_board (f->store, f->sales, owner_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (columns);
  return columns;
}

/* "EUR 2 150000 60000; CNY 1 70000 7000": a column's totals, by currency. */
static char *
describe_totals (RapportBoardColumn *column)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < column->totals->len; i++)
    {
      RapportMoneyTotal *total = g_ptr_array_index (column->totals, i);

      g_string_append_printf (out, "%s%s %u %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                              i ? "; " : "", total->currency ? total->currency : "-",
                              total->count, total->amount, total->weighted);
    }
  return g_string_free (out, FALSE);
}

static RapportBoardColumn *
column_at (GPtrArray *columns,
           guint      i)
{
  g_assert_cmpuint (i, <, columns->len);
  return g_ptr_array_index (columns, i);
}

static void
assert_totals (GPtrArray  *columns,
               guint       i,
               const char *expected)
{
  g_autofree char *totals = describe_totals (column_at (columns, i));

  g_assert_cmpstr (totals, ==, expected);
}

static void
test_board_totals (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) columns = load_board (f, NULL);

  g_assert_cmpuint (columns->len, ==, 4);
  g_assert_cmpstr (column_at (columns, 0)->name, ==, "Lead");
  g_assert_cmpstr (column_at (columns, 1)->name, ==, "Proposal");
  g_assert_cmpstr (column_at (columns, 2)->name, ==, "Won");
  g_assert_cmpstr (column_at (columns, 3)->name, ==, "Lost");
  g_assert_cmpstr (column_at (columns, 2)->kind, ==, "won");
  g_assert_cmpint (column_at (columns, 1)->probability, ==, 50);

  /* Currencies are summed apart; the override weighs 40 %, not 10 %. */
  g_assert_cmpuint (column_at (columns, 0)->count, ==, 3);
  assert_totals (columns, 0, "CNY 1 70000 7000; EUR 2 150000 30000");
  g_assert_cmpuint (column_at (columns, 1)->count, ==, 1);
  assert_totals (columns, 1, "EUR 1 33333 16667");
  g_assert_cmpuint (column_at (columns, 2)->count, ==, 0);
  assert_totals (columns, 2, "");
  assert_totals (columns, 3, "");
}

static void
test_board_mine (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) columns = load_board (f, OWNER_A);
  g_autoptr(RapportQuery) query = rapport_board_column_query (column_at (columns, 0)->stage_id,
                                                              OWNER_A);
  g_autoptr(RapportSnapshot) cards = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (columns->len, ==, 4);
  assert_totals (columns, 0, "CNY 1 70000 7000; EUR 1 100000 10000");
  assert_totals (columns, 1, "");

  cards = rapport_store_snapshot (f->store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_snapshot_get_n_rows (cards), ==, 2);
}

static void
test_board_column_cards (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RapportQuery) query = rapport_board_column_query (f->lead, NULL);
  g_autoptr(RapportSnapshot) cards = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  cards = rapport_store_snapshot (f->store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_snapshot_get_n_rows (cards), ==, 3);

  rows = rapport_store_fetch (f->store, cards, 1, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (rows, 0), "title"), ==,
                   "Override");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (rows, 1), "title"), ==,
                   "Yuan");
}

static void
assert_placed (Fixture    *f,
               const char *deal_id,
               const char *pipeline_id,
               const char *stage_id,
               const char *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) deal = rapport_store_get (f->store, "deal", deal_id, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (deal, "pipeline_id"), ==, pipeline_id);
  g_assert_cmpstr (json_object_get_string_member (deal, "stage_id"), ==, stage_id);
  g_assert_cmpstr (json_object_get_string_member (deal, "status"), ==, status);
}

/* A deal made without a stage is on the board: the default pipeline's first
 * open stage, or its first stage of the status asked for; a deal made in a
 * stage has the stage's pipeline and status. */
static void
test_new_deal_placed (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *plain = rapport_test_create (f->store, "deal", "{\"title\": \"Plain\"}");
  g_autofree char *won = rapport_test_create (f->store, "deal",
                                              "{\"title\": \"Signed\", \"status\": \"won\"}");
  g_autofree char *in_stage = rapport_test_create (f->store, "deal",
                                                   "{\"title\": \"Renewed\", \"status\": \"open\","
                                                   " \"stage_id\": \"%s\"}", f->won);
  g_autofree char *service = rapport_test_create (f->store, "deal",
                                                  "{\"title\": \"Service\", \"stage_id\": \"%s\"}",
                                                  f->renewal);
  g_autoptr(RapportQuery) query = rapport_board_column_query (f->lead, NULL);
  g_autoptr(RapportSnapshot) cards = NULL;
  g_autoptr(GError) error = NULL;

  assert_placed (f, plain, f->sales, f->lead, "open");
  assert_placed (f, won, f->sales, f->won, "won");
  assert_placed (f, in_stage, f->sales, f->won, "won");
  assert_placed (f, service, f->service, f->renewal, "open");

  /* The new deal is a card of the Lead column. */
  cards = rapport_store_snapshot (f->store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_snapshot_get_n_rows (cards), ==, 4);
}

static guint
outbox_length (RapportStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = rapport_store_list_outbox (store, &error);

  g_assert_no_error (error);
  return outbox->len;
}

static JsonObject *
get_deal (Fixture    *f,
          const char *id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *deal = rapport_store_get (f->store, "deal", id, &error);

  g_assert_no_error (error);
  return deal;
}

static void
test_move_open_stage (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) deal = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GError) error = NULL;
  guint outbox = outbox_length (f->store);

  deal = rapport_deal_move_to_stage (f->store, f->big, f->proposal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (deal, "stage_id"), ==, f->proposal);
  g_assert_cmpstr (json_object_get_string_member (deal, "status"), ==, "open");
  g_assert_true (json_object_get_null_member (deal, "closed_at"));
  /* One edit, one outbox entry, to be synced like any other. */
  g_assert_cmpuint (outbox_length (f->store), ==, outbox + 1);

  columns = load_board (f, NULL);
  assert_totals (columns, 0, "CNY 1 70000 7000; EUR 1 50000 20000");
  assert_totals (columns, 1, "EUR 2 133333 66667");
}

static void
update (RapportStore *store,
        const char   *entity,
        const char   *id,
        const char   *json)
{
  g_autoptr(JsonObject) changes = rapport_json_parse_object (json);
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(GError) error = NULL;

  updated = rapport_store_update (store, entity, id, changes, &error);
  g_assert_no_error (error);
}

static void
assert_forecast (Fixture    *f,
                 const char *id,
                 const char *category,
                 gboolean    manual)
{
  g_autoptr(JsonObject) deal = get_deal (f, id);

  g_assert_cmpstr (json_object_get_string_member (deal, "forecast_category"), ==, category);
  g_assert_cmpint (json_object_get_boolean_member (deal, "forecast_category_manual"), ==, manual);
}

/* On the client, before any sync: the category follows the stage unless
 * the rep picked one; the pick survives a move and is never pushed as
 * anything but what the rep wrote. */
static void
test_move_forecast_override (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(JsonObject) last = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;

  update (f->store, "stage", f->proposal, "{\"forecast_category\": \"best_case\"}");
  assert_forecast (f, f->big, "pipeline", FALSE);
  assert_forecast (f, f->small, "pipeline", FALSE);

  /* Small follows its stage into Proposal's best case. */
  moved = rapport_deal_move_to_stage (f->store, f->small, f->lead, NULL, &error);
  g_clear_pointer (&moved, json_object_unref);
  moved = rapport_deal_move_to_stage (f->store, f->small, f->proposal, NULL, &error);
  g_assert_no_error (error);
  assert_forecast (f, f->small, "best_case", FALSE);

  /* Big is picked as commit by hand: the move keeps it. */
  update (f->store, "deal", f->big, "{\"forecast_category\": \"commit\"}");
  assert_forecast (f, f->big, "commit", TRUE);
  g_clear_pointer (&moved, json_object_unref);
  moved = rapport_deal_move_to_stage (f->store, f->big, f->proposal, NULL, &error);
  g_assert_no_error (error);
  assert_forecast (f, f->big, "commit", TRUE);
  /* The move's outbox entry holds the move alone: the server decides the
   * category from it as this client did. */
  outbox = rapport_store_list_outbox (f->store, &error);
  g_assert_no_error (error);
  last = json_object_ref (json_object_get_object_member (g_ptr_array_index (outbox, outbox->len - 1),
                                                         "changes"));
  g_assert_true (json_object_has_member (last, "stage_id"));
  g_assert_false (json_object_has_member (last, "forecast_category"));
  g_assert_false (json_object_has_member (last, "forecast_category_manual"));

  /* Cleared: back to the stage's. */
  update (f->store, "deal", f->big, "{\"forecast_category_manual\": false}");
  assert_forecast (f, f->big, "best_case", FALSE);

  /* Won closes the pick; lost is omitted. */
  update (f->store, "deal", f->big, "{\"forecast_category\": \"commit\"}");
  g_clear_pointer (&moved, json_object_unref);
  moved = rapport_deal_move_to_stage (f->store, f->big, f->won, NULL, &error);
  g_assert_no_error (error);
  assert_forecast (f, f->big, "closed", FALSE);
  g_clear_pointer (&moved, json_object_unref);
  moved = rapport_deal_move_to_stage (f->store, f->small, f->lost, "Price", &error);
  g_assert_no_error (error);
  assert_forecast (f, f->small, "omitted", FALSE);
}

static void
test_move_won_closes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) won = NULL;
  g_autoptr(JsonObject) reopened = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) closed = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  won = rapport_deal_move_to_stage (f->store, f->small, f->won, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (won, "status"), ==, "won");
  g_assert_cmpstr (json_object_get_string_member (won, "stage_id"), ==, f->won);
  closed = g_date_time_new_from_iso8601 (json_object_get_string_member (won, "closed_at"), NULL);
  g_assert_nonnull (closed);
  g_assert_cmpint (ABS (g_date_time_difference (now, closed)), <, 5 * G_TIME_SPAN_SECOND);

  columns = load_board (f, NULL);
  assert_totals (columns, 1, "");
  assert_totals (columns, 2, "EUR 1 33333 33333");

  /* Back to an open stage: open again, no longer closed. */
  reopened = rapport_deal_move_to_stage (f->store, f->small, f->lead, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (reopened, "status"), ==, "open");
  g_assert_true (json_object_get_null_member (reopened, "closed_at"));
}

static void
test_move_lost_needs_reason (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonObject) before = get_deal (f, f->big);
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) lost = NULL;
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(GError) error = NULL;
  guint outbox = outbox_length (f->store);

  moved = rapport_deal_move_to_stage (f->store, f->big, f->lost, "   ", &error);
  g_assert_null (moved);
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_REQUIRED);
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "lost_reason");
  g_clear_error (&error);

  /* Nothing changed: not the row, not the outbox. */
  after = get_deal (f, f->big);
  g_assert_true (json_object_equal (before, after));
  g_assert_cmpuint (outbox_length (f->store), ==, outbox);

  lost = rapport_deal_move_to_stage (f->store, f->big, f->lost, "  Went with a competitor ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (lost, "status"), ==, "lost");
  g_assert_cmpstr (json_object_get_string_member (lost, "lost_reason"), ==,
                   "Went with a competitor");
  g_assert_nonnull (json_object_get_string_member (lost, "closed_at"));
  g_assert_cmpuint (outbox_length (f->store), ==, outbox + 1);

  /* Reopened, the old reason no longer applies. */
  g_clear_pointer (&lost, json_object_unref);
  lost = rapport_deal_move_to_stage (f->store, f->big, f->proposal, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_null_member (lost, "lost_reason"));
}

static void
test_move_other_pipeline (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonObject) deal = NULL;
  g_autoptr(GError) error = NULL;

  deal = rapport_deal_move_to_stage (f->store, f->big, f->renewal, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (deal, "pipeline_id"), ==, f->service);

  g_clear_pointer (&deal, json_object_unref);
  deal = rapport_deal_move_to_stage (f->store, f->big, "0190f5a4-7b2c-7def-8123-0000000000ff",
                                     NULL, &error);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
  g_assert_null (deal);
}

static char *
stage_names (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stages = rapport_store_list_stages (f->store, f->sales, &error);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < stages->len; i++)
    g_strv_builder_add (names, json_object_get_string_member (g_ptr_array_index (stages, i),
                                                              "name"));
  strv = g_strv_builder_end (names);
  return g_strjoinv (",", strv);
}

static void
test_manage_stages (Fixture       *f,
                    gconstpointer  data)
{
  const char *order[] = { f->proposal, f->lead, f->won, f->lost, NULL };
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = stage_names (f);
  g_autofree char *after = NULL;
  g_autofree char *removed = NULL;

  pipelines = rapport_store_list_pipelines (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pipelines->len, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (pipelines, 0), "name"), ==,
                   "Sales");

  g_assert_cmpstr (before, ==, "Lead,Proposal,Won,Lost");
  g_assert_true (rapport_store_reorder_stages (f->store, order, &error));
  g_assert_no_error (error);
  after = stage_names (f);
  g_assert_cmpstr (after, ==, "Proposal,Lead,Won,Lost");

  /* A stage with deals stays; an empty one goes. */
  g_assert_false (rapport_store_remove_stage (f->store, f->lead, &error));
  g_assert_error (error, RAPPORT_PIPELINE_ERROR, RAPPORT_PIPELINE_ERROR_STAGE_NOT_EMPTY);
  g_clear_error (&error);
  g_assert_true (rapport_store_remove_stage (f->store, f->won, &error));
  g_assert_no_error (error);
  removed = stage_names (f);
  g_assert_cmpstr (removed, ==, "Proposal,Lead,Lost");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/rapport/pipeline/board/totals", test_board_totals);
  ADD ("/rapport/pipeline/board/mine", test_board_mine);
  ADD ("/rapport/pipeline/board/column-cards", test_board_column_cards);
  ADD ("/rapport/pipeline/new-deal/placed", test_new_deal_placed);
  ADD ("/rapport/pipeline/move/open-stage", test_move_open_stage);
  ADD ("/rapport/pipeline/move/won-closes", test_move_won_closes);
  ADD ("/rapport/pipeline/move/lost-needs-reason", test_move_lost_needs_reason);
  ADD ("/rapport/pipeline/move/other-pipeline", test_move_other_pipeline);
  ADD ("/rapport/pipeline/move/forecast-override", test_move_forecast_override);
  ADD ("/rapport/pipeline/stages/manage", test_manage_stages);

#undef ADD

  return g_test_run ();
}
