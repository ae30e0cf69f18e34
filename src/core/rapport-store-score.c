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

/* What a rescore writes, and what it wrote. */
typedef struct
{
  GHashTable *scores;   /* (unowned): deal id → whole percent */
  GPtrArray  *written;  /* (unowned) (element-type utf8): the deals whose score changed */
} Rescore;

static void
note_written (GPtrArray           *changed,
              Rescore             *rescore,
              const RapportEntity *deal,
              const char          *id)
{
  rapport_store_changed_add (changed, deal, id);
  g_ptr_array_add (rescore->written, g_strdup (id));
}

/* Sets the scores (deal id → whole percent) on open deals, won 100 and
 * lost 0 on closed ones; only rows whose score changes are written, and
 * only they are told as changed. */
static gboolean
write_scores (RapportStore *self,
              gpointer      data,
              GPtrArray    *changed,
              GError      **error)
{
  const RapportEntity *deal = rapport_entity_lookup ("deal");
  Rescore *rescore = data;
  GHashTable *scores = rescore->scores;
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
        note_written (changed, rescore, deal, id);
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
    note_written (changed, rescore, deal, (const char *) sqlite3_column_text (stmt, 0));
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
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  Rescore rescore = { NULL, written };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  rapport_store_writer_check_read ("rapport_store_rescore_deals()");
  if (!(reader = rapport_store_begin_read (self, error)))
    return FALSE;
  scores = rapport_score_db_open_deals (rapport_store_connection_get_db (reader), error);
  rapport_store_end_read (self, reader);
  rescore.scores = scores;
  return scores != NULL && rapport_store_transact_server_data (self, write_scores, &rescore, error);
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

/* A changed deal's row: whether it is there, open, and kept at a closed
 * deal's score (100 or 0), as a deal that was closed until now is. */
static gboolean
read_kept (sqlite3_stmt *stmt,
           const char   *id,
           gboolean     *found,
           gboolean     *open,
           gboolean     *scored_closed)
{
  int rc;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  if (*found)
    {
      *open = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "open") == 0;
      *scored_closed = sqlite3_column_type (stmt, 1) == SQLITE_INTEGER &&
                       (sqlite3_column_int (stmt, 1) == 0 || sqlite3_column_int (stmt, 1) == 100);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static gboolean
need_on (sqlite3             *db,
         const char * const  *ids,
         RapportRescoreNeed  *need,
         GHashTable         **open_ids,
         GError             **error)
{
  g_autoptr(GHashTable) open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  *need = RAPPORT_RESCORE_NONE;
  if (sqlite3_prepare_v2 (db, "SELECT status, score FROM deals WHERE id = ?1", -1, &stmt,
                          NULL) != SQLITE_OK)
    {
      rapport_store_set_sqlite_error (error, db);
      return FALSE;
    }
  for (guint i = 0; ids[i] != NULL && *need != RAPPORT_RESCORE_RETRAIN; i++)
    {
      gboolean found = FALSE, is_open = FALSE, scored_closed = FALSE;

      if (!(ok = read_kept (stmt, ids[i], &found, &is_open, &scored_closed)))
        break;
      /* Gone, closed, or open again after it was closed: what the models
       * learned from has changed. An open deal kept at 0 or 100 by its
       * stage looks reopened too; that costs a training, not a mistake. */
      if (!found || !is_open || scored_closed)
        *need = RAPPORT_RESCORE_RETRAIN;
      else
        {
          g_hash_table_add (open, g_strdup (ids[i]));
          *need = RAPPORT_RESCORE_SOME;
        }
    }
  if (!ok)
    rapport_store_set_sqlite_error (error, db);
  sqlite3_finalize (stmt);
  if (ok && open_ids != NULL)
    *open_ids = *need == RAPPORT_RESCORE_SOME ? g_steal_pointer (&open) : NULL;
  return ok;
}

/**
 * rapport_store_rescore_need:
 * @ids: deals that changed (saved, synced or deleted)
 * @need: (out): what their change asks of the scores
 * @open_ids: (out) (optional) (transfer full) (nullable) (element-type utf8 utf8):
 *   with %RAPPORT_RESCORE_SOME, the open deals of @ids, as keys
 *
 * Tells which deals need rescoring after @ids changed. A change to open
 * deals alone asks for those deals to be scored again. A deal won, lost,
 * edited while closed, reopened or deleted changes what the models learn
 * from: every open deal is scored again with models trained anew. Reads
 * on a reader: call it from a worker.
 *
 * Returns: %FALSE with @error set when the store cannot be read
 */
gboolean
rapport_store_rescore_need (RapportStore        *self,
                            const char * const  *ids,
                            RapportRescoreNeed  *need,
                            GHashTable         **open_ids,
                            GError             **error)
{
  RapportStoreConnection *reader;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL && need != NULL, FALSE);

  rapport_store_writer_check_read ("rapport_store_rescore_need()");
  if (!(reader = rapport_store_begin_read (self, error)))
    return FALSE;
  ok = need_on (rapport_store_connection_get_db (reader), ids, need, open_ids, error);
  rapport_store_end_read (self, reader);
  return ok;
}

/**
 * rapport_store_rescore_changed:
 * @ids: (nullable): deals that changed; %NULL to score every open deal
 *   anew (a book just opened)
 *
 * Keeps the scores right after @ids changed, as
 * rapport_store_rescore_need() tells: the changed open deals alone, or
 * every open deal with models trained anew. Call it from a worker
 * (rapport_store_rescore_changed_async()).
 *
 * Returns: (transfer full) (element-type utf8): the deals whose kept score
 *   changed (::changed told of them), or %NULL with @error set
 */
GPtrArray *
rapport_store_rescore_changed (RapportStore        *self,
                               const char * const  *ids,
                               GError             **error)
{
  RapportStoreConnection *reader;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) open_ids = NULL;
  g_autoptr(GHashTable) scores = NULL;
  RapportRescoreNeed need;
  Rescore rescore = { NULL, written };
  gboolean ok;
  sqlite3 *db;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  rapport_store_writer_check_read ("rapport_store_rescore_changed()");
  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  db = rapport_store_connection_get_db (reader);
  /* One read transaction: the models learn from the state the need saw. */
  need = RAPPORT_RESCORE_RETRAIN;
  ok = ids == NULL || need_on (db, ids, &need, &open_ids, error);
  if (ok && need != RAPPORT_RESCORE_NONE)
    scores = rapport_score_db_open_deals_among (db, open_ids, error);
  rapport_store_end_read (self, reader);
  if (!ok)
    return NULL;
  if (need == RAPPORT_RESCORE_NONE)
    return g_steal_pointer (&written);
  rescore.scores = scores;
  if (scores == NULL || !rapport_store_transact_server_data (self, write_scores, &rescore, error))
    return NULL;
  return g_steal_pointer (&written);
}

