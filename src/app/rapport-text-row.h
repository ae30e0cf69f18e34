/* rapport-text-row.h: a field typed on one line: text, a number, an address, a date
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-field-row.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TEXT_ROW (rapport_text_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportTextRow, rapport_text_row, RAPPORT, TEXT_ROW, AdwEntryRow)

GtkWidget *rapport_text_row_new (const RapportEntity *entity,
                                 const RapportField  *field,
                                 JsonObject          *record);

G_END_DECLS
