/* rapport-store-score.c: deals' win chances from the local store
 *
 * The model is trained from the replica on one of the store's reader
 * connections, in one read transaction, so that it never waits for the
 * writer and learns from one state of the records (rapport-score-db.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store-score"

#include "config.h"

#include "rapport-score-db.h"
#include "rapport-store-async.h"
#include "rapport-store-connection.h"
#include "rapport-store-private.h"
#include "rapport-store-score.h"
#include "rapport-store-writer.h"

/**
 * rapport_store_score_deal:
 *
 * Trains the deal's pipeline's model and scores the deal. It reads every
 * closed deal of the pipeline: call it from a worker
 * (rapport_store_score_deal_async()).
 *
 * Returns: (transfer full): the score, or %NULL with @error set
 */
RapportScore *
rapport_store_score_deal (RapportStore *self,
                          const char   *deal_id,
                          GError      **error)
{
  RapportStoreConnection *reader;
  RapportScore *score;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (deal_id != NULL, NULL);

  rapport_store_writer_check_read ("rapport_store_score_deal()");
  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  score = rapport_score_db_deal (rapport_store_connection_get_db (reader), NULL, deal_id, error);
  rapport_store_end_read (self, reader);
  return score;
}

static gpointer
run_score_deal (RapportStore  *store,
                gpointer       data,
                GError       **error)
{
  return rapport_store_score_deal (store, data, error);
}

/**
 * rapport_store_score_deal_async:
 *
 * rapport_store_score_deal() in a worker thread.
 */
void
rapport_store_score_deal_async (RapportStore        *self,
                                const char          *deal_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (deal_id != NULL);

  rapport_store_read_async (self, run_score_deal, g_strdup (deal_id), g_free,
                            (GDestroyNotify) rapport_score_free, cancellable, callback, user_data);
}

/**
 * rapport_store_score_deal_finish:
 *
 * Returns: (transfer full): the score, or %NULL with @error set
 */
RapportScore *
rapport_store_score_deal_finish (RapportStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return rapport_store_read_finish (self, result, error);
}
