/* rapport-store-children.c: a record and its child records, edited together
 *
 * A price list and its items, an order and its lines: the parent and every
 * child it creates, edits or deletes are written in one transaction, and
 * their outbox entries form one group that the server applies together.
 * Children are their own records, so they merge one by one and field by
 * field; ordered children carry a position key (rapport-position.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-json.h"
#include "rapport-pipeline-private.h"
#include "rapport-position.h"
#include "rapport-store-children.h"
#include "rapport-store-private.h"
#include "rapport-uuid.h"
#include "rapport-validate.h"

/* The ids of the records of type @child whose @field (%NULL: its parent
 * field) is @parent_id, ordered lines in their order. */
char **
rapport_store_child_ids (RapportStoreConnection *conn,
                         const RapportEntity    *child,
                         const char             *field,
                         const char             *parent_id,
                         GError                **error)
{
  gboolean ordered = field == NULL && child->position_field != NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ? ORDER BY %s, id",
                                          child->table, field ? field : child->parent_field,
                                          ordered ? child->position_field : "rowid");
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  sqlite3_stmt *stmt = rapport_store_connection_prepare (conn, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, parent_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (ids, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return NULL;
    }
  return g_strv_builder_end (ids);
}

/* Calls @delete for each record deleted with the record @id of @entity:
 * its lines and its links (rapport_entity_dependents()). */
