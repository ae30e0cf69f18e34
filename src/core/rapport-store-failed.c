/* rapport-store-failed.c: sending again or discarding a change that could not be sent
 *
 * A change the server refused, or one that cannot be read from the local
 * database, stays in the outbox as failed until the user decides. Sending
 * it again makes it pending under a new op_id (the server answers a known
 * op_id with its stored refusal) and with no attempts, so the next sync
 * sends it as if it were new. Discarding drops it and puts the record back
 * as the server has it: at once from what the change says the record was
 * (its base values), and at the next sync from the server's own copy,
 * fetched by id, since the feed sends only what changed since the cursor.
 *
 * - A discarded update takes its fields' base values; later changes of the
 *   record stay on top.
 * - A discarded delete brings the record back from the values the entry
 *   kept of it.
 * - A discarded create removes the record here (the server never took it);
 *   the fetch puts it back if the server has it after all. Later edits of
 *   it stay queued: they are the user's to discard, never dropped unasked.
 * - A damaged entry says nothing that can be undone: only the fetch helps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store-failed"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-json.h"
#include "rapport-store-failed.h"
#include "rapport-store-private.h"
#include "rapport-uuid.h"

#define REFETCH_KEY "refetch"

typedef struct
{
  gint64               seq;
  const RapportEntity *entity;     /* (nullable): unknown to this version */
  char                *entity_name;
  char                *record_id;
  RapportChangeKind    kind;
  gint64               base_version;
  char                *changes;
} FailedEntry;

static void
failed_entry_free (FailedEntry *entry)
{
  g_free (entry->entity_name);
  g_free (entry->record_id);
  g_free (entry->changes);
  g_free (entry);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FailedEntry, failed_entry_free)

/* The failed entry with @op_id, or %NULL and an error naming the id. */
static FailedEntry *
load_failed (RapportStore *self,
             const char   *op_id,
             GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self, "SELECT seq, entity, record_id, op, base_version,"
                                                    " changes FROM outbox WHERE op_id = ?"
                                                    " AND state = 'failed'", error);
  FailedEntry *entry = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      entry = g_new0 (FailedEntry, 1);
      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->entity_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      /* The table's CHECK lets no other word in. */
      if (!rapport_change_kind_from_string ((const char *) sqlite3_column_text (stmt, 3),
                                            &entry->kind))
        entry->kind = RAPPORT_CHANGE_KIND_UPDATE;
      entry->base_version = sqlite3_column_int64 (stmt, 4);
      entry->changes = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      entry->entity = rapport_entity_lookup (entry->entity_name);
    }
  else
    g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                 _("There is no failed change with id %s"), op_id);
  sqlite3_reset (stmt);
  return entry;
}

static char *
read_state (RapportStore *self,
            const char   *key)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self, "SELECT value FROM sync_state WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

/* The "entity/id" keys of the records to fetch again, from their stored
 * @text. */
static JsonArray *
parse_refetch (const char *text)
{
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return json_array_new ();
  return json_array_ref (json_node_get_array (node));
}

static gboolean
write_refetch (RapportStore *self,
               JsonArray    *keys,
               GError      **error)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), keys);
  g_autofree char *text = json_to_string (node, FALSE);
  sqlite3_stmt *stmt = rapport_store_prepare (self, "INSERT INTO sync_state (key, value) VALUES (?, ?)"
                                                    " ON CONFLICT (key) DO UPDATE SET"
                                                    " value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, REFETCH_KEY, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  return rapport_store_step_done (stmt, error);
}

/* Adds (@add) or removes one record's key; each key is there once. */
static gboolean
change_refetch (RapportStore *self,
                const char   *entity,
                const char   *id,
                gboolean      add,
                GError      **error)
{
  g_autofree char *text = read_state (self, REFETCH_KEY);
  g_autoptr(JsonArray) keys = parse_refetch (text);
  g_autoptr(JsonArray) kept = json_array_new ();
  g_autofree char *key = g_strconcat (entity, "/", id, NULL);

  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      const char *other = json_node_get_string (json_array_get_element (keys, i));

      if (other != NULL && !g_str_equal (other, key))
        json_array_add_string_element (kept, other);
    }
  if (add)
    json_array_add_string_element (kept, key);
  return write_refetch (self, kept, error);
}

