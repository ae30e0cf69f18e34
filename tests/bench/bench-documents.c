/* bench-documents.c: recomputing a quote's money
 *
 * Issue 15's budget: a quote of 500 lines recomputes in at most 5 ms. The
 * client does it on every edit and load, the server on every write, from
 * the records' JSON, so the figure is rapport_document_compute() (the
 * document's totals and each line's own amounts, written into the records)
 * on 500 lines: two tax rates, line discounts, a header discount, tax per
 * document (the mode with the most work: one apportioning per rate). Its
 * baseline is the least any recomputation from JSON does: reading each
 * line's quantity and price and adding up their products. A second figure
 * times the arithmetic alone, against the same products summed from C
 * arrays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include "bench-documents.h"
#include "bench-report.h"
#include "rapport-derived.h"
#include "rapport-document-totals.h"

#define N_LINES 500
#define BATCH 20 /* recomputations per timed sample: one takes microseconds */
#define BUDGET_MS 5

static volatile gint64 sink; /* keeps the baselines from being optimised away */

static JsonObject *
make_line (GRand               *rand,
           RapportDocumentLine *line)
{
  static const gint64 rates[] = { 190000, 70000 };
  JsonObject         *object = json_object_new ();

  line->kind = RAPPORT_LINE_KIND_NORMAL;
  line->qty_milli = g_rand_int_range (rand, 1, 50) * 1000 + g_rand_int_range (rand, 0, 2) * 500;
  line->unit_price_x100 = g_rand_int_range (rand, 1, 2000000);
  line->has_discount_ppm = g_rand_int_range (rand, 0, 3) == 0;
  line->discount_ppm = line->has_discount_ppm ? g_rand_int_range (rand, 0, 300000) : 0;
  line->n_tax_rates = 1;
  line->tax_rates_ppm[0] = rates[g_rand_int_range (rand, 0, 2)];

  json_object_set_string_member (object, "id", "00000000-0000-4000-8000-000000000000");
  json_object_set_int_member (object, "qty_milli", line->qty_milli);
  json_object_set_int_member (object, "unit_price_x100", line->unit_price_x100);
  if (line->has_discount_ppm)
    json_object_set_int_member (object, "discount_ppm", line->discount_ppm);
  json_object_set_int_member (object, "tax_rate_ppm", line->tax_rates_ppm[0]);
  return object;
}

/* Milliseconds per recomputation: the median of @samples batches. */
static double
median_ms (GArray *samples)
{
  return bench_percentile (samples, 50) / BATCH;
}

gboolean
bench_document_totals (GRand   *rand,
                       gboolean quick,
                       GError **error)
{
  guint n_samples = quick ? 25 : 200;
  g_autoptr(JsonObject) document = json_object_new ();
  g_autoptr(JsonArray) lines = json_array_new ();
  RapportDocumentLine parsed[N_LINES] = { 0 };
  RapportDocument     input = { "EUR", RAPPORT_TAX_MODE_PER_DOCUMENT, TRUE, 50000 };
  g_autoptr(GArray) json_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) json_base_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) core_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) core_base_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *note = NULL;

  g_printerr ("# Recomputing a quote of %d lines\n", N_LINES);
  json_object_set_string_member (document, "currency", "EUR");
  json_object_set_string_member (document, "tax_mode", "per_document");
  json_object_set_int_member (document, "discount_ppm", 50000);
  for (guint i = 0; i < N_LINES; i++)
    json_array_add_object_element (lines, make_line (rand, &parsed[i]));
  input.lines = parsed;
  input.n_lines = N_LINES;

  for (guint s = 0; s < n_samples; s++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      for (guint b = 0; b < BATCH; b++)
        {
          if (!rapport_document_compute (document, lines, error))
            return FALSE;
          sink = json_object_get_int_member (document, "total");
        }
      ms = bench_elapsed_ms (start);
      g_array_append_val (json_ms, ms);

      start = g_get_monotonic_time ();
      for (guint b = 0; b < BATCH; b++)
        {
          gint64 sum = 0;

          for (guint i = 0; i < N_LINES; i++)
            {
              JsonObject *line = json_array_get_object_element (lines, i);

              sum += json_object_get_int_member (line, "qty_milli") *
                     json_object_get_int_member (line, "unit_price_x100") / 100000;
            }
          sink = sum;
        }
      ms = bench_elapsed_ms (start);
      g_array_append_val (json_base_ms, ms);

      start = g_get_monotonic_time ();
      for (guint b = 0; b < BATCH; b++)
        {
          g_autoptr(RapportDocumentTotals) totals = rapport_document_totals_compute (&input, error);

          if (totals == NULL)
            return FALSE;
          sink = totals->total;
        }
      ms = bench_elapsed_ms (start);
      g_array_append_val (core_ms, ms);

      start = g_get_monotonic_time ();
      for (guint b = 0; b < BATCH; b++)
        {
          gint64 sum = 0;

          for (guint i = 0; i < N_LINES; i++)
            sum += parsed[i].qty_milli * parsed[i].unit_price_x100 / 100000;
          sink = sum;
        }
      ms = bench_elapsed_ms (start);
      g_array_append_val (core_base_ms, ms);
    }

  note = g_strdup_printf ("rapport_document_compute, %d lines, 2 tax rates, per_document,"
                          " header and line discounts, median of %u batches of %d; baseline:"
                          " reading qty and price of each line and summing the products",
                          N_LINES, n_samples, BATCH);
  bench_emit (&(BenchLine){ "quote_500_lines_recompute_ms", "ms", median_ms (json_ms),
                            median_ms (json_base_ms), BUDGET_MS, note });
  g_free (note);
  note = g_strdup_printf ("rapport_document_totals_compute on the same %d lines, no JSON;"
                          " baseline: the same int64 products summed from C arrays",
                          N_LINES);
  /* In microseconds: the baseline is below what milliseconds print. */
  bench_emit (&(BenchLine){ "quote_500_lines_arithmetic_us", "us", 1000 * median_ms (core_ms),
                            1000 * median_ms (core_base_ms), BENCH_NONE, note });
  return TRUE;
}
