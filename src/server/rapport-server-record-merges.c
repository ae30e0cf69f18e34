/* rapport-server-record-merges.c: merging contacts or companies into one
 *
 * SPEC.md §5.3. A merge is a merge_event record: a client creates it with
 * what to merge (object, master_id, loser_ids, choices) and the server
 * does the merge in the transaction of that create, so that every client
 * sees the same result through the changes feed:
 *
 * - the master takes the chosen values (else its own non-empty ones, else
 *   the most recently modified), the union of the emails, phones and tags,
 *   and the notes of all, each under a header naming its record;
 * - every record pointing at a loser points at the master instead (a link
 *   is made anew, since its id follows from its pair);
 * - the losers become tombstones, and the server notes which master each
 *   went into (meta "merged_into:ID"): a later op on a loser lands on the
 *   master, a record pointing at a loser points at the master;
 * - the event keeps what was moved and the records as they were, so that
 *   an unmerge (its status set to "undone") within RAPPORT_MERGE_UNDO_DAYS
 *   moves back exactly what was moved.
 *
 * This is not rapport-server-merge.c, the three-way merge of a pushed op.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-record-merges"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-json.h"
#include "rapport-numbering.h"
#include "rapport-record.h"
#include "rapport-server-error.h"
#include "rapport-server-record-merges.h"
#include "rapport-uuid.h"
#include "rapport-validate.h"

/* Reps and managers merge up to this many records at once, admins more. */
#define MAX_RECORDS 5
#define MAX_RECORDS_ADMIN 20
/* A chain of merges (A into B, B into C) is followed this far. */
#define MAX_HOPS 16
#define PAGE 500
/* What an unmerge moves back is kept in the event's "moved" (10,000,000
 * characters at most, some 150 a record): a merge moves at most this many. */
#define MAX_MOVED 50000

static char *
merged_into_key (const char *id)
{
  return g_strconcat ("merged_into:", id, NULL);
}

static gboolean
is_merged_object (const RapportEntity *entity)
{
  return strcmp (entity->name, "contact") == 0 || strcmp (entity->name, "company") == 0;
}

static gboolean
is_empty (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (value))
    return json_array_get_length (json_node_get_array (value)) == 0;
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return *json_node_get_string (value) == '\0';
  return FALSE;
}

/* @name is who acts; null for the command line. */
static void
set_actor (JsonObject               *record,
           const char               *name,
           const RapportServerActor *actor)
{
  if (actor != NULL && actor->id != NULL)
    json_object_set_string_member (record, name, actor->id);
  else
    json_object_set_null_member (record, name);
}

static void
set_record_stamp (JsonObject               *record,
                  const RapportServerActor *actor,
                  gint64                    version,
                  const char               *now)
{
  json_object_set_int_member (record, "version", version);
  json_object_set_string_member (record, "updated_at", now);
  set_actor (record, "updated_by", actor);
}

/* Writes @record (a copy of @old with changes) as @old's next version. */
static gboolean
rewrite (RapportServerBackend     *backend,
         const RapportServerActor *actor,
         const RapportEntity      *entity,
         const RapportStoredRecord *stored,
         JsonObject               *old,
         JsonObject               *record,
         const char               *now,
         GError                  **error)
{
  gint64 version = stored != NULL ? stored->version + 1 : 1;
  const char *id = json_object_get_string_member (record, "id");

  set_record_stamp (record, actor, version, now);
  return rapport_server_store_write (backend, actor, entity, id,
                                     old != NULL ? RAPPORT_OP_UPDATE : RAPPORT_OP_CREATE, old,
                                     record, version, now, error);
}

static gboolean
bury (RapportServerBackend     *backend,
      const RapportServerActor *actor,
      const RapportEntity      *entity,
      const RapportStoredRecord *stored,
      JsonObject               *old,
      const char               *now,
      GError                  **error)
{
  return rapport_server_store_write (backend, actor, entity, stored->id, RAPPORT_OP_DELETE, old,
                                     NULL, stored->version + 1, now, error);
}

/**
 * rapport_server_merges_find:
 * @out_master_id: (out) (transfer full) (nullable): the live record @id
 *   was merged into, following merges of merges; NULL when it was not
 */
gboolean
rapport_server_merges_find (RapportServerBackend *backend,
                            const char           *id,
                            char                **out_master_id,
                            GError              **error)
{
  g_autofree char *current = g_strdup (id);

  *out_master_id = NULL;
  for (guint hop = 0; hop < MAX_HOPS; hop++)
    {
      g_autofree char *key = merged_into_key (current);
      g_autofree char *into = NULL;

      if (!backend->vtable->get_meta (backend, key, &into, error))
        return FALSE;
      if (into == NULL || *into == '\0')
        break;
      g_free (current);
      current = g_steal_pointer (&into);
      g_free (*out_master_id);
      *out_master_id = g_strdup (current);
    }
  return TRUE;
}

/* ---- the ids, choices and records of a merge ---------------------------- */

/* The loser ids of @record, checked: UUIDs, none twice, not the master. */
static GPtrArray *
parse_loser_ids (JsonObject *record,
                 const char *master_id,
                 GError    **rejection)
{
  const char *text = rapport_json_get_string (record, "loser_ids");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (text != NULL)
    root = rapport_json_parse (text, strlen (text), 100000, 4, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    goto bad;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *id;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !rapport_uuid_is_valid ((id = json_node_get_string (node))))
        goto bad;
      if (g_strcmp0 (id, master_id) == 0)
        {
          rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "loser_ids",
                                    _("The record kept cannot also be merged into itself"));
          return NULL;
        }
      if (!g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL))
        g_ptr_array_add (ids, g_strdup (id));
    }
  if (ids->len == 0)
    {
      rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "loser_ids",
                                _("A merge needs at least two records"));
      return NULL;
    }
  return g_steal_pointer (&ids);

