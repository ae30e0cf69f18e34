/* rapport-chart.c: a chart's data and what every chart kind does with it
 *
 * A chart shows categories (a stage, an owner, a month), each with a
 * value per series (one series for a plain bar chart, the months of a
 * stacked one, new and closed for a trend line), each value with the
 * text a person reads ("¥12,000.00"). The kinds (rapport-bar-chart.c,
 * rapport-funnel-chart.c, rapport-line-chart.c) draw it and say where
 * each item is; this class does the rest the same way for all: the
 * item under the pointer or with the keyboard focus is outlined and its
 * value told (tooltip and accessible description), the arrow keys move
 * between items, and a click or Enter on one emits ::activated so that
 * the page can open the deals behind it. Colours are the theme's named
 * ones, so the dark style has its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-chart.h"

typedef struct
{
  char      *label;
  char      *key;     /* (nullable): what a click opens */
  char      *total;   /* (nullable): its series' sum as a person reads it */
  GArray    *values;  /* of double, per series */
  GPtrArray *texts;   /* of char * (nullable), per series */
} Category;

typedef struct
{
  GPtrArray *categories;  /* (element-type Category) */
  GPtrArray *series;      /* (element-type utf8) */
  int        current;     /* category × n_series + series, or -1 */
} RapportChartPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (RapportChart, rapport_chart, GTK_TYPE_WIDGET)

enum {
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
category_free (Category *category)
{
  g_free (category->label);
  g_free (category->key);
  g_free (category->total);
  g_array_unref (category->values);
  g_ptr_array_unref (category->texts);
  g_free (category);
}

static Category *
get_category (RapportChart *self,
              guint         category)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);

  g_return_val_if_fail (category < priv->categories->len, NULL);
  return g_ptr_array_index (priv->categories, category);
}

/* Widens @category to every series. */
static void
fill_series (RapportChart *self,
             Category     *category)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);

  while (category->values->len < priv->series->len)
    {
      double zero = 0;

      g_array_append_val (category->values, zero);
      g_ptr_array_add (category->texts, NULL);
    }
}

static gboolean
item_rect (RapportChart    *self,
           guint            item,
           graphene_rect_t *rect)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);
  guint n_series = MAX (priv->series->len, 1);

  return RAPPORT_CHART_GET_CLASS (self)->item_rect (self, gtk_widget_get_width (GTK_WIDGET (self)),
                                                    gtk_widget_get_height (GTK_WIDGET (self)),
                                                    item / n_series, item % n_series, rect);
}

static guint
n_items (RapportChart *self)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);

  return priv->categories->len * MAX (priv->series->len, 1);
}

static int
item_at (RapportChart *self,
         double        x,
         double        y)
{
  for (guint i = 0; i < n_items (self); i++)
    {
      graphene_rect_t rect;

      if (item_rect (self, i, &rect) &&
          graphene_rect_contains_point (&rect, &GRAPHENE_POINT_INIT (x, y)))
        return i;
    }
  return -1;
}

/* The item shown as current: outlined, its value told to a screen reader. */
static void
set_current (RapportChart *self,
             int           item)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);
  guint n_series = MAX (priv->series->len, 1);
  g_autofree char *text = NULL;

  if (priv->current == item)
    return;
  priv->current = item;
  if (item >= 0)
    text = rapport_chart_describe (self, item / n_series, item % n_series);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text != NULL ? text : "", -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
activate_current (RapportChart *self)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);
  guint n_series = MAX (priv->series->len, 1);

  if (priv->current >= 0)
    g_signal_emit (self, signals[ACTIVATED], 0, priv->current / n_series,
                   priv->current % n_series);
}

/* The next item that is drawn, @step items on. */
static void
move_current (RapportChart *self,
              int           step)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);
  int n = n_items (self);

  for (int item = priv->current + step; item >= 0 && item < n; item += step)
    {
      graphene_rect_t rect;

      if (item_rect (self, item, &rect))
        {
          set_current (self, item);
          return;
        }
    }
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           RapportChart             *self)
{
  int item = item_at (self, x, y);

  if (item >= 0)
    set_current (self, item);
}