gboolean
rapport_store_delete_dependents (RapportStore        *self,
                                 const RapportEntity *entity,
                                 const char          *id,
                                 gboolean           (*delete) (RapportStore        *self,
                                                               const RapportEntity *entity,
                                                               const char          *id,
                                                               gpointer             data,
                                                               GError             **error),
                                 gpointer             data,
                                 GError             **error)
{
  g_autoptr(GPtrArray) dependents = rapport_entity_dependents (entity);

  for (guint i = 0; i < dependents->len; i++)
    {
      const RapportRelation *relation = g_ptr_array_index (dependents, i);
      g_auto(GStrv) ids = rapport_store_child_ids (rapport_store_get_write_connection (self),
                                                   relation->entity, relation->field->name, id,
                                                   error);

      if (ids == NULL)
        return FALSE;
      for (guint j = 0; ids[j] != NULL; j++)
        if (!delete (self, relation->entity, ids[j], data, error))
          return FALSE;
    }
  return TRUE;
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* The keys either side of a new child of @parent_id: after the child
 * @after_id, or at the end when it is %NULL. */
gboolean
rapport_store_child_position (RapportStore        *self,
                              const RapportEntity *child,
                              const char          *parent_id,
                              const char          *after_id,
                              char               **before_key,
                              char               **after_key,
                              GError             **error)
{
  g_autofree char *last_sql = g_strdup_printf ("SELECT %2$s FROM %1$s WHERE %3$s = ?"
                                               " ORDER BY %2$s DESC, id DESC LIMIT 1",
                                               child->table, child->position_field,
                                               child->parent_field);
  g_autofree char *next_sql = g_strdup_printf ("SELECT %2$s FROM %1$s WHERE %3$s = ?1 AND"
                                               " (%2$s > ?2 OR (%2$s = ?2 AND id > ?3))"
                                               " ORDER BY %2$s, id LIMIT 1",
                                               child->table, child->position_field,
                                               child->parent_field);
  g_autofree char *own_sql = g_strdup_printf ("SELECT %2$s FROM %1$s WHERE id = ? AND %3$s = ?",
                                              child->table, child->position_field,
                                              child->parent_field);
  g_autofree char *own_key = NULL;
  sqlite3_stmt *stmt;

  if (after_key != NULL)
    *after_key = NULL;
  *before_key = NULL;
  if (after_id == NULL)
    {
      if (!(stmt = rapport_store_prepare (self, last_sql, error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, parent_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        *before_key = column_text (stmt, 0);
      sqlite3_reset (stmt);
      return TRUE;
    }

  if (!(stmt = rapport_store_prepare (self, own_sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, after_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, parent_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    own_key = column_text (stmt, 0);
  else
    {
      sqlite3_reset (stmt);
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, child->position_field,
                                    _("The line to insert after is not one of this record’s"));
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (!(stmt = rapport_store_prepare (self, next_sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, parent_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, own_key ? own_key : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, after_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && after_key != NULL)
    *after_key = column_text (stmt, 0);
  sqlite3_reset (stmt);
  *before_key = g_steal_pointer (&own_key);
  return TRUE;
}

/* The child type @edit names, which must be a child type of @parent. */
static const RapportEntity *
child_entity (const RapportEntity *parent,
              JsonObject          *edit,
              GError             **error)
{
  const RapportEntity *child = rapport_store_lookup_entity (rapport_json_get_string (edit, "entity"), error);

  if (child != NULL && rapport_entity_parent (child) != parent)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "entity",
                                    _("A %s has no lines of type “%s”"), parent->name, child->name);
      return NULL;
    }
  return child;
}

/* Checks that the child @id belongs to @parent_id. */
static gboolean
check_belongs (RapportStore        *self,
               const RapportEntity *child,
               const char          *id,
               const char          *parent_id,
               GError             **error)
{
  g_autoptr(JsonObject) record = NULL;

  if (id == NULL || !(record = rapport_store_read_by_id (self, child, id, NULL, error)))
    {
      if (id == NULL)
        rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "id",
                                      _("A line to edit or delete needs its id"));
      return FALSE;
    }
  if (g_strcmp0 (rapport_json_get_string (record, child->parent_field), parent_id) != 0)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, child->parent_field,
                                    _("This line belongs to another record"));
      return FALSE;
    }
  return TRUE;
}

/* Places a new ordered child: "after" an id puts it after that line, after
 * null at the start, and no "after" at the end (see place_child()). */
static gboolean
place_new_child (RapportStore        *self,
                 const RapportEntity *child,
                 const char          *parent_id,
                 JsonObject          *edit,
                 JsonObject          *values,
                 GError             **error)
{
  JsonNode *after = json_object_get_member (edit, "after");
  g_autofree char *before_key = NULL;
  g_autofree char *after_key = NULL;
  g_autofree char *position = NULL;

  if (child->position_field == NULL || after == NULL ||
      json_object_has_member (values, child->position_field))
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (after))
    {
      g_auto(GStrv) ids = rapport_store_child_ids (rapport_store_get_write_connection (self), child,
                                                   NULL, parent_id, error);
      g_autoptr(JsonObject) first = NULL;

      if (ids == NULL)
        return FALSE;
      if (ids[0] != NULL && !(first = rapport_store_read_by_id (self, child, ids[0], NULL, error)))
        return FALSE;
      position = rapport_position_between (NULL, first ? rapport_json_get_string (first, child->position_field)
                                                       : NULL);
    }
  else
    {
      if (!rapport_store_child_position (self, child, parent_id, rapport_json_get_string (edit, "after"),
                                         &before_key, &after_key, error))
        return FALSE;
      position = rapport_position_between (before_key, after_key);
    }
  json_object_set_string_member (values, child->position_field, position);
  return TRUE;
}

/* One child's create, update or delete, inside the parent's transaction. */
static gboolean
apply_child_edit (RapportStore        *self,
                  const RapportEntity *parent,
                  const char          *parent_id,
                  JsonObject          *edit,
                  GPtrArray           *changed,
                  GError             **error)
{
  const RapportEntity *child = child_entity (parent, edit, error);
  RapportChangeKind kind = RAPPORT_CHANGE_KIND_UPDATE;
  gboolean known = rapport_change_kind_from_string (rapport_json_get_string (edit, "op"), &kind);
  const char *id = rapport_json_get_string (edit, "id");
  JsonObject *fields = rapport_json_get_object (edit, "fields");
  g_autoptr(JsonObject) values = fields ? rapport_json_object_copy (fields) : json_object_new ();
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *new_id = NULL;
  gboolean really_changed;

  if (child == NULL)
    return FALSE;
  if (known && kind == RAPPORT_CHANGE_KIND_DELETE)
    return check_belongs (self, child, id, parent_id, error) &&
           rapport_store_delete_in_transaction (self, child, id, changed, error);

  if (!rapport_validate_changes (child, values, error))
    return FALSE;
  if (json_object_has_member (values, child->parent_field) &&
      g_strcmp0 (rapport_json_get_string (values, child->parent_field), parent_id) != 0)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, child->parent_field,
                                    _("A line cannot move to another record"));
      return FALSE;
    }

  if (known && kind == RAPPORT_CHANGE_KIND_UPDATE)
    {
      if (!check_belongs (self, child, id, parent_id, error) ||
          !(record = rapport_store_update_in_transaction (self, child, id, values, &really_changed, error)))
        return FALSE;
      if (really_changed)
        g_ptr_array_add (changed, g_strconcat (child->name, "/", id, NULL));
      return TRUE;
    }
  if (!known)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "op",
                                    _("A line is created, updated or deleted"));
      return FALSE;
    }

  new_id = id != NULL && rapport_uuid_is_valid (id) ? g_strdup (id) : rapport_uuid_v7_new ();
  json_object_set_string_member (values, child->parent_field, parent_id);
  if (!place_new_child (self, child, parent_id, edit, values, error) ||
      !(record = rapport_store_create_in_transaction (self, child, new_id, values, error)))
    return FALSE;
  g_ptr_array_add (changed, g_strconcat (child->name, "/", new_id, NULL));
  return TRUE;
}

