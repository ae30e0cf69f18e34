/* rapport-server-backend-sqlite.c: the default storage, one SQLite file
 *
 * Every record of every type is one row of `records`, its JSON beside the
 * columns the server looks things up by. A write gives the row the next
 * number of the server-wide sequence, so the changes feed is one indexed
 * range scan and a record changed three times shows up once, at its latest
 * number. Deletions stay as tombstones (data NULL).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-backend-sqlite"

#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "rapport-entity.h"
#include "rapport-filter-sql.h"
#include "rapport-server-backend.h"
#include "rapport-server-epoch-mark.h"
#include "rapport-server-feed-counts.h"
#include "rapport-uuid.h"

/* The sequence is marked beside the file at most this often while serving. */
#define MARK_INTERVAL_US (2 * G_USEC_PER_SEC)
/* Filter statements kept at most: rules' conditions are a few dozen. */
#define MAX_FILTER_STATEMENTS 256

typedef struct
{
  RapportServerBackend  parent;
  sqlite3              *db;
  GHashTable           *statements; /* (owned): SQL text → sqlite3_stmt */
  GHashTable           *filter_statements; /* (owned): a filter's SQL (owned) on one
                                            * record → sqlite3_stmt */
  char                 *path;       /* (owned) */
  char                 *id;         /* (owned): the database's id */
  char                 *epoch;      /* (owned): its current epoch */
  gint64                written_seq;   /* the highest sequence number of this transaction */
  gint64                committed_seq; /* ... and of the committed ones */
  gint64                marked_seq;    /* what the mark beside the file says */
  gint64                marked_at;     /* monotonic time of the last mark */
  RapportFeedCounts    *feed_counts;   /* (owned): "remaining" of recent feed pages */
  sqlite3_int64         seen_changes;  /* rows this connection had written ... */
  gint64                seen_version;  /* ... and PRAGMA data_version, when last asked */
  gint64                generation;    /* bumped when either moved */
} RapportSqliteBackend;

/* A field of a record's text, NULL when the text is not JSON (a damaged
 * record), so that indexing it never fails. */
#define CASE_FIELD(name) "(CASE WHEN json_valid (data) THEN json_extract (data, '$." name "') END)"

/* clang-format off */
static const char schema[] =
  /* Keyed by the change sequence, so that the changes feed reads the table
   * in order from disk instead of looking up each record by id. */
  "CREATE TABLE IF NOT EXISTS records ("
  "  seq INTEGER PRIMARY KEY,"
  "  entity TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  data TEXT,"
  "  parent_id TEXT,"
  "  UNIQUE (entity, id)"
  ");"
  /* A document's lines, a price list's items: read whenever one of them
   * is written, so they must not be found by reading the whole type. */
  "CREATE INDEX IF NOT EXISTS records_by_parent ON records (entity, parent_id, id)"
  "  WHERE parent_id IS NOT NULL;"
  /* Only the sequence numbers: counting what a feed still has to send
   * reads this instead of every record's text. */
  "CREATE INDEX IF NOT EXISTS records_by_seq ON records (seq);"
  /* A queue's agents' loads, counted whenever it assigns a case: the
   * expressions are CASE_FIELD's, which count_queue_load's query repeats. */
  "CREATE INDEX IF NOT EXISTS records_case_load ON records ("
  "  " CASE_FIELD ("queue_id") ", " CASE_FIELD ("assignee_id") ", " CASE_FIELD ("status") ")"
  "  WHERE entity = 'case';"
  "CREATE TABLE IF NOT EXISTS sequence (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);"
  "INSERT OR IGNORE INTO sequence (id, value) VALUES (1, 0);"
  "CREATE TABLE IF NOT EXISTS history ("
  "  entity TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  entry TEXT NOT NULL,"
  "  PRIMARY KEY (entity, id, version)"
  ") WITHOUT ROWID;"
  /* created_at: Unix time, results older than --op-result-max-age are
   * pruned (prune_op_results) */
  "CREATE TABLE IF NOT EXISTS op_results ("
  "  user_id TEXT NOT NULL,"
  "  op_id TEXT NOT NULL,"
  "  result TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (user_id, op_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX IF NOT EXISTS op_results_by_age ON op_results (created_at);"
  "CREATE TABLE IF NOT EXISTS credentials ("
  "  user_id TEXT PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  hash TEXT"
  ");"
  "CREATE TABLE IF NOT EXISTS tokens ("
  "  hash TEXT PRIMARY KEY,"
  "  user_id TEXT NOT NULL,"
  "  expires_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX IF NOT EXISTS tokens_user ON tokens (user_id);"
  /* Live records whose stored text the server could not read: never
   * served, never written over by a rep, listed for admins. */
  "CREATE TABLE IF NOT EXISTS damaged ("
  "  entity TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  found_at TEXT NOT NULL,"
  "  PRIMARY KEY (entity, id)"
  ") WITHOUT ROWID;"
  /* Failed logins of each user name and address in their current window
   * (rapport-server-auth.c): window_start in Unix µs. */
  "CREATE TABLE IF NOT EXISTS login_failures ("
  "  key TEXT PRIMARY KEY,"
  "  window_start INTEGER NOT NULL,"
  "  failures INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX IF NOT EXISTS login_failures_by_age ON login_failures (window_start);"
  /* Who this database is: "id" for ever, "epoch" new after each restore. */
  "CREATE TABLE IF NOT EXISTS server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  /* The last number given to a record of each type in each year. */
  "CREATE TABLE IF NOT EXISTS numbers ("
  "  entity TEXT NOT NULL,"
  "  year INTEGER NOT NULL,"
  "  last INTEGER NOT NULL,"
  "  PRIMARY KEY (entity, year)"
  ") WITHOUT ROWID;";
