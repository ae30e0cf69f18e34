/* rapport-switch-row.h: a yes-or-no field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-field-row.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SWITCH_ROW (rapport_switch_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportSwitchRow, rapport_switch_row, RAPPORT, SWITCH_ROW, AdwActionRow)

GtkWidget *rapport_switch_row_new (const RapportEntity *entity,
                                   const RapportField  *field,
                                   JsonObject          *record);

G_END_DECLS
