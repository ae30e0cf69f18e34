/* rapport-server-records.c: applying one op to one record
 *
 * REST calls and pushed ops end up here, so roles, validation, the merge,
 * the fields the server sets, history and the change sequence are decided
 * in one place. The caller owns the transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-records"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-deal-stage.h"
#include "rapport-derived.h"
#include "rapport-json.h"
#include "rapport-queue.h"
#include "rapport-server-error.h"
#include "rapport-server-in-use.h"
#include "rapport-server-campaigns.h"
#include "rapport-server-consent.h"
#include "rapport-server-csat.h"
#include "rapport-server-numbers.h"
#include "rapport-server-queues.h"
#include "rapport-server-records.h"
#include "rapport-server-record-merges.h"
#include "rapport-server-children.h"
#include "rapport-server-deal-history.h"
#include "rapport-server-approvals.h"
#include "rapport-server-automation.h"
#include "rapport-server-documents.h"
#include "rapport-server-lifecycle.h"
#include "rapport-server-sla.h"
#include "rapport-validate.h"

/* Stored JSON is ours, but still parsed with a bound: a corrupt file must
 * not crash the server. */
#define STORED_MAX_BYTES (64 * 1024 * 1024)

void
rapport_server_actor_free (RapportServerActor *actor)
{
  if (actor == NULL)
    return;
  g_free (actor->id);
  g_free (actor->name);
  g_free (actor->role);
  g_free (actor);
}

RapportServerActor *
rapport_server_actor_new_from_record (JsonObject *user)
{
  RapportServerActor *actor = g_new0 (RapportServerActor, 1);

  actor->id = g_strdup (json_object_get_string_member_with_default (user, "id", ""));
  actor->name = g_strdup (json_object_get_string_member_with_default (user, "name", ""));
  actor->role = g_strdup (json_object_get_string_member_with_default (user, "role", "rep"));
  return actor;
}

gboolean
rapport_server_actor_is (const RapportServerActor *actor,
                         const char               *role)
{
  /* The command line acts as an admin. */
  if (actor == NULL || actor->id == NULL)
    return g_strcmp0 (role, "admin") == 0;
  return g_strcmp0 (actor->role, role) == 0;
}

char *
rapport_server_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * rapport_server_record_text:
 * @stored: a live record's row
 * @out_repaired: (out) (transfer full): set when the text had to be repaired
 *
 * The stored text as it may be served: JSON written by an older server with
 * raw control characters or bytes that are not UTF-8 is repaired on the way
 * out (rapport_json_make_safe()); text that is no JSON object at all is not
 * served.
 *
 * Returns: (transfer none) (nullable): the text (@stored's own or
 *   *@out_repaired), or %NULL when the record is damaged
 */
const char *
rapport_server_record_text (const RapportStoredRecord *stored,
                            char                     **out_repaired)
{
  const char *data = stored->data;
  gsize length = data != NULL ? strlen (data) : 0;
  g_autofree char *repaired = NULL;

  *out_repaired = NULL;
  if (length == 0 || length > STORED_MAX_BYTES)
    return NULL;
  if (data[0] == '{' && g_utf8_validate_len (data, length, NULL) &&
      rapport_json_validate (data, length, RAPPORT_JSON_DEFAULT_MAX_DEPTH, NULL))
    return data;

  repaired = rapport_json_make_safe (data, length);
  if (repaired == NULL || repaired[0] != '{' ||
      !rapport_json_validate (repaired, strlen (repaired), RAPPORT_JSON_DEFAULT_MAX_DEPTH, NULL))
    return NULL;
  *out_repaired = g_steal_pointer (&repaired);
  return *out_repaired;
}

JsonObject *
rapport_server_parse_record (const RapportStoredRecord *stored)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *repaired = NULL;
  const char *text;

  if (stored == NULL || stored->data == NULL)
    return NULL;
  text = rapport_server_record_text (stored, &repaired);
  if (text != NULL)
    root = rapport_json_parse (text, strlen (text), STORED_MAX_BYTES,
                               RAPPORT_JSON_DEFAULT_MAX_DEPTH, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

char *
rapport_server_object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return rapport_json_to_string (node);
}

/**
 * rapport_server_load_record:
 * @out_stored: (optional): the row; NULL when the record never existed
 * @out_record: (optional): the record; NULL when it never existed, is
 *   deleted, or is damaged (a live row whose text cannot be read: see
 *   rapport_server_is_damaged())
 */
