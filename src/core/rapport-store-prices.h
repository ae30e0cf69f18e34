/* rapport-store-prices.h: a line's price from the local store's price lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

JsonObject *rapport_store_resolve_price        (RapportStore        *self,
                                                const char          *price_list_id,
                                                const char          *product_id,
                                                gint64               qty_milli,
                                                const char          *date,
                                                GError             **error);
void        rapport_store_resolve_price_async  (RapportStore        *self,
                                                const char          *price_list_id,
                                                const char          *product_id,
                                                gint64               qty_milli,
                                                const char          *date,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
JsonObject *rapport_store_resolve_line_price (RapportStore        *self,
                                              const char          *price_list_id,
                                              const char          *currency,
                                              const char          *product_id,
                                              gint64               qty_milli,
                                              const char          *date,
                                              GError             **error);
void        rapport_store_resolve_line_price_async (RapportStore        *self,
                                                    const char          *price_list_id,
                                                    const char          *currency,
                                                    const char          *product_id,
                                                    gint64               qty_milli,
                                                    const char          *date,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
JsonObject *rapport_store_resolve_price_finish (RapportStore        *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
