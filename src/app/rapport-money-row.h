/* rapport-money-row.h: an amount of money with its currency, in one row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-field-row.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_MONEY_ROW (rapport_money_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportMoneyRow, rapport_money_row, RAPPORT, MONEY_ROW, AdwEntryRow)

GtkWidget *rapport_money_row_new (const RapportEntity *entity,
                                  const RapportField  *field,
                                  JsonObject          *record);

G_END_DECLS