gboolean
rapport_server_load_record (RapportServerBackend *backend,
                            const RapportEntity  *entity,
                            const char           *id,
                            RapportStoredRecord **out_stored,
                            JsonObject          **out_record,
                            GError              **error)
{
  g_autoptr(RapportStoredRecord) stored = NULL;

  if (!backend->vtable->get_record (backend, entity->name, id, &stored, error))
    return FALSE;
  if (out_record != NULL)
    {
      *out_record = rapport_server_parse_record (stored);
      if (*out_record == NULL && stored != NULL && !stored->deleted)
        rapport_server_note_damaged (backend, stored);
    }
  if (out_stored != NULL)
    *out_stored = g_steal_pointer (&stored);
  return TRUE;
}

gboolean
rapport_server_is_damaged (const RapportStoredRecord *stored,
                           JsonObject                *record)
{
  return stored != NULL && !stored->deleted && record == NULL;
}

void
rapport_server_set_damaged_error (GError **error)
{
  rapport_server_set_error (error, RAPPORT_SERVER_ERROR_DAMAGED, NULL,
                            _("The server cannot read this record; a manager or an admin must delete"
                              " it (“rapport-server check” lists it)"));
}

/* What any write to @entity needs, before looking at the record. */
gboolean
rapport_server_check_role (const RapportServerActor *actor,
                           const RapportEntity      *entity,
                           GError                  **error)
{
  gboolean allowed;

  switch (entity->write_role)
    {
    case RAPPORT_WRITE_ADMIN:
      allowed = rapport_server_actor_is (actor, "admin");
      break;
    case RAPPORT_WRITE_MANAGER:
      allowed = !rapport_server_actor_is (actor, "rep");
      break;
    case RAPPORT_WRITE_SERVER:
      /* Written in the transaction of what they record, never by an op. */
      allowed = FALSE;
      break;
    case RAPPORT_WRITE_ANY:
    case RAPPORT_WRITE_OWNER:
    default:
      allowed = TRUE;
      break;
    }
  if (!allowed)
    rapport_server_set_error (error, RAPPORT_SERVER_ERROR_FORBIDDEN, NULL, "%s",
                              _(entity->labels.write_denied));
  return allowed;
}

/* A rep edits and deletes what it owns and what nobody owns. */
static gboolean
owned_by_other (const RapportServerActor *actor,
                const RapportEntity      *entity,
                JsonObject               *record)
{
  JsonNode *owner;

  if (entity->write_role != RAPPORT_WRITE_OWNER || entity->owner_field == NULL ||
      !rapport_server_actor_is (actor, "rep"))
    return FALSE;
  owner = json_object_get_member (record, entity->owner_field);
  return !(owner == NULL || JSON_NODE_HOLDS_NULL (owner) ||
           (JSON_NODE_HOLDS_VALUE (owner) &&
            g_strcmp0 (json_node_get_string (owner), actor->id) == 0));
}

static gboolean
check_owner (const RapportServerActor *actor,
             const RapportEntity      *entity,
             JsonObject               *current,
             GError                  **error)
{
  if (current == NULL || !owned_by_other (actor, entity, current))
    return TRUE;
  rapport_server_set_error (error, RAPPORT_SERVER_ERROR_FORBIDDEN, entity->owner_field,
                            _("This %s belongs to someone else"), entity->name);
  return FALSE;
}

/* A tombstone keeps no data, but the history entry of its deletion holds
 * every field of the last live version as "from", written in the same
 * transaction: that serves old tombstones too, with no new column to fill.
 * *out_record is NULL when the entry is missing or holds nothing, as after
 * deleting a record that could not be read. */
gboolean
rapport_server_load_last_live (RapportServerBackend      *backend,
                               const RapportEntity       *entity,
                               const RapportStoredRecord *stored,
                               JsonObject               **out_record,
                               GError                   **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) record = json_object_new ();
  JsonNode *changes;
  JsonObjectIter iter;
  const char *name;
  JsonNode *change;

  *out_record = NULL;
  if (!backend->vtable->get_history (backend, entity->name, stored->id, stored->version,
                                     &text, error))
    return FALSE;
  if (text != NULL)
    root = rapport_json_parse (text, strlen (text), STORED_MAX_BYTES,
                               RAPPORT_JSON_DEFAULT_MAX_DEPTH, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root), "op", ""),
                 "delete") != 0)
    return TRUE;
  changes = json_object_get_member (json_node_get_object (root), "changes");
  if (changes == NULL || !JSON_NODE_HOLDS_OBJECT (changes))
    return TRUE;

  json_object_iter_init (&iter, json_node_get_object (changes));
  while (json_object_iter_next (&iter, &name, &change))
    {
      JsonNode *from = JSON_NODE_HOLDS_OBJECT (change)
                       ? json_object_get_member (json_node_get_object (change), "from")
                       : NULL;

      if (from != NULL && !JSON_NODE_HOLDS_NULL (from))
        json_object_set_member (record, name, json_node_copy (from));
    }
  if (json_object_get_size (record) > 0)
    *out_record = g_steal_pointer (&record);
  return TRUE;
}