bad:
  rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "loser_ids",
                            _("“loser_ids” must be a JSON array of record ids"));
  return NULL;
}

static gboolean
is_combined (const RapportField *field)
{
  return rapport_field_is_list (field) || (field->flags & RAPPORT_FIELD_MULTILINE) ||
         strcmp (field->name, "merged_ids") == 0;
}

/* field → index in @ids of the record whose value is kept */
static JsonObject *
parse_choices (const RapportEntity *target,
               JsonObject          *record,
               GPtrArray           *ids,
               GError             **rejection)
{
  const char *text = rapport_json_get_string (record, "choices");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) choices = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (text == NULL || *text == '\0')
    return g_steal_pointer (&choices);
  root = rapport_json_parse (text, strlen (text), 100000, 4, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "choices",
                                _("“choices” must be a JSON object of field → record id"));
      return NULL;
    }
  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &name, &value))
    {
      const RapportField *field = rapport_entity_get_field (target, name);
      const char *id = JSON_NODE_HOLDS_VALUE (value) &&
                       json_node_get_value_type (value) == G_TYPE_STRING
                         ? json_node_get_string (value) : NULL;
      guint index;

      if (field == NULL || is_combined (field) || rapport_field_is_server_set (field))
        {
          rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "choices",
                                    _("“%s” is not a field of a %s whose value a merge chooses"),
                                    name, target->name);
          return NULL;
        }
      if (id == NULL || !g_ptr_array_find_with_equal_func (ids, id, g_str_equal, &index))
        {
          rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "choices",
                                    _("The value of “%s” must come from one of the merged records"),
                                    name);
          return NULL;
        }
      json_object_set_int_member (choices, name, index);
    }
  return g_steal_pointer (&choices);
}

/* Loads every record of @ids as @target, refusing what cannot be merged:
 * a record merged already (naming where it went), deleted, of the other
 * type, or missing. */
static gboolean
load_merged (RapportServerBackend *backend,
             const RapportEntity  *target,
             GPtrArray            *ids,
             GPtrArray            *stored_out,
             GPtrArray            *records_out,
             GError              **rejection,
             GError              **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const char *field = i == 0 ? "master_id" : "loser_ids";
      g_autoptr(RapportStoredRecord) stored = NULL;
      g_autoptr(JsonObject) record = NULL;

      if (!rapport_server_load_record (backend, target, id, &stored, &record, error))
        return FALSE;
      if (record != NULL)
        {
          g_ptr_array_add (stored_out, g_steal_pointer (&stored));
          g_ptr_array_add (records_out, g_steal_pointer (&record));
          continue;
        }
      if (stored != NULL && stored->deleted)
        {
          g_autofree char *master_id = NULL;
          g_autoptr(JsonObject) master = NULL;
          g_autofree char *title = NULL;

          if (!rapport_server_merges_find (backend, id, &master_id, error))
            return FALSE;
          if (master_id == NULL)
            {
              rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, field,
                                        _("The %s %s was deleted"), target->name, id);
              return TRUE;
            }
          if (!rapport_server_load_record (backend, target, master_id, NULL, &master, error))
            return FALSE;
          title = master != NULL ? rapport_record_title (target, master) : g_strdup (master_id);
          rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, field,
                                    _("Already merged into “%s” (%s)"), title, master_id);
          return TRUE;
        }
      if (stored != NULL)
        {
          rapport_server_set_damaged_error (rejection);
          return TRUE;
        }
      {
        const RapportEntity *other = rapport_entity_lookup (strcmp (target->name, "contact") == 0
                                                              ? "company" : "contact");
        g_autoptr(RapportStoredRecord) found = NULL;

        if (!backend->vtable->get_record (backend, other->name, id, &found, error))
          return FALSE;
        if (found != NULL)
          rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, field,
                                    _("%s is a %s: a merge joins records of one type, here %s"),
                                    id, other->name, target->name);
        else
          rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_NOT_FOUND, field,
                                    _("There is no %s with the id %s"), target->name, id);
        return TRUE;
      }
    }
  return TRUE;
}

/* Odoo's rule: a record is never merged with one it points at. */
static gboolean
check_related (const RapportEntity *target,
               GPtrArray           *ids,
               GPtrArray           *records,
               GError             **rejection)
{
  for (guint i = 0; i < records->len; i++)
    for (guint f = 0; f < target->n_fields; f++)
      {
        const RapportField *field = &target->fields[f];
        const char *value;

        if (field->kind != RAPPORT_FIELD_REF || g_strcmp0 (field->ref_entity, target->name) != 0)
          continue;
        value = rapport_json_get_string (g_ptr_array_index (records, i), field->name);
        if (value != NULL && g_ptr_array_find_with_equal_func (ids, value, g_str_equal, NULL))
          {
            rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                      _("%s points at %s through “%s”: a record is not merged with"
                                        " its parent or child"),
                                      (char *) g_ptr_array_index (ids, i), value, field->name);
            return FALSE;
          }
      }
  return TRUE;
}

static GHashTable *
email_set (JsonObject *contact)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *emails = rapport_json_get_array (contact, "emails");

  for (guint i = 0; emails != NULL && i < json_array_get_length (emails); i++)
    {
      const char *value = rapport_json_get_string (rapport_json_array_get_object (emails, i), "value");

      if (value != NULL && *value != '\0')
        g_hash_table_add (set, g_ascii_strdown (g_strstrip (g_strdup (value)), -1));
    }
  return set;
}

