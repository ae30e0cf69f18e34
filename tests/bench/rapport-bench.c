/* rapport-bench.c: the performance budgets of DESIGN.md, measured
 *
 * Generates the reference data (100k contacts and what goes with them) and the
 * stress data (1M contacts) into temporary databases, through the bulk write a
 * first sync uses, then times what a user feels: opening the big list, jumping
 * in it, searching as they type, saving an edit, and the memory a list holds
 * after scrolling through everything. Each figure comes with what plain SQLite
 * does on the same machine in the same run, so that a slow machine does not
 * pass for a slow store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bench-baseline.h"
#include "bench-data.h"
#include "bench-documents.h"
#include "bench-load.h"
#include "bench-orders.h"
#include "bench-report.h"
#include "bench-reports.h"
#include "rapport-query.h"
#include "rapport-store.h"
#include "rapport-text.h"

#define VISIBLE_ROWS   50  /* rows a list window shows */
#define FULL_CONTACTS  1000000
#define QUICK_CONTACTS 20000

/* Names, an email and phones typed letter by letter into a search field. */
static const char * const typed_texts[] = {
  "zhang", "müller", "张三丰", "lee", "søren", "josé garcía", "anna.schmidt", "+49 170", "8613",
};

static const char * const required_figures[] = {
  "bulk_insert_rate", "open_1m_list_ms", "jump_ms", "jump_p95_ms", "search_keystroke_p50_ms",
  "search_keystroke_p95_ms", "list_search_p50_ms", "list_search_p95_ms", "segment_count_ms",
  "save_one_record_ms", "save_one_record_p95_ms", "rss_after_scroll_mb", "quote_500_lines_recompute_ms",
  "orders_20k_list_ms", "orders_20k_search_p50_ms", "quote_500_lines_open_ms",
  "quote_500_lines_arithmetic_us", "report_win_rate_ms", "report_stage_velocity_ms",
  "report_funnel_ms", NULL
};

typedef struct
{
  char            *dir;            /* (owned) */
  guint            contacts;       /* in the stress database */
  double           scale;          /* of the reference data */
  gboolean         quick;
  GRand           *rand;           /* (owned) */
  RapportStore    *store;          /* (owned) (nullable): the stress database */
  sqlite3         *stress_raw;     /* (owned) (nullable): a plain connection to it */
  sqlite3         *raw;            /* (owned) (nullable): plain tables, the baseline */
  guint            raw_contacts;
  RapportSnapshot *list;           /* (owned) (nullable): all contacts by name */
} Bench;

static int opt_contacts;
static char *opt_dir;
static gboolean opt_quick;
static gboolean opt_keep;
static gboolean opt_check;
static gboolean opt_reports_only;
static char *opt_scroll_rss;

