/* rapport-line-chart.c: a line per series over the categories in order (months)
 *
 * The categories run left to right (a trend's months), each series a
 * line with a dot per category, in the series' colours; the largest
 * value marks the top, and as many category labels as fit are written
 * under the axis. The page shows the series' names beside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-line-chart"

#include "config.h"

#include "rapport-line-chart.h"

#define TOP 20
#define BOTTOM 24
#define LEFT 8
#define DOT 4

struct _RapportLineChart
{
  RapportChart parent_instance;
};

G_DEFINE_FINAL_TYPE (RapportLineChart, rapport_line_chart, RAPPORT_TYPE_CHART)

static graphene_point_t
point_of (RapportChart *chart,
          int           width,
          int           height,
          guint         category,
          guint         series)
{
  guint n = rapport_chart_get_n_categories (chart);
  double max = rapport_chart_get_max (chart, FALSE);
  float plot_width = MAX (width - 2 * LEFT, 1), plot_height = MAX (height - TOP - BOTTOM, 1);

  return GRAPHENE_POINT_INIT (LEFT + (n > 1 ? plot_width * category / (n - 1) : plot_width / 2),
                              TOP + plot_height
                                * (1 - rapport_chart_get_value (chart, category, series) / max));
}

static gboolean
rapport_line_chart_item_rect (RapportChart    *chart,
                              int              width,
                              int              height,
                              guint            category,
                              guint            series,
                              graphene_rect_t *rect)
{
  graphene_point_t point;

  if (series >= rapport_chart_get_n_series (chart))
    return FALSE;
  point = point_of (chart, width, height, category, series);
  graphene_rect_init (rect, point.x - 2 * DOT, point.y - 2 * DOT, 4 * DOT, 4 * DOT);
  return TRUE;
}

static void
rapport_line_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  RapportChart *chart = RAPPORT_CHART (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  guint n = rapport_chart_get_n_categories (chart);
  g_autofree char *top = g_strdup_printf ("%g", rapport_chart_get_max (chart, FALSE));
  guint step;
  GdkRGBA axis;
  cairo_t *cr;

  rapport_chart_foreground (chart, &axis);
  axis.alpha *= 0.3f;
  gtk_snapshot_append_color (snapshot, &axis,
                             &GRAPHENE_RECT_INIT (0, height - BOTTOM, width, 1));
  rapport_chart_draw_text (chart, snapshot, top, LEFT, 0, -1, TRUE);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, 2);
  for (guint s = 0; s < rapport_chart_get_n_series (chart); s++)
    {
      GdkRGBA color;

      rapport_chart_series_color (chart, s, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      for (guint c = 0; c < n; c++)
        {
          graphene_point_t point = point_of (chart, width, height, c, s);

          cairo_line_to (cr, point.x, point.y);
        }
      cairo_stroke (cr);
      for (guint c = 0; c < n; c++)
        {
          graphene_point_t point = point_of (chart, width, height, c, s);

          cairo_arc (cr, point.x, point.y, DOT, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
  cairo_destroy (cr);

  /* A label about every 80 pixels. */
  step = MAX (1, (guint) ((n * 80 + width - 1) / MAX (width, 1)));
  for (guint c = 0; c < n; c += step)
    {
      graphene_point_t point = point_of (chart, width, height, c, 0);
      float x = CLAMP (point.x - 30, 0, MAX (width - 60, 0));

      rapport_chart_draw_text (chart, snapshot, rapport_chart_get_category_label (chart, c), x,
                               height - BOTTOM + 4, 72, TRUE);
    }
  rapport_chart_draw_current (chart, snapshot);
}

static void
rapport_line_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    *minimum = *natural = 180;
}

static void
rapport_line_chart_class_init (RapportLineChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RapportChartClass *chart_class = RAPPORT_CHART_CLASS (klass);

  widget_class->snapshot = rapport_line_chart_snapshot;
  widget_class->measure = rapport_line_chart_measure;
  chart_class->item_rect = rapport_line_chart_item_rect;
}

static void
rapport_line_chart_init (RapportLineChart *self)
{
}

GtkWidget *
rapport_line_chart_new (void)
{
  return g_object_new (RAPPORT_TYPE_LINE_CHART, NULL);
}