/* Two contacts that both have emails and share none: another person, as
 * likely as not (Odoo lets only admins merge them). */
static gboolean
have_different_emails (GPtrArray *records)
{
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);

  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (sets, email_set (g_ptr_array_index (records, i)));
  for (guint i = 0; i < sets->len; i++)
    for (guint j = i + 1; j < sets->len; j++)
      {
        GHashTable *a = g_ptr_array_index (sets, i);
        GHashTable *b = g_ptr_array_index (sets, j);
        GHashTableIter iter;
        gpointer key;
        gboolean shared = FALSE;

        if (g_hash_table_size (a) == 0 || g_hash_table_size (b) == 0)
          continue;
        g_hash_table_iter_init (&iter, a);
        while (!shared && g_hash_table_iter_next (&iter, &key, NULL))
          shared = g_hash_table_contains (b, key);
        if (!shared)
          return TRUE;
      }
  return FALSE;
}

static gboolean
check_permission (const RapportServerActor *actor,
                  const RapportEntity      *target,
                  GPtrArray                *ids,
                  GPtrArray                *records,
                  GError                  **rejection)
{
  if (actor == NULL || actor->id == NULL || rapport_server_actor_is (actor, "admin"))
    return TRUE;
  if (ids->len > MAX_RECORDS)
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_FORBIDDEN, "loser_ids",
                                _("Only an admin can merge more than %d records at once"),
                                MAX_RECORDS);
      return FALSE;
    }
  /* Managers write the team's records, reps their own and the unowned:
   * the rule of every other write (RAPPORT_WRITE_OWNER). */
  if (rapport_server_actor_is (actor, "rep") && target->owner_field != NULL)
    for (guint i = 0; i < records->len; i++)
      {
        const char *owner = rapport_json_get_string (g_ptr_array_index (records, i),
                                                     target->owner_field);

        if (owner != NULL && g_strcmp0 (owner, actor->id) != 0)
          {
            g_autofree char *title = rapport_record_title (target, g_ptr_array_index (records, i));

            rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_FORBIDDEN,
                                      target->owner_field,
                                      _("“%s” belongs to someone else: a rep merges only their own"
                                        " records"),
                                      title);
            return FALSE;
          }
      }
  if (strcmp (target->name, "contact") == 0 && have_different_emails (records))
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_FORBIDDEN, "emails",
                                _("Only an admin can merge contacts with different email addresses"));
      return FALSE;
    }
  return TRUE;
}

/* ---- the master's values -------------------------------------------------- */

/* What makes two items of a list the same: an address in any case, a
 * number in any punctuation, a tag in any case. */
static char *
item_key (const RapportField *field,
          JsonNode           *item)
{
  const char *text = NULL;

  if (JSON_NODE_HOLDS_OBJECT (item))
    text = rapport_json_get_string (json_node_get_object (item), "value");
  else if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
    text = json_node_get_string (item);
  if (text == NULL)
    return NULL;
  if (field->kind == RAPPORT_FIELD_PHONE_LIST)
    {
      GString *digits = g_string_new (NULL);

      for (const char *p = text; *p != '\0'; p++)
        if (g_ascii_isdigit (*p) || (*p == '+' && digits->len == 0))
          g_string_append_c (digits, *p);
      return g_string_free (digits, FALSE);
    }
  return g_utf8_casefold (text, -1);
}

static void
union_into (const RapportField *field,
            JsonArray          *out,
            GHashTable         *seen,
            JsonNode           *list)
{
  JsonArray *array;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return;
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      char *key = item_key (field, item);

      if (key == NULL || g_hash_table_contains (seen, key))
        {
          g_free (key);
          continue;
        }
      g_hash_table_add (seen, key);
      json_array_add_element (out, json_node_copy (item));
    }
}

/* The master's items first, so that its primary stays primary. */
static JsonNode *
union_lists (const RapportField *field,
             GPtrArray          *records)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *out = json_array_new ();

  for (guint i = 0; i < records->len; i++)
    union_into (field, out, seen,
                json_object_get_member (g_ptr_array_index (records, i), field->name));
  if (json_array_get_length (out) == 0)
    {
      json_array_unref (out);
      return json_node_new (JSON_NODE_NULL);
    }
  return json_node_init_array (json_node_alloc (), out);
}

/* The master's text, then each loser's under a header naming it. */
static JsonNode *
join_texts (const RapportEntity *target,
            const RapportField  *field,
            GPtrArray           *records)
{
  GString *text = g_string_new (rapport_json_get_string (g_ptr_array_index (records, 0),
                                                        field->name));

  for (guint i = 1; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      const char *value = rapport_json_get_string (record, field->name);
      g_autofree char *title = NULL;

      if (value == NULL || *value == '\0')
        continue;
      title = rapport_record_title (target, record);
      if (text->len > 0)
        g_string_append (text, "\n\n");
      /* Translators: the header of the notes a merged record brings */
      g_string_append_printf (text, _("— From “%s” —"), title);
      g_string_append_c (text, '\n');
      g_string_append (text, value);
    }
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return json_node_new (JSON_NODE_NULL);
    }
  {
    g_autofree char *joined = g_string_free (text, FALSE);

    return json_node_init_string (json_node_alloc (), joined);
  }
}

