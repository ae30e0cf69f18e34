/* rapport-entity.c: looking things up in the record descriptors
 *
 * The descriptors themselves are in rapport-entity-table.c; what follows
 * from them (relations, the field that links an activity to a record) is
 * found here rather than written down a second time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-entity"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-entity-private.h"
#include "rapport-json.h"
#include "rapport-uuid.h"

#define all_entities rapport_entity_table
#define N_ENTITIES rapport_entity_table_length

const char * const rapport_meta_fields[] = {
  "id", "version", "created_at", "updated_at", "created_by", "updated_by", NULL
};

const RapportEntity * const *
rapport_entity_all (guint *n_entities)
{
  if (n_entities != NULL)
    *n_entities = N_ENTITIES;
  return all_entities;
}

const RapportEntity *
rapport_entity_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < N_ENTITIES; i++)
    if (strcmp (all_entities[i]->name, name) == 0)
      return all_entities[i];
  return NULL;
}

const RapportEntity *
rapport_entity_lookup_table (const char *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  for (guint i = 0; i < N_ENTITIES; i++)
    if (strcmp (all_entities[i]->table, table) == 0)
      return all_entities[i];
  return NULL;
}

const RapportField *
rapport_entity_get_field (const RapportEntity *entity,
                          const char          *name)
{
  for (guint i = 0; i < entity->n_fields; i++)
    if (strcmp (entity->fields[i].name, name) == 0)
      return &entity->fields[i];
  return NULL;
}

gboolean
rapport_entity_is_meta_field (const char *name)
{
  return g_strv_contains (rapport_meta_fields, name);
}

gboolean
rapport_field_is_list (const RapportField *field)
{
  return field->kind == RAPPORT_FIELD_EMAIL_LIST ||
         field->kind == RAPPORT_FIELD_PHONE_LIST ||
         field->kind == RAPPORT_FIELD_TAGS;
}

/**
 * rapport_field_missing:
 *
 * Returns: what the user is told when the required @field is left empty
 */
const char *
rapport_field_missing (const RapportField *field)
{
  return field->missing != NULL ? _(field->missing) : _("This field is required");
}

/**
 * rapport_entity_get_money_field:
 *
 * Returns: (nullable): @entity's MONEY field, the one its lists sort by amount
 */
const RapportField *
rapport_entity_get_money_field (const RapportEntity *entity)
{
  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].kind == RAPPORT_FIELD_MONEY &&
        !(entity->fields[i].flags & RAPPORT_FIELD_DERIVED))
      return &entity->fields[i];
  return NULL;
}

/**
 * rapport_entity_has_derived:
 *
 * Returns: whether @entity has a RAPPORT_FIELD_DERIVED field: a child
 *   without one (a contact's consent) has nothing of its own to compute
 */
gboolean
rapport_entity_has_derived (const RapportEntity *entity)
{
  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].flags & RAPPORT_FIELD_DERIVED)
      return TRUE;
  return FALSE;
}

/**
 * rapport_entity_find_ref:
 * @flags: what the field must also be, e.g. %RAPPORT_FIELD_LINK; 0 for any
 *
 * Returns: (nullable): the first REF field of @entity that points at
 *   @ref_entity and has @flags
 */
const RapportField *
rapport_entity_find_ref (const RapportEntity *entity,
                         const char          *ref_entity,
                         RapportFieldFlags    flags)
{
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *field = &entity->fields[i];

      if (field->kind == RAPPORT_FIELD_REF && strcmp (field->ref_entity, ref_entity) == 0 &&
          (field->flags & flags) == flags)
        return field;
    }
  return NULL;
}

/**
 * rapport_entity_link_field:
 * @entity: an activity or a task
 * @target: the record type it would be about: "deal"
 *
 * Returns: (nullable): the field that links a record of @entity to a
 *   @target, "deal_id"; %NULL if it cannot be linked to one
 */
const RapportField *
rapport_entity_link_field (const RapportEntity *entity,
                           const char          *target)
{
  return rapport_entity_find_ref (entity, target, RAPPORT_FIELD_LINK);
}

/**
 * rapport_entity_relations:
 * @flags: what the pointing field must also be, e.g. %RAPPORT_FIELD_RELATED
 *
 * Returns: (transfer container) (element-type RapportRelation): the types
 *   whose records point at records of @entity, in the order of the table:
 *   a company has many contacts, deals and cases
 */
GPtrArray *
rapport_entity_relations (const RapportEntity *entity,
                          RapportFieldFlags    flags)
{
  GPtrArray *relations = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_ENTITIES; i++)
    for (guint j = 0; j < all_entities[i]->n_fields; j++)
      {
        const RapportField *field = &all_entities[i]->fields[j];
        RapportRelation *relation;

        if (field->kind != RAPPORT_FIELD_REF || strcmp (field->ref_entity, entity->name) != 0 ||
            (field->flags & flags) != flags)
          continue;
        relation = g_new (RapportRelation, 1);
        relation->entity = all_entities[i];
        relation->field = field;
        g_ptr_array_add (relations, relation);
      }
  return relations;
}

/**
 * rapport_entity_lookup_section:
 * @section: a place in the app's sidebar, from 1
 *
 * Returns: (nullable): the type shown there
 */
