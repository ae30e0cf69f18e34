/* rapport-store-bulk.c: a first sync into an empty database
 *
 * A first sync writes every record of the team at once. Keeping some twenty
 * secondary indexes and the full-text indexes up to date row by row costs
 * most of that time; building them once at the end costs a fraction. So a
 * bulk load of an empty database drops the secondary indexes (their SQL kept
 * in `deferred_work`) and leaves the full-text indexes alone, then runs the
 * kept work when it finishes. If the process dies in between, the next open
 * finishes it: the database always ends up with all its indexes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store-bulk.h"
#include "rapport-store-private.h"

static gboolean
has_deferred_work_table (RapportStore *self)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self,
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'deferred_work'", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* TRUE when no record and no local change is stored yet. */
static gboolean
is_empty (RapportStore *self)
{
  guint n_entities;
  const RapportEntity * const *entities = rapport_entity_all (&n_entities);
  g_autoptr(GString) sql = g_string_new ("SELECT EXISTS (SELECT 1 FROM outbox)");
  sqlite3_stmt *stmt;
  gboolean empty;

  for (guint i = 0; i < n_entities; i++)
    g_string_append_printf (sql, " OR EXISTS (SELECT 1 FROM %s)", entities[i]->table);
  if (!(stmt = rapport_store_prepare (self, sql->str, NULL)))
    return FALSE;
  empty = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 0;
  sqlite3_reset (stmt);
  return empty;
}

static gboolean
defer (RapportStore *self,
       const char   *name,
       const char   *sql,
       GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self,
    "INSERT OR REPLACE INTO deferred_work (name, sql) VALUES (?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, sql, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return FALSE;
    }
  return TRUE;
}

/* Moves the secondary indexes of the record tables into deferred_work. */
static gboolean
defer_indexes (RapportStore *self,
               GError      **error)
{
  guint n_entities;
  const RapportEntity * const *entities = rapport_entity_all (&n_entities);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_entities; i++)
    {
      sqlite3_stmt *stmt = rapport_store_prepare (self,
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
        " AND sql IS NOT NULL", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, entities[i]->table, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, 0);

          if (!defer (self, name, (const char *) sqlite3_column_text (stmt, 1), error))
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
          g_ptr_array_add (names, g_strdup (name));
        }
      sqlite3_reset (stmt);

      if (entities[i]->searchable)
        {
          g_autofree char *name = g_strdup_printf ("%s_fts", entities[i]->table);
          g_autofree char *rebuild = g_strdup_printf ("INSERT INTO %1$s (%1$s) VALUES ('rebuild')",
                                                      name);

          if (!defer (self, name, rebuild, error))
            return FALSE;
        }
    }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP INDEX \"%s\"", (char *) names->pdata[i]);

      if (!rapport_store_exec (self, drop, error))
        return FALSE;
    }
  return TRUE;
}

/* FALSE without an error when the database is not empty. */
static gboolean
begin_bulk_load (RapportStore *self,
                 gpointer      data,
                 GError      **error)
{
  if (rapport_store_fts_deferred (self) || !is_empty (self))
    return FALSE;
  if (!rapport_store_begin (self, error))
    return FALSE;
  if (!rapport_store_exec (self, "CREATE TABLE IF NOT EXISTS deferred_work ("
                                 " name TEXT PRIMARY KEY, sql TEXT NOT NULL)", error) ||
      !defer_indexes (self, error) ||
      !rapport_store_match_keys_defer (self, error) ||
      !rapport_store_commit (self, error))
    {
      rapport_store_rollback (self);
      return FALSE;
    }
  rapport_store_defer_fts (self, TRUE);
  g_debug ("Bulk load: indexes deferred");
  return TRUE;
}

/**
 * rapport_store_begin_bulk_load:
 *
 * Prepares an empty database for a first sync: until
 * rapport_store_finish_bulk_load(), rows are written without their
 * secondary and full-text indexes. Does nothing if the database holds
 * anything already.
 *
 * Returns: whether a bulk load began; %FALSE with @error set on failure
 */
gboolean
rapport_store_begin_bulk_load (RapportStore *self,
                               GError      **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return rapport_store_run_write (self, begin_bulk_load, NULL, error);
}

static gboolean
finish_bulk_load (RapportStore *self,
                  gpointer      data,
                  GError      **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) work = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  if (!has_deferred_work_table (self))
    return TRUE;
  if (!(stmt = rapport_store_prepare (self, "SELECT sql FROM deferred_work", error)))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (work, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (work->len == 0)
    return TRUE;

  ok = rapport_store_begin (self, error);
  for (guint i = 0; ok && i < work->len; i++)
    ok = rapport_store_exec (self, g_ptr_array_index (work, i), error);
  ok = ok && rapport_store_exec (self, "DELETE FROM deferred_work", error);
  if (ok)
    ok = rapport_store_commit (self, error);
  else
    rapport_store_rollback (self);
  if (ok)
    {
      rapport_store_defer_fts (self, FALSE);
      g_debug ("Bulk load: %u indexes built", work->len);
      /* The duplicate keys follow in the background; while the store opens,
       * rapport_store_open() schedules them itself. */
      if (rapport_store_get_writer (self) != NULL)
        rapport_store_match_keys_schedule (self);
    }
  return ok;
}

/**
 * rapport_store_finish_bulk_load:
 *
 * Builds the indexes a bulk load deferred, in one transaction. Safe to call
 * when nothing was deferred.
 */
gboolean
rapport_store_finish_bulk_load (RapportStore *self,
                                GError      **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return rapport_store_run_write (self, finish_bulk_load, NULL, error);
}