/* The merged ids the master keeps: its own, the losers and theirs. */
static JsonNode *
merged_ids (GPtrArray *ids,
            GPtrArray *records)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *out = json_array_new ();

  for (guint i = 0; i < records->len; i++)
    {
      JsonArray *earlier = rapport_json_get_array (g_ptr_array_index (records, i), "merged_ids");

      for (guint j = 0; earlier != NULL && j < json_array_get_length (earlier); j++)
        {
          const char *id = json_array_get_string_element (earlier, j);

          if (id != NULL && g_hash_table_add (seen, (gpointer) id))
            json_array_add_string_element (out, id);
        }
      if (i > 0 && g_hash_table_add (seen, g_ptr_array_index (ids, i)))
        json_array_add_string_element (out, g_ptr_array_index (ids, i));
    }
  return json_node_init_array (json_node_alloc (), out);
}

/* The chosen value, else the master's non-empty one, else the most
 * recently modified non-empty one. */
static JsonNode *
pick_value (const RapportField *field,
            GPtrArray          *records,
            JsonObject         *choices)
{
  JsonObject *best = NULL;
  const char *best_at = NULL;

  if (json_object_has_member (choices, field->name))
    return rapport_json_dup_member (g_ptr_array_index (records,
                                                       json_object_get_int_member (choices, field->name)),
                                    field->name);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      const char *at = rapport_json_get_string (record, "updated_at");

      if (is_empty (json_object_get_member (record, field->name)))
        continue;
      if (i == 0)
        return rapport_json_dup_member (record, field->name);
      if (best == NULL || g_strcmp0 (at, best_at) > 0)
        {
          best = record;
          best_at = at;
        }
    }
  return best != NULL ? rapport_json_dup_member (best, field->name)
                      : json_node_new (JSON_NODE_NULL);
}

static JsonObject *
combine (const RapportEntity *target,
         GPtrArray           *ids,
         GPtrArray           *records,
         JsonObject          *choices)
{
  JsonObject *merged = rapport_json_object_copy (g_ptr_array_index (records, 0));

  for (guint f = 0; f < target->n_fields; f++)
    {
      const RapportField *field = &target->fields[f];
      JsonNode *value;

      if (rapport_field_is_server_set (field))
        continue;
      if (strcmp (field->name, "merged_ids") == 0)
        value = merged_ids (ids, records);
      else if (rapport_field_is_list (field))
        value = union_lists (field, records);
      else if (field->flags & RAPPORT_FIELD_MULTILINE)
        value = join_texts (target, field, records);
      else
        value = pick_value (field, records, choices);
      json_object_set_member (merged, field->name, value);
    }
  return merged;
}

/* ---- moving what points at the losers ----------------------------------- */

typedef struct
{
  const RapportServerActor *actor;
  const char               *master_id;
  const char               *now;
  JsonArray                *moved;   /* {entity, id, field, from[, link_to, record]} */
  JsonObject               *counts;  /* entity → how many */
} Move;

static void
count_moved (Move                *move,
             const RapportEntity *entity)
{
  json_object_set_int_member (move->counts, entity->name,
                              rapport_json_get_int (move->counts, entity->name, 0) + 1);
}

/* A link's id follows from its pair: the master's link is a new record,
 * unless the master had that link already. */
static gboolean
move_link (RapportServerBackend *backend,
           Move                 *move,
           const RapportEntity  *entity,
           const RapportField   *field,
           RapportStoredRecord  *stored,
           JsonObject           *link,
           JsonObject           *item,
           GError              **error)
{
  g_autoptr(JsonObject) moved = rapport_json_object_copy (link);
  g_autofree char *new_id = NULL;
  g_autoptr(RapportStoredRecord) existing = NULL;
  g_autoptr(JsonObject) existing_record = NULL;

  json_object_set_string_member (moved, field->name, move->master_id);
  new_id = rapport_entity_link_id (entity, moved);
  if (new_id == NULL)
    return TRUE;
  if (!rapport_server_load_record (backend, entity, new_id, &existing, &existing_record, error))
    return FALSE;
  if (existing_record == NULL)
    {
      json_object_set_string_member (moved, "id", new_id);
      json_object_set_string_member (moved, "created_at", move->now);
      if (!rewrite (backend, move->actor, entity, existing, NULL, moved, move->now, error))
        return FALSE;
      json_object_set_string_member (item, "link_to", new_id);
    }
  else
    json_object_set_null_member (item, "link_to");
  json_object_set_object_member (item, "record", json_object_ref (link));
  return bury (backend, move->actor, entity, stored, link, move->now, error);
}

static gboolean
move_referring (RapportServerBackend *backend,
                Move                 *move,
                const RapportEntity  *entity,
                const RapportField   *field,
                const char           *loser_id,
                GError              **error)
{
  g_autofree char *after = NULL;

  for (;;)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_stored_record_free);

      if (!backend->vtable->list_referring (backend, entity->name, field->name, loser_id, after,
                                            PAGE, rows, error))
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        {
          RapportStoredRecord *stored = g_ptr_array_index (rows, i);
          g_autoptr(JsonObject) record = rapport_server_parse_record (stored);
          JsonObject *item;

          if (record == NULL)
            continue;
          item = json_object_new ();
          json_object_set_string_member (item, "entity", entity->name);
          json_object_set_string_member (item, "id", stored->id);
          json_object_set_string_member (item, "field", field->name);
          json_object_set_string_member (item, "from", loser_id);
          json_array_add_object_element (move->moved, item);
          count_moved (move, entity);
          if (entity->link_pair != NULL)
            {
              if (!move_link (backend, move, entity, field, stored, record, item, error))
                return FALSE;
            }
          else
            {
              g_autoptr(JsonObject) moved = rapport_json_object_copy (record);

              json_object_set_string_member (moved, field->name, move->master_id);
              if (!rewrite (backend, move->actor, entity, stored, record, moved, move->now, error))
                return FALSE;
            }
        }
      if (rows->len < PAGE)
        return TRUE;
      g_free (after);
      after = g_strdup (((RapportStoredRecord *) g_ptr_array_index (rows, rows->len - 1))->id);
    }
}

