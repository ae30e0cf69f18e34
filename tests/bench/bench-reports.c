/* bench-reports.c: the sales reports on 50,000 deals and their history
 *
 * Issue 16's budget: each report in at most 200 ms on the reference data.
 * The deals are the reference data's (bench-data.c), each given a history
 * as the server would have written it: created in its pipeline's first
 * stage, moved stage by stage to where it is, a day to two months apart,
 * closed after its last move. Each report runs over all of it (no period:
 * the most work), five times; the median is the figure. Baselines, in
 * the same run on the same file: a plain scan of the deals' columns the
 * reports read, and of the history in the order velocity reads it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include "bench-baseline.h"
#include "bench-data.h"
#include "bench-report.h"
#include "bench-reports.h"
#include "bench-scores.h"
#include "rapport-json.h"
#include "rapport-store-reports.h"
#include "rapport-uuid.h"

#define N_DEALS 50000
#define RUNS 5
#define DAY G_GINT64_CONSTANT (86400)

typedef struct
{
  char       *id;
  char       *pipeline_id;
  char       *name;
  gint64      position;
  const char *kind;
} Stage;

static void
stage_free (Stage *stage)
{
  g_free (stage->id);
  g_free (stage->pipeline_id);
  g_free (stage->name);
  g_free (stage);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  return time != NULL ? g_date_time_to_unix (time) : 0;
}

static JsonObject *
event_new (JsonObject  *deal,
           const Stage *stage,
           gint64       at)
{
  g_autofree char *id = rapport_uuid_v7_new ();
  g_autofree char *time = format_time (at);
  JsonObject *event = json_object_new ();

  json_object_set_string_member (event, "id", id);
  json_object_set_int_member (event, "version", 1);
  json_object_set_string_member (event, "created_at", time);
  json_object_set_string_member (event, "updated_at", time);
  json_object_set_string_member (event, "deal_id", rapport_json_get_string (deal, "id"));
  json_object_set_string_member (event, "pipeline_id", stage->pipeline_id);
  json_object_set_string_member (event, "to_stage_id", stage->id);
  json_object_set_string_member (event, "to_stage_name", stage->name);
  json_object_set_int_member (event, "to_stage_position", stage->position);
  json_object_set_string_member (event, "status", stage->kind);
  json_object_set_member (event, "amount", rapport_json_dup_member (deal, "amount"));
  json_object_set_member (event, "currency", rapport_json_dup_member (deal, "currency"));
  json_object_set_member (event, "owner_id", rapport_json_dup_member (deal, "owner_id"));
  json_object_set_string_member (event, "server_time", time);
  json_object_set_string_member (event, "occurred_at", time);
  json_object_set_boolean_member (event, "superseded", FALSE);
  return event;
}

/* Gives @deal a history up to its stage, and dates that follow it. */
static void
add_history (JsonObject *deal,
             GPtrArray  *stages,
             GRand      *rand,
             GPtrArray  *events)
{
  const char *stage_id = rapport_json_get_string (deal, "stage_id");
  const Stage *current = NULL;
  gint64 at = parse_time (rapport_json_get_string (deal, "created_at"));
  gint64 last_open = 0;

  for (guint i = 0; i < stages->len; i++)
    if (g_str_equal (((Stage *) g_ptr_array_index (stages, i))->id, stage_id))
      current = g_ptr_array_index (stages, i);
  g_assert (current != NULL);
  /* A won deal went through every open stage, a lost one part of the way. */
  last_open = g_str_equal (current->kind, "open") ? current->position
              : g_str_equal (current->kind, "won") ? G_MAXINT64
                                                    : g_rand_int_range (rand, 0, 4);
  for (guint i = 0; i < stages->len; i++)
    {
      const Stage *stage = g_ptr_array_index (stages, i);

      if (g_strcmp0 (stage->pipeline_id, current->pipeline_id) != 0 ||
          !g_str_equal (stage->kind, "open") || stage->position > last_open ||
          /* Some deals skip a stage. */
          (i > 0 && stage != current && g_rand_int_range (rand, 0, 10) == 0))
        continue;
      g_ptr_array_add (events, event_new (deal, stage, at));
      at += g_rand_int_range (rand, 1, 60) * DAY;
    }
  if (!g_str_equal (current->kind, "open"))
    {
      g_autofree char *closed = format_time (at);

      g_ptr_array_add (events, event_new (deal, current, at));
      json_object_set_string_member (deal, "closed_at", closed);
    }
  json_object_set_string_member (deal, "forecast_category",
                                 g_str_equal (current->kind, "won") ? "closed"
                                 : g_str_equal (current->kind, "lost") ? "omitted"
                                 : current->position >= 2 ? "commit" : "pipeline");
}