/* clang-format on */

/* Version 1 kept records in (entity, id) order: a first sync of a large book
 * read the whole file at random. Version 2 keeps them in feed order. */
static const char records_v1_to_v2[] =
  "CREATE TABLE records_v2 ("
  "  seq INTEGER PRIMARY KEY,"
  "  entity TEXT NOT NULL,"
  "  id TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  data TEXT,"
  "  UNIQUE (entity, id)"
  ");"
  "INSERT INTO records_v2 (seq, entity, id, version, data)"
  "  SELECT seq, entity, id, version, data FROM records;"
  "DROP TABLE records;"
  "ALTER TABLE records_v2 RENAME TO records;";

/* Version 3 adds server_meta: the database's id and epoch. An older file
 * gets an id derived from its first user, so that the live file and any
 * older backup of it, upgraded apart, still name the same server.
 * Version 4 adds numbers: the counters of record numbers (C-2026-00042);
 * the records already there get theirs when the server opens the file
 * (rapport_server_numbers_catch_up ()).
 * Version 5 adds records.parent_id: the parent of a child record (a
 * quote's line), filled in from the records already there.
 * Version 6 fills it in for the types found by what they are about (a
 * document's approval requests: RapportEntity.indexed_by) too.
 * Version 7 adds op_results.created_at, for pruning; the results already
 * there count from the upgrade.
 * Version 8 adds login_failures: failed logins were counted in memory. */
#define SCHEMA_VERSION 8

static gboolean
set_sqlite_error (RapportSqliteBackend *self,
                  int                   rc,
                  GError              **error)
{
  int code = RAPPORT_BACKEND_ERROR_FAILED;

  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    code = RAPPORT_BACKEND_ERROR_BUSY;
  else if ((rc & 0xff) == SQLITE_CONSTRAINT)
    code = RAPPORT_BACKEND_ERROR_EXISTS;
  g_set_error (error, RAPPORT_BACKEND_ERROR, code, "SQLite: %s", sqlite3_errmsg (self->db));
  return FALSE;
}

/* Statements are prepared once and kept: the feed and push run the same few
 * queries thousands of times. */
static sqlite3_stmt *
prepare (RapportSqliteBackend *self,
         const char           *sql,
         GError              **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, index));
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (RapportSqliteBackend *self,
           sqlite3_stmt         *stmt,
           GError              **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
exec (RapportSqliteBackend *self,
      const char           *sql,
      GError              **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static RapportStoredRecord *
read_record_row (sqlite3_stmt *stmt)
{
  RapportStoredRecord *record = g_new0 (RapportStoredRecord, 1);

  record->entity = column_text (stmt, 0);
  record->id = column_text (stmt, 1);
  record->version = sqlite3_column_int64 (stmt, 2);
  record->seq = sqlite3_column_int64 (stmt, 3);
  record->data = column_text (stmt, 4);
  record->deleted = record->data == NULL;
  return record;
}

/* Writes the mark beside the file with what is committed; see
 * rapport-server-epoch-mark.c for why. */
static void
write_mark (RapportSqliteBackend *self)
{
  g_autoptr(GError) error = NULL;

  if (self->id == NULL)
    return;
  if (!rapport_server_epoch_mark_write (self->path, self->id, self->epoch, self->committed_seq,
                                        &error))
    g_warning ("%s", error->message);
  self->marked_seq = self->committed_seq;
  self->marked_at = g_get_monotonic_time ();
}

static void
sqlite_free (RapportServerBackend *backend)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;

  /* Only a database that opened has a mark to keep. */
  if (self->marked_at != 0 && self->committed_seq > self->marked_seq)
    write_mark (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->filter_statements, g_hash_table_unref);
  g_clear_pointer (&self->feed_counts, rapport_feed_counts_free);
  sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self->id);
  g_free (self->epoch);
  g_free (self);
}

static gboolean
sqlite_begin (RapportServerBackend *backend,
              GError              **error)
{
  return exec ((RapportSqliteBackend *) backend, "BEGIN IMMEDIATE", error);
}

static gboolean
sqlite_commit (RapportServerBackend *backend,
               GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;

  if (!exec (self, "COMMIT", error))
    return FALSE;
  self->committed_seq = MAX (self->committed_seq, self->written_seq);
  if (self->committed_seq > self->marked_seq &&
      g_get_monotonic_time () - self->marked_at >= MARK_INTERVAL_US)
    write_mark (self);
  return TRUE;
}

