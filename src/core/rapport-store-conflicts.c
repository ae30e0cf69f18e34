/* rapport-store-conflicts.c: what the user and the server both changed
 *
 * A conflict is kept with base, mine and theirs for each field until the
 * user settles it; the settlement is a new outbox entry. One question is
 * asked per record and kind: edit against edit, or edit against a deletion
 * on either side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store-conflicts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-json.h"
#include "rapport-record.h"
#include "rapport-store-sync-private.h"
#include "rapport-store-writer.h"
#include "rapport-uuid.h"
#include "rapport-validate.h"

void
rapport_conflict_free (Conflict *conflict)
{
  g_free (conflict->id);
  g_clear_pointer (&conflict->fields, json_object_unref);
  g_clear_pointer (&conflict->theirs, json_object_unref);
  g_free (conflict);
}

static gboolean
node_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/* A conflict from a row whose first columns are id, kind, fields, theirs. */
static Conflict *
conflict_from_row (sqlite3_stmt *stmt)
{
  Conflict *conflict = g_new0 (Conflict, 1);

  conflict->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  /* The table's CHECK lets no other word in. */
  if (!rapport_conflict_kind_from_string ((const char *) sqlite3_column_text (stmt, 1),
                                          &conflict->kind))
    conflict->kind = RAPPORT_CONFLICT_KIND_EDIT;
  conflict->fields = rapport_json_parse_object ((const char *) sqlite3_column_text (stmt, 2));
  conflict->theirs = rapport_json_parse_object ((const char *) sqlite3_column_text (stmt, 3));
  if (conflict->fields == NULL)
    conflict->fields = json_object_new ();
  return conflict;
}

