/* rapport-store-rebase.c: the server's record with the user's edits on top
 *
 * Pulled records are written under the user's pending edits and unresolved
 * conflicts, so the user keeps seeing what they typed until the server has
 * answered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store-rebase"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-json.h"
#include "rapport-store-forecast.h"
#include "rapport-store-sync-private.h"

/* Writes @server_record (or, if %NULL, the record as stored) with the user's
 * pending edits and unresolved conflicts on top, or removes it if the user
 * deleted it. Unresolved conflicts learn the server's newest values. */
gboolean
rapport_store_rebase_record (RapportStore        *self,
               const RapportEntity *entity,
               const char          *id,
               JsonObject          *server_record,
               GError             **error)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(JsonObject) local = NULL;
  gint64 rowid = 0;
  gboolean deleted = FALSE;

  local = rapport_store_read_by_id (self, entity, id, &rowid, NULL);
  /* A replayed op answers with the record as it was then: never go back to
   * an older version than the one already here. */
  if (server_record != NULL && local != NULL &&
      json_object_get_int_member_with_default (server_record, "version", 0) <
      json_object_get_int_member_with_default (local, "version", 0))
    server_record = NULL;
  record = server_record ? json_object_ref (server_record) : (local ? json_object_ref (local) : NULL);
  if (record == NULL)
    return TRUE;
  if (server_record != NULL)
    {
      /* Don't edit the caller's object in place. */
      json_object_unref (record);
      record = rapport_json_object_copy (server_record);
    }

  if (!(entries = rapport_store_load_outbox (self, entity->name, id, error)) ||
      !(conflicts = rapport_store_load_conflicts (self, entity->name, id, error)))
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      OutboxEntry *entry = g_ptr_array_index (entries, i);
      JsonObject *before;
      JsonObjectIter iter;
      const char *name;
      JsonNode *change;
      gboolean ok;

      if (entry->kind == RAPPORT_CHANGE_KIND_DELETE)
        {
          deleted = TRUE;
          continue;
        }
      deleted = FALSE;
      before = rapport_json_object_copy (record);
      json_object_iter_init (&iter, entry->changes);
      while (json_object_iter_next (&iter, &name, &change))
        json_object_set_member (record, name,
                                rapport_json_dup_member (json_node_get_object (change), "new"));
      /* What the server will make of the edit, as a local edit did. */
      ok = rapport_store_follow_forecast (self, entity, before, entry->changes, record, error);
      json_object_unref (before);
      if (!ok)
        return FALSE;
    }

  for (guint i = 0; i < conflicts->len; i++)
    {
      Conflict *conflict = g_ptr_array_index (conflicts, i);
      JsonObjectIter iter;
      const char *name;
      JsonNode *field;
      gboolean agreed = TRUE;

      /* Somebody restored the record the user was asked about: what is
       * left to ask is where their values and the user's differ. */
      if (conflict->kind == RAPPORT_CONFLICT_KIND_DELETE && conflict->theirs == NULL &&
          server_record != NULL)
        conflict->kind = RAPPORT_CONFLICT_KIND_EDIT;

      if (conflict->kind == RAPPORT_CONFLICT_KIND_DELETE)
        {
          /* The user deleted what the server changed: stays deleted. */
          if (conflict->theirs != NULL)
            {
              deleted = TRUE;
              if (server_record != NULL)
                {
                  g_clear_pointer (&conflict->theirs, json_object_unref);
                  conflict->theirs = json_object_ref (server_record);
                  if (!rapport_store_save_conflict (self, conflict, error))
                    return FALSE;
                }
            }
          continue;
        }

      json_object_iter_init (&iter, conflict->fields);
      while (json_object_iter_next (&iter, &name, &field))
        {
          JsonObject *values = json_node_get_object (field);

          json_object_set_member (record, name, rapport_json_dup_member (values, "mine"));
          if (server_record != NULL)
            {
              json_object_set_member (values, "theirs",
                                      rapport_json_dup_member (server_record, name));
              agreed = agreed && rapport_json_node_equal (json_object_get_member (values, "mine"),
                                              json_object_get_member (values, "theirs"));
            }
        }
      if (server_record != NULL)
        {
          g_clear_pointer (&conflict->theirs, json_object_unref);
          conflict->theirs = json_object_ref (server_record);
          /* The server came round to the user's values: nothing to ask. */
          if (agreed ? !rapport_store_mark_resolved (self, conflict->id, error)
                     : !rapport_store_save_conflict (self, conflict, error))
            return FALSE;
        }
    }

  if (deleted)
    return rowid == 0 || rapport_store_delete_row (self, entity, rowid, error);
  return rapport_store_write_row (self, entity, record, rowid, error);
}
