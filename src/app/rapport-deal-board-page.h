/* rapport-deal-board-page.h: the deal board as a page of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DEAL_BOARD_PAGE (rapport_deal_board_page_get_type ())
G_DECLARE_FINAL_TYPE (RapportDealBoardPage, rapport_deal_board_page, RAPPORT, DEAL_BOARD_PAGE,
                      GtkWidget)

gboolean rapport_deal_board_page_get_active (RapportDealBoardPage *self);
void     rapport_deal_board_page_set_active (RapportDealBoardPage *self,
                                             gboolean              active);
gboolean rapport_deal_board_page_get_folded (RapportDealBoardPage *self);
void     rapport_deal_board_page_set_folded (RapportDealBoardPage *self,
                                             gboolean              folded);

G_END_DECLS
