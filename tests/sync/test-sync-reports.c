/* test-sync-reports.c: deal history and reports through a real rapport-server
 *
 * A move on the board (rapport_deal_move_to_stage(), what a kanban drag
 * writes) comes back from the server with its history event; two offline
 * moves of one deal both stay in the history, the loser superseded; and a
 * second client, and the server from its own records, compute every report
 * to the same numbers after a sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "rapport-pipeline.h"
#include "rapport-store-reports.h"
#include "sync-test-server.h"

typedef struct
{
  TestServer *server;
  TestClient *mei;
  TestClient *tom;
  char       *lead;
  char       *proposal;
  char       *won;
  char       *lost;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *pipeline = NULL;

  fixture->server = test_server_new_managers ();
  fixture->mei = test_client_new (fixture->server, "mei", "mei");
  fixture->tom = test_client_new (fixture->server, "tom", "tom");
  pipeline = test_client_create (fixture->mei, "pipeline", "{\"name\": \"Sales\", \"position\": 0}");
#define STAGE(json) \
  g_strdup_printf ("{\"pipeline_id\": \"%s\", " json "}", pipeline)
  {
    g_autofree char *lead = STAGE ("\"name\": \"Lead\", \"position\": 0, \"probability\": 10");
    g_autofree char *proposal = STAGE ("\"name\": \"Proposal\", \"position\": 1, \"probability\": 50,"
                                       " \"forecast_category\": \"best_case\"");
    g_autofree char *won = STAGE ("\"name\": \"Won\", \"position\": 2, \"kind\": \"won\"");
    g_autofree char *lost = STAGE ("\"name\": \"Lost\", \"position\": 3, \"kind\": \"lost\"");

    fixture->lead = test_client_create (fixture->mei, "stage", lead);
    fixture->proposal = test_client_create (fixture->mei, "stage", proposal);
    fixture->won = test_client_create (fixture->mei, "stage", won);
    fixture->lost = test_client_create (fixture->mei, "stage", lost);
  }
#undef STAGE
  test_client_sync (fixture->mei);
  test_client_sync (fixture->tom);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->mei, test_client_free);
  g_clear_pointer (&fixture->tom, test_client_free);
  g_clear_pointer (&fixture->server, test_server_free);
  g_free (fixture->lead);
  g_free (fixture->proposal);
  g_free (fixture->won);
  g_free (fixture->lost);
}

static char *
new_deal (Fixture    *fixture,
          TestClient *client,
          const char *title,
          gint64      amount)
{
  g_autofree char *json = g_strdup_printf ("{\"title\": \"%s\", \"stage_id\": \"%s\", \"amount\": %"
                                           G_GINT64_FORMAT ", \"currency\": \"CNY\","
                                           " \"expected_close\": \"2026-06-30\"}",
                                           title, fixture->lead, amount);

  return test_client_create (client, "deal", json);
}

/* A kanban drag: the board's own write; @reason for a lost stage. */
static void
drag_lost (TestClient *client,
           const char *deal,
           const char *stage,
           const char *reason)
{
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(GError) error = NULL;

  moved = rapport_deal_move_to_stage (client->store, deal, stage, reason, &error);
  g_assert_no_error (error);
  g_assert_nonnull (moved);
}

static void
drag (TestClient *client,
      const char *deal,
      const char *stage)
{
  drag_lost (client, deal, stage, NULL);
}

/* "Lead>Proposal(superseded)>…": the deal's history as the client has it. */
static char *
history (TestClient *client,
         const char *deal)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (client->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT to_stage_name, superseded FROM deal_stage_events"
                                           " WHERE deal_id = ? ORDER BY occurred_at, server_time, id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, deal, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s%s%s", out->len > 0 ? ">" : "", sqlite3_column_text (stmt, 0),
                            sqlite3_column_int (stmt, 1) ? "(superseded)" : "");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static void
test_drag_writes_history (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *deal = new_deal (fixture, fixture->mei, "Kiosk", 100000);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(GError) error = NULL;

  test_client_sync (fixture->mei);
  before = history (fixture->mei, deal);
  g_assert_cmpstr (before, ==, "Lead");

  drag (fixture->mei, deal, fixture->proposal);
  test_client_sync (fixture->mei);
  test_client_sync (fixture->tom);
  after = history (fixture->mei, deal);
  g_assert_cmpstr (after, ==, "Lead>Proposal");
  g_free (after);
  after = history (fixture->tom, deal);
  g_assert_cmpstr (after, ==, "Lead>Proposal");

  /* The stage's category came with the move. */
  stored = rapport_store_get (fixture->tom->store, "deal", deal, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (stored, "forecast_category"), ==, "best_case");
}

static void
test_conflicting_moves_kept (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *deal = new_deal (fixture, fixture->mei, "Kiosk", 100000);
  g_autofree char *mine = NULL;
  g_autofree char *theirs = NULL;

  test_client_sync (fixture->mei);
  test_client_sync (fixture->tom);
  /* Both on a train: Mei wins it, Tom moves it on to a proposal. */
  drag (fixture->mei, deal, fixture->won);
  drag (fixture->tom, deal, fixture->proposal);
  test_client_sync (fixture->mei);
  test_client_sync (fixture->tom);
  test_client_sync (fixture->mei);

  mine = history (fixture->mei, deal);
  theirs = history (fixture->tom, deal);
  g_assert_cmpstr (mine, ==, "Lead>Won>Proposal(superseded)");
  g_assert_cmpstr (theirs, ==, mine);
}

