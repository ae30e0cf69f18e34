/* rapport-bullet-chart.h: closed, commit and best case against a target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-chart.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_BULLET_CHART (rapport_bullet_chart_get_type ())
G_DECLARE_FINAL_TYPE (RapportBulletChart, rapport_bullet_chart, RAPPORT, BULLET_CHART, RapportChart)

GtkWidget *rapport_bullet_chart_new        (void);
void       rapport_bullet_chart_set_target (RapportBulletChart *self,
                                            guint               category,
                                            double              target);

G_END_DECLS