static void
sqlite_rollback (RapportServerBackend *backend)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;

  self->written_seq = self->committed_seq;
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
sqlite_get_record (RapportServerBackend *backend,
                   const char           *entity,
                   const char           *id,
                   RapportStoredRecord **out,
                   GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT entity, id, version, seq, data FROM records"
                                " WHERE entity = ?1 AND id = ?2", error);
  int rc;

  *out = NULL;
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = read_record_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_put_record (RapportServerBackend *backend,
                   const char           *entity,
                   const char           *id,
                   gint64                version,
                   const char           *data,
                   const char           *parent_id,
                   gint64               *out_seq,
                   GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt;
  gint64 seq;
  int rc;

  stmt = prepare (self, "UPDATE sequence SET value = value + 1 WHERE id = 1 RETURNING value",
                  error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return set_sqlite_error (self, rc, error);

  stmt = prepare (self,
                  "INSERT INTO records (entity, id, version, seq, data, parent_id)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                  " ON CONFLICT (entity, id) DO UPDATE SET"
                  " version = excluded.version, seq = excluded.seq, data = excluded.data,"
                  " parent_id = excluded.parent_id",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, id);
  sqlite3_bind_int64 (stmt, 3, version);
  sqlite3_bind_int64 (stmt, 4, seq);
  bind_text (stmt, 5, data);
  bind_text (stmt, 6, data != NULL ? parent_id : NULL);
  if (!step_done (self, stmt, error))
    return FALSE;

  /* What was damaged is now written anew. */
  stmt = prepare (self, "DELETE FROM damaged WHERE entity = ?1 AND id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, id);
  if (!step_done (self, stmt, error))
    return FALSE;
  self->written_seq = MAX (self->written_seq, seq);
  if (out_seq != NULL)
    *out_seq = seq;
  return TRUE;
}

static gboolean
collect_records (RapportSqliteBackend *self,
                 sqlite3_stmt         *stmt,
                 GPtrArray            *out,
                 GError              **error)
{
  gsize bytes = 0;
  int rc = SQLITE_DONE;

  /* Past RAPPORT_BACKEND_PAGE_BYTES of records the caller has a page: huge
   * records must not all be held in memory at once. */
  while (bytes <= RAPPORT_BACKEND_PAGE_BYTES && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RapportStoredRecord *record = read_record_row (stmt);

      bytes += record->data != NULL ? strlen (record->data) : 0;
      g_ptr_array_add (out, record);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

/* Live records of @entity with id > @after, by id: all of them, or those
 * put under @parent_id. */
static gboolean
list_by_id (RapportSqliteBackend *self,
            const char           *entity,
            const char           *parent_id,
            const char           *after,
            guint                 limit,
            GPtrArray            *out,
            GError              **error)
{
  sqlite3_stmt *stmt = parent_id == NULL
                         ? prepare (self,
                                    "SELECT entity, id, version, seq, data FROM records"
                                    " WHERE entity = ?1 AND id > ?3 AND data IS NOT NULL"
                                    " ORDER BY id LIMIT ?4",
                                    error)
                         : prepare (self,
                                    "SELECT entity, id, version, seq, data FROM records"
                                    " WHERE entity = ?1 AND parent_id = ?2 AND id > ?3"
                                    " ORDER BY id LIMIT ?4",
                                    error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  if (parent_id != NULL)
    bind_text (stmt, 2, parent_id);
  bind_text (stmt, 3, after != NULL ? after : "");
  sqlite3_bind_int64 (stmt, 4, limit);
  return collect_records (self, stmt, out, error);
}

static gboolean
sqlite_list_records (RapportServerBackend *backend,
                     const char           *entity,
                     const char           *after,
                     guint                 limit,
                     GPtrArray            *out,
                     GError              **error)
{
  return list_by_id ((RapportSqliteBackend *) backend, entity, NULL, after, limit, out, error);
}

static gboolean
sqlite_list_children (RapportServerBackend *backend,
                      const char           *entity,
                      const char           *parent_id,
                      const char           *after,
                      guint                 limit,
                      GPtrArray            *out,
                      GError              **error)
{
  g_return_val_if_fail (parent_id != NULL, FALSE);
  return list_by_id ((RapportSqliteBackend *) backend, entity, parent_id, after, limit, out,
                     error);
}

/* A scan of the type's records: it runs on a delete of what they may
 * point at, which is rare. Text that is not JSON (a damaged record)
 * points at nothing. */
static gboolean
sqlite_count_referring (RapportServerBackend *backend,
                        const char           *entity,
                        const char           *field,
                        const char           *value,
                        gint64               *out_count,
                        GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  g_autofree char *path = g_strdup_printf ("$.%s", field);
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT COUNT(*) FROM records WHERE entity = ?1 AND data IS NOT NULL"
                                " AND CASE WHEN json_valid (data) THEN json_extract (data, ?2) END = ?3",
                                error);
  int rc;

  *out_count = 0;
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, path);
  bind_text (stmt, 3, value);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || set_sqlite_error (self, rc, error);
}

static gboolean
sqlite_list_referring (RapportServerBackend *backend,
                       const char           *entity,
                       const char           *field,
                       const char           *value,
                       const char           *after,
                       guint                 limit,
                       GPtrArray            *out,
                       GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  g_autofree char *path = g_strdup_printf ("$.%s", field);
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT entity, id, version, seq, data FROM records"
                                " WHERE entity = ?1 AND data IS NOT NULL AND id > ?4"
                                " AND CASE WHEN json_valid (data) THEN json_extract (data, ?2) END = ?3"
                                " ORDER BY id LIMIT ?5",
                                error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, path);
  bind_text (stmt, 3, value);
  bind_text (stmt, 4, after != NULL ? after : "");
  sqlite3_bind_int64 (stmt, 5, limit);
  return collect_records (self, stmt, out, error);
}

static gboolean
sqlite_latest_referring (RapportServerBackend *backend,
                         const char           *entity,
                         const char           *field,
                         const char           *values,
                         const char           *time_field,
                         const char           *upto,
                         GHashTable           *out,
                         GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  g_autofree char *path = g_strdup_printf ("$.%s", field);
  g_autofree char *time_path = g_strdup_printf ("$.%s", time_field);
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT json_extract (data, ?2) AS ref, max (json_extract (data, ?4))"
                                " FROM records WHERE entity = ?1 AND data IS NOT NULL AND json_valid (data)"
                                " AND json_extract (data, ?2) IN (SELECT value FROM json_each (?3))"
                                " AND json_extract (data, ?4) <= ?5 GROUP BY ref",
                                error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, path);
  bind_text (stmt, 3, values);
  bind_text (stmt, 4, time_path);
  bind_text (stmt, 5, upto);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_replace (out, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                          g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || set_sqlite_error (self, rc, error);
}

static gboolean
sqlite_list_changes (RapportServerBackend *backend,
                     gint64                since,
                     guint                 limit,
                     GPtrArray            *out,
                     GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT entity, id, version, seq, data FROM records"
                                " WHERE seq > ?1 ORDER BY seq LIMIT ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);
  return collect_records (self, stmt, out, error);
}

static gboolean
count_range (RapportSqliteBackend *self,
             gint64                after,
             gint64                up_to,
             guint64              *out_count,
             GError              **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT COUNT(*) FROM records WHERE seq > ?1 AND seq <= ?2",
                                error);
  int rc;

  *out_count = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after);
  sqlite3_bind_int64 (stmt, 2, up_to);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_count = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || set_sqlite_error (self, rc, error);
}

