/* rapport-deal-board.h: the deals of a pipeline as columns of stages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-change-monitor.h"
#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DEAL_BOARD (rapport_deal_board_get_type ())
G_DECLARE_FINAL_TYPE (RapportDealBoard, rapport_deal_board, RAPPORT, DEAL_BOARD, GtkWidget)

RapportDealBoard *rapport_deal_board_new       (RapportChangeMonitor *changes);
void              rapport_deal_board_set_mine  (RapportDealBoard *self,
                                                gboolean          mine);
void              rapport_deal_board_reload    (RapportDealBoard *self);

G_END_DECLS
