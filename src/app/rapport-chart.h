/* rapport-chart.h: a chart's data and what every chart kind does with it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_CHART (rapport_chart_get_type ())
G_DECLARE_DERIVABLE_TYPE (RapportChart, rapport_chart, RAPPORT, CHART, GtkWidget)

struct _RapportChartClass
{
  GtkWidgetClass parent_class;

  /* Where the item (@category, @series) is drawn in a @width × @height
   * chart; FALSE when it is not drawn (a zero in a stack). */
  gboolean (*item_rect) (RapportChart    *self,
                         int              width,
                         int              height,
                         guint            category,
                         guint            series,
                         graphene_rect_t *rect);
};

void        rapport_chart_clear              (RapportChart *self);
guint       rapport_chart_add_category       (RapportChart *self,
                                              const char   *label,
                                              const char   *key);
guint       rapport_chart_add_series         (RapportChart *self,
                                              const char   *label);
void        rapport_chart_set_total_text     (RapportChart *self,
                                              guint         category,
                                              const char   *text);
const char *rapport_chart_get_total_text     (RapportChart *self,
                                              guint         category);
guint       rapport_chart_find_category      (RapportChart *self,
                                              const char   *label);
void        rapport_chart_set_value          (RapportChart *self,
                                              guint         category,
                                              guint         series,
                                              double        value,
                                              const char   *text);

guint       rapport_chart_get_n_categories   (RapportChart *self);
guint       rapport_chart_get_n_series       (RapportChart *self);
const char *rapport_chart_get_category_label (RapportChart *self,
                                              guint         category);
const char *rapport_chart_get_category_key   (RapportChart *self,
                                              guint         category);
const char *rapport_chart_get_series_label   (RapportChart *self,
                                              guint         series);
double      rapport_chart_get_value          (RapportChart *self,
                                              guint         category,
                                              guint         series);
const char *rapport_chart_get_text           (RapportChart *self,
                                              guint         category,
                                              guint         series);
double      rapport_chart_get_category_total (RapportChart *self,
                                              guint         category);
double      rapport_chart_get_max            (RapportChart *self,
                                              gboolean      stacked);
char       *rapport_chart_describe           (RapportChart *self,
                                              guint         category,
                                              guint         series);
gboolean    rapport_chart_get_current        (RapportChart *self,
                                              guint        *category,
                                              guint        *series);
void        rapport_chart_set_current        (RapportChart *self,
                                              guint         category,
                                              guint         series);

/* For the chart kinds: a row per category, its label on the left, its
 * bar in the middle, its value on the right. */
#define RAPPORT_CHART_ROW_HEIGHT 32
#define RAPPORT_CHART_BAR_HEIGHT 18

typedef struct
{
  float label_width;
  float bar_x;
  float bar_width;
  float value_x;
  float value_width;
} RapportChartRows;

void        rapport_chart_rows_layout        (RapportChart     *self,
                                              int               width,
                                              RapportChartRows *rows);
void        rapport_chart_rows_measure       (GtkWidget        *widget,
                                              GtkOrientation    orientation,
                                              int               for_size,
                                              int              *minimum,
                                              int              *natural,
                                              int              *minimum_baseline,
                                              int              *natural_baseline);

void        rapport_chart_stack_rect         (RapportChart     *self,
                                              int               width,
                                              guint             category,
                                              guint             series,
                                              double            max,
                                              graphene_rect_t  *rect);
void        rapport_chart_series_color       (RapportChart *self,
                                              guint         series,
                                              GdkRGBA      *color);
void        rapport_chart_foreground         (RapportChart *self,
                                              GdkRGBA      *color);
void        rapport_chart_draw_text          (RapportChart *self,
                                              GtkSnapshot  *snapshot,
                                              const char   *text,
                                              float         x,
                                              float         y,
                                              int           max_width,
                                              gboolean      dim);
void        rapport_chart_draw_current       (RapportChart *self,
                                              GtkSnapshot  *snapshot);

G_END_DECLS