/* Restoring a deleted record (or editing it, which restores it once the
 * conflict is settled) follows the rules of editing it before it was
 * deleted: otherwise a rep could take over anyone's deleted record by
 * creating it again with itself as the owner. @error is set only when
 * storage failed; a refusal goes to @rejection. */
static gboolean
check_restore (RapportServerBackend      *backend,
               const RapportServerActor  *actor,
               const RapportEntity       *entity,
               const RapportStoredRecord *stored,
               GError                   **rejection,
               GError                   **error)
{
  g_autoptr(JsonObject) last = NULL;

  if (!rapport_server_actor_is (actor, "rep"))
    return TRUE;
  if (!rapport_server_load_last_live (backend, entity, stored, &last, error))
    return FALSE;
  if (last == NULL)
    rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_FORBIDDEN, entity->owner_field,
                              _("Nobody can tell whose this deleted %s was: only a manager or an admin can restore it"),
                              entity->name);
  else if (owned_by_other (actor, entity, last))
    rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_FORBIDDEN, entity->owner_field,
                              _("This deleted %s belonged to someone else: only a manager or an admin can restore it"),
                              entity->name);
  return TRUE;
}

/* The new values of @changes, validated and normalised. */
static JsonObject *
validated_new_values (const RapportEntity *entity,
                      JsonObject          *changes,
                      GError             **error)
{
  g_autoptr(JsonObject) values = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *change;

  if (changes == NULL)
    return g_steal_pointer (&values);

  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &change))
    {
      JsonObject *pair = json_node_get_object (change);
      JsonNode *value = json_object_get_member (pair, "new");

      json_object_set_member (values, name,
                              value != NULL ? json_node_copy (value) : json_node_new (JSON_NODE_NULL));
    }
  if (!rapport_validate_changes (entity, values, error))
    return NULL;

  /* Normalised values (currency case, time zones) go back into the op, so
   * the merge compares what will be stored. */
  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &change))
    json_object_set_member (json_node_get_object (change), "new",
                            json_node_copy (json_object_get_member (values, name)));
  return g_steal_pointer (&values);
}

static void
fill_defaults (const RapportEntity *entity,
               JsonObject          *record)
{
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *field = &entity->fields[i];

      if (field->default_value != NULL && !json_object_has_member (record, field->name))
        json_object_set_string_member (record, field->name, field->default_value);
    }
  if (strcmp (entity->name, "user") == 0 && !json_object_has_member (record, "active"))
    json_object_set_boolean_member (record, "active", TRUE);
}

/* A deal's status follows the kind of its stage: the server decides, so two
 * clients moving the same deal agree on when it closed. */
static gboolean
follow_stage (RapportServerBackend *backend,
              JsonObject           *deal,
              JsonObject           *old,
              const char           *now,
              GError              **error)
{
  const char *stage_id = json_object_get_string_member_with_default (deal, "stage_id", NULL);
  const char *old_status;
  g_autoptr(JsonObject) stage = NULL;
  const char *kind;

  if (stage_id == NULL)
    return TRUE;
  if (!rapport_server_load_record (backend, rapport_entity_lookup ("stage"), stage_id,
                                   NULL, &stage, error))
    return FALSE;
  if (stage == NULL)
    return TRUE;

  kind = json_object_get_string_member_with_default (stage, "kind", "open");
  old_status = old != NULL ? json_object_get_string_member_with_default (old, "status", "open")
                           : NULL;
  json_object_set_string_member (deal, "status", kind);
  if (strcmp (kind, "open") == 0)
    json_object_set_null_member (deal, "closed_at");
  else if (g_strcmp0 (old_status, kind) != 0 ||
           json_object_get_null_member (deal, "closed_at") ||
           !json_object_has_member (deal, "closed_at"))
    json_object_set_string_member (deal, "closed_at", now);
  if (json_object_get_string_member_with_default (deal, "pipeline_id", NULL) == NULL &&
      json_object_get_string_member_with_default (stage, "pipeline_id", NULL) != NULL)
    json_object_set_string_member (deal, "pipeline_id",
                                   json_object_get_string_member (stage, "pipeline_id"));
  return TRUE;
}

