/* rapport-sla-group.h: a case's SLA clock on its page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "rapport-clock.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SLA_GROUP (rapport_sla_group_get_type ())
G_DECLARE_FINAL_TYPE (RapportSlaGroup, rapport_sla_group, RAPPORT, SLA_GROUP, AdwPreferencesGroup)

GtkWidget *rapport_sla_group_new (JsonObject   *record,
                                  RapportClock *clock);

G_END_DECLS