GPtrArray *
rapport_store_load_conflicts (RapportStore *self,
                              const char   *entity,
                              const char   *record_id,
                              GError      **error)
{
  static const char all_sql[] =
    "SELECT id, kind, fields, theirs, entity, record_id, created_at FROM conflicts"
    " WHERE resolved_at IS NULL ORDER BY created_at, id";
  static const char record_sql[] =
    "SELECT id, kind, fields, theirs, entity, record_id, created_at FROM conflicts"
    " WHERE resolved_at IS NULL AND entity = ? AND record_id = ? ORDER BY created_at, id";
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_conflict_free);
  sqlite3_stmt *stmt = rapport_store_prepare (self, record_id ? record_sql : all_sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (record_id != NULL)
    {
      sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (conflicts, conflict_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return NULL;
    }
  return g_steal_pointer (&conflicts);
}

gboolean
rapport_store_save_conflict (RapportStore *self,
                             Conflict     *conflict,
                             GError      **error)
{
  g_autofree char *fields = rapport_json_object_to_string (conflict->fields);
  g_autofree char *theirs = rapport_json_object_to_string (conflict->theirs);
  sqlite3_stmt *stmt = rapport_store_prepare (self, "UPDATE conflicts SET kind = ?, fields = ?,"
                                                    " theirs = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, rapport_conflict_kind_to_string (conflict->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, fields, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, theirs, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, conflict->id, -1, SQLITE_TRANSIENT);
  return rapport_store_step_done (stmt, error);
}

static gboolean
insert_conflict (RapportStore        *self,
                 const RapportEntity *entity,
                 const char          *record_id,
                 const char          *op_id,
                 RapportConflictKind  kind,
                 JsonObject          *fields,
                 JsonObject          *theirs,
                 GError             **error)
{
  g_autofree char *id = rapport_uuid_v7_new ();
  g_autofree char *now = rapport_store_now ();
  g_autofree char *fields_text = rapport_json_object_to_string (fields);
  g_autofree char *theirs_text = rapport_json_object_to_string (theirs);
  sqlite3_stmt *stmt = rapport_store_prepare (self,
    "INSERT INTO conflicts (id, entity, record_id, op_id, kind, fields, theirs, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, op_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, rapport_conflict_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, fields_text, -1, SQLITE_TRANSIENT);
  if (theirs_text != NULL)
    sqlite3_bind_text (stmt, 7, theirs_text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 7);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);
  return rapport_store_step_done (stmt, error);
}

/* One question per record and kind: a clash that joins an open conflict adds
 * its fields to it (each field keeps its first base and takes the newest
 * values), so settling it settles them all. A deletion by the user of what
 * the server changed is asked about once anyway. */
gboolean
rapport_store_add_conflict (RapportStore        *self,
                            const RapportEntity *entity,
                            const char          *record_id,
                            const char          *op_id,
                            RapportConflictKind  kind,
                            JsonObject          *fields,
                            JsonObject          *theirs,
                            GError             **error)
{
  g_autoptr(GPtrArray) open = rapport_store_load_conflicts (self, entity->name, record_id, error);
  JsonObjectIter iter;
  const char *name;
  JsonNode *values;

  if (open == NULL)
    return FALSE;
  for (guint i = 0; i < open->len; i++)
    {
      Conflict *conflict = g_ptr_array_index (open, i);

      if (conflict->kind != kind || (conflict->theirs == NULL) != (theirs == NULL) ||
          (kind == RAPPORT_CONFLICT_KIND_DELETE && theirs != NULL))
        continue;
      json_object_iter_init (&iter, fields);
      while (json_object_iter_next (&iter, &name, &values))
        {
          JsonObject *earlier = rapport_json_get_object (conflict->fields, name);
          JsonObject *later = json_node_get_object (values);

          if (earlier == NULL)
            {
              json_object_set_member (conflict->fields, name, json_node_copy (values));
              continue;
            }
          json_object_set_member (earlier, "mine", rapport_json_dup_member (later, "mine"));
          json_object_set_member (earlier, "theirs", rapport_json_dup_member (later, "theirs"));
        }
      if (theirs != NULL)
        {
          g_clear_pointer (&conflict->theirs, json_object_unref);
          conflict->theirs = json_object_ref (theirs);
        }
      return rapport_store_save_conflict (self, conflict, error);
    }
  return insert_conflict (self, entity, record_id, op_id, kind, fields, theirs, error);
}

/**
 * rapport_store_absorb_conflicted_changes:
 * @changes: `{field: {base, new}}` of a local edit; the absorbed fields are
 *   removed from it
 *
 * An edit of a field the user is still being asked about answers nothing
 * yet: it becomes that conflict's "mine", so settling it keeps what was
 * typed last. Every edit of a record the server deleted joins that question,
 * since sending it would only meet the deletion again. Call inside the
 * edit's transaction.
 */
gboolean
rapport_store_absorb_conflicted_changes (RapportStore        *self,
                                         const RapportEntity *entity,
                                         const char          *record_id,
                                         JsonObject          *changes,
                                         GError             **error)
{
  g_autoptr(GPtrArray) open = rapport_store_load_conflicts (self, entity->name, record_id, error);

  if (open == NULL)
    return FALSE;
  for (guint i = 0; i < open->len; i++)
    {
      Conflict *conflict = g_ptr_array_index (open, i);
      gboolean whole_record = conflict->kind == RAPPORT_CONFLICT_KIND_DELETE;
      g_autoptr(GList) names = json_object_get_members (changes);
      gboolean absorbed = FALSE;

      if (whole_record && conflict->theirs != NULL)
        continue;
      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonObject *change = rapport_json_get_object (changes, l->data);
          JsonObject *earlier = rapport_json_get_object (conflict->fields, l->data);

          if (earlier == NULL && !whole_record)
            continue;
          if (earlier == NULL)
            {
              earlier = json_object_new ();
              json_object_set_member (earlier, "base", rapport_json_dup_member (change, "base"));
              json_object_set_null_member (earlier, "theirs");
              json_object_set_object_member (conflict->fields, l->data, earlier);
            }
          json_object_set_member (earlier, "mine", rapport_json_dup_member (change, "new"));
          json_object_remove_member (changes, l->data);
          absorbed = TRUE;
        }
      if (absorbed && !rapport_store_save_conflict (self, conflict, error))
        return FALSE;
    }
  return TRUE;
}

/* {field: {base, mine, theirs}} for every field an entry changes. */
JsonObject *
rapport_store_conflict_fields (JsonObject *changes,
                               JsonObject *theirs)
{
  JsonObject *fields = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *change;

  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &change))
    {
      JsonObject *values = json_object_new ();

      json_object_set_member (values, "base",
                              rapport_json_dup_member (json_node_get_object (change), "base"));
      json_object_set_member (values, "mine",
                              rapport_json_dup_member (json_node_get_object (change), "new"));
      json_object_set_member (values, "theirs",
                              rapport_json_dup_member (theirs, name));
      json_object_set_object_member (fields, name, values);
    }
  return fields;
}

