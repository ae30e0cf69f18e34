/* rapport-choice-row.h: a field picked from a few values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-field-row.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CHOICE_ROW (rapport_choice_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportChoiceRow, rapport_choice_row, RAPPORT, CHOICE_ROW, AdwComboRow)

GtkWidget *rapport_choice_row_new (const RapportEntity *entity,
                                   const RapportField  *field,
                                   JsonObject          *record);
GPtrArray *rapport_choice_row_currencies (const char          *current);

G_END_DECLS