static const GOptionEntry option_entries[] = {
  { "contacts", 0, 0, G_OPTION_ARG_INT, &opt_contacts,
    "Contacts in the stress database (reference data scales along)", "N" },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Where to make the temporary databases", "DIR" },
  { "quick", 0, 0, G_OPTION_ARG_NONE, &opt_quick, "A small run for development", NULL },
  { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the databases for inspection", NULL },
  { "check", 0, 0, G_OPTION_ARG_NONE, &opt_check,
    "Run, then fail unless every line is a well-formed figure", NULL },
  { "reports-only", 0, 0, G_OPTION_ARG_NONE, &opt_reports_only,
    "Only the sales reports on 50,000 deals", NULL },
  { "scroll-rss", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &opt_scroll_rss, NULL, NULL },
  { NULL }
};

static double
file_size_mb (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;
  double size = 0;

  if (g_stat (path, &st) == 0)
    size += st.st_size;
  if (g_stat (wal, &st) == 0)
    size += st.st_size;
  return size / (1024.0 * 1024.0);
}

static void
emit_load (const char      *name,
           const BenchLoadStats *stats,
           const char      *path)
{
  g_autofree char *bench = NULL;
  g_autofree char *note = g_strdup_printf ("%u records", stats->n_records);

  bench = g_strdup_printf ("generate_%s_s", name);
  bench_emit (&(BenchLine) { bench, "s", stats->generate_s, BENCH_NONE, BENCH_NONE, note });
  g_free (bench);
  bench = g_strdup_printf ("load_%s_s", name);
  bench_emit (&(BenchLine) { bench, "s", stats->store_s, BENCH_NONE, BENCH_NONE,
                             "rapport_store_write_synced, 5000 records per call" });
  g_free (bench);
  bench = g_strdup_printf ("db_size_%s_mb", name);
  bench_emit (&(BenchLine) { bench, "MB", file_size_mb (path), BENCH_NONE, BENCH_NONE, NULL });
}

static gboolean
load_reference (Bench   *bench,
                GError **error)
{
  g_autofree char *path = g_build_filename (bench->dir, "reference.db", NULL);
  g_autofree char *raw_path = g_build_filename (bench->dir, "baseline.db", NULL);
  g_autofree char *note = NULL;
  g_autoptr(RapportStore) store = NULL;
  BenchLoadStats stats = { 0 };

  g_printerr ("# Loading the reference data into %s\n", path);
  bench->raw_contacts = MAX (1, (guint) (100000 * bench->scale));
  if (!(store = rapport_store_open (path, error)) ||
      !(bench->raw = bench_raw_open (raw_path, error)) ||
      !bench_load (store, bench->raw, bench->raw_contacts, bench->scale, TRUE, &stats, error))
    return FALSE;

  note = g_strdup_printf ("all record types of the reference data, %u records; baseline: the"
                          " same rows into plain tables, one prepared statement and one"
                          " transaction per page", stats.n_records);
  bench_emit (&(BenchLine) { "bulk_insert_rate", "records/s", stats.n_records / stats.store_s,
                             stats.n_records / stats.raw_s, BENCH_NONE, note });
  bench_emit (&(BenchLine) { "json_parse_rate", "records/s", stats.n_records / stats.parse_s,
                             BENCH_NONE, BENCH_NONE,
                             "json-glib parsing the same records from JSON text, page by page" });
  /* A sync that parses ahead of the writer goes at most as fast as the
   * writer: this bounds the first sync that rapport-bench-sync measures. */
  bench_emit (&(BenchLine) { "write_synced_vs_parse_pct", "%",
                             100 * stats.parse_s / stats.store_s, BENCH_NONE, BENCH_NONE,
                             "write_synced rate against json-glib's parse rate on the same"
                             " pages: the most a first sync can reach of the parse rate" });
  emit_load ("reference", &stats, path);
  return TRUE;
}

static gboolean
load_stress (Bench   *bench,
             GError **error)
{
  g_autofree char *path = g_build_filename (bench->dir, "stress.db", NULL);
  g_autofree char *note = NULL;
  g_autoptr(RapportStore) store = NULL;
  BenchLoadStats stats = { 0 };
  gint64 start;

  g_printerr ("# Loading the stress data into %s\n", path);
  if (!(store = rapport_store_open (path, error)) ||
      !bench_load (store, NULL, bench->contacts, bench->scale, FALSE, &stats, error))
    return FALSE;
  g_clear_object (&store);

  note = g_strdup_printf ("%u contacts and the reference companies, deals and cases",
                          bench->contacts);
  bench_emit (&(BenchLine) { "bulk_insert_stress_rate", "records/s",
                             stats.n_records / stats.store_s, BENCH_NONE, BENCH_NONE, note });
  emit_load ("stress", &stats, path);

  /* What the application does at start-up, before any list opens. */
  start = g_get_monotonic_time ();
  if (!(bench->store = rapport_store_open (path, error)))
    return FALSE;
  bench_emit (&(BenchLine) { "store_open_ms", "ms", bench_elapsed_ms (start), BENCH_NONE,
                             BENCH_NONE, "rapport_store_open of the stress database" });

  bench->stress_raw = bench_raw_open (path, error);
  return bench->stress_raw != NULL;
}

/* What a list view does when it opens: the snapshot, then the first rows. */
static RapportSnapshot *
open_list (RapportStore *store,
           const char   *search,
           GError      **error)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("contact");
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  rapport_query_set_search (query, search);
  if (!(snapshot = rapport_store_snapshot (store, query, error)) ||
      !(rows = rapport_store_fetch (store, snapshot, 0, VISIBLE_ROWS, error)))
    return NULL;
  return g_steal_pointer (&snapshot);
}

