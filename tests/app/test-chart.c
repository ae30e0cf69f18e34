/* test-chart.c: the charts' data, where their bars go, and their tables
 *
 * A chart holds categories (stages, owners, months) with a value and the
 * text a person reads per series; the bar chart draws a stage's open
 * amount as a bar as long as its share of the largest, a stack of months
 * per owner, the funnel narrows with the count, the line rises with it.
 * What the pointer or the keyboard makes current is told as the
 * tooltip. A report's table shows each value as a person reads it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include "rapport-bar-chart.h"
#include "rapport-funnel-chart.h"
#include "rapport-line-chart.h"
#include "rapport-money.h"
#include "rapport-report-table.h"
#include "rapport-test-util.h"

#define WIDTH 600
#define HEIGHT 200

static RapportChart *
stage_chart (void)
{
  RapportChart *chart = RAPPORT_CHART (g_object_ref_sink (rapport_bar_chart_new ()));
  guint lead, proposal, won;

  rapport_chart_add_series (chart, NULL);
  lead = rapport_chart_add_category (chart, "Lead", "stage-1");
  proposal = rapport_chart_add_category (chart, "Proposal", "stage-2");
  won = rapport_chart_add_category (chart, "Negotiation", "stage-3");
  rapport_chart_set_value (chart, lead, 0, 50000, "¥500.00");
  rapport_chart_set_value (chart, proposal, 0, 200000, "¥2,000.00");
  rapport_chart_set_value (chart, won, 0, 0, "¥0.00");
  return chart;
}

static graphene_rect_t
rect_of (RapportChart *chart,
         guint         category,
         guint         series,
         gboolean      drawn)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (0, 0, 0, 0);

  g_assert_cmpint (RAPPORT_CHART_GET_CLASS (chart)->item_rect (chart, WIDTH, HEIGHT, category,
                                                                series, &rect),
                   ==, drawn);
  return rect;
}

static void
test_data (void)
{
  g_autoptr(RapportChart) chart = stage_chart ();
  g_autofree char *told = NULL;

  g_assert_cmpuint (rapport_chart_get_n_categories (chart), ==, 3);
  g_assert_cmpuint (rapport_chart_get_n_series (chart), ==, 1);
  g_assert_cmpstr (rapport_chart_get_category_label (chart, 1), ==, "Proposal");
  g_assert_cmpstr (rapport_chart_get_category_key (chart, 1), ==, "stage-2");
  g_assert_cmpfloat (rapport_chart_get_value (chart, 1, 0), ==, 200000);
  g_assert_cmpstr (rapport_chart_get_text (chart, 0, 0), ==, "¥500.00");
  g_assert_cmpuint (rapport_chart_find_category (chart, "Negotiation"), ==, 2);
  g_assert_cmpuint (rapport_chart_find_category (chart, "Closed"), ==, G_MAXUINT);
  g_assert_cmpfloat (rapport_chart_get_max (chart, FALSE), ==, 200000);
  told = rapport_chart_describe (chart, 1, 0);
  g_assert_cmpstr (told, ==, "Proposal: ¥2,000.00");

  /* Cleared, it is empty, and a value below zero draws no bar backwards. */
  rapport_chart_clear (chart);
  g_assert_cmpuint (rapport_chart_get_n_categories (chart), ==, 0);
  g_assert_cmpfloat (rapport_chart_get_max (chart, FALSE), ==, 1);
  rapport_chart_add_series (chart, NULL);
  rapport_chart_add_category (chart, "Lead", NULL);
  rapport_chart_set_value (chart, 0, 0, -5, NULL);
  g_assert_cmpfloat (rapport_chart_get_value (chart, 0, 0), ==, 0);
}

/* A bar is as long as its share of the largest; an empty one is still a
 * place to point at; each is on its own row. */
