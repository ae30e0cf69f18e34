/* rapport-rule-field-row.h: the field an automation rule watches, picked by its label
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-field-row.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RULE_FIELD_ROW (rapport_rule_field_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportRuleFieldRow, rapport_rule_field_row, RAPPORT, RULE_FIELD_ROW,
                      AdwComboRow)

GtkWidget *rapport_rule_field_row_new        (const RapportEntity *entity,
                                              const RapportField  *field,
                                              JsonObject          *record);
void       rapport_rule_field_row_set_target (RapportRuleFieldRow *self,
                                              const RapportEntity *target);

G_END_DECLS
