/* rapport-report-sales.c: the sales reports of SPEC.md §2.3, one function each
 *
 * A report is its columns and a query whose result columns are those, in
 * order (collect() fills the rows from the columns' kinds); where SQL
 * cannot say it (shares, medians), a little C finishes the rows.
 * Each reads the records' tables (rapport-report.c says which) through
 * SQL and, where SQL has no median, a little C. The definitions:
 * - pipeline by stage and by owner × expected close month: open deals,
 *   counted and summed per currency, weighted by the deal's probability
 *   (its weighted_amount), else its stage's, as the board weighs them;
 * - win rate: won / (won + lost) of the deals closed in the period, by
 *   count and by amount per currency; every lost deal counts, whatever
 *   became of its stage; a reopened deal is open again and counts not;
 * - deal size: won deals' total, average and median per currency;
 * - sales cycle: closed_at − created_at of won deals ("time to loss" for
 *   lost ones), median, mean and P80 (nearest rank), in days;
 * - stage velocity: from the deals' history without superseded events,
 *   the time from entering a stage to leaving it; a later re-entry is a
 *   new visit; visits that ended in the period, per stage;
 * - cohort funnel: of the deals created in the period, how many reached
 *   each open stage, a skipped stage counting as reached (stage order is
 *   known), and how many were won;
 * - slipped: open commit or best-case deals past their close date, or
 *   whose close date was pushed out of the period in the last seven days;
 * - new versus closed: per month, deals created, won and lost.
 * Deals without an amount count in counts and are flagged "no amount".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "rapport-report-private.h"

/* The deal filters every report applies to `d`. A report's own test of
 * the status is written `+d.status`, which keeps SQLite off the status
 * index: a status holds a large share of the deals, and one scan of the
 * table reads them faster than a seek per deal (twice as fast on the
 * bench's 50,000). */
/* clang-format off */
#define DEAL_FILTER \
  " AND (:pipeline IS NULL OR d.pipeline_id = :pipeline)" \
  " AND (:owner IS NULL OR d.owner_id = :owner)" \
  RAPPORT_REPORT_TEAM_FILTER ("d.owner_id")
/* clang-format on */
#define IN_PERIOD(column) \
  " AND (:from IS NULL OR " column " >= :from) AND (:until IS NULL OR " column " < :until)"
#define OWNER_NAME "coalesce(u.display_name, u.name)"

#define COLUMNS(c) c, G_N_ELEMENTS (c)

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* One value of a result row, as its column's kind says. */
static void
set_value (JsonObject                *row,
           const char                *name,
           RapportReportColumnKind    kind,
           sqlite3_stmt              *stmt,
           int                        column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_object_set_null_member (row, name);
  else if (kind == RAPPORT_REPORT_COUNT || kind == RAPPORT_REPORT_MONEY)
    json_object_set_int_member (row, name, sqlite3_column_int64 (stmt, column));
  else if (kind == RAPPORT_REPORT_PERCENT || kind == RAPPORT_REPORT_DAYS)
    json_object_set_double_member (row, name, sqlite3_column_double (stmt, column));
  else
    json_object_set_string_member (row, name, (const char *) sqlite3_column_text (stmt, column));
}

/* Steps @sql to its end, a row per result row: the query's columns are
 * the report's, in their order, then @keys (nullable): what a row is
 * about (a stage's id), kept with the row for a chart to open the deals
 * behind it, never written out. */
