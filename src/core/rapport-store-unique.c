/* rapport-store-unique.c: refusing a local duplicate of a UNIQUE field
 *
 * The server has the last word on uniqueness (a duplicate made offline on
 * two computers meets there); the store refuses what it can already see,
 * at the field, before anything is queued.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store-private.h"
#include "rapport-validate.h"

/* Whether another row of @entity has @key as @field's unique key. Rows are
 * compared in C, as SQLite's NOCASE knows only ASCII; the types that have
 * UNIQUE fields (products) are small enough for a scan per save. */
static gboolean
is_taken (RapportStore        *self,
          const RapportEntity *entity,
          const RapportField  *field,
          const char          *id,
          const char          *key,
          gboolean            *taken,
          GError             **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %1$s FROM %2$s WHERE %1$s IS NOT NULL AND id != ?",
                                          field->name, entity->table);
  sqlite3_stmt *stmt = rapport_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *taken = FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while (!*taken && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *other = rapport_unique_key ((const char *) sqlite3_column_text (stmt, 0));

      *taken = g_strcmp0 (other, key) == 0;
    }
  if (!*taken && rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/**
 * rapport_store_check_unique:
 * @changed: (nullable): the fields an edit changes; %NULL for a new record
 *
 * Fails with %RAPPORT_VALIDATION_ERROR_DUPLICATE naming the first UNIQUE
 * field of @record whose value another record of its type already has.
 * Called inside a write, on the writer thread.
 */
gboolean
rapport_store_check_unique (RapportStore        *self,
                            const RapportEntity *entity,
                            JsonObject          *record,
                            JsonObject          *changed,
                            GError             **error)
{
  const char *id = json_object_get_string_member (record, "id");

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *field = &entity->fields[i];
      const char *value;
      g_autofree char *key = NULL;
      gboolean taken;

      if (!(field->flags & RAPPORT_FIELD_UNIQUE) ||
          (changed != NULL && !json_object_has_member (changed, field->name)) ||
          !(value = json_object_get_string_member_with_default (record, field->name, NULL)))
        continue;
      key = rapport_unique_key (value);
      if (!is_taken (self, entity, field, id, key, &taken, error))
        return FALSE;
      if (taken)
        {
          rapport_set_duplicate_error (error, field);
          return FALSE;
        }
    }
  return TRUE;
}