static gboolean
bench_open (Bench   *bench,
            GError **error)
{
  guint runs = bench->quick ? 3 : 7;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *note = NULL;
  sqlite3_stmt *stmt;
  double first = 0;
  int rc = SQLITE_DONE;

  g_printerr ("# Opening the list of %u contacts\n", bench->contacts);
  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GPtrArray) nothing = g_ptr_array_new ();
      gint64 start;
      double t;

      /* A commit in between, as a sync would make, so that every run reads
       * the list from the database rather than from the store's cache of it. */
      if (!rapport_store_write_synced (bench->store, "contact", nothing, error))
        return FALSE;
      start = g_get_monotonic_time ();
      g_clear_pointer (&bench->list, rapport_snapshot_unref);
      if (!(bench->list = open_list (bench->store, NULL, error)))
        return FALSE;
      t = bench_elapsed_ms (start);
      if (i == 0)
        first = t;
      g_array_append_val (ms, t);
    }

  if (!(stmt = bench_raw_prepare (bench->stress_raw,
                                  "SELECT rowid FROM contacts ORDER BY sort_key", error)))
    return FALSE;
  for (guint i = 0; i < runs && rc == SQLITE_DONE; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double t;

      g_array_set_size (rowids, 0);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (rowids, rowid);
        }
      sqlite3_reset (stmt);
      t = bench_elapsed_ms (start);
      g_array_append_val (raw_ms, t);
    }
  if (rc != SQLITE_DONE)
    bench_sqlite_error (error, bench->stress_raw);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return FALSE;

  note = g_strdup_printf ("%u rows by name, snapshot + first %d rows; median of %u, first %.1f ms;"
                          " baseline: SELECT rowid ORDER BY sort_key into an array",
                          rapport_snapshot_get_n_rows (bench->list), VISIBLE_ROWS, runs, first);
  bench_emit (&(BenchLine) { "open_1m_list_ms", "ms", bench_percentile (ms, 50),
                             bench_percentile (raw_ms, 50), 250, note });
  return TRUE;
}

/* The median and the 95th percentile of @ms, each with the same percentile
 * of @baseline_ms. */
static void
emit_percentiles (const char *median_name,
                  const char *p95_name,
                  GArray     *ms,
                  GArray     *baseline_ms,
                  double      median_budget,
                  double      p95_budget,
                  const char *note)
{
  bench_emit (&(BenchLine) { median_name, "ms", bench_percentile (ms, 50),
                             bench_percentile (baseline_ms, 50), median_budget, note });
  bench_emit (&(BenchLine) { p95_name, "ms", bench_percentile (ms, 95),
                             bench_percentile (baseline_ms, 95), p95_budget, NULL });
}

/* A dynamic segment with three conditions, counted as the sidebar counts
 * it: the filter language's SQL through a snapshot, against the same
 * conditions written by hand in SQL (an ASCII lower() where the filter
 * folds accents). */