typedef gboolean (*ReferenceFunc) (RapportServerBackend *backend,
                                   const RapportEntity  *entity,
                                   const RapportField   *field,
                                   const char           *loser_id,
                                   gpointer              data,
                                   GError              **error);

/* Calls @func for every REF field of every type that points at @target's
 * records, once for each loser (every id of @ids but the first). */
static gboolean
for_each_reference (RapportServerBackend *backend,
                    const RapportEntity  *target,
                    GPtrArray            *ids,
                    ReferenceFunc         func,
                    gpointer              data,
                    GError              **error)
{
  guint n_entities;
  const RapportEntity * const *entities = rapport_entity_all (&n_entities);

  for (guint e = 0; e < n_entities; e++)
    for (guint f = 0; f < entities[e]->n_fields; f++)
      {
        const RapportField *field = &entities[e]->fields[f];

        if (field->kind != RAPPORT_FIELD_REF || g_strcmp0 (field->ref_entity, target->name) != 0)
          continue;
        for (guint i = 1; i < ids->len; i++)
          if (!func (backend, entities[e], field, g_ptr_array_index (ids, i), data, error))
            return FALSE;
      }
  return TRUE;
}

static gboolean
move_one (RapportServerBackend *backend,
          const RapportEntity  *entity,
          const RapportField   *field,
          const char           *loser_id,
          gpointer              move,
          GError              **error)
{
  return move_referring (backend, move, entity, field, loser_id, error);
}

static gboolean
count_one (RapportServerBackend *backend,
           const RapportEntity  *entity,
           const RapportField   *field,
           const char           *loser_id,
           gpointer              total,
           GError              **error)
{
  gint64 count = 0;

  if (!backend->vtable->count_referring (backend, entity->name, field->name, loser_id, &count,
                                         error))
    return FALSE;
  *(gint64 *) total += count;
  return TRUE;
}

/* How many records point at the losers, counted before anything is
 * written: a refusal must leave nothing behind. */
static gboolean
count_all (RapportServerBackend *backend,
           const RapportEntity  *target,
           GPtrArray            *ids,
           gint64               *out_count,
           GError              **error)
{
  *out_count = 0;
  return for_each_reference (backend, target, ids, count_one, out_count, error);
}

/* ---- merge and unmerge ---------------------------------------------------- */

/* Sets @name to @value as JSON text; takes @value. */
static void
set_json_text (JsonObject *event,
               const char *name,
               JsonNode   *value)
{
  g_autofree char *text = rapport_json_to_string (value);

  json_object_set_string_member (event, name, text);
  json_node_unref (value);
}

static JsonNode *
parse_json_member (JsonObject *event,
                   const char *name)
{
  const char *text = rapport_json_get_string (event, name);

  return text != NULL ? rapport_json_parse (text, strlen (text), G_MAXSIZE,
                                            RAPPORT_JSON_DEFAULT_MAX_DEPTH, NULL)
                      : NULL;
}

static gboolean
merge (RapportServerBackend     *backend,
       const RapportServerActor *actor,
       JsonObject               *event,
       const char               *now,
       GError                  **rejection,
       GError                  **error)
{
  const RapportEntity *target = rapport_entity_lookup (rapport_json_get_string (event, "object"));
  const char *master_id = rapport_json_get_string (event, "master_id");
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) losers = NULL;
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_stored_record_free);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) choices = NULL;
  g_autoptr(JsonObject) merged = NULL;
  g_autoptr(JsonObject) snapshot = json_object_new ();
  g_autoptr(JsonArray) loser_records = json_array_new ();
  g_autoptr(JsonArray) moved = json_array_new ();
  g_autoptr(JsonObject) counts = json_object_new ();
  Move move = { actor, master_id, now, moved, counts };
  gint64 n_moved = 0;

  if (target == NULL || !is_merged_object (target))
    {
      rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "object",
                                _("A merge is of contacts or of companies"));
      return TRUE;
    }
  if (master_id == NULL || !rapport_uuid_is_valid (master_id))
    {
      rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "master_id",
                                _("“master_id” must be a record id"));
      return TRUE;
    }
  if (!(losers = parse_loser_ids (event, master_id, rejection)))
    return TRUE;
  ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (ids, g_strdup (master_id));
  for (guint i = 0; i < losers->len; i++)
    g_ptr_array_add (ids, g_strdup (g_ptr_array_index (losers, i)));
  if (ids->len > MAX_RECORDS_ADMIN)
    {
      rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "loser_ids",
                                _("A merge joins at most %d records"), MAX_RECORDS_ADMIN);
      return TRUE;
    }
  if (!(choices = parse_choices (target, event, ids, rejection)))
    return TRUE;
  if (!load_merged (backend, target, ids, stored, records, rejection, error))
    return FALSE;
  if (*rejection != NULL || !check_related (target, ids, records, rejection) ||
      !check_permission (actor, target, ids, records, rejection))
    return TRUE;

  merged = combine (target, ids, records, choices);
  if (!rapport_validate_record (target, merged, rejection))
    return TRUE;
  if (!count_all (backend, target, ids, &n_moved, error))
    return FALSE;
  if (n_moved > MAX_MOVED)
    {
      rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "loser_ids",
                                    _("%d records point at the records merged; a merge moves at"
                                      " most %d"),
                                    (int) MIN (n_moved, G_MAXINT), MAX_MOVED);
      return TRUE;
    }

  /* Nothing is refused past this point: write. */
  json_object_set_object_member (snapshot, "master", json_object_ref (g_ptr_array_index (records, 0)));
  json_object_set_object_member (snapshot, "merged", json_object_ref (merged));
  if (!rewrite (backend, actor, target, g_ptr_array_index (stored, 0), g_ptr_array_index (records, 0),
                merged, now, error) ||
      !for_each_reference (backend, target, ids, move_one, &move, error))
    return FALSE;
  for (guint i = 1; i < ids->len; i++)
    {
      g_autofree char *key = merged_into_key (g_ptr_array_index (ids, i));

      json_array_add_object_element (loser_records, json_object_ref (g_ptr_array_index (records, i)));
      if (!bury (backend, actor, target, g_ptr_array_index (stored, i), g_ptr_array_index (records, i),
                 now, error) ||
          !backend->vtable->set_meta (backend, key, master_id, error))
        return FALSE;
    }
  json_object_set_array_member (snapshot, "losers", g_steal_pointer (&loser_records));

  json_object_set_string_member (event, "status", "merged");
  set_actor (event, "merged_by", actor);
  json_object_set_string_member (event, "merged_at", now);
  json_object_set_null_member (event, "undone_by");
  json_object_set_null_member (event, "undone_at");
  set_json_text (event, "moved", json_node_init_array (json_node_alloc (), moved));
  set_json_text (event, "moved_counts", json_node_init_object (json_node_alloc (), counts));
  set_json_text (event, "snapshot", json_node_init_object (json_node_alloc (), snapshot));
  return TRUE;
}

