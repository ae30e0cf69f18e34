/* rapport-record-history.c: who changed a record, when, from what to what
 *
 * The server keeps every accepted write of a record (GET
 * /api/v1/{table}/{id}/history); this computer's outbox holds the changes
 * not sent yet. Both are read here into one shape, so that a record's page
 * can show them together, and read off the main thread: the server may be
 * slow or gone, and the outbox of a long day offline is long.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-record-history"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-json.h"
#include "rapport-record-history.h"
#include "rapport-store-private.h"

void
rapport_history_entry_free (RapportHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->by);
  g_clear_pointer (&entry->changes, json_object_unref);
  g_free (entry);
}

void
rapport_record_history_free (RapportRecordHistory *history)
{
  if (history == NULL)
    return;
  g_clear_pointer (&history->entries, g_ptr_array_unref);
  g_clear_pointer (&history->pending, g_ptr_array_unref);
  g_clear_error (&history->error);
  g_free (history);
}

static GPtrArray *
entries_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_history_entry_free);
}

/* {"field": {"from", "to"}} in the descriptor's order, from changes whose
 * sides are called @from and @to. Fields this version does not know (a
 * newer server's) are left out; NULL if a change is not an object. */
static JsonObject *
changes_in_order (const RapportEntity *entity,
                  JsonObject          *changes,
                  const char          *from,
                  const char          *to)
{
  g_autoptr(JsonObject) ordered = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &value))
    if (!JSON_NODE_HOLDS_OBJECT (value))
      return NULL;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      JsonObject *sides = rapport_json_get_object (changes, entity->fields[i].name);
      JsonObject *change;

      if (sides == NULL)
        continue;
      change = json_object_new ();
      json_object_set_member (change, "from", rapport_json_dup_member (sides, from));
      json_object_set_member (change, "to", rapport_json_dup_member (sides, to));
      json_object_set_object_member (ordered, entity->fields[i].name, change);
    }
  return g_steal_pointer (&ordered);
}

static gboolean
malformed (GError **error,
           guint    index)
{
  g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL,
               _("The server’s history has an unreadable entry (number %u)"), index + 1);
  return FALSE;
}

/**
 * rapport_record_history_parse:
 * @answer: the server's answer, {"history": [...]}
 *
 * Returns: (transfer full) (element-type RapportHistoryEntry): the entries,
 *   oldest first, or %NULL with @error set (%RAPPORT_SYNC_ERROR_PROTOCOL)
 *   when the answer is not a history
 */
GPtrArray *
rapport_record_history_parse (const RapportEntity *entity,
                              JsonNode            *answer,
                              GError             **error)
{
  JsonObject *root = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
                     ? json_node_get_object (answer) : NULL;
  JsonArray *history = rapport_json_get_array (root, "history");
  g_autoptr(GPtrArray) entries = entries_new ();

  g_return_val_if_fail (entity != NULL, NULL);

  if (history == NULL)
    {
      g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL,
                   _("The server’s answer is missing %s"), "history");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (history); i++)
    {
      JsonObject *item = rapport_json_array_get_object (history, i);
      JsonObject *changes = rapport_json_get_object (item, "changes");
      const char *at = item ? json_object_get_string_member_with_default (item, "at", NULL) : NULL;
      JsonNode *by = item ? json_object_get_member (item, "by") : NULL;
      g_autoptr(RapportHistoryEntry) entry = g_new0 (RapportHistoryEntry, 1);

      if (!rapport_change_kind_from_string (rapport_json_get_string (item, "op"), &entry->kind) ||
          at == NULL || changes == NULL ||
          (by != NULL && !JSON_NODE_HOLDS_NULL (by) &&
           json_node_get_value_type (by) != G_TYPE_STRING))
        {
          malformed (error, i);
          return NULL;
        }
      entry->at = g_strdup (at);
      entry->by = by != NULL && !JSON_NODE_HOLDS_NULL (by) ? g_strdup (json_node_get_string (by)) : NULL;
      if ((entry->changes = changes_in_order (entity, changes, "from", "to")) == NULL)
        {
          malformed (error, i);
          return NULL;
        }
      g_ptr_array_add (entries, g_steal_pointer (&entry));
    }
  return g_steal_pointer (&entries);
}

/**
 * rapport_record_history_pending:
 *
 * The record's changes in this computer's outbox, as history entries by
 * the signed-in user: those waiting to be sent, and those the server
 * refused (@refused set).
 *
 * Returns: (transfer full) (element-type RapportHistoryEntry): oldest
 *   first, or %NULL with @error set
 */