typedef struct
{
  const RapportEntity *entity;
  const char          *id;
  JsonObject          *values;
  JsonArray           *children;
  JsonObject          *record;  /* (owned) (out) */
} SaveWithChildren;

static gboolean
save_with_children (RapportStore *self,
                    gpointer      data,
                    GPtrArray    *changed,
                    GError      **error)
{
  SaveWithChildren *save = data;
  const RapportEntity *entity = save->entity;
  g_autofree char *new_id = NULL;
  const char *id = save->id;
  gboolean really_changed = FALSE;
  gboolean ok = TRUE;

  rapport_store_begin_group (self);
  if (id == NULL)
    {
      id = new_id = rapport_uuid_v7_new ();
      save->record = rapport_store_create_in_transaction (self, entity, id, save->values, error);
      really_changed = TRUE;
    }
  else
    save->record = rapport_store_update_in_transaction (self, entity, id, save->values,
                                                        &really_changed, error);
  if (save->record == NULL)
    ok = FALSE;
  else if (really_changed)
    rapport_store_changed_add (changed, entity, id);

  for (guint i = 0; ok && save->children != NULL && i < json_array_get_length (save->children); i++)
    {
      JsonObject *edit = rapport_json_array_get_object (save->children, i);

      if (edit == NULL)
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "children",
                                        _("Each line edit must be an object"));
          ok = FALSE;
        }
      else
        ok = apply_child_edit (self, entity, id, edit, changed, error);
    }
  rapport_store_end_group (self);
  if (!ok)
    g_clear_pointer (&save->record, json_object_unref);
  return ok;
}

/**
 * rapport_store_save_with_children:
 * @entity: the parent's type, e.g. "price_list"
 * @id: (nullable): the parent to edit; %NULL to create one
 * @fields: (nullable): the parent's fields to set
 * @children: (nullable): edits of its children, each `{"op": "create",
 *   "update" or "delete", "entity": "price_list_item", "id": …, "fields":
 *   {…}}`; a create of an ordered child may say `"after": id` (after that
 *   line) or `"after": null` (first); without it the line goes last
 * @error: a #RAPPORT_VALIDATION_ERROR naming the field, or a store error
 *
 * Writes the parent and its children in one durable transaction, their
 * outbox entries as one group: they reach the server in one push and are
 * applied there together. Nothing is written if any of it is refused.
 *
 * Returns: (transfer full): the parent as stored
 */
JsonObject *
rapport_store_save_with_children (RapportStore *self,
                                  const char   *entity_name,
                                  const char   *id,
                                  JsonObject   *fields,
                                  JsonArray    *children,
                                  GError      **error)
{
  const RapportEntity *entity;
  g_autoptr(JsonObject) values = NULL;
  SaveWithChildren save = { .id = id, .children = children };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(entity = rapport_store_lookup_entity (entity_name, error)))
    return NULL;
  values = fields ? rapport_json_object_copy (fields) : json_object_new ();
  if (!rapport_validate_changes (entity, values, error))
    return NULL;
  if (id == NULL && strcmp (entity->name, "deal") == 0 &&
      !rapport_store_place_new_deal (self, values, error))
    return NULL;

  save.entity = entity;
  save.values = values;
  if (!rapport_store_transact (self, save_with_children, &save, error))
    return NULL;
  /* The totals the commit computed from the lines it saved. */
  if (entity->compute_family != NULL)
    {
      g_autoptr(JsonObject) saved = g_steal_pointer (&save.record);

      return rapport_store_get (self, entity->name, rapport_json_get_string (saved, "id"), error);
    }
  return save.record;
}

/**
 * rapport_store_list_children:
 * @child_entity: the children's type, e.g. "price_list_item"
 *
 * Returns: (transfer full) (element-type JsonObject): the children of
 *   @parent_id, in their order (by position, then id) or else as created
 */
GPtrArray *
rapport_store_list_children (RapportStore *self,
                             const char   *child_entity,
                             const char   *parent_id,
                             GError      **error)
{
  const RapportEntity *child;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  RapportStoreConnection *reader;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (parent_id != NULL, NULL);

  if (!(child = rapport_store_lookup_entity (child_entity, error)))
    return NULL;
  if (child->parent_field == NULL)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_UNKNOWN_ENTITY,
                   _("A %s is not a line of another record"), child->name);
      return NULL;
    }

  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  ok = rapport_store_connection_read_children (reader, child, parent_id, records, error);
  rapport_store_end_read (self, reader);
  if (!ok)
    return NULL;
  return g_steal_pointer (&records);
}