static gboolean
collect (sqlite3                   *db,
         const char                *sql,
         const RapportReportFilter *filter,
         const RapportReportColumn *columns,
         guint                      n_columns,
         const char * const        *keys,
         GPtrArray                 *rows,
         GError                   **error)
{
  sqlite3_stmt *stmt = rapport_report_prepare (db, sql, filter, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();

      for (guint i = 0; i < n_columns; i++)
        set_value (row, columns[i].name, columns[i].kind, stmt, i);
      for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
        rapport_report_set_text (row, keys[i], stmt, n_columns + i);
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  return rapport_report_step_error (db, rc, error);
}

/* clang-format off */
/* Open deals summed in groups (@keys, their stage among them; @group
 * names them), before anything is looked up: a lookup per group, not
 * per deal. */
#define OPEN_GROUPS(keys, group) \
  "WITH g AS (SELECT " keys ", d.currency, count(*) AS n, sum(d.amount) AS amount," \
  " sum(d.weighted_amount * 100) AS weighted," \
  " sum(CASE WHEN d.weighted_amount IS NULL THEN d.amount END) AS unweighted," \
  " sum(d.amount IS NULL) AS no_amount" \
  " FROM deals d WHERE +d.status = 'open'" DEAL_FILTER IN_PERIOD ("d.expected_close") \
  " GROUP BY " group ", d.currency) "

/* The totals columns over groups `g` with their stage `s`: currency,
 * count, amount, Σ amount × p (a deal's own weighted amount, else its
 * stage's probability in percent; rounded to minor units) and how many
 * have no amount. */
#define TOTALS_SQL \
  "g.currency, sum(g.n), sum(g.amount)," \
  " (CAST(sum(CASE WHEN g.weighted IS NULL AND g.unweighted IS NULL THEN NULL" \
  "   ELSE coalesce(g.weighted, 0) + coalesce(g.unweighted, 0) * coalesce(s.probability, 0) END)" \
  "   AS INTEGER) + 50) / 100," \
  " sum(g.no_amount)"
/* clang-format on */

/* Pipeline by stage ---------------------------------------------------- */

/* clang-format off */
static const RapportReportColumn by_stage_columns[] = {
  { "pipeline", N_("Pipeline"), RAPPORT_REPORT_TEXT },
  { "stage", N_("Stage"), RAPPORT_REPORT_TEXT },
  { "currency", N_("Currency"), RAPPORT_REPORT_TEXT },
  { "count", N_("Deals"), RAPPORT_REPORT_COUNT },
  { "amount", N_("Open Amount"), RAPPORT_REPORT_MONEY },
  { "weighted", N_("Weighted Amount"), RAPPORT_REPORT_MONEY },
  { "no_amount", N_("No Amount"), RAPPORT_REPORT_COUNT },
};
/* clang-format on */

static gboolean
pipeline_by_stage (sqlite3                   *db,
                   const RapportReportFilter *filter,
                   GPtrArray                 *rows,
                   GError                   **error)
{
  static const char * const keys[] = { "pipeline_id", "stage_id", NULL };

  return collect (db,
                  OPEN_GROUPS ("d.pipeline_id, d.stage_id", "d.pipeline_id, d.stage_id")
                  "SELECT p.name, s.name, " TOTALS_SQL ", g.pipeline_id, g.stage_id"
                  " FROM g LEFT JOIN stages s ON s.id = g.stage_id"
                  " LEFT JOIN pipelines p ON p.id = g.pipeline_id"
                  " GROUP BY g.pipeline_id, g.stage_id, g.currency"
                  " ORDER BY coalesce(p.position, 0), p.name, coalesce(s.position, 0), s.name,"
                  " g.currency",
                  filter, COLUMNS (by_stage_columns), keys, rows, error);
}

/* Pipeline by owner and expected close month ---------------------------- */

/* clang-format off */
static const RapportReportColumn by_owner_columns[] = {
  { "owner", N_("Owner"), RAPPORT_REPORT_TEXT },
  { "month", N_("Expected Close Month"), RAPPORT_REPORT_TEXT },
  { "currency", N_("Currency"), RAPPORT_REPORT_TEXT },
  { "count", N_("Deals"), RAPPORT_REPORT_COUNT },
  { "amount", N_("Open Amount"), RAPPORT_REPORT_MONEY },
  { "weighted", N_("Weighted Amount"), RAPPORT_REPORT_MONEY },
  { "no_amount", N_("No Amount"), RAPPORT_REPORT_COUNT },
};
/* clang-format on */

static gboolean
pipeline_by_owner (sqlite3                   *db,
                   const RapportReportFilter *filter,
                   GPtrArray                 *rows,
                   GError                   **error)
{
  static const char * const keys[] = { "owner_id", NULL };

  return collect (db,
                  OPEN_GROUPS ("d.owner_id, substr(d.expected_close, 1, 7) AS month, d.stage_id",
                               "d.owner_id, month, d.stage_id")
                  "SELECT " OWNER_NAME ", g.month, " TOTALS_SQL ", g.owner_id"
                  " FROM g LEFT JOIN stages s ON s.id = g.stage_id"
                  " LEFT JOIN users u ON u.id = g.owner_id"
                  " GROUP BY g.owner_id, g.month, g.currency"
                  " ORDER BY " OWNER_NAME " IS NULL, " OWNER_NAME ", g.owner_id, g.month IS NULL,"
                  " g.month, g.currency",
                  filter, COLUMNS (by_owner_columns), keys, rows, error);
}

/* Win rate ------------------------------------------------------------- */

/* clang-format off */
static const RapportReportColumn win_rate_columns[] = {
  { "currency", N_("Currency"), RAPPORT_REPORT_TEXT },
  { "won", N_("Won"), RAPPORT_REPORT_COUNT },
  { "lost", N_("Lost"), RAPPORT_REPORT_COUNT },
  { "win_rate", N_("Win Rate"), RAPPORT_REPORT_PERCENT },
  { "won_amount", N_("Won Amount"), RAPPORT_REPORT_MONEY },
  { "lost_amount", N_("Lost Amount"), RAPPORT_REPORT_MONEY },
  { "win_rate_amount", N_("Win Rate by Amount"), RAPPORT_REPORT_PERCENT },
  { "no_amount", N_("No Amount"), RAPPORT_REPORT_COUNT },
};
/* clang-format on */

/* One row per currency, then counts over all of them (currency null):
 * counts add up across currencies, amounts never. */
static gboolean
win_rate (sqlite3                   *db,
          const RapportReportFilter *filter,
          GPtrArray                 *rows,
          GError                   **error)
{
  gint64 won = 0, lost = 0, no_amount = 0;
  JsonObject *all;

  if (!collect (db,
                "SELECT d.currency, sum(d.status = 'won'), sum(d.status = 'lost'), NULL,"
                " sum(CASE WHEN d.status = 'won' THEN d.amount END),"
                " sum(CASE WHEN d.status = 'lost' THEN d.amount END), NULL, sum(d.amount IS NULL)"
                " FROM deals d WHERE +d.status IN ('won', 'lost') AND d.closed_at IS NOT NULL"
                DEAL_FILTER IN_PERIOD ("d.closed_at")
                " GROUP BY d.currency ORDER BY d.currency IS NULL, d.currency",
                filter, COLUMNS (win_rate_columns), NULL, rows, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      gint64 row_won = json_object_get_int_member (row, "won");
      gint64 row_lost = json_object_get_int_member (row, "lost");
      gint64 won_amount = json_object_get_int_member_with_default (row, "won_amount", 0);
      gint64 lost_amount = json_object_get_int_member_with_default (row, "lost_amount", 0);

      rapport_report_set_share (row, "win_rate", row_won, row_won + row_lost);
      rapport_report_set_share (row, "win_rate_amount", won_amount, won_amount + lost_amount);
      won += row_won;
      lost += row_lost;
      no_amount += json_object_get_int_member (row, "no_amount");
    }
  if (rows->len < 2)
    return TRUE;
  all = json_object_new ();
  json_object_set_null_member (all, "currency");
  json_object_set_int_member (all, "won", won);
  json_object_set_int_member (all, "lost", lost);
  rapport_report_set_share (all, "win_rate", won, won + lost);
  json_object_set_null_member (all, "won_amount");
  json_object_set_null_member (all, "lost_amount");
  json_object_set_null_member (all, "win_rate_amount");
  json_object_set_int_member (all, "no_amount", no_amount);
  g_ptr_array_add (rows, all);
  return TRUE;
}

/* Deal size ------------------------------------------------------------ */

/* clang-format off */
static const RapportReportColumn deal_size_columns[] = {
  { "currency", N_("Currency"), RAPPORT_REPORT_TEXT },
  { "won", N_("Won"), RAPPORT_REPORT_COUNT },
  { "total", N_("Won Amount"), RAPPORT_REPORT_MONEY },
  { "average", N_("Average Deal Size"), RAPPORT_REPORT_MONEY },
  { "median", N_("Median Deal Size"), RAPPORT_REPORT_MONEY },
  { "no_amount", N_("No Amount"), RAPPORT_REPORT_COUNT },
};
/* clang-format on */

static void
add_size_row (GPtrArray  *rows,
              const char *currency,
              GArray     *amounts,
              gint64      no_amount)
{
  JsonObject *row = json_object_new ();
  gint64 total = 0;
  guint n = amounts->len;
  gint64 *values = (gint64 *) amounts->data;

  if (currency != NULL)
    json_object_set_string_member (row, "currency", currency);
  else
    json_object_set_null_member (row, "currency");
  for (guint i = 0; i < n; i++)
    total += values[i];
  json_object_set_int_member (row, "won", n + no_amount);
  if (n > 0)
    {
      json_object_set_int_member (row, "total", total);
      json_object_set_int_member (row, "average", rapport_report_round ((double) total / n));
      json_object_set_int_member (row, "median",
                                  n % 2 ? values[n / 2]
                                        : rapport_report_round ((values[n / 2 - 1] + (double) values[n / 2]) / 2));
    }
  else
    {
      json_object_set_null_member (row, "total");
      json_object_set_null_member (row, "average");
      json_object_set_null_member (row, "median");
    }
  json_object_set_int_member (row, "no_amount", no_amount);
  g_ptr_array_add (rows, row);
}

static gboolean
deal_size (sqlite3                   *db,
           const RapportReportFilter *filter,
           GPtrArray                 *rows,
           GError                   **error)
{
  g_autoptr(GArray) amounts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *currency = NULL;
  gint64 no_amount = 0;
  gboolean any = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  stmt = rapport_report_prepare (db,
                                 "SELECT d.currency, d.amount FROM deals d"
                                 " WHERE +d.status = 'won' AND d.closed_at IS NOT NULL"
                                 DEAL_FILTER IN_PERIOD ("d.closed_at")
                                 " ORDER BY d.currency IS NULL, d.currency, d.amount",
                                 filter, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *row_currency = (const char *) sqlite3_column_text (stmt, 0);

      if (any && g_strcmp0 (row_currency, currency) != 0)
        {
          add_size_row (rows, currency, amounts, no_amount);
          g_array_set_size (amounts, 0);
          no_amount = 0;
        }
      if (!any || g_strcmp0 (row_currency, currency) != 0)
        {
          g_free (currency);
          currency = g_strdup (row_currency);
        }
      any = TRUE;
      if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        no_amount++;
      else
        {
          gint64 amount = sqlite3_column_int64 (stmt, 1);

          g_array_append_val (amounts, amount);
        }
    }
  sqlite3_finalize (stmt);
  if (any)
    add_size_row (rows, currency, amounts, no_amount);
  return rapport_report_step_error (db, rc, error);
}

/* Sales cycle ---------------------------------------------------------- */

/* clang-format off */
static const RapportReportColumn cycle_columns[] = {
  { "outcome", N_("Outcome"), RAPPORT_REPORT_CODE },
  { "deals", N_("Deals"), RAPPORT_REPORT_COUNT },
  { "median_days", N_("Median Days"), RAPPORT_REPORT_DAYS },
  { "mean_days", N_("Mean Days"), RAPPORT_REPORT_DAYS },
  { "p80_days", N_("80th Percentile Days"), RAPPORT_REPORT_DAYS },
};
/* clang-format on */

static void
add_cycle_row (GPtrArray  *rows,
               const char *outcome,
               GArray     *days)
{
  JsonObject *row = json_object_new ();
  const double *values = (const double *) days->data;

  json_object_set_string_member (row, "outcome", outcome);
  json_object_set_int_member (row, "deals", days->len);
  rapport_report_set_days (row, "median_days", rapport_report_median (values, days->len));
  rapport_report_set_days (row, "mean_days", rapport_report_mean (values, days->len));
  rapport_report_set_days (row, "p80_days", rapport_report_percentile (values, days->len, 80));
  g_ptr_array_add (rows, row);
}

/* Won deals' cycle, then lost deals' time to loss. */
static gboolean
sales_cycle (sqlite3                   *db,
             const RapportReportFilter *filter,
             GPtrArray                 *rows,
             GError                   **error)
{
  g_autoptr(GArray) won = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lost = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt;
  int rc;

  stmt = rapport_report_prepare (db,
                                 "SELECT d.status, julianday(d.closed_at) - julianday(d.created_at)"
                                 " FROM deals d WHERE +d.status IN ('won', 'lost')"
                                 " AND d.closed_at IS NOT NULL" DEAL_FILTER IN_PERIOD ("d.closed_at")
                                 " ORDER BY 2",
                                 filter, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double days = sqlite3_column_double (stmt, 1);

      if (sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        continue;
      g_array_append_val (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "won") == 0
                            ? won : lost, days);
    }
  sqlite3_finalize (stmt);
  if (!rapport_report_step_error (db, rc, error))
    return FALSE;
  add_cycle_row (rows, "won", won);
  add_cycle_row (rows, "lost", lost);
  return TRUE;
}

/* Stage velocity ------------------------------------------------------- */

/* clang-format off */
static const RapportReportColumn velocity_columns[] = {
  { "stage", N_("Stage"), RAPPORT_REPORT_TEXT },
  { "visits", N_("Visits"), RAPPORT_REPORT_COUNT },
  { "mean_days", N_("Mean Days"), RAPPORT_REPORT_DAYS },
  { "median_days", N_("Median Days"), RAPPORT_REPORT_DAYS },
};
/* clang-format on */

typedef struct
{
  char   *stage_id;
  char   *name;       /* the stage's name now, else its last snapshot */
  char   *pipeline;   /* for the order */
  gint64  position;
  GArray *days;       /* of double */
} StageVisits;

static void
stage_visits_free (StageVisits *visits)
{
  g_free (visits->stage_id);
  g_free (visits->name);
  g_free (visits->pipeline);
  g_array_unref (visits->days);
  g_free (visits);
}

static int
compare_visits (gconstpointer a,
                gconstpointer b)
{
  const StageVisits *x = *(StageVisits * const *) a, *y = *(StageVisits * const *) b;
  int order = g_strcmp0 (x->pipeline, y->pipeline);

  if (order != 0)
    return order;
  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}

/* A visit starts at the event that brought the deal into a stage and ends
 * at the next that took it out; a visit still under way is not counted. */
static gboolean
stage_velocity (sqlite3                   *db,
                const RapportReportFilter *filter,
                GPtrArray                 *rows,
                GError                   **error)
{
  g_autoptr(GHashTable) stages = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) stage_visits_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autofree char *deal = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *stage_name = NULL;
  g_autofree char *pipeline = NULL;
  gint64 position = 0;
  double entered = 0;
  sqlite3_stmt *stmt;
  int rc;

  stmt = rapport_report_prepare (db,
                                 "SELECT e.deal_id, e.to_stage_id, e.to_stage_name,"
                                 " coalesce(e.to_stage_position, 0), julianday(e.occurred_at),"
                                 " e.occurred_at, e.pipeline_id"
                                 " FROM deal_stage_events e"
                                 " WHERE NOT coalesce(e.superseded, 0)"
                                 " AND (:pipeline IS NULL OR e.pipeline_id = :pipeline)"
                                 " AND (:owner IS NULL OR e.deal_id IN"
                                 "   (SELECT d.id FROM deals d WHERE d.owner_id = :owner))"
                                 " AND (:team IS NULL OR e.deal_id IN (SELECT d.id FROM deals d"
                                 "   WHERE 1" RAPPORT_REPORT_TEAM_FILTER ("d.owner_id") "))"
                                 " ORDER BY e.deal_id, e.occurred_at, e.id",
                                 filter, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *row_deal = (const char *) sqlite3_column_text (stmt, 0);
      const char *row_stage = (const char *) sqlite3_column_text (stmt, 1);
      const char *at = (const char *) sqlite3_column_text (stmt, 5);
      double time = sqlite3_column_double (stmt, 4);
      gboolean same_deal = g_strcmp0 (row_deal, deal) == 0;

      if (same_deal && g_strcmp0 (row_stage, stage) == 0)
        continue;
      /* Leaving @stage: a visit, if it ended in the period. */
      if (same_deal && stage != NULL &&
          (filter->from == NULL || g_strcmp0 (at, filter->from) >= 0) &&
          (filter->until == NULL || g_strcmp0 (at, filter->until) < 0))
        {
          StageVisits *visits = g_hash_table_lookup (stages, stage);
          double days = time - entered;

          if (visits == NULL)
            {
              visits = g_new0 (StageVisits, 1);
              visits->stage_id = g_strdup (stage);
              visits->days = g_array_new (FALSE, FALSE, sizeof (double));
              g_hash_table_insert (stages, visits->stage_id, visits);
              g_ptr_array_add (order, visits);
            }
          g_free (visits->name);
          visits->name = g_strdup (stage_name);
          g_free (visits->pipeline);
          visits->pipeline = g_strdup (pipeline);
          visits->position = position;
          g_array_append_val (visits->days, days);
        }
      if (!same_deal)
        {
          g_free (deal);
          deal = g_strdup (row_deal);
        }
      g_free (stage);
      stage = g_strdup (row_stage);
      g_free (stage_name);
      stage_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_free (pipeline);
      pipeline = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      position = sqlite3_column_int64 (stmt, 3);
      entered = time;
    }
  sqlite3_finalize (stmt);
  if (!rapport_report_step_error (db, rc, error))
    return FALSE;

  /* A stage that still exists reads as it is named now. */
  stmt = rapport_report_prepare (db, "SELECT id, name, coalesce(position, 0) FROM stages", filter,
                                 error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StageVisits *visits = g_hash_table_lookup (stages, sqlite3_column_text (stmt, 0));

      if (visits == NULL)
        continue;
      g_free (visits->name);
      visits->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      visits->position = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_finalize (stmt);
  if (!rapport_report_step_error (db, rc, error))
    return FALSE;

  g_ptr_array_sort (order, compare_visits);
  for (guint i = 0; i < order->len; i++)
    {
      StageVisits *visits = g_ptr_array_index (order, i);
      JsonObject *row = json_object_new ();
      double *days = (double *) visits->days->data;

      qsort (days, visits->days->len, sizeof (double), compare_doubles);
      if (visits->name != NULL)
        json_object_set_string_member (row, "stage", visits->name);
      else
        json_object_set_null_member (row, "stage");
      json_object_set_int_member (row, "visits", visits->days->len);
      rapport_report_set_days (row, "mean_days", rapport_report_mean (days, visits->days->len));
      rapport_report_set_days (row, "median_days", rapport_report_median (days, visits->days->len));
      g_ptr_array_add (rows, row);
    }
  return TRUE;
}

/* Cohort funnel -------------------------------------------------------- */

/* clang-format off */
static const RapportReportColumn funnel_columns[] = {
  { "pipeline", N_("Pipeline"), RAPPORT_REPORT_TEXT },
  { "stage", N_("Stage"), RAPPORT_REPORT_TEXT },
  { "reached", N_("Reached"), RAPPORT_REPORT_COUNT },
  { "conversion", N_("From the Stage Before"), RAPPORT_REPORT_PERCENT },
  { "overall", N_("Of All Created"), RAPPORT_REPORT_PERCENT },
};
/* clang-format on */

typedef struct
{
  char   *id;
  char   *name;
  GArray *positions;  /* of gint64: its open stages in order */
  GPtrArray *names;   /* of char *: their names */
  GArray *reached;    /* of gint64: per open stage */
  gint64  created;
  gint64  won;
} FunnelPipeline;

static void
funnel_pipeline_free (FunnelPipeline *pipeline)
{
  g_free (pipeline->id);
  g_free (pipeline->name);
  g_array_unref (pipeline->positions);
  g_ptr_array_unref (pipeline->names);
  g_array_unref (pipeline->reached);
  g_free (pipeline);
}

static void
add_funnel_row (GPtrArray      *rows,
                FunnelPipeline *pipeline,
                const char     *stage,
                gint64          reached,
                gint64          before)
{
  JsonObject *row = json_object_new ();

  json_object_set_string_member (row, "pipeline", pipeline->name);
  json_object_set_string_member (row, "stage", stage);
  json_object_set_int_member (row, "reached", reached);
  if (before < 0)
    json_object_set_null_member (row, "conversion");
  else
    rapport_report_set_share (row, "conversion", reached, before);
  rapport_report_set_share (row, "overall", reached, pipeline->created);
  g_ptr_array_add (rows, row);
}

/* Every deal created enters its pipeline's first open stage; it reached
 * every open stage up to the furthest one its history or its stage shows;
 * a won deal reached them all. */
static gboolean
funnel (sqlite3                   *db,
        const RapportReportFilter *filter,
        GPtrArray                 *rows,
        GError                   **error)
{
  g_autoptr(GHashTable) pipelines = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                           (GDestroyNotify) funnel_pipeline_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = rapport_report_prepare (db,
                                 "SELECT p.id, p.name, s.name, coalesce(s.position, 0) FROM pipelines p"
                                 " JOIN stages s ON s.pipeline_id = p.id"
                                 " WHERE coalesce(s.kind, 'open') = 'open'"
                                 " AND (:pipeline IS NULL OR p.id = :pipeline)"
                                 " ORDER BY coalesce(p.position, 0), p.name, p.id,"
                                 " coalesce(s.position, 0), s.name",
                                 filter, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      FunnelPipeline *pipeline = g_hash_table_lookup (pipelines, id);
      gint64 position = sqlite3_column_int64 (stmt, 3), zero = 0;

      if (pipeline == NULL)
        {
          pipeline = g_new0 (FunnelPipeline, 1);
          pipeline->id = g_strdup (id);
          pipeline->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          pipeline->positions = g_array_new (FALSE, FALSE, sizeof (gint64));
          pipeline->names = g_ptr_array_new_with_free_func (g_free);
          pipeline->reached = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (pipelines, pipeline->id, pipeline);
          g_ptr_array_add (order, pipeline);
        }
      g_array_append_val (pipeline->positions, position);
      g_ptr_array_add (pipeline->names, g_strdup ((const char *) sqlite3_column_text (stmt, 2)));
      g_array_append_val (pipeline->reached, zero);
    }
  sqlite3_finalize (stmt);
  if (!rapport_report_step_error (db, rc, error))
    return FALSE;

  stmt = rapport_report_prepare (db,
                                 "SELECT d.pipeline_id, d.status, max(coalesce("
                                 "   (SELECT max(e.to_stage_position) FROM deal_stage_events e"
                                 "    WHERE e.deal_id = d.id AND e.status = 'open'"
                                 "    AND NOT coalesce(e.superseded, 0)), -1),"
                                 "   CASE WHEN d.status = 'open' THEN coalesce(s.position, -1)"
                                 "   ELSE -1 END)"
                                 " FROM deals d LEFT JOIN stages s ON s.id = d.stage_id"
                                 " WHERE 1" DEAL_FILTER IN_PERIOD ("d.created_at"),
                                 filter, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FunnelPipeline *pipeline = sqlite3_column_type (stmt, 0) == SQLITE_NULL
                                   ? NULL : g_hash_table_lookup (pipelines, sqlite3_column_text (stmt, 0));
      gboolean won = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "won") == 0;
      gint64 furthest = sqlite3_column_int64 (stmt, 2);

      if (pipeline == NULL)
        continue;
      pipeline->created++;
      pipeline->won += won;
      for (guint i = 0; i < pipeline->positions->len; i++)
        if (i == 0 || won || g_array_index (pipeline->positions, gint64, i) <= furthest)
          g_array_index (pipeline->reached, gint64, i)++;
    }
  sqlite3_finalize (stmt);
  if (!rapport_report_step_error (db, rc, error))
    return FALSE;

  for (guint p = 0; p < order->len; p++)
    {
      FunnelPipeline *pipeline = g_ptr_array_index (order, p);
      gint64 before = -1;

      for (guint i = 0; i < pipeline->positions->len; i++)
        {
          gint64 reached = g_array_index (pipeline->reached, gint64, i);

          add_funnel_row (rows, pipeline, g_ptr_array_index (pipeline->names, i), reached, before);
          before = reached;
        }
      add_funnel_row (rows, pipeline, g_dpgettext2 (GETTEXT_PACKAGE, "deal status", "Won"),
                      pipeline->won, before);
    }
  return TRUE;
}

/* Slipped deals -------------------------------------------------------- */

/* clang-format off */
static const RapportReportColumn slipped_columns[] = {
  { "deal", N_("Deal"), RAPPORT_REPORT_TEXT },
  { "owner", N_("Owner"), RAPPORT_REPORT_TEXT },
  { "forecast_category", N_("Forecast Category"), RAPPORT_REPORT_TEXT },
  { "expected_close", N_("Expected Close"), RAPPORT_REPORT_TEXT },
  { "currency", N_("Currency"), RAPPORT_REPORT_TEXT },
  { "amount", N_("Amount"), RAPPORT_REPORT_MONEY },
  { "pushes", N_("Times Pushed"), RAPPORT_REPORT_COUNT },
  { "reason", N_("Why"), RAPPORT_REPORT_CODE },
};
/* clang-format on */

/* The period is the filter's, else this month. */
static gboolean
slipped (sqlite3                   *db,
         const RapportReportFilter *filter,
         GPtrArray                 *rows,
         GError                   **error)
{
  static const char * const keys[] = { "deal_id", NULL };
  RapportReportFilter month = *filter;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;

  if (filter->from == NULL && filter->until == NULL)
    {
      if (!rapport_report_period_parse ("this-month", filter->today, &from, &until, error))
        return FALSE;
      month.from = from;
      month.until = until;
    }
  return collect (db,
                  "SELECT d.title, " OWNER_NAME ", d.forecast_category, d.expected_close,"
                  " d.currency, d.amount, coalesce(d.close_date_push_count, 0),"
                  " CASE WHEN d.expected_close < :today THEN 'overdue' ELSE 'pushed_out' END, d.id"
                  " FROM deals d LEFT JOIN users u ON u.id = d.owner_id"
                  " WHERE +d.status = 'open' AND d.forecast_category IN ('commit', 'best_case')"
                  DEAL_FILTER
                  " AND (d.expected_close < :today OR EXISTS (SELECT 1 FROM deal_stage_events e"
                  "   WHERE e.deal_id = d.id AND e.occurred_at >= :week_ago"
                  "   AND NOT coalesce(e.superseded, 0)"
                  "   AND json_extract(e.changes, '$.expected_close.from') >= :from"
                  "   AND json_extract(e.changes, '$.expected_close.from') < :until"
                  "   AND json_extract(e.changes, '$.expected_close.to') >= :until))"
                  " ORDER BY d.expected_close, d.title, d.id",
                  &month, COLUMNS (slipped_columns), keys, rows, error);
}

/* New and closed deals by month --------------------------------------- */

/* clang-format off */
static const RapportReportColumn trend_columns[] = {
  { "month", N_("Month"), RAPPORT_REPORT_TEXT },
  { "created", N_("New Deals"), RAPPORT_REPORT_COUNT },
  { "won", N_("Won"), RAPPORT_REPORT_COUNT },
  { "lost", N_("Lost"), RAPPORT_REPORT_COUNT },
};
/* clang-format on */

/* Per calendar month: the deals created in it, and those won and lost
 * (closed) in it; each side in the period by its own date. Counts only,
 * so no currency is in question. A month with neither has no row. */
static gboolean
new_vs_closed (sqlite3                   *db,
               const RapportReportFilter *filter,
               GPtrArray                 *rows,
               GError                   **error)
{
  return collect (db,
                  "SELECT month, sum(created), sum(won), sum(lost) FROM ("
                  " SELECT substr(d.created_at, 1, 7) AS month, count(*) AS created, 0 AS won,"
                  " 0 AS lost FROM deals d WHERE d.created_at IS NOT NULL" DEAL_FILTER
                  IN_PERIOD ("d.created_at") " GROUP BY month"
                  " UNION ALL"
                  " SELECT substr(d.closed_at, 1, 7) AS month, 0, sum(d.status = 'won'),"
                  " sum(d.status = 'lost') FROM deals d"
                  " WHERE +d.status IN ('won', 'lost') AND d.closed_at IS NOT NULL"
                  DEAL_FILTER IN_PERIOD ("d.closed_at") " GROUP BY month"
                  ") GROUP BY month ORDER BY month",
                  filter, COLUMNS (trend_columns), NULL, rows, error);
}

/* clang-format off */
#define REPORT(n, l, c, f) { n, l, COLUMNS (c), f }

/* The service reports' columns, with the sales reports' in one table
 * (rapport-report-service.c). "responses" is the sample size, n. */
static const RapportReportColumn csat_columns[] = {
  { "group", N_("By"), RAPPORT_REPORT_CODE },
  { "name", N_("Name"), RAPPORT_REPORT_TEXT },
  { "responses", N_("Responses (n)"), RAPPORT_REPORT_COUNT },
  { "satisfied", N_("Satisfied (4–5)"), RAPPORT_REPORT_COUNT },
  { "csat", N_("CSAT"), RAPPORT_REPORT_PERCENT },
  { "average", N_("Average Score"), RAPPORT_REPORT_SCORE },
};

/* The forecast's (rapport-report-forecast.c): money columns are numbers
 * of deals in a "count" row. */
static const RapportReportColumn forecast_columns[] = {
  { "scope", N_("Of"), RAPPORT_REPORT_CODE },
  { "name", N_("Name"), RAPPORT_REPORT_TEXT },
  { "measure", N_("Measure"), RAPPORT_REPORT_CODE },
  { "currency", N_("Currency"), RAPPORT_REPORT_TEXT },
  { "closed", N_("Closed Won"), RAPPORT_REPORT_MONEY },
  { "commit", N_("Commit"), RAPPORT_REPORT_MONEY },
  { "best_case", N_("Best Case"), RAPPORT_REPORT_MONEY },
  { "pipeline", N_("Pipeline"), RAPPORT_REPORT_MONEY },
  { "closed_commit", N_("Closed + Commit"), RAPPORT_REPORT_MONEY },
  { "closed_best_case", N_("Closed + Commit + Best Case"), RAPPORT_REPORT_MONEY },
  { "target", N_("Target"), RAPPORT_REPORT_MONEY },
  { "target_source", N_("Target From"), RAPPORT_REPORT_CODE },
  { "attainment", N_("Attainment"), RAPPORT_REPORT_PERCENT },
  { "gap", N_("Gap"), RAPPORT_REPORT_MONEY },
  { "coverage", N_("Coverage"), RAPPORT_REPORT_RATIO },
  { "pace", N_("Expected by Today"), RAPPORT_REPORT_MONEY },
};

/* The campaign report's (rapport-report-campaign.c): a "campaign" row per
 * currency of its deals, then a "status" row per member status. */
static const RapportReportColumn campaign_columns[] = {
  { "group", N_("By"), RAPPORT_REPORT_CODE },
  { "campaign", N_("Campaign"), RAPPORT_REPORT_TEXT },
  { "status", N_("Member Status"), RAPPORT_REPORT_TEXT },
  { "currency", N_("Currency"), RAPPORT_REPORT_TEXT },
  { "members", N_("Members"), RAPPORT_REPORT_COUNT },
  { "responded", N_("Responded"), RAPPORT_REPORT_COUNT },
  { "response_rate", N_("Response Rate"), RAPPORT_REPORT_PERCENT },
  { "deals_open", N_("Open Deals"), RAPPORT_REPORT_COUNT },
  { "deals_won", N_("Won Deals"), RAPPORT_REPORT_COUNT },
  { "deals_lost", N_("Lost Deals"), RAPPORT_REPORT_COUNT },
  { "won_amount", N_("Won Amount"), RAPPORT_REPORT_MONEY },
  { "actual_cost", N_("Actual Cost"), RAPPORT_REPORT_MONEY },
  { "roi", N_("ROI"), RAPPORT_REPORT_PERCENT },
};

/* The customers' recency, frequency and monetary value
 * (rapport-report-rfm.c): M is in the row's currency. */
static const RapportReportColumn rfm_columns[] = {
  { "segment", N_("Segment"), RAPPORT_REPORT_CODE },
  { "company", N_("Customer"), RAPPORT_REPORT_TEXT },
  { "recency_days", N_("Days Since Last Purchase"), RAPPORT_REPORT_COUNT },
  { "frequency", N_("Purchases in 24 Months"), RAPPORT_REPORT_COUNT },
  { "monetary", N_("Spent in 24 Months"), RAPPORT_REPORT_MONEY },
  { "currency", N_("Currency"), RAPPORT_REPORT_TEXT },
  { "r", N_("R Score"), RAPPORT_REPORT_COUNT },
  { "f", N_("F Score"), RAPPORT_REPORT_COUNT },
  { "m", N_("M Score"), RAPPORT_REPORT_COUNT },
  { "other_currency_deals", N_("Purchases in Other Currencies"), RAPPORT_REPORT_COUNT },
};

static const RapportReportColumn rfm_segment_columns[] = {
  { "segment", N_("Segment"), RAPPORT_REPORT_CODE },
  { "customers", N_("Customers"), RAPPORT_REPORT_COUNT },
  { "customers_share", N_("Share of Customers"), RAPPORT_REPORT_PERCENT },
  { "revenue", N_("Spent in 24 Months"), RAPPORT_REPORT_MONEY },
  { "currency", N_("Currency"), RAPPORT_REPORT_TEXT },
  { "revenue_share", N_("Share of Revenue"), RAPPORT_REPORT_PERCENT },
};

static const RapportReportColumn rfm_movement_columns[] = {
  { "from", N_("A Month Ago"), RAPPORT_REPORT_CODE },
  { "to", N_("Now"), RAPPORT_REPORT_CODE },
  { "customers", N_("Customers"), RAPPORT_REPORT_COUNT },
};

const RapportReportClass rapport_report_classes[RAPPORT_REPORT_N_KINDS] = {
  [RAPPORT_REPORT_PIPELINE_BY_STAGE] = REPORT ("pipeline_by_stage", N_("Pipeline by Stage"),
                                               by_stage_columns, pipeline_by_stage),
  [RAPPORT_REPORT_PIPELINE_BY_OWNER] = REPORT ("pipeline_by_owner", N_("Pipeline by Owner and Month"),
                                               by_owner_columns, pipeline_by_owner),
  [RAPPORT_REPORT_WIN_RATE] = REPORT ("win_rate", N_("Win Rate"), win_rate_columns, win_rate),
  [RAPPORT_REPORT_DEAL_SIZE] = REPORT ("deal_size", N_("Deal Size"), deal_size_columns, deal_size),
  [RAPPORT_REPORT_SALES_CYCLE] = REPORT ("sales_cycle", N_("Sales Cycle Length"), cycle_columns,
                                         sales_cycle),
  [RAPPORT_REPORT_STAGE_VELOCITY] = REPORT ("stage_velocity", N_("Stage Velocity"),
                                            velocity_columns, stage_velocity),
  [RAPPORT_REPORT_FUNNEL] = REPORT ("funnel", N_("Sales Funnel"), funnel_columns, funnel),
  [RAPPORT_REPORT_SLIPPED] = REPORT ("slipped", N_("Slipped Deals"), slipped_columns, slipped),
  [RAPPORT_REPORT_NEW_VS_CLOSED] = REPORT ("new_vs_closed", N_("New and Closed Deals by Month"),
                                           trend_columns, new_vs_closed),
  [RAPPORT_REPORT_CSAT] = REPORT ("csat", N_("Customer Satisfaction"), csat_columns,
                                  rapport_report_csat),
  [RAPPORT_REPORT_FORECAST] = REPORT ("forecast", N_("Forecast"), forecast_columns,
                                      rapport_report_forecast),
  [RAPPORT_REPORT_CAMPAIGN] = REPORT ("campaign", N_("Campaigns"), campaign_columns,
                                      rapport_report_campaign),
  [RAPPORT_REPORT_RFM] = REPORT ("rfm", N_("Customers by Recency, Frequency and Value"), rfm_columns,
                                 rapport_report_rfm),
  [RAPPORT_REPORT_RFM_SEGMENTS] = REPORT ("rfm_segments", N_("Customer Segments (RFM)"),
                                          rfm_segment_columns, rapport_report_rfm_segments),
  [RAPPORT_REPORT_RFM_MOVEMENT] = REPORT ("rfm_movement", N_("Customer Segment Movement"),
                                          rfm_movement_columns, rapport_report_rfm_movement),
};
/* clang-format on */