/* A number that changes whenever the file may have: a write of this
 * connection or a commit of another one (another process included). */
static gboolean
read_generation (RapportSqliteBackend *self,
                 GError              **error)
{
  sqlite3_stmt *stmt = prepare (self, "PRAGMA data_version", error);
  sqlite3_int64 changes = sqlite3_total_changes64 (self->db);
  gint64        version;
  int           rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  version = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return set_sqlite_error (self, rc, error);
  if (changes != self->seen_changes || version != self->seen_version)
    self->generation++;
  self->seen_changes = changes;
  self->seen_version = version;
  return TRUE;
}

/* The count of the nearest cursor counted before, corrected by the rows
 * between the two; a full count only when nothing is kept. All in one read
 * transaction, so that no commit falls between the generation and the
 * count. */
static gboolean
sqlite_count_changes (RapportServerBackend *backend,
                      gint64                since,
                      guint64              *out_count,
                      GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  gboolean              own_transaction = sqlite3_get_autocommit (self->db);
  gint64                near = 0;
  guint64               near_count = 0, between = 0;
  gboolean              ok;

  *out_count = 0;
  if (own_transaction && !exec (self, "BEGIN", error))
    return FALSE;
  ok = read_generation (self, error);
  if (ok && rapport_feed_counts_nearest (self->feed_counts, self->generation, since, &near,
                                         &near_count))
    {
      ok = count_range (self, MIN (near, since), MAX (near, since), &between, error);
      *out_count = near <= since ? near_count - MIN (between, near_count) : near_count + between;
    }
  else if (ok)
    ok = count_range (self, since, G_MAXINT64, out_count, error);
  if (own_transaction)
    sqlite3_exec (self->db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
  if (ok)
    rapport_feed_counts_remember (self->feed_counts, self->generation, since, *out_count);
  return ok;
}

static gboolean
sqlite_add_history (RapportServerBackend *backend,
                    const char           *entity,
                    const char           *id,
                    gint64                version,
                    const char           *entry,
                    GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "INSERT OR REPLACE INTO history (entity, id, version, entry)"
                                " VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, id);
  sqlite3_bind_int64 (stmt, 3, version);
  bind_text (stmt, 4, entry);
  return step_done (self, stmt, error);
}

static gboolean
collect_texts (RapportSqliteBackend *self,
               sqlite3_stmt         *stmt,
               GPtrArray            *out,
               GError              **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_list_history (RapportServerBackend *backend,
                     const char           *entity,
                     const char           *id,
                     GPtrArray            *out,
                     GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT entry FROM history WHERE entity = ?1 AND id = ?2"
                                " ORDER BY version", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, id);
  return collect_texts (self, stmt, out, error);
}

/* Runs a one-row, text-columns query; leaves the outputs NULL on no row. */
static gboolean
query_texts (RapportSqliteBackend *self,
             sqlite3_stmt         *stmt,
             char                **out0,
             char                **out1,
             GError              **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *out0 = column_text (stmt, 0);
      if (out1 != NULL)
        *out1 = column_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_get_history (RapportServerBackend *backend,
                    const char           *entity,
                    const char           *id,
                    gint64                version,
                    char                **out_entry,
                    GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT entry FROM history WHERE entity = ?1 AND id = ?2"
                                " AND version = ?3", error);

  *out_entry = NULL;
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, id);
  sqlite3_bind_int64 (stmt, 3, version);
  return query_texts (self, stmt, out_entry, NULL, error);
}

static gboolean
sqlite_get_op_result (RapportServerBackend *backend,
                      const char           *user_id,
                      const char           *op_id,
                      char                **out_result,
                      GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT result FROM op_results WHERE user_id = ?1 AND op_id = ?2",
                                error);

  *out_result = NULL;
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, user_id);
  bind_text (stmt, 2, op_id);
  return query_texts (self, stmt, out_result, NULL, error);
}

static gboolean
sqlite_put_op_result (RapportServerBackend *backend,
                      const char           *user_id,
                      const char           *op_id,
                      const char           *result,
                      GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "INSERT INTO op_results (user_id, op_id, result, created_at)"
                                " VALUES (?1, ?2, ?3, ?4)",
                                error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, user_id);
  bind_text (stmt, 2, op_id);
  bind_text (stmt, 3, result);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  return step_done (self, stmt, error);
}

/* Oldest first is not needed: any @limit of them, by the age index. */
static gboolean
sqlite_prune_op_results (RapportServerBackend *backend,
                         gint64                before,
                         guint                 limit,
                         guint                *out_deleted,
                         GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "DELETE FROM op_results WHERE (user_id, op_id) IN"
                                " (SELECT user_id, op_id FROM op_results WHERE created_at < ?1"
                                " LIMIT ?2)",
                                error);

  *out_deleted = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, before);
  sqlite3_bind_int64 (stmt, 2, limit);
  if (!step_done (self, stmt, error))
    return FALSE;
  *out_deleted = (guint) sqlite3_changes (self->db);
  return TRUE;
}

/* One row per key: a failure is one upsert, and a sprayed name costs one
 * row until its window ends. */