static void
pressed_cb (GtkGestureClick *click,
            int              n_press,
            double           x,
            double           y,
            RapportChart    *self)
{
  int item = item_at (self, x, y);

  if (item < 0)
    return;
  set_current (self, item);
  activate_current (self);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *keys,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                RapportChart          *self)
{
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Left:
    case GDK_KEY_KP_Up:
      move_current (self, -1);
      return TRUE;

    case GDK_KEY_Right:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Right:
    case GDK_KEY_KP_Down:
      move_current (self, 1);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      activate_current (self);
      return TRUE;

    default:
      return FALSE;
    }
}

/* With the keyboard focus, an item is current from the start. */
static void
focus_enter_cb (RapportChart *self)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);

  if (priv->current < 0)
    move_current (self, 1);
}

static void
rapport_chart_finalize (GObject *object)
{
  RapportChart *self = RAPPORT_CHART (object);
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);

  g_clear_pointer (&priv->categories, g_ptr_array_unref);
  g_clear_pointer (&priv->series, g_ptr_array_unref);

  G_OBJECT_CLASS (rapport_chart_parent_class)->finalize (object);
}

static void
rapport_chart_class_init (RapportChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rapport_chart_finalize;

  /**
   * RapportChart::activated:
   * @category: the category clicked on, or chosen with Enter
   * @series: its series
   */
  signals[ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
rapport_chart_init (RapportChart *self)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);
  GtkEventController *controller;

  priv->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) category_free);
  priv->series = g_ptr_array_new_with_free_func (g_free);
  priv->current = -1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect (controller, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (focus_enter_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

void
rapport_chart_clear (RapportChart *self)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);

  g_return_if_fail (RAPPORT_IS_CHART (self));

  g_ptr_array_set_size (priv->categories, 0);
  g_ptr_array_set_size (priv->series, 0);
  set_current (self, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * rapport_chart_add_category:
 * @label: what a person reads: "Proposal"
 * @key: (nullable): what a click on it opens: the stage's id
 *
 * Returns: its index
 */
guint
rapport_chart_add_category (RapportChart *self,
                            const char   *label,
                            const char   *key)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);
  Category *category = g_new0 (Category, 1);

  g_return_val_if_fail (RAPPORT_IS_CHART (self), 0);

  category->label = g_strdup (label != NULL ? label : "");
  category->key = g_strdup (key);
  category->values = g_array_new (FALSE, FALSE, sizeof (double));
  category->texts = g_ptr_array_new_with_free_func (g_free);
  fill_series (self, category);
  g_ptr_array_add (priv->categories, category);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  return priv->categories->len - 1;
}

/**
 * rapport_chart_set_total_text:
 * @text: (nullable): the category's total as a person reads it, for a
 *   stacked bar
 */
void
rapport_chart_set_total_text (RapportChart *self,
                              guint         category,
                              const char   *text)
{
  Category *item = get_category (self, category);

  g_return_if_fail (item != NULL);
  g_free (item->total);
  item->total = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
rapport_chart_get_total_text (RapportChart *self,
                              guint         category)
{
  Category *item = get_category (self, category);

  return item != NULL ? item->total : NULL;
}

/* The category labelled @label, or G_MAXUINT. */
guint
rapport_chart_find_category (RapportChart *self,
                             const char   *label)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);

  g_return_val_if_fail (RAPPORT_IS_CHART (self), G_MAXUINT);

  for (guint i = 0; i < priv->categories->len; i++)
    if (g_strcmp0 (get_category (self, i)->label, label) == 0)
      return i;
  return G_MAXUINT;
}

/**
 * rapport_chart_add_series:
 * @label: (nullable): "New", a month; %NULL for a chart of one series
 *
 * Returns: its index
 */
guint
rapport_chart_add_series (RapportChart *self,
                          const char   *label)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);

  g_return_val_if_fail (RAPPORT_IS_CHART (self), 0);

  g_ptr_array_add (priv->series, g_strdup (label));
  for (guint i = 0; i < priv->categories->len; i++)
    fill_series (self, get_category (self, i));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return priv->series->len - 1;
}

/**
 * rapport_chart_set_value:
 * @value: what the bar's length says; not negative
 * @text: (nullable): the value as a person reads it: "¥1,200.00"
 */