/* Every live record of @entity_name, parsed, into @out. */
gboolean
rapport_server_load_all (RapportServerBackend *backend,
                         const char           *entity_name,
                         GPtrArray            *out,
                         GError              **error)
{
  g_autofree char *after = NULL;

  for (;;)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_stored_record_free);

      if (!backend->vtable->list_records (backend, entity_name, after, 500, rows, error))
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        {
          JsonObject *record = rapport_server_parse_record (g_ptr_array_index (rows, i));

          if (record != NULL)
            g_ptr_array_add (out, record);
        }
      if (rows->len < 500)
        return TRUE;
      g_free (after);
      after = g_strdup (((RapportStoredRecord *) g_ptr_array_index (rows, rows->len - 1))->id);
    }
}

/* A UNIQUE field's value (a product's SKU) that another live record of the
 * type already has, case aside, is refused with 409 naming the field. Only
 * a write that sets the field looks; the scan is per write, which suits the
 * small types that have such fields. */
static gboolean
check_unique (RapportServerBackend *backend,
              const RapportEntity  *entity,
              JsonObject           *record,
              JsonObject           *applied,
              gboolean              is_new,
              GError              **rejection,
              GError              **error)
{
  g_autoptr(GPtrArray) others = NULL;
  const char *id = json_object_get_string_member (record, "id");

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *field = &entity->fields[i];
      const char *value;
      g_autofree char *key = NULL;

      if (!(field->flags & RAPPORT_FIELD_UNIQUE) ||
          (!is_new && !json_object_has_member (applied, field->name)) ||
          !(value = json_object_get_string_member_with_default (record, field->name, NULL)))
        continue;
      if (others == NULL)
        {
          others = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
          if (!rapport_server_load_all (backend, entity->name, others, error))
            return FALSE;
        }
      key = rapport_unique_key (value);
      for (guint j = 0; j < others->len; j++)
        {
          JsonObject *other = g_ptr_array_index (others, j);
          const char *other_value = json_object_get_string_member_with_default (other, field->name, NULL);
          g_autofree char *other_key = NULL;

          if (other_value == NULL || g_strcmp0 (json_object_get_string_member (other, "id"), id) == 0)
            continue;
          other_key = rapport_unique_key (other_value);
          if (strcmp (other_key, key) == 0)
            {
              rapport_set_duplicate_error (rejection, field);
              return TRUE;
            }
        }
    }
  return TRUE;
}

/* A new deal without a stage (from REST, say) goes to the default stage, as
 * in the client's store: rapport_deal_default_stage(). */
static gboolean
place_new_deal (RapportServerBackend *backend,
                JsonObject           *deal,
                GError              **error)
{
  g_autoptr(GPtrArray) pipelines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) stages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonObject *stage;

  if (json_object_get_string_member_with_default (deal, "stage_id", NULL) != NULL)
    return TRUE;
  if (!rapport_server_load_all (backend, "pipeline", pipelines, error) ||
      (pipelines->len > 0 && !rapport_server_load_all (backend, "stage", stages, error)))
    return FALSE;
  stage = rapport_deal_default_stage (pipelines, stages,
                                      json_object_get_string_member_with_default (deal, "status", NULL));
  if (stage != NULL)
    rapport_deal_place_in_stage (deal, stage);
  return TRUE;
}

/* {"field": {"from", "to"}} for every field that differs. */
static JsonObject *
diff_records (const RapportEntity *entity,
              JsonObject          *old,
              JsonObject          *new)
{
  JsonObject *diff = json_object_new ();

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const char *name = entity->fields[i].name;
      g_autoptr(JsonNode) from = rapport_json_dup_member (old, name);
      g_autoptr(JsonNode) to = rapport_json_dup_member (new, name);
      JsonObject *change;

      if (JSON_NODE_HOLDS_NULL (from) && JSON_NODE_HOLDS_NULL (to))
        continue;
      if (!JSON_NODE_HOLDS_NULL (from) && !JSON_NODE_HOLDS_NULL (to) && json_node_equal (from, to))
        continue;
      change = json_object_new ();
      json_object_set_member (change, "from", g_steal_pointer (&from));
      json_object_set_member (change, "to", g_steal_pointer (&to));
      json_object_set_object_member (diff, name, change);
    }
  return diff;
}

