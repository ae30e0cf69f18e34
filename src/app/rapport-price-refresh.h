/* rapport-price-refresh.h: Refresh Prices of a draft quote or order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

gboolean rapport_price_refresh_can (JsonObject          *document);
void     rapport_price_refresh_run (GtkWidget           *parent,
                                    RapportStore        *store,
                                    const RapportEntity *child,
                                    JsonObject          *document,
                                    GPtrArray           *lines,
                                    GPtrArray           *titles);

G_END_DECLS
