/* rapport-server-backup.c: putting a backup back in place
 *
 * SQLite's online backup API copies the backup page by page into the
 * database, through the database's own journal: the WAL and shared-memory
 * files beside it stay consistent, and a failure halfway leaves the old
 * contents. The backup is checked first, so that a damaged or foreign file
 * never replaces a working database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-backup"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "rapport-server-backend.h"
#include "rapport-server-backup.h"

static gboolean
fail (GError    **error,
      const char *what,
      sqlite3    *db,
      int         rc)
{
  g_set_error (error, RAPPORT_BACKEND_ERROR,
               rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? RAPPORT_BACKEND_ERROR_BUSY
                                                        : RAPPORT_BACKEND_ERROR_FAILED,
               "%s: %s", what, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

/* The first column of a one-row query, or NULL. */
static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* A backup worth restoring is whole and is a Rapport server database. */
static gboolean
check_backup (sqlite3    *db,
              const char *path,
              GError    **error)
{
  g_autofree char *check = query_text (db, "PRAGMA quick_check");
  g_autofree char *tables = NULL;

  if (g_strcmp0 (check, "ok") != 0)
    {
      g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_FAILED,
                   _("%s is damaged or not an SQLite database (%s); nothing was restored"),
                   path, check != NULL ? check : sqlite3_errmsg (db));
      return FALSE;
    }
  tables = query_text (db, "SELECT count(*) FROM sqlite_schema"
                           " WHERE type = 'table' AND name IN ('records', 'sequence', 'credentials')");
  if (g_strcmp0 (tables, "3") != 0)
    {
      g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_FAILED,
                   _("%s is not a Rapport server database; nothing was restored"), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_server_backup_restore:
 * @backup: a copy made with SQLite's .backup (or this API)
 * @database: the server's database file; created if missing
 *
 * Replaces the contents of @database with @backup's. Stop the server first:
 * the copy waits up to 5 s for the database's lock and fails if a writer
 * holds it longer.
 */
gboolean
rapport_server_backup_restore (const char  *backup,
                               const char  *database,
                               GError     **error)
{
  sqlite3 *source = NULL, *target = NULL;
  sqlite3_backup *copy;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_open_v2 (backup, &source, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_FAILED,
                   _("Cannot open the backup %s: %s"), backup,
                   source != NULL ? sqlite3_errmsg (source) : sqlite3_errstr (rc));
      goto out;
    }
  if (!check_backup (source, backup, error))
    goto out;

  rc = sqlite3_open_v2 (database, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      fail (error, database, target, rc);
      goto out;
    }
  sqlite3_busy_timeout (target, 5000);
  copy = sqlite3_backup_init (target, "main", source, "main");
  if (copy == NULL)
    {
      fail (error, database, target, sqlite3_errcode (target));
      goto out;
    }
  /* All pages in one step: the copy is one write transaction on @database. */
  rc = sqlite3_backup_step (copy, -1);
  sqlite3_backup_finish (copy);
  if (rc != SQLITE_DONE)
    {
      fail (error, database, target, rc);
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_close_v2 (source);
  sqlite3_close_v2 (target);
  return ok;
}