void
rapport_chart_set_value (RapportChart *self,
                         guint         category,
                         guint         series,
                         double        value,
                         const char   *text)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);
  Category *item = get_category (self, category);

  g_return_if_fail (item != NULL && series < priv->series->len);

  g_array_index (item->values, double, series) = MAX (value, 0);
  g_free (g_ptr_array_index (item->texts, series));
  g_ptr_array_index (item->texts, series) = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
rapport_chart_get_n_categories (RapportChart *self)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);

  g_return_val_if_fail (RAPPORT_IS_CHART (self), 0);
  return priv->categories->len;
}

guint
rapport_chart_get_n_series (RapportChart *self)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);

  g_return_val_if_fail (RAPPORT_IS_CHART (self), 0);
  return priv->series->len;
}

const char *
rapport_chart_get_category_label (RapportChart *self,
                                  guint         category)
{
  Category *item = get_category (self, category);

  return item != NULL ? item->label : NULL;
}

const char *
rapport_chart_get_category_key (RapportChart *self,
                                guint         category)
{
  Category *item = get_category (self, category);

  return item != NULL ? item->key : NULL;
}

const char *
rapport_chart_get_series_label (RapportChart *self,
                                guint         series)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);

  g_return_val_if_fail (series < priv->series->len, NULL);
  return g_ptr_array_index (priv->series, series);
}

double
rapport_chart_get_value (RapportChart *self,
                         guint         category,
                         guint         series)
{
  Category *item = get_category (self, category);

  g_return_val_if_fail (item != NULL && series < item->values->len, 0);
  return g_array_index (item->values, double, series);
}

const char *
rapport_chart_get_text (RapportChart *self,
                        guint         category,
                        guint         series)
{
  Category *item = get_category (self, category);

  g_return_val_if_fail (item != NULL && series < item->texts->len, NULL);
  return g_ptr_array_index (item->texts, series);
}

double
rapport_chart_get_category_total (RapportChart *self,
                                  guint         category)
{
  Category *item = get_category (self, category);
  double total = 0;

  g_return_val_if_fail (item != NULL, 0);
  for (guint i = 0; i < item->values->len; i++)
    total += g_array_index (item->values, double, i);
  return total;
}

/* The largest value, or category total when @stacked; at least 1. */
double
rapport_chart_get_max (RapportChart *self,
                       gboolean      stacked)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);
  double max = 0;

  for (guint c = 0; c < priv->categories->len; c++)
    if (stacked)
      max = MAX (max, rapport_chart_get_category_total (self, c));
    else
      for (guint s = 0; s < priv->series->len; s++)
        max = MAX (max, rapport_chart_get_value (self, c, s));
  return max > 0 ? max : 1;
}

/**
 * rapport_chart_describe:
 *
 * Returns: (transfer full): the item as a tooltip or a screen reader
 *   tells it: "Proposal: ¥600,000.00", "2026-05 · New: 12"
 */
char *
rapport_chart_describe (RapportChart *self,
                        guint         category,
                        guint         series)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);
  const char *series_label = rapport_chart_get_series_label (self, series);
  const char *text = rapport_chart_get_text (self, category, series);
  g_autofree char *value = text != NULL ? g_strdup (text)
                                        : g_strdup_printf ("%g", rapport_chart_get_value (self, category, series));

  if (priv->series->len > 1 && series_label != NULL)
    /* Translators: a chart's item: "Wang Fang · 2026-07: ¥12,000.00" */
    return g_strdup_printf (_("%s · %s: %s"), rapport_chart_get_category_label (self, category),
                            series_label, value);
  /* Translators: a chart's item: "Proposal: ¥600,000.00" */
  return g_strdup_printf (_("%s: %s"), rapport_chart_get_category_label (self, category), value);
}

gboolean
rapport_chart_get_current (RapportChart *self,
                           guint        *category,
                           guint        *series)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);
  guint n_series = MAX (priv->series->len, 1);

  if (priv->current < 0)
    return FALSE;
  *category = priv->current / n_series;
  *series = priv->current % n_series;
  return TRUE;
}

