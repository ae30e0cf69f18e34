/* rapport-store-pull.c: the server's changes feed, written here
 *
 * A page of the feed and its cursor are written in one transaction. Records
 * the user has nothing pending on are written as they come; the others are
 * rebased. A tombstone deletes the record and its children, unless the user
 * changed it: then it becomes an edit-versus-delete conflict.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store-pull"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-json.h"
#include "rapport-store-resend.h"
#include "rapport-store-sync-private.h"
#include "rapport-uuid.h"

static gboolean
set_cursor (RapportStore *self,
            const char   *cursor,
            GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self,
                                              "INSERT INTO sync_state (key, value) VALUES ('cursor', ?)"
                                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, cursor, -1, SQLITE_TRANSIENT);
  return rapport_store_step_done (stmt, error);
}

static gboolean apply_tombstone (RapportStore        *self,
                                 const RapportEntity *entity,
                                 const char          *id,
                                 GError             **error);

static gboolean
tombstone_dependent (RapportStore        *self,
                     const RapportEntity *entity,
                     const char          *id,
                     gpointer             data,
                     GError             **error)
{
  return apply_tombstone (self, entity, id, error);
}

/* The server deleted a record. Pending edits of it become an
 * edit-versus-delete conflict; otherwise it goes. */
static gboolean
apply_tombstone (RapportStore        *self,
                 const RapportEntity *entity,
                 const char          *id,
                 GError             **error)
{
  g_autoptr(GPtrArray) entries = rapport_store_load_outbox (self, entity->name, id, error);
  g_autoptr(JsonObject) mine = json_object_new ();
  const char *first_op_id = NULL;
  gint64 rowid = 0;
  g_autoptr(JsonObject) local = NULL;
  gboolean keep_row = FALSE;

  if (entries == NULL)
    return FALSE;

  /* Its lines and links go with it, even those whose own tombstones are
   * still to come; what the user changed in one becomes a conflict of it. */
  if (!rapport_store_delete_dependents (self, entity, id, tombstone_dependent, NULL, error))
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      OutboxEntry *entry = g_ptr_array_index (entries, i);
      JsonObjectIter iter;
      const char *name;
      JsonNode *change;

      if (entry->damage != NULL)
        continue;
      /* The user already chose to restore it: an older deletion changes nothing. */
      if (entry->kind == RAPPORT_CHANGE_KIND_CREATE)
        return TRUE;
      if (entry->kind != RAPPORT_CHANGE_KIND_DELETE)
        {
          first_op_id = first_op_id ? first_op_id : entry->op_id;
          json_object_iter_init (&iter, entry->changes);
          while (json_object_iter_next (&iter, &name, &change))
            if (!json_object_has_member (mine, name))
              json_object_set_member (mine, name, json_node_copy (change));
            else
              json_object_set_member (rapport_json_get_object (mine, name), "new",
                                      rapport_json_dup_member (json_node_get_object (change), "new"));
        }
    }

  if (first_op_id != NULL)
    {
      g_autoptr(JsonObject) fields = rapport_store_conflict_fields (mine, NULL);

      if (!rapport_store_add_conflict (self, entity, id, first_op_id, RAPPORT_CONFLICT_KIND_DELETE,
                                      fields, NULL, error))
        return FALSE;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      OutboxEntry *entry = g_ptr_array_index (entries, i);

      /* What could not be read stays for the user to see, whatever happens. */
      if (entry->damage == NULL && !rapport_store_delete_outbox_entry (self, entry->seq, error))
        return FALSE;
    }
  if (first_op_id != NULL)
    return TRUE;
  if (!rapport_store_settle_conflicts_with_tombstone (self, entity, id, &keep_row, error))
    return FALSE;
  if (keep_row)
    return TRUE;

  local = rapport_store_read_by_id (self, entity, id, &rowid, NULL);
  return local == NULL || rapport_store_delete_row (self, entity, rowid, error);
}

