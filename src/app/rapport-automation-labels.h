/* rapport-automation-labels.h: an automation rule in the words of a sales admin
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"
#include "rapport-store.h"

G_BEGIN_DECLS

char      *rapport_automation_labels_conditions    (RapportStore        *store,
                                                    const RapportEntity *entity,
                                                    const char          *json);
char      *rapport_automation_labels_action        (RapportStore        *store,
                                                    const RapportEntity *entity,
                                                    JsonObject          *action);
GPtrArray *rapport_automation_labels_actions       (RapportStore        *store,
                                                    JsonObject          *rule);
char      *rapport_automation_labels_trigger_field (JsonObject          *rule);
const char *rapport_automation_labels_recipient    (const char          *to,
                                                    const char          *role);

G_END_DECLS