/* Does the record still have changes of the user's or open questions? */
static gboolean
has_local_changes (RapportStore *self,
                   const char   *entity,
                   const char   *id)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self,
    "SELECT 1 FROM outbox WHERE entity = ?1 AND record_id = ?2 UNION ALL"
    " SELECT 1 FROM conflicts WHERE entity = ?1 AND record_id = ?2 AND resolved_at IS NULL", NULL);
  gboolean found;

  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

/* The record as it was before @entry, as far as @entry tells. */
static gboolean
undo_locally (RapportStore *self,
              FailedEntry  *entry,
              JsonObject   *changes,
              GError      **error)
{
  const RapportEntity *entity = entry->entity;
  gint64 rowid = 0;
  g_autoptr(JsonObject) local = rapport_store_read_by_id (self, entity, entry->record_id, &rowid, NULL);
  JsonObjectIter iter;
  const char *name;
  JsonNode *change;

  if (entry->kind == RAPPORT_CHANGE_KIND_CREATE)
    return local == NULL || rapport_store_delete_row (self, entity, rowid, error);

  if (entry->kind == RAPPORT_CHANGE_KIND_DELETE && local == NULL)
    {
      g_autofree char *now = rapport_store_now ();

      local = json_object_new ();
      json_object_set_string_member (local, "id", entry->record_id);
      json_object_set_int_member (local, "version", entry->base_version);
      json_object_set_string_member (local, "created_at", now);
      json_object_set_string_member (local, "updated_at", now);
    }
  if (local == NULL)
    return TRUE;

  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &change))
    {
      JsonNode *base = json_object_get_member (json_node_get_object (change), "base");

      if (rapport_entity_get_field (entity, name) == NULL)
        continue;
      json_object_set_member (local, name, base ? json_node_copy (base)
                                                : json_node_new (JSON_NODE_NULL));
    }
  /* What the user changed after it is still theirs. */
  return rapport_store_write_row (self, entity, local, rowid, error) &&
         rapport_store_rebase_record (self, entity, entry->record_id, NULL, error);
}

static gboolean
retry_failed (RapportStore *self,
              gpointer      data,
              GPtrArray    *changed,
              GError      **error)
{
  const char *op_id = data;
  g_autoptr(FailedEntry) entry = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *new_op_id = rapport_uuid_v7_new ();
  sqlite3_stmt *stmt;

  if (!(entry = load_failed (self, op_id, error)))
    return FALSE;
  if ((problem = rapport_store_outbox_changes_problem (entry->changes)) != NULL || entry->entity == NULL)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DAMAGED,
                   _("Change %s cannot be sent again, only discarded: %s"), op_id,
                   problem ? problem : entry->entity_name);
      return FALSE;
    }
  /* A new op_id: the server would answer the old one with its refusal. */
  stmt = rapport_store_prepare (self, "UPDATE outbox SET state = 'pending', error = NULL,"
                                      " attempts = 0, op_id = ? WHERE seq = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, new_op_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, entry->seq);
  if (!rapport_store_step_done (stmt, error))
    return FALSE;
  rapport_store_changed_add (changed, entry->entity, entry->record_id);
  return TRUE;
}

/**
 * rapport_store_retry_failed:
 * @op_id: the failed change's op_id, as rapport_store_list_failed() gives it
 *
 * Makes a failed change pending again, to be sent at the next sync: after
 * an admin changed a permission, or the user fixed what was refused. A
 * change that cannot be read or sent can only be discarded.
 */
gboolean
rapport_store_retry_failed (RapportStore *self,
                            const char   *op_id,
                            GError      **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (op_id != NULL, FALSE);

  return rapport_store_transact (self, retry_failed, (gpointer) op_id, error);
}