void
rapport_chart_set_current (RapportChart *self,
                           guint         category,
                           guint         series)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);

  g_return_if_fail (category < priv->categories->len && series < MAX (priv->series->len, 1));
  set_current (self, category * MAX (priv->series->len, 1) + series);
}

/* The theme's palette, in libadwaita's names, with its values for a
 * theme that has none. */
void
rapport_chart_series_color (RapportChart *self,
                            guint         series,
                            GdkRGBA      *color)
{
  /* clang-format off */
  static const struct { const char *name; const char *fallback; } palette[] = {
    { "accent_bg_color", "#3584e4" }, { "green_4", "#2ec27e" }, { "orange_3", "#ff7800" },
    { "purple_3", "#9141ac" }, { "yellow_5", "#e5a50a" }, { "red_3", "#e01b24" },
    { "brown_3", "#986a44" }, { "blue_2", "#62a0ea" },
  };
  /* clang-format on */
  guint i = series % G_N_ELEMENTS (palette);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                       palette[i].name, color))
    gdk_rgba_parse (color, palette[i].fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/**
 * rapport_chart_stack_rect:
 * @max: the scale's end, > 0
 *
 * Where the item (@category, @series) of a horizontal stacked bar is drawn
 * in a chart @width wide, after the series before it in its row; at least
 * 2 px wide, so that an empty bar is still a place to point at.
 */
void
rapport_chart_stack_rect (RapportChart    *self,
                          int              width,
                          guint            category,
                          guint            series,
                          double           max,
                          graphene_rect_t *rect)
{
  double before = 0, value = rapport_chart_get_value (self, category, series);
  RapportChartRows rows;

  for (guint i = 0; i < series; i++)
    before += rapport_chart_get_value (self, category, i);
  rapport_chart_rows_layout (self, width, &rows);
  graphene_rect_init (rect, rows.bar_x + rows.bar_width * before / max,
                      category * RAPPORT_CHART_ROW_HEIGHT
                        + (RAPPORT_CHART_ROW_HEIGHT - RAPPORT_CHART_BAR_HEIGHT) / 2.0f,
                      MAX (rows.bar_width * value / max, 2), RAPPORT_CHART_BAR_HEIGHT);
}

void
rapport_chart_foreground (RapportChart *self,
                          GdkRGBA      *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

/* One line of text at (@x, @y), ellipsized at @max_width (-1: never). */
void
rapport_chart_draw_text (RapportChart *self,
                         GtkSnapshot  *snapshot,
                         const char   *text,
                         float         x,
                         float         y,
                         int           max_width,
                         gboolean      dim)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  GdkRGBA color;

  rapport_chart_foreground (self, &color);
  if (dim)
    color.alpha *= 0.7f;
  if (max_width >= 0)
    {
      pango_layout_set_width (layout, MAX (max_width, 1) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

/* An outline around the current item. */
void
rapport_chart_draw_current (RapportChart *self,
                            GtkSnapshot  *snapshot)
{
  RapportChartPrivate *priv = rapport_chart_get_instance_private (self);
  graphene_rect_t rect;
  GskRoundedRect outline;
  GdkRGBA color;
  const float widths[4] = { 2, 2, 2, 2 };
  GdkRGBA colors[4];

  if (priv->current < 0 || !item_rect (self, priv->current, &rect))
    return;
  rapport_chart_foreground (self, &color);
  for (guint i = 0; i < 4; i++)
    colors[i] = color;
  graphene_rect_inset (&rect, -2, -2);
  gsk_rounded_rect_init_from_rect (&outline, &rect, 3);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

void
rapport_chart_rows_layout (RapportChart     *self,
                           int               width,
                           RapportChartRows *rows)
{
  rows->label_width = MIN (width * 0.32f, 180);
  rows->value_width = MIN (width * 0.3f, 150);
  rows->bar_x = rows->label_width + 8;
  rows->bar_width = MAX (width - rows->bar_x - rows->value_width - 8, 1);
  rows->value_x = rows->bar_x + rows->bar_width + 6;
}

/* A row per category; any width from a phone's up. */
void
rapport_chart_rows_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  RapportChart *self = RAPPORT_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    *minimum = *natural = MAX (rapport_chart_get_n_categories (self), 1) * RAPPORT_CHART_ROW_HEIGHT;
}