static JsonObject *
new_record (guint n)
{
  g_autofree char *id = g_strdup_printf ("0190b000-0000-7000-8000-%012u", n);
  JsonObject *record = json_object_new ();

  json_object_set_string_member (record, "id", id);
  json_object_set_int_member (record, "version", 1);
  json_object_set_string_member (record, "created_at", "2025-01-01T00:00:00Z");
  json_object_set_string_member (record, "updated_at", "2025-01-01T00:00:00Z");
  return record;
}

/* Two teams of four of @users, and each user's target for every quarter
 * of 2025 in CNY: what the forecast reads besides the deals. */
static gboolean
write_targets (RapportStore  *store,
               GPtrArray     *users,
               GError       **error)
{
  g_autoptr(GPtrArray) teams = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) quotas = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  guint n = 0;

  for (guint t = 0; t < 2; t++)
    {
      JsonObject *team = new_record (n++);

      json_object_set_string_member (team, "name", t == 0 ? "North" : "South");
      g_ptr_array_add (teams, team);
    }
  for (guint i = 0; i < users->len; i++)
    {
      const char *user = rapport_json_get_string (g_ptr_array_index (users, i), "id");
      JsonObject *member = new_record (n++);

      json_object_set_string_member (member, "team_id",
                                     rapport_json_get_string (g_ptr_array_index (teams, i % 2), "id"));
      json_object_set_string_member (member, "user_id", user);
      g_ptr_array_add (members, member);
      for (guint q = 0; q < 4; q++)
        {
          JsonObject *quota = new_record (n++);
          g_autofree char *start = g_strdup_printf ("2025-%02u-01", q * 3 + 1);

          json_object_set_string_member (quota, "user_id", user);
          json_object_set_string_member (quota, "metric", "won_amount");
          json_object_set_string_member (quota, "period_type", "quarter");
          json_object_set_string_member (quota, "period_start", start);
          json_object_set_int_member (quota, "target_amount", 50000000);
          json_object_set_string_member (quota, "currency", "CNY");
          g_ptr_array_add (quotas, quota);
        }
    }
  return rapport_store_write_synced (store, "team", teams, error) &&
         rapport_store_write_synced (store, "team_member", members, error) &&
         rapport_store_write_synced (store, "quota", quotas, error);
}

