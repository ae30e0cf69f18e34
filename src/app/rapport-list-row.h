/* rapport-list-row.h: a list field typed on one line: tags, the first email or phone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-field-row.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_LIST_ROW (rapport_list_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportListRow, rapport_list_row, RAPPORT, LIST_ROW, AdwEntryRow)

GtkWidget *rapport_list_row_new (const RapportEntity *entity,
                                 const RapportField  *field,
                                 JsonObject          *record);

G_END_DECLS