/* Moves back what @item says was moved, if it still points at the master. */
static gboolean
move_back (RapportServerBackend     *backend,
           const RapportServerActor *actor,
           const char               *master_id,
           JsonObject               *item,
           const char               *now,
           GError                  **error)
{
  const RapportEntity *entity = rapport_entity_lookup (rapport_json_get_string (item, "entity"));
  const char *id = rapport_json_get_string (item, "id");
  const char *field = rapport_json_get_string (item, "field");
  const char *from = rapport_json_get_string (item, "from");
  JsonObject *link = rapport_json_get_object (item, "record");
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) record = NULL;

  if (entity == NULL || id == NULL || field == NULL || from == NULL)
    return TRUE;
  if (link != NULL)
    {
      const char *link_to = rapport_json_get_string (item, "link_to");

      if (link_to != NULL)
        {
          g_autoptr(RapportStoredRecord) made = NULL;
          g_autoptr(JsonObject) made_record = NULL;

          if (!rapport_server_load_record (backend, entity, link_to, &made, &made_record, error))
            return FALSE;
          if (made_record != NULL && !bury (backend, actor, entity, made, made_record, now, error))
            return FALSE;
        }
      if (!rapport_server_load_record (backend, entity, id, &stored, &record, error))
        return FALSE;
      if (record == NULL)
        {
          g_autoptr(JsonObject) restored = rapport_json_object_copy (link);

          return rewrite (backend, actor, entity, stored, NULL, restored, now, error);
        }
      return TRUE;
    }

  if (!rapport_server_load_record (backend, entity, id, &stored, &record, error))
    return FALSE;
  /* Deleted since, or moved elsewhere by someone: left as it is. */
  if (record == NULL || g_strcmp0 (rapport_json_get_string (record, field), master_id) != 0)
    return TRUE;
  {
    g_autoptr(JsonObject) moved = rapport_json_object_copy (record);

    json_object_set_string_member (moved, field, from);
    return rewrite (backend, actor, entity, stored, record, moved, now, error);
  }
}

/* The master's fields that the merge set and nobody changed since go back
 * to what they were; the losers leave its merged ids. */
static gboolean
restore_master (RapportServerBackend     *backend,
                const RapportServerActor *actor,
                const RapportEntity      *target,
                const char               *master_id,
                JsonObject               *snapshot,
                GPtrArray                *loser_ids,
                const char               *now,
                GError                  **rejection,
                GError                  **error)
{
  JsonObject *before = rapport_json_get_object (snapshot, "master");
  JsonObject *after = rapport_json_get_object (snapshot, "merged");
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) master = NULL;
  g_autoptr(JsonObject) restored = NULL;
  JsonArray *ids;

  if (!rapport_server_load_record (backend, target, master_id, &stored, &master, error))
    return FALSE;
  if (master == NULL)
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "master_id",
                                _("The record the others were merged into is deleted: restore it"
                                  " first"));
      return TRUE;
    }
  restored = rapport_json_object_copy (master);
  for (guint f = 0; before != NULL && after != NULL && f < target->n_fields; f++)
    {
      const char *name = target->fields[f].name;
      g_autoptr(JsonNode) was = rapport_json_dup_member (before, name);
      g_autoptr(JsonNode) set = rapport_json_dup_member (after, name);
      g_autoptr(JsonNode) now_value = rapport_json_dup_member (master, name);

      if (!rapport_json_node_equal (was, set) && rapport_json_node_equal (now_value, set))
        json_object_set_member (restored, name, g_steal_pointer (&was));
    }
  ids = rapport_json_get_array (restored, "merged_ids");
  if (ids != NULL)
    {
      JsonArray *kept = json_array_new ();

      for (guint i = 0; i < json_array_get_length (ids); i++)
        {
          const char *id = json_array_get_string_element (ids, i);

          if (id != NULL && !g_ptr_array_find_with_equal_func (loser_ids, id, g_str_equal, NULL))
            json_array_add_string_element (kept, id);
        }
      json_object_set_array_member (restored, "merged_ids", kept);
    }
  return rewrite (backend, actor, target, stored, master, restored, now, error);
}