static void
assert_forecast (TestClient *client,
                 const char *deal,
                 const char *category,
                 gboolean    manual)
{
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(GError) error = NULL;

  stored = rapport_store_get (client->store, "deal", deal, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (stored, "forecast_category"), ==, category);
  g_assert_cmpint (json_object_get_boolean_member (stored, "forecast_category_manual"), ==, manual);
}

/* A rep's pick survives a move on the board, on the client at once and
 * on the server and every client after sync; cleared, the deal takes its
 * stage's category again, the same everywhere. */
static void
test_forecast_override (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *deal = new_deal (fixture, fixture->mei, "Kiosk", 100000);

  test_client_sync (fixture->mei);
  assert_forecast (fixture->mei, deal, "pipeline", FALSE);

  test_client_update (fixture->mei, "deal", deal, "{\"forecast_category\": \"commit\"}");
  drag (fixture->mei, deal, fixture->proposal);
  assert_forecast (fixture->mei, deal, "commit", TRUE);
  test_client_sync (fixture->mei);
  assert_forecast (fixture->mei, deal, "commit", TRUE);
  test_client_sync (fixture->tom);
  assert_forecast (fixture->tom, deal, "commit", TRUE);

  /* Tom moves it back and on again offline: the pick stays. */
  drag (fixture->tom, deal, fixture->lead);
  assert_forecast (fixture->tom, deal, "commit", TRUE);
  test_client_update (fixture->tom, "deal", deal, "{\"forecast_category_manual\": false}");
  assert_forecast (fixture->tom, deal, "pipeline", FALSE);
  drag (fixture->tom, deal, fixture->proposal);
  assert_forecast (fixture->tom, deal, "best_case", FALSE);
  test_client_sync (fixture->tom);
  assert_forecast (fixture->tom, deal, "best_case", FALSE);
  test_client_sync (fixture->mei);
  assert_forecast (fixture->mei, deal, "best_case", FALSE);
}

static char *
report_text (TestClient        *client,
             RapportReportKind  kind)
{
  g_auto(RapportReportFilter) filter = { 0 };
  g_autoptr(RapportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = rapport_store_report (client->store, kind, &filter, &error);
  g_assert_no_error (error);
  return rapport_report_to_json (report);
}

/* `rapport-server report KIND --json` on the server's own database. */
static char *
server_report_text (Fixture           *fixture,
                    RapportReportKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = { g_getenv ("RAPPORT_SERVER"), "report",
                         rapport_report_kind_to_string (kind), "--json", "--database",
                         fixture->server->database, NULL };

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("rapport-server report failed: %s", err);
  return g_steal_pointer (&out);
}

static void
test_same_numbers (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *won = new_deal (fixture, fixture->mei, "Won one", 300000);
  g_autofree char *lost = new_deal (fixture, fixture->mei, "Lost one", 100000);
  g_autofree char *open = new_deal (fixture, fixture->tom, "Open one", 200000);
  g_autofree char *win_rate = NULL;

  test_client_sync (fixture->mei);
  test_client_sync (fixture->tom);
  drag (fixture->mei, won, fixture->proposal);
  drag (fixture->mei, won, fixture->won);
  drag_lost (fixture->mei, lost, fixture->lost, "Price");
  drag (fixture->tom, open, fixture->proposal);
  test_client_sync (fixture->mei);
  test_client_sync (fixture->tom);
  test_client_sync (fixture->mei);

  for (RapportReportKind kind = 0; kind < RAPPORT_REPORT_N_KINDS; kind++)
    {
      g_autofree char *mei = report_text (fixture->mei, kind);
      g_autofree char *tom = report_text (fixture->tom, kind);
      g_autofree char *server = server_report_text (fixture, kind);

      g_test_message ("%s", rapport_report_kind_to_string (kind));
      g_assert_cmpstr (mei, ==, tom);
      /* The server computes them from its own records, the same way. */
      g_assert_cmpstr (server, ==, mei);
    }
  /* And they are numbers, not two empty reports. */
  win_rate = report_text (fixture->tom, RAPPORT_REPORT_WIN_RATE);
  g_assert_nonnull (strstr (win_rate, "{\"currency\":\"CNY\",\"won\":1,\"lost\":1,\"win_rate\":50.0,"
                                      "\"won_amount\":300000,\"lost_amount\":100000,"
                                      "\"win_rate_amount\":75.0,\"no_amount\":0}"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rapport/sync/reports/drag-writes-history", test_drag_writes_history);
  ADD ("/rapport/sync/reports/conflicting-moves-kept", test_conflicting_moves_kept);
  ADD ("/rapport/sync/reports/same-numbers", test_same_numbers);
  ADD ("/rapport/sync/reports/forecast-override", test_forecast_override);
#undef ADD

  return g_test_run ();
}
