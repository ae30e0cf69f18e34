/* rapport-funnel-chart.h: a funnel: how many reached each stage, narrowing down
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-chart.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_FUNNEL_CHART (rapport_funnel_chart_get_type ())
G_DECLARE_FINAL_TYPE (RapportFunnelChart, rapport_funnel_chart, RAPPORT, FUNNEL_CHART, RapportChart)

GtkWidget *rapport_funnel_chart_new (void);

G_END_DECLS