static gboolean
bench_segment (Bench   *bench,
               GError **error)
{
  static const char filter_text[] =
    "lifecycle = customer and company.industry in (Retail, Logistics) and created_at in last 3650 days";
  static const char raw_sql[] =
    "SELECT count(*) FROM contacts AS t WHERE t.lifecycle = 'customer'"
    " AND t.company_id IN (SELECT id FROM companies WHERE lower (industry) IN ('retail', 'logistics'))"
    " AND t.created_at >= ?";
  guint runs = bench->quick ? 3 : 7;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) since = g_date_time_add_days (now, -3650);
  g_autofree char *since_text = g_date_time_format (since, "%Y-%m-%dT00:00:00");
  g_autofree char *note = NULL;
  guint members = 0;
  gint64 raw_count = 0;
  sqlite3_stmt *stmt;
  int rc = SQLITE_ROW;

  g_printerr ("# Counting a segment of %u contacts\n", bench->contacts);
  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(RapportQuery) query = rapport_query_new ("contact");
      g_autoptr(RapportSnapshot) snapshot = NULL;
      g_autoptr(GPtrArray) nothing = g_ptr_array_new ();
      RapportFilter *filter;
      gint64 start;
      double t;

      /* a commit in between, so that the list is read, not taken from the cache */
      if (!rapport_store_write_synced (bench->store, "contact", nothing, error) ||
          !(filter = rapport_filter_parse (rapport_entity_lookup ("contact"), filter_text, error)))
        return FALSE;
      start = g_get_monotonic_time ();
      rapport_query_set_filter (query, filter, NULL);
      if (!(snapshot = rapport_store_snapshot (bench->store, query, error)))
        return FALSE;
      members = rapport_snapshot_get_n_rows (snapshot);
      t = bench_elapsed_ms (start);
      g_array_append_val (ms, t);
    }

  if (!(stmt = bench_raw_prepare (bench->stress_raw, raw_sql, error)))
    return FALSE;
  for (guint i = 0; i < runs && rc == SQLITE_ROW; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double t;

      sqlite3_bind_text (stmt, 1, since_text, -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        raw_count = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      t = bench_elapsed_ms (start);
      g_array_append_val (raw_ms, t);
    }
  if (rc != SQLITE_ROW)
    bench_sqlite_error (error, bench->stress_raw);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return FALSE;

  note = g_strdup_printf ("“%s”: %u members of %u contacts (hand-written SQL: %" G_GINT64_FORMAT
                          "); median of %u; baseline: that SQL's count(*)",
                          filter_text, members, bench->contacts, raw_count, runs);
  bench_emit (&(BenchLine){ "segment_count_ms", "ms", bench_percentile (ms, 50),
                            bench_percentile (raw_ms, 50), 200, note });
  return TRUE;
}

static gboolean
bench_jump (Bench   *bench,
            GError **error)
{
  guint n_rows = rapport_snapshot_get_n_rows (bench->list);
  guint n_jumps = 200;
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt;

  g_printerr ("# Jumping to %u positions\n", n_jumps);
  for (guint i = 0; i < n_jumps; i++)
    {
      guint position = g_rand_int_range (bench->rand, 0, MAX (1, n_rows - VISIBLE_ROWS));

      g_array_append_val (positions, position);
    }

  for (guint i = 0; i < n_jumps; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) rows = rapport_store_fetch (bench->store, bench->list,
                                                       g_array_index (positions, guint, i),
                                                       VISIBLE_ROWS, error);
      double t = bench_elapsed_ms (start);

      if (rows == NULL)
        return FALSE;
      g_array_append_val (ms, t);
    }

  if (!(stmt = bench_raw_prepare (bench->stress_raw, "SELECT * FROM contacts WHERE rowid = ?",
                                  error)))
    return FALSE;
  for (guint i = 0; i < n_jumps; i++)
    {
      guint position = g_array_index (positions, guint, i);
      guint end = MIN (position + VISIBLE_ROWS, n_rows);
      gint64 start = g_get_monotonic_time ();
      double t;

      for (guint p = position; p < end; p++)
        bench_raw_read_row (stmt, rapport_snapshot_get_rowid (bench->list, p));
      t = bench_elapsed_ms (start);
      g_array_append_val (raw_ms, t);
    }
  sqlite3_finalize (stmt);

  emit_percentiles ("jump_ms", "jump_p95_ms", ms, raw_ms, 16, 16,
                    "median of 200 fetches of 50 rows at random positions; baseline:"
                    " 50 SELECT * WHERE rowid = ?");
  return TRUE;
}