gboolean
rapport_server_store_write (RapportServerBackend     *backend,
             const RapportServerActor *actor,
             const RapportEntity      *entity,
             const char               *id,
             RapportOpKind             kind,
             JsonObject               *old,
             JsonObject               *record,
             gint64                    version,
             const char               *now,
             GError                  **error)
{
  g_autofree char *data = record != NULL ? rapport_server_object_to_text (record) : NULL;
  g_autoptr(JsonObject) entry = json_object_new ();
  g_autofree char *entry_text = NULL;
  const char      *parent_id = record != NULL ? rapport_entity_index_of (entity, record) : NULL;

  if (!backend->vtable->put_record (backend, entity->name, id, version, data, parent_id, NULL,
                                    error))
    return FALSE;

  json_object_set_int_member (entry, "version", version);
  json_object_set_string_member (entry, "at", now);
  if (actor != NULL && actor->id != NULL)
    json_object_set_string_member (entry, "by", actor->id);
  else
    json_object_set_null_member (entry, "by");
  json_object_set_string_member (entry, "op", rapport_op_kind_to_string (kind));
  json_object_set_object_member (entry, "changes", diff_records (entity, old, record));
  entry_text = rapport_server_object_to_text (entry);
  return backend->vtable->add_history (backend, entity->name, id, version, entry_text, error);
}

/* Login names are unique: a user's name is kept beside its password. */
static gboolean
sync_user_name (RapportServerBackend *backend,
                JsonObject           *old,
                JsonObject           *record,
                GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *name = json_object_get_string_member_with_default (record, "name", "");

  if (old != NULL && g_strcmp0 (name, json_object_get_string_member_with_default (old, "name", "")) == 0)
    return TRUE;
  if (backend->vtable->set_credentials (backend, json_object_get_string_member (record, "id"),
                                        name, NULL, &local_error))
    return TRUE;
  if (g_error_matches (local_error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_EXISTS))
    rapport_server_set_error (error, RAPPORT_SERVER_ERROR_ALREADY_EXISTS, "name",
                              _("There is already a user called “%s”"), name);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* The history diff needs the record as it was: edits go to a copy. Members
 * are replaced whole, never edited inside, so they may be shared. */
static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (copy, name, json_node_copy (value));
  return copy;
}

/* A session lives only while its user is live and active. Disabling or
 * deleting a user ends its sessions for good, in the transaction of the
 * write; so does enabling or restoring it, which also ends any session an
 * older server left behind: a user that comes back signs in anew. */
static gboolean
is_active_user (JsonObject *user)
{
  return user != NULL && json_object_get_boolean_member_with_default (user, "active", TRUE);
}

static void
reject (RapportWriteResult *result,
        GError             *error,
        JsonObject         *current)
{
  result->status = RAPPORT_WRITE_REJECTED;
  result->error = error;
  result->record = current != NULL ? json_object_ref (current) : NULL;
}

/**
 * rapport_server_apply_op:
 * @result: (out caller-allocates): what happened to the op
 * @error: set only when storage failed; the caller rolls back
 *
 * Rejections (roles, validation, a missing record) are results, not errors:
 * they are stored and replayed like any other outcome.
 */
