/* bench-orders.c: 20,000 orders listed and searched, a 500-line quote opened
 *
 * Issue 15's budgets beside the store's: 20,000 sales orders list and
 * search within the store's budgets (5 ms for the first page and for a
 * search p50), and a quote of 500 lines opens in at most 100 ms: the quote
 * read, its lines read in order, its totals and each line's amounts
 * computed, as the quote page does. The records are written as a first
 * sync would write them. Baselines: the same reads on a plain SQLite
 * connection to the same file, without the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include "bench-baseline.h"
#include "bench-orders.h"
#include "bench-report.h"
#include "rapport-derived.h"
#include "rapport-query.h"
#include "rapport-store-children.h"
#include "rapport-uuid.h"

#define N_ORDERS 20000
#define N_LINES  500
#define PAGE     50

static const char * const customers[] = {
  "Huaxia Office Supply", "Nordlicht GmbH", "Shenzhen Bright Tech", "Kyoto Paper Works",
  "Atlas Logistics", "北京新华办公", "上海东方贸易", "Lumen Studio",
};

static JsonObject *
synced (const char *id,
        gint64      version)
{
  JsonObject *record = json_object_new ();

  json_object_set_string_member (record, "id", id);
  json_object_set_int_member (record, "version", version);
  json_object_set_string_member (record, "created_at", "2026-03-02T09:00:00Z");
  json_object_set_string_member (record, "updated_at", "2026-03-02T09:00:00Z");
  return record;
}

static gboolean
write_orders (RapportStore *store,
              GRand        *rand,
              GError      **error)
{
  for (guint start = 0; start < N_ORDERS; start += 500)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

      for (guint i = start; i < start + 500; i++)
        {
          g_autofree char *id = rapport_uuid_v7_new ();
          g_autofree char *number = g_strdup_printf ("SO-2026-%05u", i + 1);
          g_autofree char *title = g_strdup_printf ("%s order %u",
                                                    customers[g_rand_int_range (rand, 0, G_N_ELEMENTS (customers))],
                                                    i + 1);
          JsonObject *order = synced (id, 1);

          json_object_set_string_member (order, "title", title);
          json_object_set_string_member (order, "number", number);
          json_object_set_string_member (order, "state", "confirmed");
          json_object_set_string_member (order, "currency", "CNY");
          json_object_set_int_member (order, "total", g_rand_int_range (rand, 1000, 10000000));
          g_ptr_array_add (page, order);
        }
      if (!rapport_store_write_synced (store, "sales_order", page, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * bench_write_quote:
 *
 * A quote of 500 lines, written as a first sync writes it.
 *
 * Returns: (transfer full): its id
 */
char *
bench_write_quote (RapportStore *store,
                   GRand        *rand,
                   GError      **error)
{
  g_autofree char *id = rapport_uuid_v7_new ();
  g_autoptr(GPtrArray) quotes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonObject *quote = synced (id, 1);

  json_object_set_string_member (quote, "title", "Fit-out, 500 lines");
  json_object_set_string_member (quote, "currency", "CNY");
  json_object_set_string_member (quote, "tax_mode", "per_document");
  json_object_set_int_member (quote, "discount_ppm", 50000);
  g_ptr_array_add (quotes, quote);
  if (!rapport_store_write_synced (store, "quote", quotes, error))
    return NULL;
  for (guint i = 0; i < N_LINES; i++)
    {
      g_autofree char *line_id = rapport_uuid_v7_new ();
      g_autofree char *position = g_strdup_printf ("p%05u", i);
      g_autofree char *description = g_strdup_printf ("Item %u", i + 1);
      JsonObject *line = synced (line_id, 1);

      json_object_set_string_member (line, "quote_id", id);
      json_object_set_string_member (line, "position", position);
      json_object_set_string_member (line, "description", description);
      json_object_set_int_member (line, "qty_milli", g_rand_int_range (rand, 1, 50) * 1000);
      json_object_set_int_member (line, "unit_price_x100", g_rand_int_range (rand, 1, 2000000));
      json_object_set_int_member (line, "tax_rate_ppm", 130000);
      g_ptr_array_add (lines, line);
    }
  if (!rapport_store_write_synced (store, "quote_line", lines, error))
    return NULL;
  return g_steal_pointer (&id);
}

/* Milliseconds of the first page of @query. */
static gboolean
time_page (RapportStore *store,
           RapportQuery *query,
           GArray       *ms,
           guint        *n_rows,
           GError      **error)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, query, error);
  g_autoptr(GPtrArray) rows = NULL;
  double elapsed;

  if (snapshot == NULL ||
      !(rows = rapport_store_fetch (store, snapshot, 0,
                                    MIN (PAGE, rapport_snapshot_get_n_rows (snapshot)), error)))
    return FALSE;
  elapsed = bench_elapsed_ms (start);
  g_array_append_val (ms, elapsed);
  *n_rows = rapport_snapshot_get_n_rows (snapshot);
  return TRUE;
}