static gboolean
sqlite_add_login_failure (RapportServerBackend *backend,
                          const char           *key,
                          gint64                now,
                          gint64                window,
                          GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *forget, *add;

  g_return_val_if_fail (sqlite3_get_autocommit (self->db), FALSE);
  forget = prepare (self, "DELETE FROM login_failures WHERE window_start <= ?1", error);
  if (forget == NULL)
    return FALSE;
  sqlite3_bind_int64 (forget, 1, now - window);
  if (!step_done (self, forget, error))
    return FALSE;
  add = prepare (self,
                 "INSERT INTO login_failures (key, window_start, failures) VALUES (?1, ?2, 1)"
                 " ON CONFLICT (key) DO UPDATE SET"
                 " failures = CASE WHEN window_start > ?3 THEN failures + 1 ELSE 1 END,"
                 " window_start = CASE WHEN window_start > ?3 THEN window_start ELSE ?2 END",
                 error);
  if (add == NULL)
    return FALSE;
  bind_text (add, 1, key);
  sqlite3_bind_int64 (add, 2, now);
  sqlite3_bind_int64 (add, 3, now - window);
  return step_done (self, add, error);
}

static gboolean
sqlite_get_login_failures (RapportServerBackend *backend,
                           const char           *key,
                           gint64                now,
                           gint64                window,
                           guint                *out_failures,
                           gint64               *out_window_start,
                           GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT failures, window_start FROM login_failures"
                                " WHERE key = ?1 AND window_start > ?2",
                                error);
  g_autofree char *failures = NULL;
  g_autofree char *window_start = NULL;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, now - window);
  if (!query_texts (self, stmt, &failures, &window_start, error))
    return FALSE;
  *out_failures = failures != NULL ? (guint) g_ascii_strtoull (failures, NULL, 10) : 0;
  *out_window_start = window_start != NULL ? g_ascii_strtoll (window_start, NULL, 10) : now;
  return TRUE;
}

static gboolean
sqlite_clear_login_failures (RapportServerBackend *backend,
                             const char           *key,
                             GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (sqlite3_get_autocommit (self->db), FALSE);
  stmt = prepare (self, "DELETE FROM login_failures WHERE key = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_get_credentials (RapportServerBackend *backend,
                        const char           *name,
                        char                **out_user_id,
                        char                **out_hash,
                        GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self, "SELECT user_id, hash FROM credentials WHERE name = ?1",
                                error);

  *out_user_id = NULL;
  *out_hash = NULL;
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  return query_texts (self, stmt, out_user_id, out_hash, error);
}

static gboolean
sqlite_list_credentials (RapportServerBackend *backend,
                         GPtrArray            *out_user_ids,
                         GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self, "SELECT user_id FROM credentials ORDER BY name", error);

  if (stmt == NULL)
    return FALSE;
  return collect_texts (self, stmt, out_user_ids, error);
}