/* The server refused some fields of @entry: keep those as a conflict and
 * queue the rest again on top of the server's version. */
gboolean
rapport_store_keep_conflict (RapportStore        *self,
                             const RapportEntity *entity,
                             OutboxEntry         *entry,
                             JsonObject          *result,
                             GError             **error)
{
  JsonObject *theirs = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) rest = json_object_new ();
  JsonArray *reported = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *change;

  theirs = rapport_json_get_object (result, "record");
  reported = rapport_json_get_array (result, "conflicts");

  /* Edit against delete, either way round. */
  if (theirs == NULL || entry->kind == RAPPORT_CHANGE_KIND_DELETE)
    {
      g_autoptr(JsonObject) all = rapport_store_conflict_fields (entry->changes, theirs);

      if (!rapport_store_add_conflict (self, entity, entry->record_id, entry->op_id,
                                      RAPPORT_CONFLICT_KIND_DELETE, all, theirs, error))
        return FALSE;
      if (!rapport_store_delete_outbox_entry (self, entry->seq, error))
        return FALSE;
      return theirs == NULL || rapport_store_rebase_record (self, entity, entry->record_id, theirs, error);
    }

  for (guint i = 0; reported != NULL && i < json_array_get_length (reported); i++)
    {
      JsonObject *conflict = rapport_json_array_get_object (reported, i);
      const char *field = conflict ? json_object_get_string_member_with_default (conflict, "field", NULL) : NULL;
      JsonObject *mine = field ? rapport_json_get_object (entry->changes, field) : NULL;
      JsonObject *values;

      if (mine == NULL)
        continue;
      values = json_object_new ();
      json_object_set_member (values, "base", rapport_json_dup_member (mine, "base"));
      json_object_set_member (values, "mine", rapport_json_dup_member (mine, "new"));
      json_object_set_member (values, "theirs", rapport_json_dup_member (theirs, field));
      json_object_set_object_member (fields, field, values);
    }

  json_object_iter_init (&iter, entry->changes);
  while (json_object_iter_next (&iter, &name, &change))
    {
      JsonObject *again;

      if (json_object_has_member (fields, name))
        continue;
      again = json_object_new ();
      json_object_set_member (again, "base", rapport_json_dup_member (theirs, name));
      json_object_set_member (again, "new",
                              rapport_json_dup_member (json_node_get_object (change), "new"));
      json_object_set_object_member (rest, name, again);
    }

  /* A server that names no field still disagreed: keep every field. */
  if (json_object_get_size (fields) == 0)
    {
      json_object_unref (fields);
      fields = rapport_store_conflict_fields (entry->changes, theirs);
      json_object_unref (rest);
      rest = json_object_new ();
    }

  if (!rapport_store_add_conflict (self, entity, entry->record_id, entry->op_id,
                                   RAPPORT_CONFLICT_KIND_EDIT, fields, theirs, error) ||
      !rapport_store_delete_outbox_entry (self, entry->seq, error))
    return FALSE;
  if (json_object_get_size (rest) > 0 &&
      !rapport_store_append_outbox (self, entity, entry->record_id, RAPPORT_CHANGE_KIND_UPDATE,
                                    json_object_get_int_member_with_default (theirs, "version", 0),
                                    rest, error))
    return FALSE;
  return rapport_store_rebase_record (self, entity, entry->record_id, theirs, error);
}