gboolean
rapport_server_apply_op (RapportServerBackend     *backend,
                         const RapportServerActor *actor,
                         const RapportServerOp    *op,
                         RapportWriteResult       *result,
                         GError                  **error)
{
  const RapportEntity *entity = op->entity;
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) values = NULL;
  g_autoptr(JsonObject) apply = json_object_new ();
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) latest = NULL;
  g_autoptr(GPtrArray) family = g_ptr_array_new ();
  g_autofree char *now = op->at != NULL ? g_strdup (op->at) : rapport_server_now ();
  GError *rejection = NULL;
  RapportMergeStatus merge;
  gint64 base_version;
  gint64 version;

  memset (result, 0, sizeof *result);
  result->conflicts = json_array_new ();

  if (!rapport_server_merges_reparent (backend, op, error) ||
      !rapport_server_load_record (backend, entity, op->id, &stored, &current, error))
    return FALSE;
  /* An op on a contact or a company merged away lands on its master. */
  if (stored != NULL && stored->deleted && op->kind != RAPPORT_OP_CREATE &&
      (strcmp (entity->name, "contact") == 0 || strcmp (entity->name, "company") == 0))
    {
      g_autofree char *master_id = NULL;

      if (!rapport_server_merges_find (backend, op->id, &master_id, error))
        return FALSE;
      if (master_id != NULL)
        return rapport_server_merges_redirect (backend, actor, op, master_id, result, error);
    }

  if (!rapport_server_check_role (actor, entity, &rejection))
    {
      reject (result, rejection, current);
      return TRUE;
    }
  /* Nobody can merge into what cannot be read, and a rep must not take it
   * for unowned: only a manager's or an admin's delete clears it. */
  if (rapport_server_is_damaged (stored, current) &&
      (op->kind != RAPPORT_OP_DELETE || rapport_server_actor_is (actor, "rep")))
    {
      rapport_server_set_damaged_error (&rejection);
      reject (result, rejection, NULL);
      return TRUE;
    }
  if (stored == NULL && op->kind != RAPPORT_OP_CREATE)
    {
      rapport_server_set_error (&rejection, RAPPORT_SERVER_ERROR_NOT_FOUND, NULL,
                                _("There is no %s with this id"), entity->name);
      reject (result, rejection, NULL);
      return TRUE;
    }
  if (stored != NULL && stored->deleted && op->kind != RAPPORT_OP_DELETE &&
      !check_restore (backend, actor, entity, stored, &rejection, error))
    return FALSE;
  if (rejection != NULL || !check_owner (actor, entity, current, &rejection))
    {
      reject (result, rejection, current);
      return TRUE;
    }
  values = validated_new_values (entity, op->changes, &rejection);
  if (values == NULL)
    {
      reject (result, rejection, current);
      return TRUE;
    }

  base_version = op->base_version >= 0 ? op->base_version : (stored != NULL ? stored->version : 0);
  /* A retried create whose result was pruned must not bring back what was
   * deleted since: taken as an edit of the deleted record, it is an
   * edit-versus-delete conflict, which the user settles. */
  merge = rapport_server_merge (op->result_pruned && op->kind == RAPPORT_OP_CREATE &&
                                    stored != NULL && stored->deleted
                                  ? RAPPORT_OP_UPDATE : op->kind,
                                base_version, op->changes, current,
                                stored != NULL && stored->deleted,
                                stored != NULL ? stored->version : 0,
                                apply, result->conflicts);
  result->status = (RapportWriteStatus) merge;
  if (merge == RAPPORT_MERGE_CONFLICT)
    {
      result->record = current != NULL ? json_object_ref (current) : NULL;
      /* Both of two offline moves stay in the deal's history. */
      return rapport_server_deal_record_lost (backend, actor, op, current, now, error);
    }

  if (entity->link_pair != NULL && current != NULL)
    for (guint i = 0; i < 2; i++)
      {
        JsonNode *value = json_object_get_member (apply, entity->link_pair[i]);
        JsonNode *was = json_object_get_member (current, entity->link_pair[i]);

        if (value != NULL && (was == NULL || !json_node_equal (value, was)))
          {
            g_clear_pointer (&result->conflicts, json_array_unref);
            result->conflicts = json_array_new ();
            rapport_set_validation_error (&rejection, RAPPORT_VALIDATION_ERROR_READ_ONLY,
                                          entity->link_pair[i],
                                          _("A link always joins the same two records: delete it and link anew"));
            reject (result, rejection, current);
            return TRUE;
          }
      }

  /* Deleting what is already gone, or setting what is already set, writes
   * nothing: retries and echoes must not grow the history. */
  if (op->kind == RAPPORT_OP_DELETE && (stored == NULL || stored->deleted))
    return TRUE;
  /* A product sold on a line stays, archived; a consent stays, as history. */
  if (op->kind == RAPPORT_OP_DELETE)
    {
      rapport_server_consent_check (actor, entity, current, NULL, &rejection);
      if (rejection == NULL &&
          !rapport_server_check_unused (backend, entity, op->id, &rejection, error))
        return FALSE;
      if (rejection != NULL)
        {
          g_clear_pointer (&result->conflicts, json_array_unref);
          result->conflicts = json_array_new ();
          reject (result, rejection, current);
          return TRUE;
        }
    }
  if (op->kind != RAPPORT_OP_DELETE && current != NULL && json_object_get_size (apply) == 0)
    {
      result->record = g_steal_pointer (&current);
      return TRUE;
    }

  version = stored != NULL ? stored->version + 1 : 1;
  if (op->kind != RAPPORT_OP_DELETE)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (current != NULL)
        record = copy_object (current);
      else
        {
          record = json_object_new ();
          json_object_set_string_member (record, "id", op->id);
          json_object_set_string_member (record, "created_at", now);
          if (actor != NULL && actor->id != NULL)
            json_object_set_string_member (record, "created_by", actor->id);
          else
            json_object_set_null_member (record, "created_by");
        }
      /* A status change that does not say when (REST, the CLI) is stamped
       * now, by the rule the client's store follows. */
      rapport_queue_stamp (entity, current, apply, now);
      json_object_iter_init (&iter, apply);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (record, name, json_node_copy (value));
      if (current == NULL)
        fill_defaults (entity, record);

      if (strcmp (entity->name, "deal") == 0 && current == NULL &&
          !place_new_deal (backend, record, error))
        return FALSE;
      if (strcmp (entity->name, "deal") == 0 &&
          (json_object_has_member (apply, "stage_id") || current == NULL) &&
          !follow_stage (backend, record, current, now, error))
        return FALSE;
      if (!rapport_server_deal_follow (backend, entity, current, apply, record, error))
        return FALSE;
      rapport_record_compute (entity, record);
      if (!rapport_server_sla_compute (backend, entity, record, now, error))
        return FALSE;
      if (!rapport_server_check_parent (backend, entity, op->id, record, &rejection, error) ||
          (rejection == NULL &&
           !rapport_server_documents_compute (backend, entity, op->id, record, family, &rejection,
                                              error)) ||
          (rejection == NULL &&
           !rapport_server_approvals_check (backend, actor, entity, current, record, now, family,
                                            &rejection, error)) ||
          (rejection == NULL &&
           !rapport_server_lifecycle_check (backend, actor, entity, current, record, family,
                                            &rejection, error)) ||
          (rejection == NULL &&
           !rapport_server_sla_check (backend, entity, current, record, now, family, &rejection,
                                      error)) ||
          (rejection == NULL &&
           !rapport_server_csat_check (backend, entity, record, &rejection, error)))
        return FALSE;
      if (rejection == NULL)
        rapport_server_consent_check (actor, entity, current, record, &rejection);
      if (rejection == NULL &&
          !rapport_server_campaign_member_check (backend, entity, current, record, now,
                                                 &rejection, error))
        return FALSE;
      if (rejection == NULL && rapport_validate_record (entity, record, &rejection) &&
          !check_unique (backend, entity, record, apply, current == NULL, &rejection, error))
        return FALSE;
      /* Last: a merge writes the records it merges. */
      if (rejection == NULL &&
          !rapport_server_merges_check (backend, actor, entity, current, record, now, &rejection,
                                        error))
        return FALSE;
      if (rejection != NULL)
        {
          g_clear_pointer (&result->conflicts, json_array_unref);
          result->conflicts = json_array_new ();
          reject (result, rejection, current);
          return TRUE;
        }
      if (!rapport_server_campaign_member_follow (backend, actor, entity, current, record, now,
                                                  error) ||
          !rapport_server_numbers_assign (backend, entity, stored, record, error) ||
          !rapport_server_queues_assign (backend, entity, current, record, now, error))
        return FALSE;

      json_object_set_int_member (record, "version", version);
      json_object_set_string_member (record, "updated_at", now);
      if (actor != NULL && actor->id != NULL)
        json_object_set_string_member (record, "updated_by", actor->id);
      else
        json_object_set_null_member (record, "updated_by");

      if (strcmp (entity->name, "user") == 0 && !sync_user_name (backend, current, record, &rejection))
        {
          if (rejection == NULL)
            return FALSE;
          reject (result, rejection, current);
          return TRUE;
        }
    }

  /* The totals follow a line's delete: read the family while it has it. */
  if (op->kind == RAPPORT_OP_DELETE &&
      (!rapport_server_approvals_check (backend, actor, entity, current, NULL, now, family,
                                        &rejection, error) ||
       /* A delivered line of an amendment stays; an amendment deleted
        * gives the order back. */
       (rejection == NULL &&
        !rapport_server_lifecycle_check (backend, actor, entity, current, NULL, family,
                                         &rejection, error)) ||
       (rejection == NULL &&
        !rapport_server_merges_check (backend, actor, entity, current, NULL, now, &rejection,
                                      error)) ||
       (rejection == NULL &&
        !rapport_server_documents_compute (backend, entity, op->id, NULL, family, NULL, error))))
    return FALSE;
  if (rejection != NULL)
    {
      g_clear_pointer (&result->conflicts, json_array_unref);
      result->conflicts = json_array_new ();
      reject (result, rejection, current);
      return TRUE;
    }
  if (!rapport_server_store_write (backend, actor, entity, op->id,
                    current == NULL && op->kind != RAPPORT_OP_DELETE ? RAPPORT_OP_CREATE : op->kind,
                    current, record, version, now, error))
    return FALSE;
  if (!rapport_server_deal_record (backend, actor, op, current, record, now, error))
    return FALSE;
  /* Lines go with their record. */
  if (op->kind == RAPPORT_OP_DELETE &&
      !rapport_server_delete_children (backend, actor, entity, op->id, now, error))
    return FALSE;
  if (!rapport_server_documents_write (backend, actor, family, now, error))
    return FALSE;
  if (strcmp (entity->name, "user") == 0 && !(is_active_user (current) && is_active_user (record)) &&
      !backend->vtable->delete_tokens (backend, NULL, op->id, error))
    return FALSE;
  /* Last, so that rules see the write as stored; what they change of
   * the record itself is what the op answers. */
  if (!rapport_server_automation_run (backend, actor, op, current, record, now, &latest, error))
    return FALSE;

  result->record = latest != NULL ? g_steal_pointer (&latest) : g_steal_pointer (&record);
  return TRUE;
}