static gboolean
unmerge (RapportServerBackend     *backend,
         const RapportServerActor *actor,
         JsonObject               *current,
         JsonObject               *event,
         const char               *now,
         GError                  **rejection,
         GError                  **error)
{
  static const char * const fixed[] = { "object", "master_id", "loser_ids", "choices", "moved",
                                        "moved_counts", "snapshot", "merged_by", "merged_at" };
  const RapportEntity *target = rapport_entity_lookup (rapport_json_get_string (current, "object"));
  const char *master_id = rapport_json_get_string (current, "master_id");
  const char *merged_by = rapport_json_get_string (current, "merged_by");
  const char *was = rapport_json_get_string (current, "status");
  const char *status = rapport_json_get_string (event, "status");
  g_autoptr(GDateTime) merged_at = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(JsonNode) snapshot = NULL;
  g_autoptr(JsonNode) moved = NULL;
  g_autoptr(GPtrArray) loser_ids = g_ptr_array_new ();
  JsonArray *losers;

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      g_autoptr(JsonNode) a = rapport_json_dup_member (current, fixed[i]);
      g_autoptr(JsonNode) b = rapport_json_dup_member (event, fixed[i]);

      if (!rapport_json_node_equal (a, b))
        {
          rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_READ_ONLY, fixed[i],
                                        _("A merge is never changed, only undone"));
          return TRUE;
        }
    }
  if (g_strcmp0 (was, status) == 0)
    return TRUE;
  if (g_strcmp0 (was, "merged") != 0 || g_strcmp0 (status, "undone") != 0)
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "status",
                                _("This merge was undone already"));
      return TRUE;
    }
  if (actor != NULL && actor->id != NULL && rapport_server_actor_is (actor, "rep") &&
      g_strcmp0 (merged_by, actor->id) != 0)
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_FORBIDDEN, "status",
                                _("Only who merged, a manager or an admin can undo a merge"));
      return TRUE;
    }
  merged_at = g_date_time_new_from_iso8601 (rapport_json_get_string (current, "merged_at"), NULL);
  at = g_date_time_new_from_iso8601 (now, NULL);
  if (merged_at == NULL || at == NULL ||
      g_date_time_difference (at, merged_at) > RAPPORT_MERGE_UNDO_DAYS * G_TIME_SPAN_DAY)
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "status",
                                _("A merge can be undone for %d days only"),
                                RAPPORT_MERGE_UNDO_DAYS);
      return TRUE;
    }
  snapshot = parse_json_member (current, "snapshot");
  moved = parse_json_member (current, "moved");
  losers = snapshot != NULL && JSON_NODE_HOLDS_OBJECT (snapshot)
             ? rapport_json_get_array (json_node_get_object (snapshot), "losers") : NULL;
  if (target == NULL || losers == NULL || moved == NULL || !JSON_NODE_HOLDS_ARRAY (moved))
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "snapshot",
                                _("This merge keeps nothing to undo it from"));
      return TRUE;
    }
  for (guint i = 0; i < json_array_get_length (losers); i++)
    {
      const char *id = rapport_json_get_string (rapport_json_array_get_object (losers, i), "id");

      if (id != NULL)
        g_ptr_array_add (loser_ids, (gpointer) id);
    }

  if (!restore_master (backend, actor, target, master_id, json_node_get_object (snapshot),
                       loser_ids, now, rejection, error))
    return FALSE;
  if (*rejection != NULL)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (losers); i++)
    {
      JsonObject *loser = rapport_json_array_get_object (losers, i);
      const char *id = rapport_json_get_string (loser, "id");
      g_autoptr(RapportStoredRecord) stored = NULL;
      g_autoptr(JsonObject) live = NULL;
      g_autofree char *key = NULL;

      if (id == NULL)
        continue;
      key = merged_into_key (id);
      if (!rapport_server_load_record (backend, target, id, &stored, &live, error) ||
          !backend->vtable->set_meta (backend, key, "", error))
        return FALSE;
      if (live == NULL)
        {
          g_autoptr(JsonObject) restored = rapport_json_object_copy (loser);

          if (!rewrite (backend, actor, target, stored, NULL, restored, now, error))
            return FALSE;
        }
    }
  for (guint i = json_array_get_length (json_node_get_array (moved)); i > 0; i--)
    {
      JsonObject *item = rapport_json_array_get_object (json_node_get_array (moved), i - 1);

      if (item != NULL && !move_back (backend, actor, master_id, item, now, error))
        return FALSE;
    }
  set_actor (event, "undone_by", actor);
  json_object_set_string_member (event, "undone_at", now);
  return TRUE;
}

/**
 * rapport_server_merges_check:
 * @record: (nullable): the merge_event as it will be written; NULL for a delete
 * @rejection: set when the merge or unmerge is refused; nothing is written then
 * @error: set only when storage failed
 *
 * For a merge_event, called last before it is written: a create merges,
 * setting status "undone" unmerges, a delete is refused. Other types pass.
 */