const RapportEntity *
rapport_entity_lookup_section (guint section)
{
  for (guint i = 0; section > 0 && i < N_ENTITIES; i++)
    if (all_entities[i]->section == section)
      return all_entities[i];
  return NULL;
}

/**
 * rapport_entity_searched:
 *
 * Returns: (array length=n_entities): the types that have a full-text
 *   index, in the order a search over all of them lists them: the
 *   sidebar's order, then the types that have no section
 */
const RapportEntity * const *
rapport_entity_searched (guint *n_entities)
{
  static gsize found_once;
  static GPtrArray *found;

  if (g_once_init_enter (&found_once))
    {
      found = g_ptr_array_new ();
      for (guint section = 1; section <= N_ENTITIES; section++)
        {
          const RapportEntity *entity = rapport_entity_lookup_section (section);

          if (entity != NULL && entity->searchable)
            g_ptr_array_add (found, (gpointer) entity);
        }
      for (guint i = 0; i < N_ENTITIES; i++)
        if (all_entities[i]->searchable && all_entities[i]->section == 0)
          g_ptr_array_add (found, (gpointer) all_entities[i]);
      g_once_init_leave (&found_once, 1);
    }
  if (n_entities != NULL)
    *n_entities = found->len;
  return (const RapportEntity * const *) found->pdata;
}

/**
 * rapport_entity_parent:
 *
 * Returns: (nullable): the type whose records own records of @entity: a
 *   price list for its items; %NULL for a type that stands alone
 */
const RapportEntity *
rapport_entity_parent (const RapportEntity *entity)
{
  const RapportField *field;

  if (entity->parent_field == NULL)
    return NULL;
  field = rapport_entity_get_field (entity, entity->parent_field);
  g_return_val_if_fail (field != NULL && field->kind == RAPPORT_FIELD_REF, NULL);
  return rapport_entity_lookup (field->ref_entity);
}

/**
 * rapport_entity_dependents:
 *
 * Returns: (transfer container) (element-type RapportRelation): what is
 *   deleted with a record of @entity: its child records (through their
 *   parent field) and its links (through either field of the pair)
 */
GPtrArray *
rapport_entity_dependents (const RapportEntity *entity)
{
  GPtrArray *dependents = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < N_ENTITIES; i++)
    {
      const RapportEntity *other = all_entities[i];
      const char *names[3] = { other->parent_field, NULL, NULL };

      if (other->link_pair != NULL)
        {
          names[0] = other->link_pair[0];
          names[1] = other->link_pair[1];
        }
      for (guint j = 0; j < G_N_ELEMENTS (names) && names[j] != NULL; j++)
        {
          const RapportField *field = rapport_entity_get_field (other, names[j]);
          RapportRelation *relation;

          if (field == NULL || g_strcmp0 (field->ref_entity, entity->name) != 0)
            continue;
          relation = g_new (RapportRelation, 1);
          relation->entity = other;
          relation->field = field;
          g_ptr_array_add (dependents, relation);
        }
    }
  return dependents;
}

/**
 * rapport_entity_link_id:
 * @entity: a link type
 * @record: its two REF fields
 *
 * A link's id is made from the pair it joins, so that two clients that
 * link the same two records offline make the same record, which the
 * server merges into one.
 *
 * Returns: (transfer full) (nullable): the id; %NULL unless @record has both
 */
char *
rapport_entity_link_id (const RapportEntity *entity,
                        JsonObject          *record)
{
  const char *a, *b;
  g_autofree char *name = NULL;

  g_return_val_if_fail (entity->link_pair != NULL, NULL);

  a = rapport_json_get_string (record, entity->link_pair[0]);
  b = rapport_json_get_string (record, entity->link_pair[1]);
  if (a == NULL || b == NULL)
    return NULL;
  name = g_strdup_printf ("%s/%s/%s", entity->name, a, b);
  return rapport_uuid_from_name (name);
}

/**
 * rapport_entity_index_of:
 *
 * Returns: (nullable): what @record is found under on the server: its
 *   parent's id (a line's document), or the first of the type's
 *   `indexed_by` fields that is set (a request's document)
 */
const char *
rapport_entity_index_of (const RapportEntity *entity,
                         JsonObject          *record)
{
  if (entity->parent_field != NULL)
    return json_object_get_string_member_with_default (record, entity->parent_field, NULL);
  for (guint i = 0; entity->indexed_by != NULL && entity->indexed_by[i] != NULL; i++)
    {
      JsonNode *value = json_object_get_member (record, entity->indexed_by[i]);

      if (value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
          json_node_get_value_type (value) == G_TYPE_STRING)
        return json_node_get_string (value);
    }
  return NULL;
}

/**
 * rapport_entity_is_indexed_by:
 *
 * Returns: whether records of @entity are found by @field on the server
 *   (rapport_entity_index_of())
 */
gboolean
rapport_entity_is_indexed_by (const RapportEntity *entity,
                              const char          *field)
{
  return g_strcmp0 (field, entity->parent_field) == 0 ||
         (entity->indexed_by != NULL && field != NULL && g_strv_contains (entity->indexed_by, field));
}