static void
test_bars (void)
{
  g_autoptr(RapportChart) chart = stage_chart ();
  graphene_rect_t lead = rect_of (chart, 0, 0, TRUE);
  graphene_rect_t proposal = rect_of (chart, 1, 0, TRUE);
  graphene_rect_t empty = rect_of (chart, 2, 0, TRUE);

  g_assert_cmpfloat_with_epsilon (lead.size.width * 4, proposal.size.width, 0.01);
  g_assert_cmpfloat (lead.origin.x, ==, proposal.origin.x);
  g_assert_cmpfloat (lead.origin.y + lead.size.height, <=, proposal.origin.y);
  g_assert_cmpfloat (empty.size.width, >, 0);
  g_assert_cmpfloat (empty.size.width, <, lead.size.width);
  /* The bar and its value fit in the width. */
  g_assert_cmpfloat (proposal.origin.x + proposal.size.width, <, WIDTH);
}

/* An owner's months stack up, in order, each as long as its amount. */
static void
test_stacked (void)
{
  g_autoptr(RapportChart) chart = RAPPORT_CHART (g_object_ref_sink (rapport_bar_chart_new ()));
  guint wang, lucas;
  graphene_rect_t june, july, lucas_july;
  g_autofree char *told = NULL;

  wang = rapport_chart_add_category (chart, "Wang Fang", "user-1");
  lucas = rapport_chart_add_category (chart, "Lucas Martin", "user-2");
  rapport_chart_add_series (chart, "2026-06");
  rapport_chart_add_series (chart, "2026-07");
  rapport_chart_set_value (chart, wang, 0, 100, "¥1.00");
  rapport_chart_set_value (chart, wang, 1, 300, "¥3.00");
  rapport_chart_set_value (chart, lucas, 1, 200, "¥2.00");
  rapport_chart_set_total_text (chart, wang, "¥4.00");

  g_assert_cmpfloat (rapport_chart_get_category_total (chart, wang), ==, 400);
  g_assert_cmpfloat (rapport_chart_get_max (chart, TRUE), ==, 400);
  g_assert_cmpfloat (rapport_chart_get_max (chart, FALSE), ==, 300);
  g_assert_cmpstr (rapport_chart_get_total_text (chart, wang), ==, "¥4.00");
  june = rect_of (chart, wang, 0, TRUE);
  july = rect_of (chart, wang, 1, TRUE);
  g_assert_cmpfloat_with_epsilon (june.origin.x + june.size.width, july.origin.x, 0.01);
  g_assert_cmpfloat_with_epsilon (june.size.width * 3, july.size.width, 0.01);
  /* Nothing in June for Lucas: no segment to point at. */
  rect_of (chart, lucas, 0, FALSE);
  lucas_july = rect_of (chart, lucas, 1, TRUE);
  g_assert_cmpfloat (lucas_july.origin.x, ==, june.origin.x);
  told = rapport_chart_describe (chart, wang, 1);
  g_assert_cmpstr (told, ==, "Wang Fang · 2026-07: ¥3.00");
}

/* Narrower the fewer reached, centred on the same line. */
static void
test_funnel (void)
{
  g_autoptr(RapportChart) chart = RAPPORT_CHART (g_object_ref_sink (rapport_funnel_chart_new ()));
  graphene_rect_t lead, proposal;

  rapport_chart_add_series (chart, NULL);
  rapport_chart_add_category (chart, "Lead", NULL);
  rapport_chart_add_category (chart, "Proposal", NULL);
  rapport_chart_set_value (chart, 0, 0, 10, "10");
  rapport_chart_set_value (chart, 1, 0, 5, "5 · 50.0 %");
  lead = rect_of (chart, 0, 0, TRUE);
  proposal = rect_of (chart, 1, 0, TRUE);
  g_assert_cmpfloat_with_epsilon (lead.size.width, 2 * proposal.size.width, 0.01);
  g_assert_cmpfloat_with_epsilon (lead.origin.x + lead.size.width / 2,
                                  proposal.origin.x + proposal.size.width / 2, 0.01);
}

