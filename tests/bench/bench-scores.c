/* bench-scores.c: the win chance on the reports' 50,000 deals
 *
 * Issue 16's budgets: training the model on the reference data in at
 * most 2 s, scoring one deal in at most 1 ms. The book is the reports'
 * (bench-reports.c: deals with their history). Training reads every
 * closed deal of each pipeline and its history; its baseline, in the same
 * run on the same file, is the reports' plain scan of the deals. Scoring
 * one deal with a trained model reads its row and its pipeline's counts;
 * its baseline is reading that row alone. Keeping every open deal's score
 * (what a sync is followed by) is measured too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include "bench-baseline.h"
#include "bench-report.h"
#include "bench-scores.h"
#include "rapport-score-db.h"
#include "rapport-store-score.h"

#define RUNS 5
#define N_SCORED 1000

/* The median of @runs, RUNS of them. */
static double
median (double *runs)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  g_array_append_vals (samples, runs, RUNS);
  return bench_percentile (samples, 50);
}

/* Each pipeline's id, and up to N_SCORED open deals of the first. */
static gboolean
read_ids (sqlite3    *raw,
          GPtrArray  *pipelines,
          GPtrArray  *open_deals,
          GError    **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = bench_raw_prepare (raw, "SELECT id FROM pipelines ORDER BY id", error)))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (pipelines, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (pipelines->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The book has no pipeline");
      return FALSE;
    }
  if (!(stmt = bench_raw_prepare (raw, "SELECT id FROM deals WHERE status = 'open' AND pipeline_id = ?1"
                                       " ORDER BY id LIMIT 1000", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, pipelines->pdata[0], -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (open_deals, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
time_training (sqlite3    *raw,
               GPtrArray  *pipelines,
               guint       n_deals,
               double      deals_scan_ms,
               GError    **error)
{
  double runs[RUNS];
  guint won = 0, lost = 0;
  g_autofree char *note = NULL;

  for (guint r = 0; r < RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();

      won = lost = 0;
      for (guint p = 0; p < pipelines->len; p++)
        {
          g_autoptr(RapportScoreModel) model = rapport_score_db_train (raw, pipelines->pdata[p], error);

          if (model == NULL)
            return FALSE;
          won += rapport_score_model_get_won (model);
          lost += rapport_score_model_get_lost (model);
        }
      runs[r] = bench_elapsed_ms (start);
    }
  note = g_strdup_printf ("every pipeline's model (%u) from %u won and %u lost of %u deals and "
                          "their history; baseline: a plain scan of the deals' columns",
                          pipelines->len, won, lost, n_deals);
  bench_emit (&(BenchLine){ "score_train_ms", "ms", median (runs), deals_scan_ms, 2000, note });
  return TRUE;
}

static gboolean
time_one_deal (sqlite3    *raw,
               const char *pipeline_id,
               GPtrArray  *open_deals,
               GError    **error)
{
  g_autoptr(RapportScoreModel) model = rapport_score_db_train (raw, pipeline_id, error);
  g_autoptr(GArray) scored = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) read = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *note = NULL;
  sqlite3_stmt *row;

  if (model == NULL ||
      !(row = bench_raw_prepare (raw, "SELECT * FROM deals WHERE id = ?1", error)))
    return FALSE;
  for (guint i = 0; i < open_deals->len; i++)
    {
      g_autoptr(RapportScore) score = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (!(score = rapport_score_db_deal (raw, model, open_deals->pdata[i], error)))
        {
          sqlite3_finalize (row);
          return FALSE;
        }
      ms = bench_elapsed_ms (start);
      g_array_append_val (scored, ms);

      start = g_get_monotonic_time ();
      sqlite3_bind_text (row, 1, open_deals->pdata[i], -1, SQLITE_STATIC);
      while (sqlite3_step (row) == SQLITE_ROW)
        ;
      sqlite3_reset (row);
      ms = bench_elapsed_ms (start);
      g_array_append_val (read, ms);
    }
  sqlite3_finalize (row);
  note = g_strdup_printf ("median of %u open deals, each with its reasons, the model trained; "
                          "p99 %.3f ms; baseline: reading the deal's row",
                          open_deals->len, bench_percentile (scored, 99));
  bench_emit (&(BenchLine){ "score_deal_ms", "ms", bench_percentile (scored, 50),
                            bench_percentile (read, 50), 1, note });
  return TRUE;
}

gboolean
bench_scores (RapportStore *store,
              const char   *path,
              guint         n_deals,
              double        deals_scan_ms,
              GError      **error)
{
  g_autoptr(GPtrArray) pipelines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) open_deals = g_ptr_array_new_with_free_func (g_free);
  double runs[RUNS];
  sqlite3 *raw;
  gboolean ok;

  if (!(raw = bench_raw_open (path, error)))
    return FALSE;
  ok = read_ids (raw, pipelines, open_deals, error) &&
       time_training (raw, pipelines, n_deals, deals_scan_ms, error) &&
       time_one_deal (raw, pipelines->pdata[0], open_deals, error);
  sqlite3_close (raw);
  if (!ok)
    return FALSE;

  for (guint r = 0; r < RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();

      if (!rapport_store_rescore_deals (store, error))
        return FALSE;
      runs[r] = bench_elapsed_ms (start);
    }
  bench_emit (&(BenchLine){ "score_keep_all_ms", "ms", median (runs), BENCH_NONE, BENCH_NONE,
                            "every open deal scored and kept where lists sort by it, after the "
                            "first run only the changes written" });
  return TRUE;
}