static gboolean
time_raw (sqlite3_stmt *stmt,
          const char   *text,
          GArray       *ms)
{
  gint64 start = g_get_monotonic_time ();
  double elapsed;

  sqlite3_reset (stmt);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  elapsed = bench_elapsed_ms (start);
  g_array_append_val (ms, elapsed);
  return TRUE;
}

gboolean
bench_orders (const char *dir,
              GRand      *rand,
              gboolean    quick,
              GError    **error)
{
  static const char * const typed[] = { "SO-2026-012", "Nordlicht", "北京", "order 1999" };
  g_autofree char *path = g_build_filename (dir, "orders.db", NULL);
  g_autoptr(RapportStore) store = NULL;
  g_autofree char *quote_id = NULL;
  sqlite3 *raw = NULL;
  sqlite3_stmt *raw_list = NULL, *raw_search = NULL, *raw_lines = NULL;
  g_autoptr(GArray) list_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) list_base = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) search_base = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open_base = g_array_new (FALSE, FALSE, sizeof (double));
  guint rounds = quick ? 10 : 50;
  gboolean ok = FALSE;

  g_printerr ("# 20,000 sales orders and a quote of 500 lines\n");
  if (!(store = rapport_store_open (path, error)) || !write_orders (store, rand, error) ||
      !(quote_id = bench_write_quote (store, rand, error)) || !(raw = bench_raw_open (path, error)))
    goto out;
  raw_list = bench_raw_prepare (raw, "SELECT * FROM sales_orders ORDER BY sort_key LIMIT 50",
                                error);
  raw_search = raw_list ? bench_raw_prepare (raw, "SELECT rowid FROM sales_orders_fts"
                                                  " WHERE sales_orders_fts MATCH ? LIMIT 50",
                                             error)
                        : NULL;
  raw_lines = raw_search ? bench_raw_prepare (raw, "SELECT * FROM quote_lines WHERE quote_id = ?"
                                                   " ORDER BY position, id", error)
                         : NULL;
  if (raw_lines == NULL)
    goto out;

  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(RapportQuery) list = rapport_query_new ("sales_order");
      guint n_rows;

      if (!time_page (store, list, list_ms, &n_rows, error))
        goto out;
      time_raw (raw_list, NULL, list_base);
      for (guint t = 0; t < G_N_ELEMENTS (typed); t++)
        {
          g_autoptr(RapportQuery) search = rapport_query_new ("sales_order");
          g_autofree char *quoted = g_strdup_printf ("\"%s\"", typed[t]);

          rapport_query_set_search (search, typed[t]);
          if (!time_page (store, search, search_ms, &n_rows, error))
            goto out;
          /* A search that finds nothing would time nothing. */
          if (n_rows == 0)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "No order found for “%s”",
                           typed[t]);
              goto out;
            }
          time_raw (raw_search, quoted, search_base);
        }
      {
        gint64 start = g_get_monotonic_time ();
        g_autoptr(JsonObject) quote = rapport_store_get (store, "quote", quote_id, error);
        g_autoptr(GPtrArray) lines = quote ? rapport_store_list_children (store, "quote_line",
                                                                          quote_id, error)
                                           : NULL;
        g_autoptr(JsonArray) family = json_array_new ();
        double elapsed;

        if (lines == NULL || lines->len != N_LINES)
          goto out;
        for (guint i = 0; i < lines->len; i++)
          json_array_add_object_element (family, json_object_ref (g_ptr_array_index (lines, i)));
        rapport_document_compute (quote, family, NULL);
        elapsed = bench_elapsed_ms (start);
        g_array_append_val (open_ms, elapsed);
        time_raw (raw_lines, quote_id, open_base);
      }
    }
  bench_emit (&(BenchLine){ "orders_20k_list_ms", "ms", bench_percentile (list_ms, 50),
                            bench_percentile (list_base, 50), 5,
                            "20,000 sales orders: snapshot by name and the first 50 rows, median;"
                            " baseline: SELECT … ORDER BY sort_key LIMIT 50" });
  bench_emit (&(BenchLine){ "orders_20k_search_p50_ms", "ms", bench_percentile (search_ms, 50),
                            bench_percentile (search_base, 50), 5,
                            "a number, a customer, Chinese text, a phrase: snapshot with the search"
                            " and the first 50 rows; baseline: FTS5 MATCH LIMIT 50" });
  bench_emit (&(BenchLine){ "quote_500_lines_open_ms", "ms", bench_percentile (open_ms, 50),
                            bench_percentile (open_base, 50), 100,
                            "the quote, its 500 lines in order, totals and line amounts computed;"
                            " baseline: SELECT of the 500 rows in order" });
  ok = TRUE;

out:
  sqlite3_finalize (raw_list);
  sqlite3_finalize (raw_search);
  sqlite3_finalize (raw_lines);
  sqlite3_close (raw);
  return ok;
}
