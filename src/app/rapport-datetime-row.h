/* rapport-datetime-row.h: a date and time field: typed, or picked by day and by hour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-field-row.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DATETIME_ROW (rapport_datetime_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportDatetimeRow, rapport_datetime_row, RAPPORT, DATETIME_ROW, AdwEntryRow)

GtkWidget *rapport_datetime_row_new (const RapportEntity *entity,
                                     const RapportField  *field,
                                     JsonObject          *record);

G_END_DECLS
