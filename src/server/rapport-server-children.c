/* rapport-server-children.c: child records on the server
 *
 * A child (a price list's item) is a record of its own that points at its
 * parent through the type's parent_field. It may only be written while its
 * parent lives, and it is deleted with its parent, in the same transaction,
 * each child getting its tombstone in the changes feed. A link (a deal's
 * contact) is one record per pair, whose id follows from the pair; it is
 * deleted with either of the two.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-server-children.h"
#include "rapport-validate.h"

/* Whether the record that @field of @record points at is live. */
static gboolean
points_at_live (RapportServerBackend *backend,
                const RapportEntity  *entity,
                JsonObject           *record,
                const char           *field,
                gboolean             *live,
                GError              **error)
{
  const RapportField *ref = rapport_entity_get_field (entity, field);
  const char *id = json_object_get_string_member_with_default (record, field, NULL);
  g_autoptr(RapportStoredRecord) stored = NULL;

  /* A missing id is a required field: validation names it. */
  *live = TRUE;
  if (id == NULL)
    return TRUE;
  if (!rapport_server_load_record (backend, rapport_entity_lookup (ref->ref_entity), id, &stored,
                                   NULL, error))
    return FALSE;
  *live = stored != NULL && !stored->deleted;
  return TRUE;
}

/**
 * rapport_server_check_parent:
 * @id: the record's id
 * @record: a line or a link as it would be stored
 * @rejection: set, naming the field, when a line's record or a link's
 *   record is not there, or a link's id is not its pair's
 * @error: set when storage failed
 */
gboolean
rapport_server_check_parent (RapportServerBackend *backend,
                             const RapportEntity  *entity,
                             const char           *id,
                             JsonObject           *record,
                             GError              **rejection,
                             GError              **error)
{
  gboolean live;

  if (entity->parent_field != NULL)
    {
      if (!points_at_live (backend, entity, record, entity->parent_field, &live, error))
        return FALSE;
      if (!live)
        rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, entity->parent_field,
                                      _("The record this line belongs to does not exist or was deleted"));
    }
  if (entity->link_pair != NULL)
    {
      g_autofree char *link_id = rapport_entity_link_id (entity, record);

      for (guint i = 0; i < 2 && *rejection == NULL; i++)
        {
          if (!points_at_live (backend, entity, record, entity->link_pair[i], &live, error))
            return FALSE;
          if (!live)
            rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID,
                                          entity->link_pair[i],
                                          _("The linked record does not exist or was deleted"));
        }
      /* One link per pair: two clients that link the same two records
       * make the same record, and the second merges into the first. */
      if (*rejection == NULL && link_id != NULL && g_strcmp0 (link_id, id) != 0)
        rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "id",
                                      _("A link’s id must be the one made from the two records it links"));
    }
  return TRUE;
}

/**
 * rapport_server_list_children:
 * @child: a type that points at another through @field
 * @records: gets the live records of @child whose @field is @id, by id,
 *   each with its stored `version`
 *
 * A child type's parent field is indexed; another field (one side of a
 * link) is found by reading the type.
 */
gboolean
rapport_server_list_children (RapportServerBackend *backend,
                              const RapportEntity  *child,
                              const char           *field,
                              const char           *id,
                              GPtrArray            *records,
                              GError              **error)
{
  gboolean         indexed = rapport_entity_is_indexed_by (child, field);
  g_autofree char *after = NULL;

  for (;;)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_stored_record_free);

      if (indexed ? !backend->vtable->list_children (backend, child->name, id, after, 500, rows,
                                                     error)
                  : !backend->vtable->list_records (backend, child->name, after, 500, rows, error))
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        {
          RapportStoredRecord *stored = g_ptr_array_index (rows, i);
          g_autoptr(JsonObject) record = rapport_server_parse_record (stored);

          if (record != NULL &&
              g_strcmp0 (json_object_get_string_member_with_default (record, field, NULL), id) == 0)
            {
              json_object_set_int_member (record, "version", stored->version);
              g_ptr_array_add (records, g_steal_pointer (&record));
            }
        }
      if (rows->len < 500)
        return TRUE;
      g_free (after);
      after = g_strdup (((RapportStoredRecord *) g_ptr_array_index (rows, rows->len - 1))->id);
    }
}

/* Deletes the live records of type @child whose @field is @id, and theirs. */
static gboolean
delete_dependents_of_type (RapportServerBackend     *backend,
                           const RapportServerActor *actor,
                           const RapportEntity      *child,
                           const char               *field,
                           const char               *id,
                           const char               *now,
                           GError                  **error)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  /* Read them all first: the listing must not see its own deletions. */
  if (!rapport_server_list_children (backend, child, field, id, doomed, error))
    return FALSE;

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
 * Deletes every live child record and link of the record @id of @entity,
 * in the caller's transaction.
 */
gboolean
rapport_server_delete_children (RapportServerBackend     *backend,
                                const RapportServerActor *actor,
                                const RapportEntity      *entity,
                                const char               *id,
                                const char               *now,
                                GError                  **error)
{
  g_autoptr(GPtrArray) dependents = rapport_entity_dependents (entity);

  for (guint i = 0; i < dependents->len; i++)
    {
      const RapportRelation *relation = g_ptr_array_index (dependents, i);

      if (!delete_dependents_of_type (backend, actor, relation->entity, relation->field->name, id,
                                      now, error))
        return FALSE;
    }
  return TRUE;
}