/* A record with open conflicts was deleted on the server. A clash of edits
 * becomes edit-versus-delete, and the user's record stays until settled; a
 * deletion the user wanted anyway settles itself. */
gboolean
rapport_store_settle_conflicts_with_tombstone (RapportStore        *self,
                                               const RapportEntity *entity,
                                               const char          *id,
                                               gboolean            *keep_row,
                                               GError             **error)
{
  g_autoptr(GPtrArray) conflicts = rapport_store_load_conflicts (self, entity->name, id, error);

  if (conflicts == NULL)
    return FALSE;
  *keep_row = FALSE;
  for (guint i = 0; i < conflicts->len; i++)
    {
      Conflict *conflict = g_ptr_array_index (conflicts, i);

      if (conflict->kind == RAPPORT_CONFLICT_KIND_DELETE && conflict->theirs != NULL)
        {
          if (!rapport_store_mark_resolved (self, conflict->id, error))
            return FALSE;
          continue;
        }

      *keep_row = TRUE;
      if (conflict->kind == RAPPORT_CONFLICT_KIND_EDIT)
        {
          conflict->kind = RAPPORT_CONFLICT_KIND_DELETE;
          g_clear_pointer (&conflict->theirs, json_object_unref);
          if (!rapport_store_save_conflict (self, conflict, error))
            return FALSE;
        }
    }
  return TRUE;
}

guint
rapport_store_count_conflicts (RapportStore *self)
{
  return rapport_store_count_rows (self, "SELECT count(*) FROM conflicts WHERE resolved_at IS NULL");
}

/* The title of a record as stored here, else as the server has it. */
static char *
stored_title (RapportStoreConnection *reader,
              const RapportEntity    *entity,
              const char             *id,
              JsonObject             *theirs)
{
  g_autoptr(JsonObject) local = id ? rapport_store_connection_read_by_id (reader, entity, id, NULL, NULL)
                                   : NULL;
  JsonObject *record = local != NULL ? local : theirs;

  return record != NULL ? rapport_record_title (entity, record) : NULL;
}

/* Names what a conflict is about: "title" (null when neither side has the
 * record any more), and for a line of a record (an item of a price list)
 * "parent_title" too, so that the user knows which line of which record. */
static void
add_conflict_titles (RapportStoreConnection *reader,
                     JsonObject             *conflict,
                     JsonObject             *theirs)
{
  const RapportEntity *entity = rapport_entity_lookup (json_object_get_string_member (conflict, "entity"));
  const char *id = json_object_get_string_member (conflict, "record_id");
  g_autoptr(JsonObject) local = NULL;
  g_autofree char *title = NULL;
  g_autofree char *parent_title = NULL;

  if (entity == NULL)
    return;
  title = stored_title (reader, entity, id, theirs);
  if (title != NULL)
    json_object_set_string_member (conflict, "title", title);
  else
    json_object_set_null_member (conflict, "title");
  if (entity->parent_field == NULL)
    return;
  local = rapport_store_connection_read_by_id (reader, entity, id, NULL, NULL);
  parent_title = stored_title (reader, rapport_entity_parent (entity),
                               json_object_get_string_member_with_default (local ? local : theirs ? theirs : conflict,
                                                                           entity->parent_field, NULL),
                               NULL);
  if (parent_title != NULL)
    json_object_set_string_member (conflict, "parent_title", parent_title);
}