/* Months left to right; more is higher up. */
static void
test_line (void)
{
  g_autoptr(RapportChart) chart = RAPPORT_CHART (g_object_ref_sink (rapport_line_chart_new ()));
  graphene_rect_t may_new, june_new, june_won;

  rapport_chart_add_series (chart, "New");
  rapport_chart_add_series (chart, "Won");
  rapport_chart_add_category (chart, "2026-05", NULL);
  rapport_chart_add_category (chart, "2026-06", NULL);
  rapport_chart_set_value (chart, 0, 0, 4, "4");
  rapport_chart_set_value (chart, 1, 0, 8, "8");
  rapport_chart_set_value (chart, 1, 1, 2, "2");
  may_new = rect_of (chart, 0, 0, TRUE);
  june_new = rect_of (chart, 1, 0, TRUE);
  june_won = rect_of (chart, 1, 1, TRUE);
  g_assert_cmpfloat (may_new.origin.x, <, june_new.origin.x);
  g_assert_cmpfloat (june_new.origin.y, <, may_new.origin.y);
  g_assert_cmpfloat (june_new.origin.y, <, june_won.origin.y);
  g_assert_cmpfloat (june_new.origin.x, ==, june_won.origin.x);
}

/* The current item is told as the tooltip; a chart is freed when let go. */
static void
test_current_and_finalize (void)
{
  RapportChart *chart = stage_chart ();
  guint category = G_MAXUINT, series = G_MAXUINT;

  g_assert_false (rapport_chart_get_current (chart, &category, &series));
  rapport_chart_set_current (chart, 1, 0);
  g_assert_true (rapport_chart_get_current (chart, &category, &series));
  g_assert_cmpuint (category, ==, 1);
  g_assert_cmpuint (series, ==, 0);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (chart)), ==, "Proposal: ¥2,000.00");
  rapport_chart_clear (chart);
  g_assert_false (rapport_chart_get_current (chart, &category, &series));
  g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (chart)));

  g_object_add_weak_pointer (G_OBJECT (chart), (gpointer *) &chart);
  g_object_unref (chart);
  g_assert_null (chart);
}

/* clang-format off */
static const RapportReportColumn columns[] = {
  { "stage", "Stage", RAPPORT_REPORT_TEXT },
  { "currency", "Currency", RAPPORT_REPORT_TEXT },
  { "count", "Deals", RAPPORT_REPORT_COUNT },
  { "amount", "Open Amount", RAPPORT_REPORT_MONEY },
};
/* clang-format on */

static void
test_table (void)
{
  RapportReport report = { RAPPORT_REPORT_PIPELINE_BY_STAGE, columns, G_N_ELEMENTS (columns), NULL };
  g_autoptr(RapportReportTable) table = g_object_ref_sink (RAPPORT_REPORT_TABLE (rapport_report_table_new ()));
  g_autofree char *stage = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *money = rapport_money_format (1234500, "USD");

  g_assert_true (g_str_has_prefix (money, "US$12") && g_str_has_suffix (money, "345.00"));
  report.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_ptr_array_add (report.rows, rapport_test_parse_object (
    "{\"stage\":\"Proposal\",\"currency\":\"USD\",\"count\":2,\"amount\":1234500}"));
  g_ptr_array_add (report.rows, rapport_test_parse_object (
    "{\"stage\":\"Lead\",\"currency\":\"USD\",\"count\":1,\"amount\":null}"));
  rapport_report_table_set_report (table, &report);

  g_assert_cmpuint (rapport_report_table_get_n_rows (table), ==, 2);
  stage = rapport_report_table_get_cell (table, 0, 0);
  g_assert_cmpstr (stage, ==, "Proposal");
  amount = rapport_report_table_get_cell (table, 0, 3);
  /* As the locale writes it (rapport-money.c's tests say how). */
  g_assert_cmpstr (amount, ==, money);
  missing = rapport_report_table_get_cell (table, 1, 3);
  g_assert_cmpstr (missing, ==, "—");

  rapport_report_table_set_report (table, NULL);
  g_assert_cmpuint (rapport_report_table_get_n_rows (table), ==, 0);
  g_ptr_array_unref (report.rows);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  rapport_test_forbid_blocking_if_asked ();
  setlocale (LC_ALL, "");
  gtk_init ();
  adw_init ();

  g_test_add_func ("/rapport/chart/data", test_data);
  g_test_add_func ("/rapport/chart/bars", test_bars);
  g_test_add_func ("/rapport/chart/stacked", test_stacked);
  g_test_add_func ("/rapport/chart/funnel", test_funnel);
  g_test_add_func ("/rapport/chart/line", test_line);
  g_test_add_func ("/rapport/chart/current-and-finalize", test_current_and_finalize);
  g_test_add_func ("/rapport/chart/table", test_table);
  return g_test_run ();
}