/**
 * rapport_server_ops_done:
 *
 * What follows the ops of a transaction before it commits: the orders of
 * the quotes they accepted, the totals of the documents whose lines they
 * wrote. (A transaction rolled back leaves
 * its documents marked; totalling them again with the next one finds
 * nothing changed.)
 */
gboolean
rapport_server_ops_done (RapportServerBackend     *backend,
                         const RapportServerActor *actor,
                         GError                  **error)
{
  g_autofree char *now = rapport_server_now ();

  return rapport_server_lifecycle_flush (backend, actor, error) &&
         rapport_server_documents_flush (backend, actor, now, error);
}

/**
 * rapport_server_write:
 * @out_record: (optional): the record after the op; NULL after a delete
 *
 * rapport_server_apply_op() for REST and the command line, where an op that
 * is not applied is an error: its rejection, or 412 for a conflict.
 */
gboolean
rapport_server_write (RapportServerBackend     *backend,
                      const RapportServerActor *actor,
                      const RapportServerOp    *op,
                      JsonObject              **out_record,
                      GError                  **error)
{
  RapportWriteResult result = { 0 };
  gboolean ok;

  if (!rapport_server_apply_op (backend, actor, op, &result, error) ||
      !rapport_server_ops_done (backend, actor, error))
    return FALSE;
  ok = result.status == RAPPORT_WRITE_APPLIED || result.status == RAPPORT_WRITE_MERGED;
  if (result.error != NULL)
    g_propagate_error (error, g_steal_pointer (&result.error));
  else if (!ok)
    rapport_server_set_error (error, RAPPORT_SERVER_ERROR_PRECONDITION_FAILED, NULL,
                              _("The %s changed meanwhile"), op->entity->name);
  if (ok && out_record != NULL)
    *out_record = g_steal_pointer (&result.record);
  rapport_write_result_clear (&result);
  return ok;
}

