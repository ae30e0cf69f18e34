/* rapport-rule-actions-row.h: an automation rule's actions, a row of fields each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-field-row.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RULE_ACTIONS_ROW (rapport_rule_actions_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportRuleActionsRow, rapport_rule_actions_row, RAPPORT, RULE_ACTIONS_ROW,
                      AdwExpanderRow)

GtkWidget *rapport_rule_actions_row_new        (RapportStore          *store,
                                                const RapportEntity   *entity,
                                                const RapportField    *field,
                                                JsonObject            *record);
void       rapport_rule_actions_row_set_target (RapportRuleActionsRow *self,
                                                const RapportEntity   *target);

G_END_DECLS
