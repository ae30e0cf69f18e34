/* rapport-bullet-chart.c: closed, commit and best case against a target
 *
 * The forecast's chart (SPEC.md §2.3): a horizontal bar per person or
 * team, the stack of its series (closed, then commit, then best case, as
 * the cumulative rollups add them up), and a mark across the bar where
 * its target is, so that a glance says how far the sure and the likely
 * deals go towards it. The scale takes in the targets, so a target beyond
 * every bar is still drawn. Values, the keyboard and the data table are
 * RapportChart's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bullet-chart"

#include "config.h"

#include "rapport-bullet-chart.h"

struct _RapportBulletChart
{
  RapportChart parent_instance;

  GArray      *targets;  /* (owned) of double, per category; < 0: none */
};

G_DEFINE_FINAL_TYPE (RapportBulletChart, rapport_bullet_chart, RAPPORT_TYPE_CHART)

/* The target of @category, or -1. */
static double
target_of (RapportBulletChart *self,
           guint               category)
{
  return category < self->targets->len ? g_array_index (self->targets, double, category) : -1;
}

/* The scale's end: the largest stack or target. */
static double
scale_max (RapportBulletChart *self)
{
  double max = rapport_chart_get_max (RAPPORT_CHART (self), TRUE);

  for (guint i = 0; i < self->targets->len; i++)
    max = MAX (max, g_array_index (self->targets, double, i));
  return max > 0 ? max : 1;
}

static gboolean
rapport_bullet_chart_item_rect (RapportChart    *chart,
                                int              width,
                                int              height,
                                guint            category,
                                guint            series,
                                graphene_rect_t *rect)
{
  /* A zero of a stack has no place, except the first, where the eye and
   * the keyboard start. */
  if (rapport_chart_get_value (chart, category, series) <= 0 && series > 0)
    return FALSE;
  rapport_chart_stack_rect (chart, width, category, series, scale_max (RAPPORT_BULLET_CHART (chart)),
                            rect);
  return TRUE;
}

static void
rapport_bullet_chart_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  RapportChart *chart = RAPPORT_CHART (widget);
  RapportBulletChart *self = RAPPORT_BULLET_CHART (widget);
  int width = gtk_widget_get_width (widget);
  double max = scale_max (self);
  RapportChartRows rows;
  GdkRGBA foreground;

  rapport_chart_rows_layout (chart, width, &rows);
  rapport_chart_foreground (chart, &foreground);
  for (guint c = 0; c < rapport_chart_get_n_categories (chart); c++)
    {
      float y = c * RAPPORT_CHART_ROW_HEIGHT + 6;
      const char *value = rapport_chart_get_total_text (chart, c);
      double target = target_of (self, c);

      rapport_chart_draw_text (chart, snapshot, rapport_chart_get_category_label (chart, c), 0, y,
                               rows.label_width, FALSE);
      for (guint s = 0; s < rapport_chart_get_n_series (chart); s++)
        {
          graphene_rect_t rect;
          GdkRGBA color;

          if (!rapport_bullet_chart_item_rect (chart, width, gtk_widget_get_height (widget), c, s,
                                               &rect))
            continue;
          rapport_chart_series_color (chart, s, &color);
          gtk_snapshot_append_color (snapshot, &color, &rect);
        }
      /* The target: a mark taller than the bar, in the text's colour so
       * that it reads on light and dark alike. */
      if (target >= 0)
        gtk_snapshot_append_color (snapshot, &foreground,
                                   &GRAPHENE_RECT_INIT (rows.bar_x + rows.bar_width * target / max - 1.5f,
                                                        c * RAPPORT_CHART_ROW_HEIGHT + 3, 3,
                                                        RAPPORT_CHART_ROW_HEIGHT - 6));
      if (value != NULL)
        rapport_chart_draw_text (chart, snapshot, value, rows.value_x, y, rows.value_width, TRUE);
    }
  rapport_chart_draw_current (chart, snapshot);
}

static void
rapport_bullet_chart_finalize (GObject *object)
{
  RapportBulletChart *self = RAPPORT_BULLET_CHART (object);

  g_clear_pointer (&self->targets, g_array_unref);

  G_OBJECT_CLASS (rapport_bullet_chart_parent_class)->finalize (object);
}

static void
rapport_bullet_chart_class_init (RapportBulletChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RapportChartClass *chart_class = RAPPORT_CHART_CLASS (klass);

  object_class->finalize = rapport_bullet_chart_finalize;
  widget_class->snapshot = rapport_bullet_chart_snapshot;
  widget_class->measure = rapport_chart_rows_measure;
  chart_class->item_rect = rapport_bullet_chart_item_rect;
}

static void
rapport_bullet_chart_init (RapportBulletChart *self)
{
  self->targets = g_array_new (FALSE, FALSE, sizeof (double));
}

GtkWidget *
rapport_bullet_chart_new (void)
{
  return g_object_new (RAPPORT_TYPE_BULLET_CHART, NULL);
}

/**
 * rapport_bullet_chart_set_target:
 * @target: where the mark goes, in the series' unit; < 0 for none
 */
void
rapport_bullet_chart_set_target (RapportBulletChart *self,
                                 guint               category,
                                 double              target)
{
  double none = -1;

  g_return_if_fail (RAPPORT_IS_BULLET_CHART (self));

  while (self->targets->len <= category)
    g_array_append_val (self->targets, none);
  g_array_index (self->targets, double, category) = target;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