static gboolean
time_raw_match (sqlite3_stmt *stmt,
                const char   *match,
                BenchSeries       *series,
                const char   *typed,
                GError      **error)
{
  gint64 start = g_get_monotonic_time ();

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  if (bench_raw_count_rows (stmt, error) < 0)
    return FALSE;
  bench_series_add (series, bench_elapsed_ms (start), typed);
  return TRUE;
}

/* One keystroke: the search popover, the filtered list, and plain FTS5. */
static gboolean
time_keystroke (Bench        *bench,
                const char   *typed,
                sqlite3_stmt *raw_limited,
                sqlite3_stmt *raw_all,
                BenchSeries       *series,
                guint        *max_matches,
                GError      **error)
{
  g_autofree char *match = rapport_text_fts_query (typed);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(RapportSnapshot) snapshot = NULL;
  gint64 start;

  /* "+" alone searches for nothing and costs nothing. */
  if (match == NULL)
    return TRUE;

  start = g_get_monotonic_time ();
  if (!(hits = rapport_store_search (bench->store, typed, 50, error)))
    return FALSE;
  bench_series_add (&series[0], bench_elapsed_ms (start), typed);

  start = g_get_monotonic_time ();
  if (!(snapshot = open_list (bench->store, typed, error)))
    return FALSE;
  bench_series_add (&series[1], bench_elapsed_ms (start), typed);
  *max_matches = MAX (*max_matches, rapport_snapshot_get_n_rows (snapshot));

  return time_raw_match (raw_limited, match, &series[2], typed, error) &&
         time_raw_match (raw_all, match, &series[3], typed, error);
}

static gboolean
bench_search (Bench   *bench,
              GError **error)
{
  guint passes = bench->quick ? 1 : 3;
  BenchSeries series[4];  /* global search, list search, and their baselines */
  sqlite3_stmt *raw_limited = NULL, *raw_all = NULL;
  g_autofree char *global_note = NULL;
  g_autofree char *list_note = NULL;
  guint max_matches = 0;
  gboolean ok = TRUE;

  g_printerr ("# Searching as you type\n");
  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    bench_series_init (&series[i]);

  raw_limited = bench_raw_prepare (bench->stress_raw,
                                   "SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?"
                                   " LIMIT 50", error);
  if (raw_limited != NULL)
    raw_all = bench_raw_prepare (bench->stress_raw,
                                 "SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?",
                                 error);
  ok = raw_all != NULL;

  for (guint pass = 0; ok && pass < passes; pass++)
    for (guint t = 0; ok && t < G_N_ELEMENTS (typed_texts); t++)
      for (glong k = 1; ok && k <= g_utf8_strlen (typed_texts[t], -1); k++)
        {
          g_autofree char *typed = g_utf8_substring (typed_texts[t], 0, k);

          ok = time_keystroke (bench, typed, raw_limited, raw_all, series, &max_matches, error);
        }

  if (ok)
    {
      global_note = g_strdup_printf ("rapport_store_search (limit 50) per keystroke, %u"
                                     " keystrokes; slowest “%s” %.1f ms; baseline: FTS5"
                                     " MATCH LIMIT 50 on contacts", series[0].ms->len,
                                     series[0].worst_text, series[0].worst);
      list_note = g_strdup_printf ("snapshot with rapport_query_set_search (all matches by name)"
                                   " + first %d rows; up to %u matches; slowest “%s” %.1f ms;"
                                   " baseline: all FTS5 matches, unsorted", VISIBLE_ROWS,
                                   max_matches, series[1].worst_text, series[1].worst);
      emit_percentiles ("search_keystroke_p50_ms", "search_keystroke_p95_ms", series[0].ms,
                        series[2].ms, 5, 30, global_note);
      emit_percentiles ("list_search_p50_ms", "list_search_p95_ms", series[1].ms, series[3].ms,
                        5, 30, list_note);
    }

  sqlite3_finalize (raw_limited);
  sqlite3_finalize (raw_all);
  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    bench_series_clear (&series[i]);
  return ok;
}