static gpointer
run_rescore_changed (RapportStore  *store,
                     gpointer       data,
                     GError       **error)
{
  return rapport_store_rescore_changed (store, (const char * const *) data, error);
}

/**
 * rapport_store_rescore_changed_async:
 *
 * rapport_store_rescore_changed() in a worker thread.
 */
void
rapport_store_rescore_changed_async (RapportStore        *self,
                                     const char * const  *ids,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  rapport_store_read_async (self, run_rescore_changed, g_strdupv ((char **) ids),
                            (GDestroyNotify) g_strfreev, (GDestroyNotify) g_ptr_array_unref,
                            cancellable, callback, user_data);
}

/**
 * rapport_store_rescore_changed_finish:
 *
 * Returns: (transfer full) (element-type utf8): the deals whose kept score
 *   changed, or %NULL with @error set
 */
GPtrArray *
rapport_store_rescore_changed_finish (RapportStore  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return rapport_store_read_finish (self, result, error);
}

/**
 * rapport_store_kept_scores:
 * @ids: deals' ids
 *
 * Returns: (transfer full) (element-type utf8 gint): the kept win chance
 *   of each of @ids that has one, from 0 to 100, plus one (so that 0 is
 *   not %NULL: read it with GPOINTER_TO_INT () - 1); %NULL with @error set
 */
GHashTable *
rapport_store_kept_scores (RapportStore       *self,
                           const char * const *ids,
                           GError            **error)
{
  g_autoptr(GHashTable) scores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (ids == NULL || ids[0] == NULL)
    return g_steal_pointer (&scores);
  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  stmt = rapport_store_connection_prepare_static (
    reader, "SELECT score FROM deals WHERE id = ? AND score IS NOT NULL", error);
  for (guint i = 0; stmt != NULL && ids[i] != NULL; i++)
    {
      sqlite3_bind_text (stmt, 1, ids[i], -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_insert (scores, g_strdup (ids[i]),
                             GINT_TO_POINTER (sqlite3_column_int (stmt, 0) + 1));
      sqlite3_reset (stmt);
    }
  rapport_store_end_read (self, reader);
  return stmt != NULL ? g_steal_pointer (&scores) : NULL;
}
