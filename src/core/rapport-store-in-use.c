/* rapport-store-in-use.c: the local store keeps what other records use
 *
 * A record that live records point at through a RAPPORT_FIELD_KEEPS
 * reference (a product on a quote's line) is not deleted: the delete is
 * refused, saying on how many records it is used, as the server refuses
 * it (rapport-in-use.c). Lines are found from their product index.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-in-use.h"
#include "rapport-store-private.h"

static gboolean
count_users (RapportStore          *self,
             const RapportRelation *relation,
             const char            *id,
             gint64                *count,
             GError               **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM %s WHERE %s = ?",
                                          relation->entity->table, relation->field->name);
  sqlite3_stmt *stmt = rapport_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  else
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

/* FALSE with %RAPPORT_STORE_ERROR_IN_USE when records keep @id of @entity.
 * On the writer thread, inside the transaction of the delete. */
gboolean
rapport_store_check_unused (RapportStore        *self,
                            const RapportEntity *entity,
                            const char          *id,
                            GError             **error)
{
  g_autoptr(GPtrArray) relations = rapport_in_use_relations (entity);
  g_autofree gint64 *counts = NULL;
  g_autofree char *message = NULL;

  if (relations->len == 0)
    return TRUE;
  counts = g_new0 (gint64, relations->len);
  for (guint i = 0; i < relations->len; i++)
    if (!count_users (self, g_ptr_array_index (relations, i), id, &counts[i], error))
      return FALSE;
  message = rapport_in_use_message (entity, relations, counts);
  if (message == NULL)
    return TRUE;
  g_set_error_literal (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_IN_USE, message);
  return FALSE;
}