static char *
contact_id_at (Bench   *bench,
               guint    position,
               GError **error)
{
  g_autoptr(GPtrArray) rows = rapport_store_fetch (bench->store, bench->list, position, 1, error);

  if (rows == NULL || rows->len == 0 || g_ptr_array_index (rows, 0) == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member (g_ptr_array_index (rows, 0), "id"));
}

static gboolean
bench_save (Bench   *bench,
            GError **error)
{
  guint n_saves = bench->quick ? 50 : 200;
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt;

  g_printerr ("# Saving %u edits\n", n_saves);
  for (guint i = 0; i < n_saves; i++)
    {
      guint position = g_rand_int_range (bench->rand, 0, rapport_snapshot_get_n_rows (bench->list));
      g_autofree char *id = contact_id_at (bench, position, error);
      g_autoptr(JsonObject) changes = json_object_new ();
      g_autoptr(JsonObject) saved = NULL;
      g_autofree char *title = g_strdup_printf ("Benchmark edit %u", i);
      gint64 start;
      double t;

      if (id == NULL)
        return FALSE;
      json_object_set_string_member (changes, "title", title);
      start = g_get_monotonic_time ();
      if (!(saved = rapport_store_update (bench->store, "contact", id, changes, error)))
        return FALSE;
      t = bench_elapsed_ms (start);
      g_array_append_val (ms, t);
    }

  if (!bench_raw_exec (bench->raw, "PRAGMA synchronous = FULL", error) ||
      !(stmt = bench_raw_prepare (bench->raw, "UPDATE contacts SET title = ? WHERE rowid = ?",
                                  error)))
    return FALSE;
  for (guint i = 0; i < n_saves; i++)
    {
      g_autofree char *title = g_strdup_printf ("Benchmark edit %u", i);
      gint64 start = g_get_monotonic_time ();
      double t;
      int rc;

      sqlite3_bind_text (stmt, 1, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, g_rand_int_range (bench->rand, 1, bench->raw_contacts + 1));
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      t = bench_elapsed_ms (start);
      if (rc != SQLITE_DONE)
        {
          bench_sqlite_error (error, bench->raw);
          sqlite3_finalize (stmt);
          return FALSE;
        }
      g_array_append_val (raw_ms, t);
    }
  sqlite3_finalize (stmt);

  emit_percentiles ("save_one_record_ms", "save_one_record_p95_ms", ms, raw_ms, 5, 5,
                    "rapport_store_update of one contact field (row + outbox,"
                    " synchronous=FULL); baseline: one UPDATE in a WAL database with"
                    " synchronous=FULL");
  return TRUE;
}

static guint64
read_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, field)))
    return 0;
  return g_ascii_strtoull (line + strlen (field), NULL, 10);
}

/* The child of bench_rss(): a fresh process, like the application, that
 * scrolls through the whole list a page at a time and drops each page. */