static gboolean
write_book (RapportStore *store,
            guint         n_deals,
            GError      **error)
{
  g_autoptr(BenchData) data = bench_data_new (BENCH_SEED);
  g_autoptr(GRand) rand = g_rand_new_with_seed (BENCH_SEED);
  g_autoptr(GPtrArray) stages = g_ptr_array_new_with_free_func ((GDestroyNotify) stage_free);
  /* clang-format off */
  static const struct { const char *entity; guint n; } first[] = {
    { "user", 8 }, { "pipeline", 2 }, { "stage", 12 },
  };
  /* clang-format on */

  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    {
      g_autoptr(GPtrArray) page = bench_data_make_page (data, first[i].entity, first[i].n);

      if (g_str_equal (first[i].entity, "stage"))
        for (guint s = 0; s < page->len; s++)
          {
            JsonObject *record = g_ptr_array_index (page, s);
            Stage *stage = g_new0 (Stage, 1);

            stage->id = g_strdup (rapport_json_get_string (record, "id"));
            stage->pipeline_id = g_strdup (rapport_json_get_string (record, "pipeline_id"));
            stage->name = g_strdup (rapport_json_get_string (record, "name"));
            stage->position = rapport_json_get_int (record, "position", 0);
            stage->kind = g_intern_string (rapport_json_get_string (record, "kind"));
            g_ptr_array_add (stages, stage);
          }
      if (g_str_equal (first[i].entity, "user") && !write_targets (store, page, error))
        return FALSE;
      if (!rapport_store_write_synced (store, first[i].entity, page, error))
        return FALSE;
    }

  for (guint done = 0; done < n_deals; done += 5000)
    {
      g_autoptr(GPtrArray) deals = bench_data_make_page (data, "deal", MIN (5000, n_deals - done));
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

      for (guint i = 0; i < deals->len; i++)
        add_history (g_ptr_array_index (deals, i), stages, rand, events);
      if (!rapport_store_write_synced (store, "deal", deals, error) ||
          !rapport_store_write_synced (store, "deal_stage_event", events, error))
        return FALSE;
    }
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_of (double *runs)
{
  qsort (runs, RUNS, sizeof (double), compare_doubles);
  return runs[RUNS / 2];
}

/* A plain scan of @sql's rows on @raw, the median of RUNS. */
static gboolean
time_scan (sqlite3    *raw,
           const char *sql,
           double     *ms,
           GError    **error)
{
  double runs[RUNS];

  for (guint r = 0; r < RUNS; r++)
    {
      sqlite3_stmt *stmt = bench_raw_prepare (raw, sql, error);
      gint64 start = g_get_monotonic_time ();

      if (stmt == NULL)
        return FALSE;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        ;
      sqlite3_finalize (stmt);
      runs[r] = bench_elapsed_ms (start);
    }
  *ms = median_of (runs);
  return TRUE;
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *reports;
  GError    *error;
} DashboardRun;

static void
dashboard_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  DashboardRun *run = data;

  run->reports = rapport_store_reports_finish (RAPPORT_STORE (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* The app's Reports section: all its reports, read together in a worker
 * as the app reads them, from the call to the answer on the main loop. */
static gboolean
time_dashboard (RapportStore *store,
                guint         n_deals,
                GError      **error)
{
  g_auto(RapportReportFilter) filter = { 0 };
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *note = NULL;
  double runs[RUNS], direct[RUNS];

  filter.today = g_strdup ("2025-06-01");
  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GPtrArray) reports = NULL;
      gint64 start = g_get_monotonic_time ();

      if (!(reports = rapport_store_reports (store, rapport_report_dashboard,
                                             rapport_report_dashboard_length, &filter, error)))
        return FALSE;
      direct[r] = bench_elapsed_ms (start);
    }
  for (guint r = 0; r < RUNS; r++)
    {
      DashboardRun run = { loop, NULL, NULL };
      gint64 start = g_get_monotonic_time ();

      rapport_store_reports_async (store, rapport_report_dashboard, rapport_report_dashboard_length,
                                   &filter, NULL, dashboard_done_cb, &run);
      g_main_loop_run (loop);
      runs[r] = bench_elapsed_ms (start);
      if (run.reports == NULL)
        {
          g_propagate_error (error, run.error);
          return FALSE;
        }
      g_ptr_array_unref (run.reports);
    }
  note = g_strdup_printf ("%u reports over all %u deals, no period, in a worker; baseline: the "
                          "same on the calling thread", rapport_report_dashboard_length, n_deals);
  bench_emit (&(BenchLine){ "reports_dashboard_ms", "ms", median_of (runs), median_of (direct), 500,
                            note });
  return TRUE;
}

gboolean
bench_reports (const char *dir,
               gboolean    quick,
               GError    **error)
{
  g_autofree char *path = g_build_filename (dir, "reports.db", NULL);
  g_autoptr(RapportStore) store = NULL;
  sqlite3 *raw = NULL;
  guint n_deals = quick ? N_DEALS / 10 : N_DEALS;
  double deals_ms = 0, events_ms = 0;
  gint64 start;
  g_autofree char *note = NULL;
  gint64 n_events = 0;

  g_printerr ("# Writing %u deals and their history\n", n_deals);
  start = g_get_monotonic_time ();
  if (!(store = rapport_store_open (path, error)) || !write_book (store, n_deals, error))
    return FALSE;
  rapport_store_wait_for_writes (store);
  n_events = rapport_store_count (store, "deal_stage_event", NULL);
  note = g_strdup_printf ("%u deals and %" G_GINT64_FORMAT " history events", n_deals, n_events);
  bench_emit (&(BenchLine){ "reports_book_write_s", "s", bench_elapsed_ms (start) / 1000,
                            BENCH_NONE, BENCH_NONE, note });

  if (!(raw = bench_raw_open (path, error)))
    return FALSE;
  if (!time_scan (raw, "SELECT status, currency, amount, weighted_amount, created_at, closed_at,"
                       " expected_close, owner_id, stage_id FROM deals", &deals_ms, error) ||
      !time_scan (raw, "SELECT deal_id, to_stage_id, occurred_at FROM deal_stage_events"
                       " ORDER BY deal_id, occurred_at, id", &events_ms, error))
    {
      sqlite3_close (raw);
      return FALSE;
    }
  sqlite3_close (raw);

  for (RapportReportKind kind = 0; kind < RAPPORT_REPORT_N_KINDS; kind++)
    {
      g_auto(RapportReportFilter) filter = { 0 };
      g_autofree char *bench = g_strdup_printf ("report_%s_ms", rapport_report_kind_to_string (kind));
      g_autofree char *row_note = NULL;
      gboolean by_history = kind == RAPPORT_REPORT_STAGE_VELOCITY || kind == RAPPORT_REPORT_FUNNEL;
      double runs[RUNS];
      guint n_rows = 0;

      filter.today = g_strdup ("2025-06-01");
      for (guint r = 0; r < RUNS; r++)
        {
          g_autoptr(RapportReport) report = NULL;

          start = g_get_monotonic_time ();
          if (!(report = rapport_store_report (store, kind, &filter, error)))
            return FALSE;
          runs[r] = bench_elapsed_ms (start);
          n_rows = report->rows->len;
        }
      row_note = g_strdup_printf ("all %u deals, no period; %u rows; baseline: a plain scan of %s",
                                  n_deals, n_rows,
                                  by_history ? "the history in deal and time order"
                                             : "the deals' columns");
      bench_emit (&(BenchLine){ bench, "ms", median_of (runs), by_history ? events_ms : deals_ms,
                                200, row_note });
    }
  return time_dashboard (store, n_deals, error) &&
         bench_scores (store, path, n_deals, deals_ms, error);
}