/**
 * rapport_store_list_conflicts:
 *
 * Returns: (transfer full) (element-type JsonObject): the unresolved
 *   conflicts, oldest first, each `{id, entity, record_id, kind, fields,
 *   theirs, created_at, title}` where fields is `{field: {base, mine,
 *   theirs}}`, theirs is the server's record or null if the server deleted
 *   it, and title names the record or is null (a line also has its
 *   parent's parent_title)
 */
GPtrArray *
rapport_store_list_conflicts (RapportStore *self,
                              GError      **error)
{
  static const char sql[] =
    "SELECT id, entity, record_id, kind, fields, theirs, created_at FROM conflicts"
    " WHERE resolved_at IS NULL ORDER BY created_at, id";
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  rapport_store_writer_check_read ("rapport_store_list_conflicts()");

  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  stmt = rapport_store_connection_prepare (reader, sql, error);
  if (stmt == NULL)
    {
      rapport_store_end_read (self, reader);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *conflict = json_object_new ();
      JsonObject *fields = rapport_json_parse_object ((const char *) sqlite3_column_text (stmt, 4));
      JsonObject *theirs = rapport_json_parse_object ((const char *) sqlite3_column_text (stmt, 5));

      json_object_set_string_member (conflict, "id", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (conflict, "entity", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (conflict, "record_id",
                                     (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (conflict, "kind", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_object_member (conflict, "fields", fields ? fields : json_object_new ());
      if (theirs != NULL)
        json_object_set_object_member (conflict, "theirs", theirs);
      else
        json_object_set_null_member (conflict, "theirs");
      json_object_set_string_member (conflict, "created_at",
                                     (const char *) sqlite3_column_text (stmt, 6));
      add_conflict_titles (reader, conflict, theirs);
      g_ptr_array_add (list, conflict);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  rapport_store_end_read (self, reader);

  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&list);
}

static Conflict *
load_conflict (RapportStore *self,
               const char   *conflict_id,
               char        **entity_out,
               char        **record_id_out,
               GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self,
    "SELECT id, kind, fields, theirs, entity, record_id FROM conflicts"
    " WHERE id = ? AND resolved_at IS NULL", error);
  Conflict *conflict = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, conflict_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      conflict = conflict_from_row (stmt);
      *entity_out = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      *record_id_out = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
    }
  else
    g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                 _("There is no open conflict with id %s"), conflict_id);
  sqlite3_reset (stmt);
  return conflict;
}

gboolean
rapport_store_mark_resolved (RapportStore *self,
                             const char   *conflict_id,
                             GError      **error)
{
  g_autofree char *now = rapport_store_now ();
  sqlite3_stmt *stmt = rapport_store_prepare (self, "UPDATE conflicts SET resolved_at = ?"
                                                    " WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, conflict_id, -1, SQLITE_TRANSIENT);
  return rapport_store_step_done (stmt, error);
}

/* Reads "mine"/"theirs" for @field from @choices; FALSE with an error naming
 * the field when it is missing or something else. */
static gboolean
get_choice (JsonObject  *choices,
            const char  *field,
            RapportKeep *keep,
            GError     **error)
{
  const char *choice = json_object_get_string_member_with_default (choices, field, NULL);

  if (g_strcmp0 (choice, "mine") == 0)
    *keep = RAPPORT_KEEP_MINE;
  else if (g_strcmp0 (choice, "theirs") == 0)
    *keep = RAPPORT_KEEP_THEIRS;
  else
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, field,
                                    _("Choose mine or theirs for “%s”"), field);
      return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_edit (RapportStore        *self,
              const RapportEntity *entity,
              const char          *record_id,
              Conflict            *conflict,
              JsonObject          *choices,
              GError             **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) record = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *field;
  gint64 rowid = 0;

  json_object_iter_init (&iter, conflict->fields);
  while (json_object_iter_next (&iter, &name, &field))
    {
      JsonObject *values = json_node_get_object (field);
      RapportKeep keep;

      if (!get_choice (choices, name, &keep, error))
        return FALSE;
      if (keep == RAPPORT_KEEP_MINE &&
          !rapport_json_node_equal (json_object_get_member (values, "mine"),
                        json_object_get_member (values, "theirs")))
        {
          JsonObject *change = json_object_new ();

          json_object_set_member (change, "base", rapport_json_dup_member (values, "theirs"));
          json_object_set_member (change, "new", rapport_json_dup_member (values, "mine"));
          json_object_set_object_member (changes, name, change);
        }
    }

  if (!rapport_store_mark_resolved (self, conflict->id, error))
    return FALSE;
  if (json_object_get_size (changes) > 0 &&
      !rapport_store_append_outbox (self, entity, record_id, RAPPORT_CHANGE_KIND_UPDATE,
                                    json_object_get_int_member_with_default (conflict->theirs, "version", 0),
                                    changes, error))
    return FALSE;

  record = rapport_store_read_by_id (self, entity, record_id, &rowid, NULL);
  return rapport_store_rebase_record (self, entity, record_id,
                                      conflict->theirs ? conflict->theirs : record, error);
}

static gboolean
drop_queued_updates (RapportStore        *self,
                     const RapportEntity *entity,
                     const char          *record_id,
                     GError             **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self,
    "DELETE FROM outbox WHERE entity = ? AND record_id = ? AND op = ?"
    " AND state = 'pending'", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, rapport_change_kind_to_string (RAPPORT_CHANGE_KIND_UPDATE), -1,
                     SQLITE_STATIC);
  return rapport_store_step_done (stmt, error);
}

static gboolean
resolve_delete (RapportStore        *self,
                const RapportEntity *entity,
                const char          *record_id,
                Conflict            *conflict,
                RapportKeep          keep,
                GError             **error)
{
  g_autoptr(JsonObject) local = NULL;
  gint64 rowid = 0;

  if (!rapport_store_mark_resolved (self, conflict->id, error))
    return FALSE;
  local = rapport_store_read_by_id (self, entity, record_id, &rowid, NULL);

  if (conflict->theirs == NULL)
    {
      /* The server deleted what the user edited. Queued edits of it would
       * only meet the deletion again: a restore carries their values. */
      g_autoptr(JsonObject) changes = json_object_new ();

      if (!drop_queued_updates (self, entity, record_id, error))
        return FALSE;
      if (keep == RAPPORT_KEEP_THEIRS)
        return local == NULL || rapport_store_delete_row (self, entity, rowid, error);

      /* Restore with my changes: the whole record, created again. */
      if (local == NULL)
        return TRUE;
      for (guint i = 0; i < entity->n_fields; i++)
        {
          JsonNode *value = json_object_get_member (local, entity->fields[i].name);
          JsonObject *change;

          if (node_is_null (value))
            continue;
          change = json_object_new ();
          json_object_set_null_member (change, "base");
          json_object_set_member (change, "new", json_node_copy (value));
          json_object_set_object_member (changes, entity->fields[i].name, change);
        }
      return rapport_store_append_outbox (self, entity, record_id, RAPPORT_CHANGE_KIND_CREATE, 0,
                                          changes, error);
    }

  /* The user deleted what the server changed. */
  if (keep == RAPPORT_KEEP_THEIRS)
    return rapport_store_rebase_record (self, entity, record_id, conflict->theirs, error);

  {
    g_autoptr(JsonObject) changes = json_object_new ();

    for (guint i = 0; i < entity->n_fields; i++)
      {
        JsonNode *value = json_object_get_member (conflict->theirs, entity->fields[i].name);
        JsonObject *change;

        if (node_is_null (value))
          continue;
        change = json_object_new ();
        json_object_set_member (change, "base", json_node_copy (value));
        json_object_set_null_member (change, "new");
        json_object_set_object_member (changes, entity->fields[i].name, change);
      }
    if (!rapport_store_append_outbox (self, entity, record_id, RAPPORT_CHANGE_KIND_DELETE,
                                      json_object_get_int_member_with_default (conflict->theirs, "version", 0),
                                      changes, error))
      return FALSE;
    return local == NULL || rapport_store_delete_row (self, entity, rowid, error);
  }
}

typedef struct
{
  const char *conflict_id;
  JsonObject *choices;
} Resolve;

static gboolean
resolve_conflict (RapportStore *self,
                  gpointer      data,
                  GPtrArray    *changed,
                  GError      **error)
{
  Resolve *resolve = data;
  g_autoptr(Conflict) conflict = NULL;
  g_autofree char *entity_name = NULL;
  g_autofree char *record_id = NULL;
  const RapportEntity *entity;
  gboolean ok;

  conflict = load_conflict (self, resolve->conflict_id, &entity_name, &record_id, error);
  if (conflict == NULL)
    return FALSE;
  entity = rapport_entity_lookup (entity_name);

  if (conflict->kind == RAPPORT_CONFLICT_KIND_DELETE)
    {
      RapportKeep keep = RAPPORT_KEEP_MINE, field_keep;
      g_autoptr(GList) names = json_object_get_members (conflict->fields);

      if (json_object_has_member (resolve->choices, "_record"))
        {
          if (!get_choice (resolve->choices, "_record", &keep, error))
            return FALSE;
        }
      else
        {
          for (GList *l = names; l != NULL; l = l->next)
            {
              if (!get_choice (resolve->choices, l->data, &field_keep, error))
                return FALSE;
              if (l != names && field_keep != keep)
                {
                  rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, l->data,
                                                _("A deleted record is kept or deleted as a whole"));
                  return FALSE;
                }
              keep = field_keep;
            }
        }
      ok = resolve_delete (self, entity, record_id, conflict, keep, error);
    }
  else
    ok = resolve_edit (self, entity, record_id, conflict, resolve->choices, error);

  if (!ok)
    return FALSE;
  rapport_store_changed_add (changed, entity, record_id);
  return TRUE;
}

