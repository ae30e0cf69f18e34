/* rapport-bar-chart.h: a bar chart, stacked when it has several series
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-chart.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_BAR_CHART (rapport_bar_chart_get_type ())
G_DECLARE_FINAL_TYPE (RapportBarChart, rapport_bar_chart, RAPPORT, BAR_CHART, RapportChart)

GtkWidget *rapport_bar_chart_new (void);

G_END_DECLS
