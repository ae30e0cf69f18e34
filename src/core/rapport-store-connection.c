/* rapport-store-connection.c: one SQLite connection and its prepared statements
 *
 * The store writes through one connection and reads through a small pool of
 * read-only ones: in WAL mode a reader sees the last committed state and
 * never waits for a write transaction, so a long pull does not hold up a
 * page of a list. Each connection keeps its statements prepared: the list
 * models fetch pages by rowid many times a second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "rapport-store.h"
#include "rapport-store-connection.h"
#include "rapport-filter-sql.h"
#include "rapport-store-private.h"

/* Idle read connections kept open; more are opened when more threads read
 * at once, and closed again when they are handed back. */
#define MAX_IDLE_READERS 4

struct _RapportStoreConnection
{
  sqlite3    *db;          /* (owned) */
  GHashTable *statements;  /* (owned): SQL text -> prepared sqlite3_stmt */
  GHashTable *by_address;  /* (owned): static SQL text -> the same statements, unowned */
};

struct _RapportStoreReaders
{
  char      *path;  /* (owned) */
  GMutex     lock;
  GPtrArray *idle;  /* (owned) (element-type RapportStoreConnection) */
};

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Takes @db over. */
RapportStoreConnection *
rapport_store_connection_new (sqlite3 *db)
{
  RapportStoreConnection *conn = g_new0 (RapportStoreConnection, 1);

  conn->db = db;
  conn->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  conn->by_address = g_hash_table_new (NULL, NULL);
  return conn;
}

void
rapport_store_connection_free (RapportStoreConnection *conn)
{
  if (conn == NULL)
    return;
  g_clear_pointer (&conn->by_address, g_hash_table_unref);
  g_clear_pointer (&conn->statements, g_hash_table_unref);
  sqlite3_close (conn->db);
  g_free (conn);
}

sqlite3 *
rapport_store_connection_get_db (RapportStoreConnection *conn)
{
  return conn->db;
}

/* The statement for @sql, prepared at its first use and reset for this one. */
sqlite3_stmt *
rapport_store_connection_prepare (RapportStoreConnection *conn,
                                  const char             *sql,
                                  GError                **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      rapport_store_set_sqlite_error (error, conn->db);
      return NULL;
    }
  g_hash_table_insert (conn->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Runs @sql, e.g. "BEGIN" to read several statements from one snapshot. */
gboolean
rapport_store_connection_exec (RapportStoreConnection *conn,
                               const char             *sql,
                               GError                **error)
{
  if (sqlite3_exec (conn->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      rapport_store_set_sqlite_error (error, conn->db);
      return FALSE;
    }
  return TRUE;
}

/* rapport_store_connection_prepare() for SQL text that lives as long as the
 * process (rapport_store_sql()): found by its address, without hashing the
 * text at every row of a sync. */
sqlite3_stmt *
rapport_store_connection_prepare_static (RapportStoreConnection *conn,
                                         const char             *sql,
                                         GError                **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->by_address, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if ((stmt = rapport_store_connection_prepare (conn, sql, error)) != NULL)
    g_hash_table_insert (conn->by_address, (gpointer) sql, stmt);
  return stmt;
}

RapportStoreReaders *
rapport_store_readers_new (const char *path)
{
  RapportStoreReaders *readers = g_new0 (RapportStoreReaders, 1);

  readers->path = g_strdup (path);
  g_mutex_init (&readers->lock);
  readers->idle = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_store_connection_free);
  return readers;
}

void
rapport_store_readers_free (RapportStoreReaders *readers)
{
  if (readers == NULL)
    return;
  g_ptr_array_unref (readers->idle);
  g_mutex_clear (&readers->lock);
  g_free (readers->path);
  g_free (readers);
}

static RapportStoreConnection *
open_reader (const char *path,
             GError    **error)
{
  sqlite3 *db = NULL;

  /* The writer made the file and switched it to WAL before any reader. */
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      sqlite3_exec (db,
                    "PRAGMA busy_timeout = 5000;"
                    "PRAGMA cache_size = -16000;"
                    "PRAGMA temp_store = MEMORY;",
                    NULL, NULL, NULL) != SQLITE_OK ||
      rapport_filter_register_functions (db) != SQLITE_OK)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DATABASE,
                   _("Could not open the database “%s”: %s"), path,
                   db ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return NULL;
    }
  return rapport_store_connection_new (db);
}

/* A read-only connection for this thread's use until it is released. */
RapportStoreConnection *
rapport_store_readers_acquire (RapportStoreReaders *readers,
                               GError             **error)
{
  RapportStoreConnection *reader = NULL;

  g_mutex_lock (&readers->lock);
  if (readers->idle->len > 0)
    reader = g_ptr_array_steal_index_fast (readers->idle, readers->idle->len - 1);
  g_mutex_unlock (&readers->lock);
  if (reader != NULL)
    return reader;
  return open_reader (readers->path, error);
}

void
rapport_store_readers_release (RapportStoreReaders    *readers,
                               RapportStoreConnection *reader)
{
  /* A read transaction left open would keep the next user of this
   * connection on an old snapshot of the database. */
  if (!sqlite3_get_autocommit (reader->db))
    sqlite3_exec (reader->db, "ROLLBACK", NULL, NULL, NULL);
  g_mutex_lock (&readers->lock);
  if (readers->idle->len < MAX_IDLE_READERS)
    g_ptr_array_add (readers->idle, g_steal_pointer (&reader));
  g_mutex_unlock (&readers->lock);
  rapport_store_connection_free (reader);
}