GPtrArray *
rapport_record_history_pending (RapportStore *store,
                                const char   *entity,
                                const char   *id,
                                GError      **error)
{
  const RapportEntity *described = rapport_store_lookup_entity (entity, error);
  g_autoptr(GPtrArray) entries = entries_new ();
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (described == NULL)
    return NULL;
  if (!(reader = rapport_store_begin_read (store, error)))
    return NULL;
  /* outbox_by_record: a day's edits of other records are not read. */
  stmt = rapport_store_connection_prepare (reader,
                                           "SELECT op, changes, created_at, state FROM outbox"
                                           " WHERE entity = ?1 AND record_id = ?2 ORDER BY seq",
                                           error);
  if (stmt == NULL)
    {
      rapport_store_end_read (store, reader);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr(JsonNode) changes = json_from_string (text ? text : "{}", NULL);
      g_autoptr(RapportHistoryEntry) entry = g_new0 (RapportHistoryEntry, 1);

      /* The table's CHECK lets no other word in. */
      if (!rapport_change_kind_from_string ((const char *) sqlite3_column_text (stmt, 0),
                                            &entry->kind))
        entry->kind = RAPPORT_CHANGE_KIND_UPDATE;
      entry->at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->by = g_strdup (rapport_store_get_user_id (store));
      entry->pending = TRUE;
      entry->refused = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "failed") == 0;
      /* The outbox keeps {"base", "new"} per field. */
      if (changes != NULL && JSON_NODE_HOLDS_OBJECT (changes))
        entry->changes = changes_in_order (described, json_node_get_object (changes), "base", "new");
      if (entry->changes == NULL)
        entry->changes = json_object_new ();
      g_ptr_array_add (entries, g_steal_pointer (&entry));
    }
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  sqlite3_reset (stmt);
  rapport_store_end_read (store, reader);
  return rc == SQLITE_DONE ? g_steal_pointer (&entries) : NULL;
}

/**
 * rapport_record_history_load:
 * @sync: (nullable): the signed-in sync engine; %NULL reads the outbox only
 *
 * Reads the server's history of the record (one request, no retries) and
 * its changes not sent yet. Blocks: call it from a worker thread.
 *
 * Returns: (transfer full): the history; its @entries is %NULL, with
 *   @error saying why (%RAPPORT_SYNC_ERROR_OFFLINE, ...), when the server
 *   could not tell
 */
RapportRecordHistory *
rapport_record_history_load (RapportSync  *sync,
                             RapportStore *store,
                             const char   *entity,
                             const char   *id,
                             GCancellable *cancellable)
{
  g_autoptr(RapportRecordHistory) history = g_new0 (RapportRecordHistory, 1);
  const RapportEntity *described = rapport_entity_lookup (entity);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (described != NULL && id != NULL, NULL);

  history->pending = rapport_record_history_pending (store, entity, id, &local_error);
  if (history->pending == NULL)
    {
      g_warning ("Could not read the changes not sent yet: %s", local_error->message);
      history->pending = entries_new ();
      g_clear_error (&local_error);
    }

  if (sync == NULL)
    g_set_error_literal (&history->error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_NOT_SIGNED_IN,
                         _("Not signed in to a server"));
  else
    {
      g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/api/v1/%s/%s/history", described->table, escaped);
      g_autoptr(JsonNode) answer = rapport_sync_get (sync, path, cancellable, &history->error);

      if (answer != NULL)
        history->entries = rapport_record_history_parse (described, answer, &history->error);
    }
  return g_steal_pointer (&history);
}

typedef struct
{
  RapportSync  *sync;   /* (owned) (nullable) */
  RapportStore *store;  /* (owned) */
  char         *entity;
  char         *id;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->sync);
  g_clear_object (&data->store);
  g_free (data->entity);
  g_free (data->id);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;

  g_task_return_pointer (task,
                         rapport_record_history_load (data->sync, data->store, data->entity,
                                                      data->id, cancellable),
                         (GDestroyNotify) rapport_record_history_free);
}

/**
 * rapport_record_history_load_async:
 *
 * Runs rapport_record_history_load() in a worker thread.
 */
void
rapport_record_history_load_async (RapportSync         *sync,
                                   RapportStore        *store,
                                   const char          *entity,
                                   const char          *id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (sync == NULL || RAPPORT_IS_SYNC (sync));
  g_return_if_fail (RAPPORT_IS_STORE (store));

  data = g_new0 (LoadData, 1);
  data->sync = sync != NULL ? g_object_ref (sync) : NULL;
  data->store = g_object_ref (store);
  data->entity = g_strdup (entity);
  data->id = g_strdup (id);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_record_history_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * rapport_record_history_load_finish:
 *
 * Returns: (transfer full) (nullable): the history, or %NULL with @error
 *   set only when the load was cancelled
 */
RapportRecordHistory *
rapport_record_history_load_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
