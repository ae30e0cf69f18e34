/* rapport-multiline-row.h: a field of paragraphs: notes, a description
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-field-row.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_MULTILINE_ROW (rapport_multiline_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportMultilineRow, rapport_multiline_row, RAPPORT, MULTILINE_ROW, AdwPreferencesRow)

GtkWidget *rapport_multiline_row_new (const RapportEntity *entity,
                                      const RapportField  *field,
                                      JsonObject          *record);

G_END_DECLS
