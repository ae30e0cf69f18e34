/* rapport-server-children.c: child records on the server
 *
 * A child (a price list's item) is a record of its own that points at its
 * parent through the type's parent_field. It may only be written while its
 * parent lives, and it is deleted with its parent, in the same transaction,
 * each child getting its tombstone in the changes feed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-server-children.h"
#include "rapport-validate.h"

/**
 * rapport_server_check_parent:
 * @record: the child as it would be stored
 * @rejection: set, naming the parent field, when the parent is not there
 * @error: set when storage failed
 */
gboolean
rapport_server_check_parent (RapportServerBackend *backend,
                             const RapportEntity  *entity,
                             JsonObject           *record,
                             GError              **rejection,
                             GError              **error)
{
  const RapportEntity *parent = rapport_entity_parent (entity);
  const char *parent_id;
  g_autoptr(RapportStoredRecord) stored = NULL;

  if (parent == NULL)
    return TRUE;
  parent_id = json_object_get_string_member_with_default (record, entity->parent_field, NULL);
  if (parent_id == NULL)
    return TRUE;  /* a required field: validation names it */
  if (!rapport_server_load_record (backend, parent, parent_id, &stored, NULL, error))
    return FALSE;
  if (stored == NULL || stored->deleted)
    rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, entity->parent_field,
                                  _("The record this line belongs to does not exist or was deleted"));
  return TRUE;
}

/* Deletes the live children of @id of type @child, and theirs. */
static gboolean
delete_children_of_type (RapportServerBackend     *backend,
                         const RapportServerActor *actor,
                         const RapportEntity      *child,
                         const char               *id,
                         const char               *now,
                         GError                  **error)
{
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  /* Read them all first: the listing must not see its own deletions. */
  for (;;)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_stored_record_free);

      if (!backend->vtable->list_records (backend, child->name, after, 500, rows, error))
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        {
          RapportStoredRecord *stored = g_ptr_array_index (rows, i);
          JsonObject *record = rapport_server_parse_record (stored);

          if (record == NULL)
            continue;
          if (g_strcmp0 (json_object_get_string_member_with_default (record, child->parent_field,
                                                                     NULL), id) == 0)
            {
              json_object_set_int_member (record, "version", stored->version);
              g_ptr_array_add (doomed, record);
            }
          else
            json_object_unref (record);
        }
      if (rows->len < 500)
        break;
      g_free (after);
      after = g_strdup (((RapportStoredRecord *) g_ptr_array_index (rows, rows->len - 1))->id);
    }

  for (guint i = 0; i < doomed->len; i++)
    {
      JsonObject *record = g_ptr_array_index (doomed, i);
      const char *child_id = json_object_get_string_member (record, "id");

      if (!rapport_server_delete_children (backend, actor, child, child_id, now, error) ||
          !rapport_server_store_write (backend, actor, child, child_id, RAPPORT_OP_DELETE, record,
                                       NULL, json_object_get_int_member (record, "version") + 1,
                                       now, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rapport_server_delete_children:
 *
 * Deletes every live child record of the record @id of @entity, in the
 * caller's transaction.
 */
gboolean
rapport_server_delete_children (RapportServerBackend     *backend,
                                const RapportServerActor *actor,
                                const RapportEntity      *entity,
                                const char               *id,
                                const char               *now,
                                GError                  **error)
{
  g_autoptr(GPtrArray) children = rapport_entity_children (entity);

  for (guint i = 0; i < children->len; i++)
    if (!delete_children_of_type (backend, actor, g_ptr_array_index (children, i), id, now, error))
      return FALSE;
  return TRUE;
}
