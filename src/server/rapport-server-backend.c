/* rapport-server-backend.c: what every storage backend shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-backend"

#include "config.h"

#include "rapport-server-backend.h"

G_DEFINE_QUARK (rapport-backend-error-quark, rapport_backend_error)

/**
 * rapport_server_backend_is_postgresql:
 * @database: what --database names
 *
 * Returns: whether @database is a PostgreSQL URL rather than a file
 */
gboolean
rapport_server_backend_is_postgresql (const char *database)
{
  return g_str_has_prefix (database, "postgresql://") || g_str_has_prefix (database, "postgres://");
}

/**
 * rapport_server_backend_open:
 * @database: a SQLite file, or a PostgreSQL URL (postgresql://…, postgres://…)
 */
RapportServerBackend *
rapport_server_backend_open (const char *database,
                             GError    **error)
{
  if (rapport_server_backend_is_postgresql (database))
    return rapport_server_backend_postgresql_open (database, error);
  return rapport_server_backend_sqlite_open (database, error);
}

void
rapport_server_backend_free (RapportServerBackend *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->stale_documents, g_hash_table_unref);
  g_clear_pointer (&self->accepted_quotes, g_ptr_array_unref);
  g_clear_pointer (&self->automation_rules, g_hash_table_unref);
  self->vtable->free (self);
}

void
rapport_stored_record_free (RapportStoredRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->entity);
  g_free (record->id);
  g_free (record->data);
  g_free (record);
}