static gboolean
discard_failed (RapportStore *self,
                gpointer      data,
                GPtrArray    *changed,
                GError      **error)
{
  const char *op_id = data;
  g_autoptr(FailedEntry) entry = NULL;
  g_autofree char *problem = NULL;
  sqlite3_stmt *stmt;

  if (!(entry = load_failed (self, op_id, error)))
    return FALSE;
  stmt = rapport_store_prepare (self, "DELETE FROM outbox WHERE seq = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->seq);
  if (!rapport_store_step_done (stmt, error))
    return FALSE;

  if (entry->entity != NULL)
    {
      problem = rapport_store_outbox_changes_problem (entry->changes);
      if (problem == NULL)
        {
          g_autoptr(JsonNode) node = json_from_string (entry->changes, NULL);

          if (!undo_locally (self, entry, json_node_get_object (node), error))
            return FALSE;
        }
      else if (!rapport_store_rebase_record (self, entry->entity, entry->record_id, NULL, error))
        return FALSE;
      if (!change_refetch (self, entry->entity->name, entry->record_id, TRUE, error))
        return FALSE;
      rapport_store_changed_add (changed, entry->entity, entry->record_id);
    }
  g_debug ("Discarding %s of %s %s", rapport_change_kind_to_string (entry->kind),
           entry->entity_name, entry->record_id);
  return TRUE;
}

/**
 * rapport_store_discard_failed:
 * @op_id: the failed change's op_id
 *
 * Drops a failed change for good. The record shows at once what it was
 * before the change, and takes the server's copy at the next sync (see the
 * top of this file for creates and deletes). Only failed changes can be
 * discarded, and only when the user asks.
 */
gboolean
rapport_store_discard_failed (RapportStore *self,
                              const char   *op_id,
                              GError      **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (op_id != NULL, FALSE);

  return rapport_store_transact (self, discard_failed, (gpointer) op_id, error);
}

/**
 * rapport_store_list_refetch:
 *
 * Returns: (transfer full): "entity/id" of every record whose copy on the
 *   server is to be fetched again, because a change of it was discarded
 */
GStrv
rapport_store_list_refetch (RapportStore *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *text = NULL;
  g_autoptr(JsonArray) keys = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  text = rapport_store_get_state (self, REFETCH_KEY);
  keys = parse_refetch (text);
  for (guint i = 0; i < json_array_get_length (keys); i++)
    {
      const char *key = json_node_get_string (json_array_get_element (keys, i));

      if (key != NULL)
        g_strv_builder_add (builder, key);
    }
  return g_strv_builder_end (builder);
}

typedef struct
{
  const char *entity_name;
  const char *id;
  JsonObject *record;
  gboolean    gone;
} Refetched;

static gboolean
apply_refetched (RapportStore *self,
                 gpointer      data,
                 GPtrArray    *changed,
                 GError      **error)
{
  Refetched *refetched = data;
  const RapportEntity *entity = rapport_entity_lookup (refetched->entity_name);
  const char *id = refetched->id;
  JsonObject *record = refetched->record;
  g_autoptr(JsonObject) local = NULL;
  gint64 rowid = 0;

  if (entity != NULL && record != NULL &&
      g_strcmp0 (json_object_get_string_member_with_default (record, "id", NULL), id) == 0)
    {
      if (!rapport_store_rebase_record (self, entity, id, record, error))
        return FALSE;
    }
  else if (entity != NULL && refetched->gone && !has_local_changes (self, entity->name, id) &&
           (local = rapport_store_read_by_id (self, entity, id, &rowid, NULL)) != NULL &&
           !rapport_store_delete_row (self, entity, rowid, error))
    return FALSE;
  if (!change_refetch (self, refetched->entity_name, id, FALSE, error))
    return FALSE;
  if (entity != NULL)
    rapport_store_changed_add (changed, entity, id);
  return TRUE;
}

/**
 * rapport_store_apply_refetched:
 * @record: (nullable): the server's copy
 * @gone: the server has no such record (or deleted it)
 *
 * Writes the server's copy of a record fetched again, with what the user
 * still has queued on top; a record the server lacks goes, unless the user
 * has changes of it left. With neither (the server would not say), the
 * record stays as it is. Either way it is not fetched again.
 */
gboolean
rapport_store_apply_refetched (RapportStore *self,
                               const char   *entity_name,
                               const char   *id,
                               JsonObject   *record,
                               gboolean      gone,
                               GError      **error)
{
  Refetched refetched = { .entity_name = entity_name, .id = id, .record = record, .gone = gone };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return rapport_store_transact (self, apply_refetched, &refetched, error);
}