static int
scroll_rss_main (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStore) store = rapport_store_open (path, &error);
  g_autoptr(RapportSnapshot) snapshot = NULL;
  guint64 before_kb;
  gint64 start;

  if (store == NULL || !(snapshot = open_list (store, NULL, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  before_kb = read_status_kb ("VmRSS:");
  start = g_get_monotonic_time ();
  for (guint position = 0; position < rapport_snapshot_get_n_rows (snapshot);
       position += VISIBLE_ROWS)
    {
      g_autoptr(GPtrArray) rows = rapport_store_fetch (store, snapshot, position, VISIBLE_ROWS,
                                                       &error);

      if (rows == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }

  g_print ("%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %.1f\n",
           read_status_kb ("VmRSS:"), read_status_kb ("VmHWM:"), before_kb,
           bench_elapsed_ms (start));
  return 0;
}

static gboolean
bench_rss (Bench   *bench,
           GError **error)
{
  g_autofree char *path = g_build_filename (bench->dir, "stress.db", NULL);
  const char *argv[] = { "/proc/self/exe", "--scroll-rss", path, NULL };
  g_autofree char *output = NULL;
  g_autofree char *note = NULL;
  guint64 rss_kb, hwm_kb, before_kb;
  double ms;
  int status;

  g_printerr ("# Scrolling through the whole list\n");
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL,
                     &status, error) ||
      !g_spawn_check_wait_status (status, error))
    return FALSE;
  if (sscanf (output, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %lf",
              &rss_kb, &hwm_kb, &before_kb, &ms) != 4)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Unexpected output: %s", output);
      return FALSE;
    }

  note = g_strdup_printf ("VmRSS of a fresh process after fetching all %u rows %d at a time in"
                          " %.1f s; %.1f MB before scrolling, peak %.1f MB", bench->contacts,
                          VISIBLE_ROWS, ms / 1000, before_kb / 1024.0, hwm_kb / 1024.0);
  bench_emit (&(BenchLine) { "rss_after_scroll_mb", "MB", rss_kb / 1024.0, BENCH_NONE, 150,
                             note });
  return TRUE;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
bench_clear (Bench *bench)
{
  g_clear_pointer (&bench->list, rapport_snapshot_unref);
  g_clear_object (&bench->store);
  g_clear_pointer (&bench->stress_raw, sqlite3_close);
  g_clear_pointer (&bench->raw, sqlite3_close);
  g_clear_pointer (&bench->rand, g_rand_free);
  if (bench->dir != NULL && !opt_keep)
    remove_dir (bench->dir);
  else if (bench->dir != NULL)
    g_printerr ("# The databases are kept in %s\n", bench->dir);
  g_clear_pointer (&bench->dir, g_free);
}

static int
run (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = NULL;
  const char *parent = opt_dir ? opt_dir : g_get_tmp_dir ();
  Bench bench = { 0 };
  gboolean ok;

  bench.quick = opt_quick;
  bench.contacts = opt_contacts > 0 ? (guint) opt_contacts
                                    : opt_quick ? QUICK_CONTACTS : FULL_CONTACTS;
  bench.scale = MIN (1.0, bench.contacts / (double) FULL_CONTACTS);
  bench.rand = g_rand_new_with_seed (BENCH_SEED);

  g_mkdir_with_parents (parent, 0700);
  template = g_build_filename (parent, "rapport-bench-XXXXXX", NULL);
  if (!(bench.dir = g_mkdtemp (g_steal_pointer (&template))))
    {
      g_printerr ("Could not make a directory in %s: %s\n", parent, g_strerror (errno));
      return 1;
    }

  ok = bench_reports (bench.dir, bench.quick, &error) &&
       (opt_reports_only ||
        (bench_document_totals (bench.rand, bench.quick, &error) &&
         bench_orders (bench.dir, bench.rand, bench.quick, &error) &&
         load_reference (&bench, &error) &&
         load_stress (&bench, &error) &&
         bench_open (&bench, &error) &&
         bench_jump (&bench, &error) &&
         bench_search (&bench, &error) &&
         bench_segment (&bench, &error) &&
         bench_save (&bench, &error) &&
         bench_rss (&bench, &error)));
  if (!ok)
    g_printerr ("The benchmark failed: %s\n", error->message);
  bench_clear (&bench);
  return ok ? 0 : 1;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(GOptionContext) context = g_option_context_new ("- measure Rapport against its"
                                                            " performance budgets");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, option_entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (opt_scroll_rss != NULL)
    return scroll_rss_main (opt_scroll_rss);
  if (opt_check)
    return bench_check_run (args, required_figures);
  return run ();
}