/**
 * rapport_store_resolve_conflict:
 * @conflict_id: the conflict's id
 * @choices: `{field: "mine"|"theirs"}` for every field of the conflict; for
 *   an edit-versus-delete conflict, every field must have the same choice
 *   (or the single member `_record` gives it)
 *
 * Settles a conflict: the record takes the chosen values and the choices
 * that keep the user's values become a new outbox entry based on the
 * server's version. Keeping mine on an edit-versus-delete conflict restores
 * the record with the user's changes (or deletes it again).
 */
gboolean
rapport_store_resolve_conflict (RapportStore *self,
                                const char   *conflict_id,
                                JsonObject   *choices,
                                GError      **error)
{
  Resolve resolve = { .conflict_id = conflict_id, .choices = choices };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (conflict_id != NULL && choices != NULL, FALSE);

  return rapport_store_transact (self, resolve_conflict, &resolve, error);
}

/**
 * rapport_store_resolve_conflict_keep:
 *
 * Settles a conflict with the same choice for every field.
 */
gboolean
rapport_store_resolve_conflict_keep (RapportStore *self,
                                     const char   *conflict_id,
                                     RapportKeep   keep,
                                     GError      **error)
{
  g_autoptr(JsonObject) choices = json_object_new ();
  const char *choice = keep == RAPPORT_KEEP_MINE ? "mine" : "theirs";
  g_autoptr(GPtrArray) conflicts = rapport_store_list_conflicts (self, error);

  if (conflicts == NULL)
    return FALSE;
  json_object_set_string_member (choices, "_record", choice);
  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *conflict = g_ptr_array_index (conflicts, i);
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      if (!g_str_equal (json_object_get_string_member (conflict, "id"), conflict_id))
        continue;
      json_object_iter_init (&iter, rapport_json_get_object (conflict, "fields"));
      while (json_object_iter_next (&iter, &name, &node))
        json_object_set_string_member (choices, name, choice);
    }
  return rapport_store_resolve_conflict (self, conflict_id, choices, error);
}
