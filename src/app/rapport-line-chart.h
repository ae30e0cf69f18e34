/* rapport-line-chart.h: a line per series over the categories in order (months)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-chart.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_LINE_CHART (rapport_line_chart_get_type ())
G_DECLARE_FINAL_TYPE (RapportLineChart, rapport_line_chart, RAPPORT, LINE_CHART, RapportChart)

GtkWidget *rapport_line_chart_new (void);

G_END_DECLS
