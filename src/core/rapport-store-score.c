/* rapport-store-score.c: deals' win chances from the local store
 *
 * The model is trained from the replica on one of the store's reader
 * connections, in one read transaction, so that it never waits for the
 * writer and learns from one state of the records (rapport-score-db.c).
 * Each deal's score as shown is kept in its row's local `score` column,
 * where lists sort and filter by it: derived here from the synced
 * records, never pushed, so every client keeps the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store-score"

#include "config.h"

#include "rapport-score-db.h"
#include "rapport-entity.h"
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

/* Sets @scores (deal id → whole percent) on open deals, won 100 and lost
 * 0 on closed ones; only rows whose score changes are written, and only
 * they are told as changed. */
static gboolean
write_scores (RapportStore *self,
              gpointer      data,
              GPtrArray    *changed,
              GError      **error)
{
  const RapportEntity *deal = rapport_entity_lookup ("deal");
  GHashTable *scores = data;
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer id, score;
  int rc = SQLITE_DONE;

  if (!(stmt = rapport_store_prepare_static (self,
                                             "UPDATE deals SET score = ?2"
                                             " WHERE id = ?1 AND status = 'open' AND score IS NOT ?2",
                                             error)))
    return FALSE;
  g_hash_table_iter_init (&iter, scores);
  while (rc == SQLITE_DONE && g_hash_table_iter_next (&iter, &id, &score))
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, GPOINTER_TO_INT (score));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE && sqlite3_changes (sqlite3_db_handle (stmt)) > 0)
        rapport_store_changed_add (changed, deal, id);
      sqlite3_reset (stmt);
    }
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return FALSE;
    }

  if (!(stmt = rapport_store_prepare_static (self,
                                             "UPDATE deals SET score = iif (status = 'won', 100, 0)"
                                             " WHERE status IN ('won', 'lost')"
                                             "   AND score IS NOT iif (status = 'won', 100, 0)"
                                             " RETURNING id",
                                             error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    rapport_store_changed_add (changed, deal, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_store_rescore_deals:
 *
 * Scores every open deal again, each pipeline's model trained once, and
 * keeps the scores where lists read them. Training reads on a reader;
 * only the scores that changed are written, and ::changed tells of those
 * deals alone, so that a rescore that changes nothing says nothing. Call
 * it from a worker (rapport_store_rescore_deals_async()).
 */
gboolean
rapport_store_rescore_deals (RapportStore *self,
                             GError      **error)
{
  RapportStoreConnection *reader;
  g_autoptr(GHashTable) scores = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  rapport_store_writer_check_read ("rapport_store_rescore_deals()");
  if (!(reader = rapport_store_begin_read (self, error)))
    return FALSE;
  scores = rapport_score_db_open_deals (rapport_store_connection_get_db (reader), error);
  rapport_store_end_read (self, reader);
  return scores != NULL && rapport_store_transact_server_data (self, write_scores, scores, error);
}

static gpointer
run_rescore (RapportStore  *store,
             gpointer       data,
             GError       **error)
{
  return rapport_store_rescore_deals (store, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

void
rapport_store_rescore_deals_async (RapportStore        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  rapport_store_read_async (self, run_rescore, NULL, NULL, NULL, cancellable, callback, user_data);
}

gboolean
rapport_store_rescore_deals_finish (RapportStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return rapport_store_read_finish (self, result, error) != NULL;
}
