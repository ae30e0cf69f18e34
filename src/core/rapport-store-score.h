/* rapport-store-score.h: deals' win chances from the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-score.h"
#include "rapport-store.h"

G_BEGIN_DECLS

/* What a change to some deals asks of the kept scores. */
typedef enum {
  RAPPORT_RESCORE_NONE,    /* nothing: no deal */
  RAPPORT_RESCORE_SOME,    /* open deals changed: score them again */
  RAPPORT_RESCORE_RETRAIN, /* what the models learn from changed: train, score every open deal */
} RapportRescoreNeed;

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

gboolean      rapport_store_rescore_need     (RapportStore        *self,
                                              const char *const   *ids,
                                              RapportRescoreNeed  *need,
                                              GHashTable         **open_ids,
                                              GError             **error);
GPtrArray    *rapport_store_rescore_changed  (RapportStore        *self,
                                              const char * const  *ids,
                                              GError             **error);
void          rapport_store_rescore_changed_async  (RapportStore        *self,
                                                    const char *const   *ids,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray    *rapport_store_rescore_changed_finish (RapportStore        *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

GHashTable   *rapport_store_kept_scores          (RapportStore        *self,
                                                  const char * const  *ids,
                                                  GError             **error);

G_END_DECLS
