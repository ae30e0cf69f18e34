/* rapport-deal-board-page.h: the deal board as a page of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

GtkWidget *rapport_deal_board_page_install (GtkWindow    *window,
                                            GtkStack     *main_stack,
                                            AdwLeaflet   *leaflet,
                                            RapportChangeMonitor *changes);

G_END_DECLS
