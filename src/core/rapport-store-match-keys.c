/* rapport-store-match-keys.c: the duplicate keys of stored records
 *
 * Every contact and company written, typed or pulled, has its match keys
 * (rapport-match-keys.c) rewritten in the same transaction, and a deleted
 * one loses them. A first sync is the exception: computing keys row by row
 * (libphonenumber, the public suffix list) would slow the one moment a new
 * user waits for, so a bulk load writes none and leaves a backlog instead.
 * The backlog, and the rows of a database from before version 24, are
 * worked off on the writer thread in batches, each batch queued behind
 * whatever the user or the sync queued meanwhile, so nobody waits for more
 * than one batch. rapport_store_build_match_keys() finishes it at once for
 * those who need every key now (a scan from the command line).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-json.h"
#include "rapport-match-keys.h"
#include "rapport-store-duplicates.h"
#include "rapport-store-private.h"

/* Rows per background batch: about 20 ms of work on a slow machine. */
#define BATCH_SIZE 500

static gboolean
step_done (RapportStore *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return FALSE;
    }
  return TRUE;
}

static gboolean
forget (RapportStore        *self,
        const RapportEntity *entity,
        const char          *id,
        GError             **error)
{
  static const char sql[] = "DELETE FROM match_keys WHERE entity = ? AND record_id = ?";
  sqlite3_stmt *stmt = rapport_store_prepare_static (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

static gboolean
write_keys (RapportStore        *self,
            const RapportEntity *entity,
            JsonObject          *record,
            gboolean             inserted,
            GError             **error)
{
  static const char sql[] =
    "INSERT OR IGNORE INTO match_keys (entity, kind, key, record_id) VALUES (?, ?, ?, ?)";
  const char *id = rapport_json_get_string (record, "id");
  g_autoptr(GPtrArray) keys = NULL;
  sqlite3_stmt *stmt;

  /* A row just inserted has no keys yet: a delete takes a row's keys along. */
  if (id == NULL || (!inserted && !forget (self, entity, id, error)))
    return id == NULL;
  keys = rapport_match_keys_for_record (entity, record);
  if (keys->len == 0)
    return TRUE;
  if (!(stmt = rapport_store_prepare_static (self, sql, error)))
    return FALSE;
  for (guint i = 0; i < keys->len; i++)
    {
      RapportMatchKey *key = g_ptr_array_index (keys, i);

      sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, key->kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, key->key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, id, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Called by rapport_store_write_row() for every row it writes. */
gboolean
rapport_store_match_keys_write (RapportStore        *self,
                                const RapportEntity *entity,
                                JsonObject          *record,
                                gboolean             inserted,
                                GError             **error)
{
  if (!rapport_match_has_keys (entity) || rapport_store_fts_deferred (self) ||
      (inserted && rapport_store_match_keys_deferred (self)))
    return TRUE;
  return write_keys (self, entity, record, inserted, error);
}

/* Called by rapport_store_delete_row() before the row goes. */
gboolean
rapport_store_match_keys_delete (RapportStore        *self,
                                 const RapportEntity *entity,
                                 gint64               rowid,
                                 GError             **error)
{
  g_autoptr(JsonObject) record = NULL;

  if (!rapport_match_has_keys (entity))
    return TRUE;
  record = rapport_store_read_rowid (self, entity, rowid, NULL);
  return record == NULL || forget (self, entity, rapport_json_get_string (record, "id"), error);
}

/* A bulk load writes no keys: every record type with keys owes them all. */
gboolean
rapport_store_match_keys_defer (RapportStore *self,
                                GError      **error)
{
  return rapport_store_exec (self,
                             "INSERT OR REPLACE INTO match_key_backlog (entity, after_rowid)"
                             " VALUES ('contact', 0), ('company', 0)",
                             error);
}

/**
 * rapport_store_match_keys_owe_new:
 * @entity: a record type with match keys
 *
 * In a write transaction: the rows of @entity inserted from now on owe
 * their keys to the backlog, with any it owes already.
 */
gboolean
rapport_store_match_keys_owe_new (RapportStore        *self,
                                  const RapportEntity *entity,
                                  GError             **error)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO match_key_backlog (entity, after_rowid)"
    " SELECT ?, coalesce (max (rowid), 0) FROM %s WHERE true"
    " ON CONFLICT (entity) DO UPDATE SET after_rowid = min (after_rowid, excluded.after_rowid)",
    entity->table);
  sqlite3_stmt *stmt;

  if (!rapport_match_has_keys (entity))
    return TRUE;
  if (!(stmt = rapport_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
}

/* Keys for the next rows of one record type's backlog; @done when none
 * are left. */
static gboolean
build_some (RapportStore        *self,
            const RapportEntity *entity,
            gint64               after_rowid,
            gboolean            *done,
            GError             **error)
{
  g_autofree char *select = g_strdup_printf (
    "SELECT rowid FROM %s WHERE rowid > ? ORDER BY rowid LIMIT %d", entity->table, BATCH_SIZE);
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = rapport_store_prepare (self, select, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after_rowid);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < rowids->len; i++)
    {
      g_autoptr(JsonObject) record = rapport_store_read_rowid (self, entity,
                                                               g_array_index (rowids, gint64, i),
                                                               error);

      if (record == NULL || !write_keys (self, entity, record, FALSE, error))
        return FALSE;
    }

  *done = rowids->len < BATCH_SIZE;
  if (*done)
    stmt = rapport_store_prepare (self, "DELETE FROM match_key_backlog WHERE entity = ?", error);
  else
    stmt = rapport_store_prepare (self,
                                  "UPDATE match_key_backlog SET after_rowid = ? WHERE entity = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;
  if (*done)
    sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  else
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (rowids, gint64, rowids->len - 1));
      sqlite3_bind_text (stmt, 2, entity->name, -1, SQLITE_STATIC);
    }
  return step_done (self, stmt, error);
}

/* One batch of the backlog in one transaction. FALSE without an error
 * when there is no backlog. */
static gboolean
build_batch (RapportStore *self,
             gpointer      data,
             GError      **error)
{
  const RapportEntity *entity = NULL;
  gint64 after_rowid = 0;
  gboolean done = FALSE;
  sqlite3_stmt *stmt;

  /* A bulk load is under way: its end schedules the work again. */
  if (rapport_store_fts_deferred (self))
    return FALSE;
  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT entity, after_rowid FROM match_key_backlog"
                                      " ORDER BY entity LIMIT 1", error)))
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      entity = rapport_entity_lookup ((const char *) sqlite3_column_text (stmt, 0));
      after_rowid = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (entity == NULL)
    return FALSE;

  if (!rapport_store_begin (self, error))
    return FALSE;
  if (!build_some (self, entity, after_rowid, &done, error) || !rapport_store_commit (self, error))
    {
      rapport_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gpointer
build_in_background (gpointer  source,
                     gpointer  data,
                     GError  **error)
{
  RapportStore *self = source;
  g_autoptr(GError) local_error = NULL;

  if (rapport_store_is_closing (self))
    return NULL;
  if (build_batch (self, NULL, &local_error) && !rapport_store_is_closing (self))
    rapport_store_writer_post (rapport_store_get_writer (self), build_in_background, NULL, NULL);
  else if (local_error != NULL)
    g_warning ("Could not build the duplicate keys: %s", local_error->message);
  return NULL;
}

/**
 * rapport_store_match_keys_schedule:
 *
 * Starts building the keys the store owes, in the background on the writer
 * thread, a batch at a time. Does nothing when none are owed.
 */
void
rapport_store_match_keys_schedule (RapportStore *self)
{
  rapport_store_writer_post (rapport_store_get_writer (self), build_in_background, NULL, NULL);
}

static gboolean
build_all (RapportStore *self,
           gpointer      data,
           GError      **error)
{
  GError *local_error = NULL;

  while (build_batch (self, NULL, &local_error))
    ;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_store_build_match_keys:
 * @self: a store
 * @error: return location for a #GError
 *
 * Builds every duplicate key the store still owes, now, and waits.
 *
 * Returns: whether it worked
 */
gboolean
rapport_store_build_match_keys (RapportStore *self,
                                GError      **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return rapport_store_run_write (self, build_all, NULL, error);
}

/**
 * rapport_store_match_keys_owed:
 *
 * Returns: whether some stored records have no duplicate keys yet
 */
gboolean
rapport_store_match_keys_owed (RapportStore *self)
{
  RapportStoreConnection *reader = rapport_store_begin_read (self, NULL);
  sqlite3_stmt *stmt;
  gboolean owed = FALSE;

  if (reader == NULL)
    return FALSE;
  stmt = rapport_store_connection_prepare (reader, "SELECT 1 FROM match_key_backlog LIMIT 1",
                                           NULL);
  if (stmt != NULL)
    {
      owed = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
    }
  rapport_store_end_read (self, reader);
  return owed;
}