static gboolean
sqlite_set_credentials (RapportServerBackend *backend,
                        const char           *user_id,
                        const char           *name,
                        const char           *hash,
                        GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "INSERT INTO credentials (user_id, name, hash) VALUES (?1, ?2, ?3)"
                                " ON CONFLICT (user_id) DO UPDATE SET name = excluded.name,"
                                " hash = coalesce (excluded.hash, hash)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, user_id);
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, hash);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_add_token (RapportServerBackend *backend,
                  const char           *token_hash,
                  const char           *user_id,
                  gint64                expires_at,
                  GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt;

  /* Expired tokens are swept whenever a new one is made. */
  stmt = prepare (self, "DELETE FROM tokens WHERE expires_at < ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  if (!step_done (self, stmt, error))
    return FALSE;

  stmt = prepare (self, "INSERT INTO tokens (hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  bind_text (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, expires_at);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_lookup_token (RapportServerBackend *backend,
                     const char           *token_hash,
                     char                **out_user_id,
                     char                **out_stored_hash,
                     gint64               *out_expires_at,
                     GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT user_id, expires_at, hash FROM tokens WHERE hash = ?1",
                                error);
  int rc;

  *out_user_id = NULL;
  *out_stored_hash = NULL;
  *out_expires_at = 0;
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_user_id = column_text (stmt, 0);
      *out_expires_at = sqlite3_column_int64 (stmt, 1);
      *out_stored_hash = column_text (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
sqlite_delete_tokens (RapportServerBackend *backend,
                      const char           *token_hash,
                      const char           *user_id,
                      GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM tokens WHERE hash = ?1 OR user_id = ?2",
                                error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  bind_text (stmt, 2, user_id);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_note_damaged (RapportServerBackend *backend,
                     const char           *entity,
                     const char           *id,
                     gint64                seq,
                     const char           *found_at,
                     gboolean             *out_new,
                     GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "INSERT OR IGNORE INTO damaged (entity, id, seq, found_at)"
                                " VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, id);
  sqlite3_bind_int64 (stmt, 3, seq);
  bind_text (stmt, 4, found_at);
  if (!step_done (self, stmt, error))
    return FALSE;
  *out_new = sqlite3_changes (self->db) > 0;
  return TRUE;
}

static gboolean
sqlite_list_damaged (RapportServerBackend *backend,
                     GPtrArray            *out,
                     GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT entity, id, seq, found_at FROM damaged"
                                " ORDER BY found_at, entity, id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "entity", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (entry, "id", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_int_member (entry, "seq", sqlite3_column_int64 (stmt, 2));
      json_object_set_string_member (entry, "found_at", (const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (out, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

static gboolean
query_text (RapportSqliteBackend *self,
            const char           *sql,
            char                **out,
            GError              **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);

  *out = NULL;
  return stmt != NULL && query_texts (self, stmt, out, NULL, error);
}

/* Read from the file on every call, not remembered: a backup restored
 * under a running server must not be served under the old epoch. */
static void
sqlite_get_identity (RapportServerBackend *backend,
                     const char          **out_id,
                     const char          **out_epoch)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  g_autofree char *id = NULL;
  g_autofree char *epoch = NULL;

  if (query_text (self, "SELECT value FROM server_meta WHERE key = 'id'", &id, NULL) &&
      query_text (self, "SELECT value FROM server_meta WHERE key = 'epoch'", &epoch, NULL) &&
      id != NULL && epoch != NULL)
    {
      g_free (self->id);
      self->id = g_steal_pointer (&id);
      g_free (self->epoch);
      self->epoch = g_steal_pointer (&epoch);
    }
  *out_id = self->id;
  *out_epoch = self->epoch;
}

static gboolean
set_meta (RapportSqliteBackend *self,
          const char           *key,
          const char           *value,
          GError              **error)
{
  sqlite3_stmt *stmt = prepare (self,
                                "INSERT INTO server_meta (key, value) VALUES (?1, ?2)"
                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_new_epoch (RapportServerBackend *backend,
                  GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  g_autofree char *epoch = rapport_uuid_v7_new ();

  if (!set_meta (self, "epoch", epoch, error))
    return FALSE;
  g_free (self->epoch);
  self->epoch = g_steal_pointer (&epoch);
  write_mark (self);
  return TRUE;
}

/* One statement: the counter row is written, and so locked, before the
 * number is read, so no two transactions can get the same one. */
static gboolean
sqlite_next_number (RapportServerBackend *backend,
                    const char           *entity,
                    int                   year,
                    gint64               *out_number,
                    GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "INSERT INTO numbers (entity, year, last) VALUES (?1, ?2, 1)"
                                " ON CONFLICT (entity, year) DO UPDATE SET last = last + 1"
                                " RETURNING last", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  sqlite3_bind_int (stmt, 2, year);
  rc = sqlite3_step (stmt);
  *out_number = sqlite3_column_int64 (stmt, 0);
  /* RETURNING: the row is written only once the statement has run out. */
  if (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  return TRUE;
}

/* Counted from records_case_load alone: the status is one of at most a
 * few values, so each is looked up in the index, and the walk stops at
 * the limit. */
static gboolean
sqlite_count_queue_load (RapportServerBackend *backend,
                         const char           *queue_id,
                         const char           *assignee_id,
                         const char * const   *statuses,
                         gint64                up_to,
                         gint64               *out_count,
                         GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT COUNT(*) FROM (SELECT 1 FROM records WHERE entity = 'case'"
                                " AND " CASE_FIELD ("queue_id") " = ?1"
                                " AND " CASE_FIELD ("assignee_id") " = ?2"
                                " AND " CASE_FIELD ("status") " = ?3 LIMIT ?4)",
                                error);

  *out_count = 0;
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; statuses[i] != NULL; i++)
    {
      int rc;

      bind_text (stmt, 1, queue_id);
      bind_text (stmt, 2, assignee_id);
      bind_text (stmt, 3, statuses[i]);
      sqlite3_bind_int64 (stmt, 4, up_to > 0 ? up_to - *out_count : -1);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        *out_count += sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        return set_sqlite_error (self, rc, error);
      if (up_to > 0 && *out_count >= up_to)
        break;
    }
  return TRUE;
}

static gboolean
sqlite_get_meta (RapportServerBackend *backend,
                 const char           *key,
                 char                **out_value,
                 GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self, "SELECT value FROM server_meta WHERE key = ?1", error);

  *out_value = NULL;
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  return query_texts (self, stmt, out_value, NULL, error);
}

static gboolean
sqlite_set_meta (RapportServerBackend *backend,
                 const char           *key,
                 const char           *value,
                 GError              **error)
{
  return set_meta ((RapportSqliteBackend *) backend, key, value, error);
}

/* The filter language over records kept as JSON: a field is a member of
 * the record's document. Damaged text is never read as JSON. */
static char *
json_column (const RapportEntity *entity,
             const char          *alias,
             const char          *field)
{
  if (strcmp (field, "id") == 0)
    return g_strdup_printf ("%s.id", alias);
  return g_strdup_printf ("json_extract (%s.data, '$.%s')", alias, field);
}

static char *
json_rows (const RapportEntity *entity,
           const char          *alias)
{
  return g_strdup_printf ("FROM records AS %1$s WHERE %1$s.entity = '%2$s'"
                          " AND %1$s.data IS NOT NULL AND json_valid (%1$s.data)",
                          alias, entity->name);
}

static const RapportFilterDialect json_dialect = { json_column, json_rows };

static gboolean
sqlite_filter_records (RapportServerBackend       *backend,
                       const RapportFilter        *filter,
                       const RapportFilterContext *context,
                       GPtrArray                  *out_ids,
                       GError                    **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autofree char *rows = json_rows (rapport_filter_get_entity (filter), "t");
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_string_printf (sql, "SELECT t.id %s AND ", rows);
  if (!rapport_filter_to_sql (filter, &json_dialect, context, "t", sql, params, error))
    return FALSE;
  g_string_append (sql, " ORDER BY t.id");
  rc = sqlite3_prepare_v2 (self->db, sql->str, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, error);
  rapport_filter_bind (stmt, params, 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out_ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE || set_sqlite_error (self, rc, error);
}

static gboolean
sqlite_list_tables (RapportServerBackend *backend,
                    GPtrArray            *out_names,
                    GError              **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                                error);

  return stmt != NULL && collect_texts (self, stmt, out_names, error);
}

/* Streams the rows from SQLite's cursor: a table of millions of records is
 * never held in memory. @table and @order_by come from the migrator's own
 * list, never from a user. */
static gboolean
sqlite_read_table (RapportServerBackend  *backend,
                   const char            *table,
                   const char            *order_by,
                   RapportBackendRowFunc  func,
                   gpointer               user_data,
                   GError               **error)
{
  RapportSqliteBackend *self = (RapportSqliteBackend *) backend;
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY %s", table, order_by);
  sqlite3_stmt *stmt = NULL;
  g_autofree const char **names = NULL;
  g_autofree const char **values = NULL;
  GError *stopped = NULL;
  guint n_columns;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, error);
  n_columns = (guint) sqlite3_column_count (stmt);
  names = g_new0 (const char *, n_columns + 1);
  values = g_new0 (const char *, n_columns + 1);
  for (guint i = 0; i < n_columns; i++)
    names[i] = sqlite3_column_name (stmt, (int) i);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (guint i = 0; i < n_columns; i++)
        values[i] = (const char *) sqlite3_column_text (stmt, (int) i);
      if (!func (names, values, n_columns, user_data, &stopped))
        break;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sqlite_error (self, rc, &stopped);
  sqlite3_finalize (stmt);
  if (stopped != NULL)
    {
      g_propagate_error (error, stopped);
      return FALSE;
    }
  return TRUE;
}

/* Whether @filter holds on the record @id, by a statement kept for the
 * next write: the same rules ask on every write they watch. */
static gboolean
filter_matches (RapportSqliteBackend       *self,
                RapportFilter              *filter,
                const RapportFilterContext *context,
                const char                 *id,
                gboolean                   *out_matches,
                GError                    **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autofree char *rows = json_rows (rapport_filter_get_entity (filter), "t");
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_string_printf (sql, "SELECT 1 %s AND t.id = ? AND ", rows);
  if (!rapport_filter_to_sql (filter, &json_dialect, context, "t", sql, params, error))
    return FALSE;
  stmt = g_hash_table_lookup (self->filter_statements, sql->str);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
  else
    {
      rc = sqlite3_prepare_v3 (self->db, sql->str, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
      if (rc != SQLITE_OK)
        return set_sqlite_error (self, rc, error);
      if (g_hash_table_size (self->filter_statements) >= MAX_FILTER_STATEMENTS)
        g_hash_table_remove_all (self->filter_statements);
      g_hash_table_insert (self->filter_statements, g_strdup (sql->str), stmt);
    }
  bind_text (stmt, 1, id);
  rapport_filter_bind (stmt, params, 2);
  rc = sqlite3_step (stmt);
  *out_matches = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || set_sqlite_error (self, rc, error);
}

/* A query a filter: SQLite runs a filter's "IN (SELECT …)" of a related
 * record far slower in a result column than in a WHERE clause. */
static gboolean
sqlite_filters_match (RapportServerBackend        *backend,
                      RapportFilter * const       *filters,
                      guint                        n_filters,
                      const RapportFilterContext  *context,
                      const char                  *id,
                      gboolean                    *out_matches,
                      GError                     **error)
{
  for (guint i = 0; i < n_filters; i++)
    if (!filter_matches ((RapportSqliteBackend *) backend, filters[i], context, id, &out_matches[i],
                         error))
      return FALSE;
  return TRUE;
}

static const RapportServerBackendVTable sqlite_vtable = {
  .free = sqlite_free,
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .get_record = sqlite_get_record,
  .put_record = sqlite_put_record,
  .list_records = sqlite_list_records,
  .list_children = sqlite_list_children,
  .count_referring = sqlite_count_referring,
  .list_referring = sqlite_list_referring,
  .latest_referring = sqlite_latest_referring,
  .count_queue_load = sqlite_count_queue_load,
  .filter_records = sqlite_filter_records,
  .filters_match = sqlite_filters_match,
  .list_changes = sqlite_list_changes,
  .count_changes = sqlite_count_changes,
  .add_history = sqlite_add_history,
  .list_history = sqlite_list_history,
  .get_history = sqlite_get_history,
  .get_op_result = sqlite_get_op_result,
  .put_op_result = sqlite_put_op_result,
  .prune_op_results = sqlite_prune_op_results,
  .add_login_failure = sqlite_add_login_failure,
  .get_login_failures = sqlite_get_login_failures,
  .clear_login_failures = sqlite_clear_login_failures,
  .get_credentials = sqlite_get_credentials,
  .list_credentials = sqlite_list_credentials,
  .set_credentials = sqlite_set_credentials,
  .add_token = sqlite_add_token,
  .lookup_token = sqlite_lookup_token,
  .delete_tokens = sqlite_delete_tokens,
  .note_damaged = sqlite_note_damaged,
  .list_damaged = sqlite_list_damaged,
  .get_identity = sqlite_get_identity,
  .new_epoch = sqlite_new_epoch,
  .next_number = sqlite_next_number,
  .get_meta = sqlite_get_meta,
  .set_meta = sqlite_set_meta,
  .list_tables = sqlite_list_tables,
  .read_table = sqlite_read_table,
};

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static int
user_version (RapportSqliteBackend *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* Versions 5 and 6: the parent of every child record already stored, read
 * from its text by the type's parent field, or by its indexed_by fields. */
static gboolean
add_parent_ids (RapportSqliteBackend *self,
                GError              **error)
{
  guint                        n_entities;
  const RapportEntity * const *all = rapport_entity_all (&n_entities);
  sqlite3_stmt                *has_column = prepare (self, "SELECT 1 FROM pragma_table_info ('records')"
                                                                          " WHERE name = 'parent_id'",
                                                     error);
  int                          rc;

  if (has_column == NULL)
    return FALSE;
  rc = sqlite3_step (has_column);
  sqlite3_reset (has_column);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error);
  if (rc == SQLITE_DONE && !exec (self, "ALTER TABLE records ADD COLUMN parent_id TEXT", error))
    return FALSE;
  for (guint i = 0; i < n_entities; i++)
    {
      const char * const *fields = all[i]->indexed_by;
      const char         *parent[] = { all[i]->parent_field, NULL };

      if (all[i]->parent_field != NULL)
        fields = parent;
      /* The first field set, as rapport_entity_index_of() takes it. */
      for (guint f = 0; fields != NULL && fields[f] != NULL; f++)
        {
          g_autofree char *path = g_strconcat ("$.", fields[f], NULL);
          sqlite3_stmt    *stmt = prepare (self, "UPDATE records SET parent_id = json_extract (data, ?2)"
                                                 " WHERE entity = ?1 AND data IS NOT NULL"
                                                 " AND (?3 OR parent_id IS NULL)",
                                           error);

          if (stmt == NULL)
            return FALSE;
          bind_text (stmt, 1, all[i]->name);
          bind_text (stmt, 2, path);
          sqlite3_bind_int (stmt, 3, f == 0);
          if (!step_done (self, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Version 7: op results get the time they were stored; those already
 * there count from now, as nobody knows how old they are. */
static gboolean
add_op_result_times (RapportSqliteBackend *self,
                     GError              **error)
{
  g_autofree char *missing = NULL;

  if (!query_text (self, "SELECT count(*) > 0 AND sum(name = 'created_at') = 0"
                         " FROM pragma_table_info ('op_results')", &missing, error))
    return FALSE;
  if (g_strcmp0 (missing, "1") != 0)
    return TRUE;
  return exec (self, "ALTER TABLE op_results ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;"
                     "UPDATE op_results SET created_at = CAST (strftime ('%s', 'now') AS INTEGER);",
               error);
}

/* Gives a database without an id one, and a first epoch. Call inside the
 * opening transaction. */
static gboolean
load_identity (RapportSqliteBackend *self,
               GError              **error)
{
  g_autofree char *first_user = NULL;
  g_autofree char *seq = NULL;

  if (!query_text (self, "SELECT value FROM server_meta WHERE key = 'id'", &self->id, error) ||
      !query_text (self, "SELECT value FROM server_meta WHERE key = 'epoch'", &self->epoch, error) ||
      !query_text (self, "SELECT value FROM sequence WHERE id = 1", &seq, error))
    return FALSE;
  self->committed_seq = self->written_seq = g_ascii_strtoll (seq ? seq : "0", NULL, 10);

  if (self->id == NULL)
    {
      if (!query_text (self, "SELECT min(user_id) FROM credentials", &first_user, error))
        return FALSE;
      self->id = first_user != NULL ? rapport_server_epoch_mark_derive_id (first_user)
                                    : g_uuid_string_random ();
      if (!set_meta (self, "id", self->id, error))
        return FALSE;
    }
  if (self->epoch == NULL)
    {
      self->epoch = rapport_uuid_v7_new ();
      if (!set_meta (self, "epoch", self->epoch, error))
        return FALSE;
    }
  return TRUE;
}

/* The cheap safeguard for a file copied back by hand: the mark beside it
 * remembers the epoch and how far the sequence had come. A database of the
 * same id that is behind its mark, or in another epoch, was put back from a
 * backup. */
static gboolean
check_mark (RapportSqliteBackend *self,
            GError              **error)
{
  g_autofree char *id = NULL;
  g_autofree char *epoch = NULL;
  gint64 seq = 0;

  if (rapport_server_epoch_mark_read (self->path, &id, &epoch, &seq) &&
      g_strcmp0 (id, self->id) == 0 &&
      (g_strcmp0 (epoch, self->epoch) != 0 || seq > self->committed_seq))
    {
      g_message ("%s is not where it was (change %" G_GINT64_FORMAT " of epoch %s; it was at"
                 " change %" G_GINT64_FORMAT " of epoch %s): restored from a backup, so it"
                 " starts a new epoch", self->path, self->committed_seq, self->epoch, seq, epoch);
      return sqlite_new_epoch (&self->parent, error);
    }
  write_mark (self);
  return TRUE;
}

/**
 * rapport_server_backend_sqlite_open:
 * @path: the database file; created with its schema if missing
 *
 * WAL with synchronous=FULL: an op the server acknowledged survives a power
 * cut, which is the whole point of the outbox on the other side.
 */
RapportServerBackend *
rapport_server_backend_sqlite_open (const char *path,
                                    GError    **error)
{
  RapportSqliteBackend *self = g_new0 (RapportSqliteBackend, 1);
  int rc, version = 0;

  self->parent.vtable = &sqlite_vtable;
  self->path = g_strdup (path);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  self->filter_statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                   finalize_statement);
  self->feed_counts = rapport_feed_counts_new ();

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_FAILED,
                   "Cannot open %s: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      sqlite_free (&self->parent);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  /* The SQL functions of compiled filters (segments evaluated here). */
  rapport_filter_register_functions (self->db);

  if (!exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                   " PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;",
             error) ||
      !exec (self, "BEGIN IMMEDIATE", error) ||
      ((version = user_version (self)) == 1 && !exec (self, records_v1_to_v2, error)) ||
      (version >= 1 && version < 6 && !add_parent_ids (self, error)) ||
      (version >= 1 && version < 7 && !add_op_result_times (self, error)) ||
      !exec (self, schema, error) ||
      !exec (self, "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION), error) ||
      !load_identity (self, error) ||
      !check_mark (self, error) ||
      !exec (self, "COMMIT", error))
    {
      g_prefix_error (error, "%s: ", path);
      sqlite_free (&self->parent);
      return NULL;
    }
  return &self->parent;
}