gboolean
rapport_server_merges_check (RapportServerBackend     *backend,
                             const RapportServerActor *actor,
                             const RapportEntity      *entity,
                             JsonObject               *current,
                             JsonObject               *record,
                             const char               *now,
                             GError                  **rejection,
                             GError                  **error)
{
  if (strcmp (entity->name, "merge_event") != 0)
    return TRUE;
  if (record == NULL)
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, NULL,
                                _("A merge is kept: undo it instead"));
      return TRUE;
    }
  if (current == NULL)
    return merge (backend, actor, record, now, rejection, error);
  return unmerge (backend, actor, current, record, now, rejection, error);
}

/**
 * rapport_server_merges_reparent:
 *
 * A record made or edited offline that points at a merged-away contact or
 * company points at its master instead: @op's new values are changed.
 * Links are left: their id follows from the pair they join.
 */
gboolean
rapport_server_merges_reparent (RapportServerBackend  *backend,
                                const RapportServerOp *op,
                                GError               **error)
{
  if (op->changes == NULL || op->entity->link_pair != NULL)
    return TRUE;
  for (guint f = 0; f < op->entity->n_fields; f++)
    {
      const RapportField *field = &op->entity->fields[f];
      JsonObject *change;
      const char *value;
      g_autofree char *master_id = NULL;

      if (field->kind != RAPPORT_FIELD_REF ||
          (g_strcmp0 (field->ref_entity, "contact") != 0 &&
           g_strcmp0 (field->ref_entity, "company") != 0) ||
          !(change = rapport_json_get_object (op->changes, field->name)) ||
          !(value = rapport_json_get_string (change, "new")))
        continue;
      if (!rapport_server_merges_find (backend, value, &master_id, error))
        return FALSE;
      if (master_id != NULL)
        json_object_set_string_member (change, "new", master_id);
    }
  return TRUE;
}

/* A list change made on a loser, as a change of the master's list: the
 * items the user added are added, those removed removed. */
static void
rebase_list_change (const RapportField *field,
                    JsonObject         *change,
                    JsonObject         *master)
{
  JsonNode *base = json_object_get_member (change, "base");
  JsonNode *mine = json_object_get_member (change, "new");
  JsonNode *theirs = json_object_get_member (master, field->name);
  g_autoptr(GHashTable) in_base = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) in_mine = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonArray) scratch = json_array_new ();
  JsonArray *out = json_array_new ();
  JsonArray *array;

  union_into (field, scratch, in_base, base);
  union_into (field, scratch, in_mine, mine);
  if (theirs != NULL && JSON_NODE_HOLDS_ARRAY (theirs))
    {
      array = json_node_get_array (theirs);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          g_autofree char *key = item_key (field, item);

          if (key == NULL || (g_hash_table_contains (in_base, key) && !g_hash_table_contains (in_mine, key)) ||
              g_hash_table_contains (seen, key))
            continue;
          g_hash_table_add (seen, g_steal_pointer (&key));
          json_array_add_element (out, json_node_copy (item));
        }
    }
  union_into (field, out, seen, mine);
  json_object_set_member (change, "base", theirs != NULL ? json_node_copy (theirs)
                                                         : json_node_new (JSON_NODE_NULL));
  json_object_set_array_member (change, "new", out);
}

/**
 * rapport_server_merges_redirect:
 * @master_id: where the op's record was merged into
 *
 * An op on a merged-away record lands on its master: a field-level merge
 * against the master, each field's base the loser's; lists gain and lose
 * what the user added and removed. A delete of it is done already. The
 * result has no record, since the client's record is gone: the feed
 * brings it the master; a conflict is one with the loser's deletion.
 */
gboolean
rapport_server_merges_redirect (RapportServerBackend     *backend,
                                const RapportServerActor *actor,
                                const RapportServerOp    *op,
                                const char               *master_id,
                                RapportWriteResult       *result,
                                GError                  **error)
{
  RapportServerOp redirected = *op;
  g_autoptr(JsonObject) master = NULL;
  g_autoptr(JsonObject) changes = NULL;

  rapport_write_result_clear (result);
  memset (result, 0, sizeof *result);
  if (op->kind == RAPPORT_OP_DELETE)
    {
      result->status = RAPPORT_WRITE_APPLIED;
      result->conflicts = json_array_new ();
      return TRUE;
    }
  if (!rapport_server_load_record (backend, op->entity, master_id, NULL, &master, error))
    return FALSE;
  changes = op->changes != NULL ? rapport_json_object_copy (op->changes) : json_object_new ();
  for (guint f = 0; master != NULL && f < op->entity->n_fields; f++)
    {
      const RapportField *field = &op->entity->fields[f];
      JsonObject *change = rapport_json_get_object (changes, field->name);

      if (change != NULL && rapport_field_is_list (field))
        {
          g_autoptr(JsonObject) own = rapport_json_object_copy (change);

          rebase_list_change (field, own, master);
          json_object_set_object_member (changes, field->name, g_steal_pointer (&own));
        }
    }
  /* Never the master's version: each field is merged on its own. */
  redirected.id = master_id;
  redirected.kind = RAPPORT_OP_UPDATE;
  redirected.base_version = G_MAXINT64;
  redirected.changes = changes;
  if (!rapport_server_apply_op (backend, actor, &redirected, result, error))
    return FALSE;
  /* No record in any answer: a client would write the master's under the
   * loser's id. A conflict without one is kept as edit-versus-delete, the
   * user's values with it. */
  if (result->status != RAPPORT_WRITE_REJECTED)
    g_clear_pointer (&result->record, json_object_unref);
  return TRUE;
}
