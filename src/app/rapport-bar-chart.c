/* rapport-bar-chart.c: a bar chart, stacked when it has several series
 *
 * A horizontal bar per category (a stage, an owner), so that its label
 * reads whole at a phone's width too; with several series (the months of
 * an owner's pipeline) the bar is their stack, in the series' colours.
 * The value, or the total the page gives for a stack, is written after
 * the bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bar-chart"

#include "config.h"

#include "rapport-bar-chart.h"

struct _RapportBarChart
{
  RapportChart parent_instance;
};

G_DEFINE_FINAL_TYPE (RapportBarChart, rapport_bar_chart, RAPPORT_TYPE_CHART)

static gboolean
rapport_bar_chart_item_rect (RapportChart    *chart,
                             int              width,
                             int              height,
                             guint            category,
                             guint            series,
                             graphene_rect_t *rect)
{
  if (rapport_chart_get_n_series (chart) == 0)
    return FALSE;
  if (rapport_chart_get_value (chart, category, series) <= 0 && rapport_chart_get_n_series (chart) > 1)
    return FALSE;
  rapport_chart_stack_rect (chart, width, category, series, rapport_chart_get_max (chart, TRUE), rect);
  return TRUE;
}

static void
rapport_bar_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  RapportChart *chart = RAPPORT_CHART (widget);
  int width = gtk_widget_get_width (widget);
  RapportChartRows rows;

  rapport_chart_rows_layout (chart, width, &rows);
  for (guint c = 0; c < rapport_chart_get_n_categories (chart); c++)
    {
      float y = c * RAPPORT_CHART_ROW_HEIGHT + 6;
      guint n_series = rapport_chart_get_n_series (chart);
      const char *value = n_series == 1 ? rapport_chart_get_text (chart, c, 0)
                                        : rapport_chart_get_total_text (chart, c);

      rapport_chart_draw_text (chart, snapshot, rapport_chart_get_category_label (chart, c), 0, y,
                               rows.label_width, FALSE);
      for (guint s = 0; s < n_series; s++)
        {
          graphene_rect_t rect;
          GdkRGBA color;

          if (!rapport_bar_chart_item_rect (chart, width, gtk_widget_get_height (widget), c, s,
                                            &rect))
            continue;
          rapport_chart_series_color (chart, n_series == 1 ? 0 : s, &color);
          gtk_snapshot_append_color (snapshot, &color, &rect);
        }
      if (value != NULL)
        rapport_chart_draw_text (chart, snapshot, value, rows.value_x, y, rows.value_width, TRUE);
    }
  rapport_chart_draw_current (chart, snapshot);
}

static void
rapport_bar_chart_class_init (RapportBarChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RapportChartClass *chart_class = RAPPORT_CHART_CLASS (klass);

  widget_class->snapshot = rapport_bar_chart_snapshot;
  widget_class->measure = rapport_chart_rows_measure;
  chart_class->item_rect = rapport_bar_chart_item_rect;
}

static void
rapport_bar_chart_init (RapportBarChart *self)
{
}

GtkWidget *
rapport_bar_chart_new (void)
{
  return g_object_new (RAPPORT_TYPE_BAR_CHART, NULL);
}
