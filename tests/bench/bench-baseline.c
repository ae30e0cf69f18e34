/* bench-baseline.c: what plain SQLite does, to compare the store with
 *
 * Every figure is printed next to the same work done with bare SQLite calls
 * on the same machine in the same run: plain tables without the store's
 * indexes, sort keys and search text, statements prepared once, no JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include "bench-baseline.h"

void
bench_sqlite_error (GError **error,
                    sqlite3  *db)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "SQLite: %s", sqlite3_errmsg (db));
}

gboolean
bench_raw_exec (sqlite3    *db,
                const char *sql,
                GError    **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      bench_sqlite_error (error, db);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
bench_raw_prepare (sqlite3    *db,
                   const char *sql,
                   GError    **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    bench_sqlite_error (error, db);
  return stmt;
}

sqlite3 *
bench_raw_open (const char *path,
                GError    **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK ||
      !bench_raw_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL", error))
    {
      if (db != NULL && error != NULL && *error == NULL)
        bench_sqlite_error (error, db);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* "id, version, …, first_name, …": every column the store writes, but as a
 * plain table would have them, without the store's sort key and search text. */
static char *
raw_columns (const RapportEntity *entity)
{
  GString *columns = g_string_new (NULL);

  for (guint i = 0; rapport_meta_fields[i] != NULL; i++)
    g_string_append_printf (columns, "%s%s", i ? ", " : "", rapport_meta_fields[i]);
  for (guint i = 0; i < entity->n_fields; i++)
    g_string_append_printf (columns, ", %s", entity->fields[i].name);
  return g_string_free (columns, FALSE);
}

static void
bind_member (sqlite3_stmt *stmt,
             int           index,
             JsonNode     *node)
{
  g_autofree char *text = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    sqlite3_bind_null (stmt, index);
  else if (!JSON_NODE_HOLDS_VALUE (node))
    {
      text = json_to_string (node, FALSE);
      sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
    }
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    sqlite3_bind_int (stmt, index, json_node_get_boolean (node));
  else
    sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_STATIC);
}

/* The baseline of a bulk write: the same rows into a plain table, one
 * prepared statement, one transaction per page. */
gboolean
bench_raw_insert_page (sqlite3             *db,
                       const RapportEntity *entity,
                       GPtrArray           *page,
                       GError             **error)
{
  g_autofree char *columns = raw_columns (entity);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_auto(GStrv) names = g_strsplit (columns, ", ", -1);
  guint n_columns = g_strv_length (names);
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  g_string_printf (sql, "CREATE TABLE IF NOT EXISTS %s (%s)", entity->table, columns);
  if (!bench_raw_exec (db, sql->str, error))
    return FALSE;

  g_string_printf (sql, "INSERT INTO %s (%s) VALUES (?", entity->table, columns);
  for (guint i = 1; i < n_columns; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");

  if (!(stmt = bench_raw_prepare (db, sql->str, error)))
    return FALSE;
  ok = bench_raw_exec (db, "BEGIN", error);
  for (guint i = 0; ok && i < page->len; i++)
    {
      JsonObject *record = g_ptr_array_index (page, i);

      for (guint c = 0; c < n_columns; c++)
        bind_member (stmt, c + 1, json_object_get_member (record, names[c]));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          bench_sqlite_error (error, db);
          ok = FALSE;
        }
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (ok)
    return bench_raw_exec (db, "COMMIT", error);
  bench_raw_exec (db, "ROLLBACK", NULL);
  return FALSE;
}

/* Steps @stmt to the end; returns the number of rows, or -1 on an error. */
gint64
bench_raw_count_rows (sqlite3_stmt *stmt,
                      GError      **error)
{
  gint64 n = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    n++;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      bench_sqlite_error (error, sqlite3_db_handle (stmt));
      return -1;
    }
  return n;
}

/* Reads one row as plainly as SQLite can: every column, as text. */
gboolean
bench_raw_read_row (sqlite3_stmt *stmt,
                    gint64        rowid)
{
  gboolean found;

  sqlite3_bind_int64 (stmt, 1, rowid);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    for (int c = 0; c < sqlite3_column_count (stmt); c++)
      sqlite3_column_text (stmt, c);
  sqlite3_reset (stmt);
  return found;
}
