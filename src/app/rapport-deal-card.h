/* rapport-deal-card.h: a deal as a card of the board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-record-item.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DEAL_CARD (rapport_deal_card_get_type ())
G_DECLARE_FINAL_TYPE (RapportDealCard, rapport_deal_card, RAPPORT, DEAL_CARD, GtkWidget)

GtkWidget *rapport_deal_card_new      (GHashTable        *owner_names);
void       rapport_deal_card_set_item (RapportDealCard   *self,
                                       RapportRecordItem *item);
RapportRecordItem *rapport_deal_card_get_item (RapportDealCard *self);
void       rapport_deal_card_set_stale (RapportDealCard *self,
                                        gint64           rotten_days);
char      *rapport_deal_card_age      (const char        *created_at,
                                       GDateTime         *now);

G_END_DECLS
