/* rapport-button-choice-row.h: a choice picked from buttons side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-field-row.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_BUTTON_CHOICE_ROW (rapport_button_choice_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportButtonChoiceRow, rapport_button_choice_row,
                      RAPPORT, BUTTON_CHOICE_ROW, AdwPreferencesRow)

GtkWidget *rapport_button_choice_row_new (const RapportEntity *entity,
                                          const RapportField  *field,
                                          JsonObject          *record);

G_END_DECLS
