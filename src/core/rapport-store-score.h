/* rapport-store-score.h: deals' win chances from the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-score.h"
#include "rapport-store.h"

G_BEGIN_DECLS

RapportScore *rapport_store_score_deal        (RapportStore        *self,
                                               const char          *deal_id,
                                               GError             **error);
void          rapport_store_score_deal_async  (RapportStore        *self,
                                               const char          *deal_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
RapportScore *rapport_store_score_deal_finish (RapportStore        *self,
                                               GAsyncResult        *result,
                                               GError             **error);

gboolean      rapport_store_rescore_deals        (RapportStore        *self,
                                                  GError             **error);
void          rapport_store_rescore_deals_async  (RapportStore        *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean      rapport_store_rescore_deals_finish (RapportStore        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
