/* rapport-funnel-chart.c: a funnel: how many reached each stage, narrowing down
 *
 * A row per stage, its bar centred and as wide as its share of the
 * widest, so that the rows narrow down as deals drop out; after it the
 * text the page gives (the count and the conversion from the stage
 * before).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-funnel-chart"

#include "config.h"

#include "rapport-funnel-chart.h"

struct _RapportFunnelChart
{
  RapportChart parent_instance;
};

G_DEFINE_FINAL_TYPE (RapportFunnelChart, rapport_funnel_chart, RAPPORT_TYPE_CHART)

static gboolean
rapport_funnel_chart_item_rect (RapportChart    *chart,
                                int              width,
                                int              height,
                                guint            category,
                                guint            series,
                                graphene_rect_t *rect)
{
  double max = rapport_chart_get_max (chart, FALSE);
  RapportChartRows rows;
  float bar_width;

  if (series > 0 || rapport_chart_get_n_series (chart) == 0)
    return FALSE;
  rapport_chart_rows_layout (chart, width, &rows);
  bar_width = MAX (rows.bar_width * rapport_chart_get_value (chart, category, 0) / max, 2);
  graphene_rect_init (rect, rows.bar_x + (rows.bar_width - bar_width) / 2,
                      category * RAPPORT_CHART_ROW_HEIGHT + 2, bar_width,
                      RAPPORT_CHART_ROW_HEIGHT - 4);
  return TRUE;
}

static void
rapport_funnel_chart_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  RapportChart *chart = RAPPORT_CHART (widget);
  int width = gtk_widget_get_width (widget);
  RapportChartRows rows;
  GdkRGBA color;

  rapport_chart_rows_layout (chart, width, &rows);
  rapport_chart_series_color (chart, 0, &color);
  for (guint c = 0; c < rapport_chart_get_n_categories (chart); c++)
    {
      float y = c * RAPPORT_CHART_ROW_HEIGHT + 6;
      graphene_rect_t rect;
      const char *value = rapport_chart_get_text (chart, c, 0);

      rapport_chart_draw_text (chart, snapshot, rapport_chart_get_category_label (chart, c), 0, y,
                               rows.label_width, FALSE);
      if (rapport_funnel_chart_item_rect (chart, width, gtk_widget_get_height (widget), c, 0, &rect))
        {
          GskRoundedRect rounded;

          /* Lighter the further down: the drop reads at a glance. */
          color.alpha = 1.0f - 0.5f * c / MAX (rapport_chart_get_n_categories (chart), 1);
          gsk_rounded_rect_init_from_rect (&rounded, &rect, 4);
          gtk_snapshot_push_rounded_clip (snapshot, &rounded);
          gtk_snapshot_append_color (snapshot, &color, &rect);
          gtk_snapshot_pop (snapshot);
        }
      if (value != NULL)
        rapport_chart_draw_text (chart, snapshot, value, rows.value_x, y, rows.value_width, TRUE);
    }
  rapport_chart_draw_current (chart, snapshot);
}

static void
rapport_funnel_chart_class_init (RapportFunnelChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RapportChartClass *chart_class = RAPPORT_CHART_CLASS (klass);

  widget_class->snapshot = rapport_funnel_chart_snapshot;
  widget_class->measure = rapport_chart_rows_measure;
  chart_class->item_rect = rapport_funnel_chart_item_rect;
}

static void
rapport_funnel_chart_init (RapportFunnelChart *self)
{
}

GtkWidget *
rapport_funnel_chart_new (void)
{
  return g_object_new (RAPPORT_TYPE_FUNNEL_CHART, NULL);
}