/* Adds {"base": null, "new": @value} to an op's changes; takes @value. */
void
rapport_server_changes_add (JsonObject *changes,
                            const char *name,
                            JsonNode   *value)
{
  JsonObject *change = json_object_new ();

  json_object_set_null_member (change, "base");
  json_object_set_member (change, "new", value);
  json_object_set_object_member (changes, name, change);
}

void
rapport_write_result_clear (RapportWriteResult *result)
{
  g_clear_pointer (&result->record, json_object_unref);
  g_clear_pointer (&result->conflicts, json_array_unref);
  g_clear_error (&result->error);
}

static const char * const write_status_names[] = {
  [RAPPORT_WRITE_APPLIED] = "applied",
  [RAPPORT_WRITE_MERGED] = "merged",
  [RAPPORT_WRITE_CONFLICT] = "conflict",
  [RAPPORT_WRITE_REJECTED] = "rejected",
};

/* One element of the "results" of a push. */
JsonNode *
rapport_write_result_to_json (const RapportWriteResult *result,
                              const char               *op_id)
{
  g_autoptr(JsonObject) object = json_object_new ();

  if (op_id != NULL)
    json_object_set_string_member (object, "op_id", op_id);
  else
    json_object_set_null_member (object, "op_id");
  json_object_set_string_member (object, "status", write_status_names[result->status]);
  if (result->record != NULL)
    json_object_set_object_member (object, "record", json_object_ref (result->record));
  else
    json_object_set_null_member (object, "record");
  json_object_set_array_member (object, "conflicts",
                                result->conflicts != NULL ? json_array_ref (result->conflicts)
                                                          : json_array_new ());
  if (result->error != NULL)
    json_object_set_member (object, "error", rapport_server_error_to_json (result->error));
  else
    json_object_set_null_member (object, "error");
  return json_node_init_object (json_node_alloc (), object);
}
