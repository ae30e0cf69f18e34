/* rapport-rule-conditions-row.h: an automation rule's conditions, edited in the filter editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-field-row.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RULE_CONDITIONS_ROW (rapport_rule_conditions_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportRuleConditionsRow, rapport_rule_conditions_row, RAPPORT,
                      RULE_CONDITIONS_ROW, AdwActionRow)

GtkWidget *rapport_rule_conditions_row_new        (RapportStore             *store,
                                                   const RapportEntity      *entity,
                                                   const RapportField       *field,
                                                   JsonObject               *record);
void       rapport_rule_conditions_row_set_target (RapportRuleConditionsRow *self,
                                                   const RapportEntity      *target);

G_END_DECLS
