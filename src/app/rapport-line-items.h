/* rapport-line-items.h: the lines of a quote or an order, and its totals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_LINE_ITEMS (rapport_line_items_get_type ())
G_DECLARE_FINAL_TYPE (RapportLineItems, rapport_line_items, RAPPORT, LINE_ITEMS, GtkBox)

GtkWidget *rapport_line_items_new (RapportStore        *store,
                                   const RapportEntity *entity,
                                   JsonObject          *document);

G_END_DECLS
