/* rapport-store-queues.c: the case queues a user works, read from the store
 *
 * The Cases list's queue switcher offers the active queues the signed-in
 * user is a member of, by name, each with how many unresolved cases it
 * holds, counted through the cases' (queue_id, status) index. A read: in
 * a worker thread (rapport_store_read_async()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store-queues"

#include "config.h"

#include "rapport-store-private.h"
#include "rapport-store-queues.h"

/**
 * rapport_store_queues_of_user:
 * @user_id: (nullable): a user; none has no queues
 *
 * Returns: (transfer full) (element-type JsonObject): `{id, name, open}`
 *   of each active queue @user_id is a member of, by name; %NULL with
 *   @error set when SQLite failed
 */
GPtrArray *
rapport_store_queues_of_user (RapportStore *self,
                              const char   *user_id,
                              GError      **error)
{
  g_autoptr(GPtrArray) queues = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const char * const *unresolved = rapport_entity_lookup ("case")->queue->unresolved;
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (user_id == NULL)
    return g_steal_pointer (&queues);
  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  stmt = rapport_store_connection_prepare_static (
    reader,
    "SELECT q.id, q.name,"
    "  (SELECT count(*) FROM cases c WHERE c.queue_id = q.id AND c.status IN (?2, ?3, ?4))"
    " FROM queues q WHERE COALESCE (q.active, 1) = 1"
    "  AND EXISTS (SELECT 1 FROM queue_members m WHERE m.queue_id = q.id AND m.user_id = ?1)"
    " ORDER BY q.sort_key, q.id",
    error);
  if (stmt == NULL)
    {
      rapport_store_end_read (self, reader);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < 3; i++)
    sqlite3_bind_text (stmt, 2 + i, unresolved[i], -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *queue = json_object_new ();

      json_object_set_string_member (queue, "id", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (queue, "name", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_int_member (queue, "open", sqlite3_column_int64 (stmt, 2));
      g_ptr_array_add (queues, queue);
    }
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  sqlite3_reset (stmt);
  rapport_store_end_read (self, reader);
  return rc == SQLITE_DONE ? g_steal_pointer (&queues) : NULL;
}