/* "entity/id" of every record with outbox entries or open conflicts. */
static GHashTable *
records_with_local_changes (RapportStore *self,
                            GError      **error)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = rapport_store_prepare (self,
    "SELECT entity, record_id FROM outbox UNION"
    " SELECT entity, record_id FROM conflicts WHERE resolved_at IS NULL", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (keys, g_strconcat ((const char *) sqlite3_column_text (stmt, 0), "/",
                                         (const char *) sqlite3_column_text (stmt, 1), NULL));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return NULL;
    }
  return g_steal_pointer (&keys);
}

typedef struct
{
  JsonArray  *changes;
  const char *cursor;
} PullPage;

static gboolean
bad_page (GError **error)
{
  g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DATABASE,
               _("The server sent a change that is not a valid record"));
  return FALSE;
}

/* One page is one transaction of the writer thread. */
static gboolean
apply_pull_page (RapportStore *self,
                 gpointer      data,
                 GPtrArray    *changed,
                 GError      **error)
{
  PullPage *page = data;
  g_autoptr(GHashTable) busy = NULL;
  gboolean resending;

  if (!(busy = records_with_local_changes (self, error)))
    return FALSE;
  /* After a server change, what the server sends is noted beside the
   * client's copy (see rapport-store-resend.c). */
  resending = rapport_store_resend_active (self);

  for (guint i = 0; i < json_array_get_length (page->changes); i++)
    {
      JsonObject *change = rapport_json_array_get_object (page->changes, i);
      const char *entity_name, *id;
      const RapportEntity *entity;
      JsonObject *record = NULL;
      g_autofree char *key = NULL;

      if (change == NULL)
        return bad_page (error);
      entity_name = json_object_get_string_member_with_default (change, "entity", NULL);
      id = json_object_get_string_member_with_default (change, "id", NULL);
      entity = entity_name ? rapport_entity_lookup (entity_name) : NULL;
      if (entity == NULL || !rapport_uuid_is_valid (id))
        return bad_page (error);
      key = g_strconcat (entity->name, "/", id, NULL);

      if (json_object_get_boolean_member_with_default (change, "deleted", FALSE))
        {
          if ((resending && !rapport_store_resend_note (self, entity, id, NULL, error)) ||
              !apply_tombstone (self, entity, id, error))
            return FALSE;
        }
      else
        {
          gint64 rowid = 0, version = -1;

          record = rapport_json_get_object (change, "record");
          if (record == NULL || g_strcmp0 (json_object_get_string_member_with_default (record, "id", NULL), id) != 0)
            return bad_page (error);
          if (resending && !rapport_store_resend_note (self, entity, id, record, error))
            return FALSE;

          /* Already have this version (say, from our own push): keep it. */
          if (!rapport_store_find_row (self, entity, id, &rowid, &version, error))
            return FALSE;
          if (version >= json_object_get_int_member_with_default (record, "version", 0))
            continue;

          /* Most records of a page have nothing of the user's on top: they
           * are written as they come. */
          if (!g_hash_table_contains (busy, key))
            {
              if (!rapport_store_write_row (self, entity, record, rowid, error))
                return FALSE;
            }
          else if (!rapport_store_rebase_record (self, entity, id, record, error))
            return FALSE;
        }
      g_ptr_array_add (changed, g_steal_pointer (&key));
    }

  return set_cursor (self, page->cursor, error);
}

/**
 * rapport_store_apply_pull_page:
 * @changes: the `changes` of one page of the changes feed
 * @cursor: the page's `cursor`
 *
 * Writes a page of the changes feed and its cursor in one transaction, so a
 * crash never leaves the cursor ahead of the data.
 */
gboolean
rapport_store_apply_pull_page (RapportStore *self,
                               JsonArray    *changes,
                               const char   *cursor,
                               GError      **error)
{
  PullPage page = { .changes = changes, .cursor = cursor };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (cursor != NULL, FALSE);

  return rapport_store_transact_server_data (self, apply_pull_page, &page, error);
}
