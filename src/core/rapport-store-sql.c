/* rapport-store-sql.c: the SQL of each record type's row writes, built once
 *
 * A first sync writes hundreds of thousands of rows. Each write used to
 * format its statements' text and look the prepared statement up by hashing
 * that text; now the texts of a type are made once per process, and the
 * store finds their statements by address.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store-sql.h"

static char *
build_insert (const RapportEntity *entity)
{
  GString *sql = g_string_new (NULL);
  guint n_columns = 0;

  g_string_append_printf (sql, "INSERT INTO %s (", entity->table);
  for (guint i = 0; rapport_meta_fields[i] != NULL; i++, n_columns++)
    g_string_append_printf (sql, "%s, ", rapport_meta_fields[i]);
  for (guint i = 0; i < entity->n_fields; i++, n_columns++)
    g_string_append_printf (sql, "%s, ", entity->fields[i].name);
  g_string_append (sql, "sort_key");
  n_columns++;
  if (entity->searchable)
    {
      g_string_append (sql, ", search_text");
      n_columns++;
    }
  g_string_append (sql, ") VALUES (");
  for (guint i = 0; i < n_columns; i++)
    g_string_append (sql, i ? ", ?" : "?");
  g_string_append (sql, ")");
  return g_string_free (sql, FALSE);
}

static char *
build_update (const RapportEntity *entity)
{
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "UPDATE %s SET ", entity->table);
  for (guint i = 0; rapport_meta_fields[i] != NULL; i++)
    g_string_append_printf (sql, "%s = ?, ", rapport_meta_fields[i]);
  for (guint i = 0; i < entity->n_fields; i++)
    g_string_append_printf (sql, "%s = ?, ", entity->fields[i].name);
  g_string_append (sql, "sort_key = ?");
  if (entity->searchable)
    g_string_append (sql, ", search_text = ?");
  g_string_append (sql, " WHERE rowid = ?");
  return g_string_free (sql, FALSE);
}

/* The columns row_to_record() in rapport-store.c reads, after the rowid. */
static char *
build_select (const RapportEntity *entity,
              const char          *where)
{
  GString *sql = g_string_new ("SELECT rowid");

  for (guint i = 0; rapport_meta_fields[i] != NULL; i++)
    g_string_append_printf (sql, ", %s", rapport_meta_fields[i]);
  for (guint i = 0; i < entity->n_fields; i++)
    g_string_append_printf (sql, ", %s", entity->fields[i].name);
  g_string_append_printf (sql, " FROM %s WHERE %s", entity->table, where);
  return g_string_free (sql, FALSE);
}

static RapportStoreSql *
build (const RapportEntity *entity)
{
  RapportStoreSql *sql = g_new0 (RapportStoreSql, 1);

  sql->insert_row = build_insert (entity);
  sql->update_row = build_update (entity);
  sql->find_row = g_strdup_printf ("SELECT rowid, version FROM %s WHERE id = ?", entity->table);
  sql->search_text = g_strdup_printf ("SELECT search_text FROM %s WHERE rowid = ?",
                                      entity->table);
  sql->fts_insert = g_strdup_printf ("INSERT INTO %s_fts (rowid, search_text) VALUES (?, ?)",
                                     entity->table);
  sql->fts_delete = g_strdup_printf ("INSERT INTO %1$s_fts (%1$s_fts, rowid, search_text)"
                                     " VALUES ('delete', ?, ?)", entity->table);
  sql->delete_row = g_strdup_printf ("DELETE FROM %s WHERE rowid = ?", entity->table);
  sql->select_row = build_select (entity, "rowid = ?");
  sql->select_id = build_select (entity, "id = ?");
  if (entity->parent_field != NULL)
    {
      g_autofree char *where = g_strdup_printf ("%s = ? ORDER BY %s, id", entity->parent_field,
                                                entity->position_field ?: "rowid");

      sql->select_children = build_select (entity, where);
    }
  return sql;
}

/**
 * rapport_store_sql:
 *
 * Returns: (transfer none): the statements' text for @entity, made on first
 *   use and kept for the life of the process
 */
const RapportStoreSql *
rapport_store_sql (const RapportEntity *entity)
{
  static GHashTable *cache;  /* (owned): RapportEntity* -> RapportStoreSql* */
  G_LOCK_DEFINE_STATIC (cache);
  RapportStoreSql *sql;

  G_LOCK (cache);
  if (cache == NULL)
    cache = g_hash_table_new (NULL, NULL);
  sql = g_hash_table_lookup (cache, entity);
  if (sql == NULL)
    {
      sql = build (entity);
      g_hash_table_insert (cache, (gpointer) entity, sql);
    }
  G_UNLOCK (cache);
  return sql;
}
