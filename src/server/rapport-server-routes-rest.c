/* rapport-server-routes-rest.c: plain REST on every record type
 *
 * A REST write is an op without a merge: it applies to whatever version the
 * server has, unless If-Match pins one (412 when it moved on).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-routes-rest"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-json.h"
#include "rapport-server-error.h"
#include "rapport-server-private.h"
#include "rapport-uuid.h"

#define DEFAULT_PAGE 100
#define MAX_PAGE 1000
#define MAX_AFTER_CHARS 64

void
rapport_server_handle_list (RapportServer       *self,
                            SoupServerMessage   *msg,
                            const RapportEntity *entity,
                            GHashTable          *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_stored_record_free);
  const char *after = query != NULL ? g_hash_table_lookup (query, "after") : NULL;
  GString *json;
  guint limit;
  guint n_taken;
  gboolean more;

  if (after != NULL && (strlen (after) > MAX_AFTER_CHARS || !g_utf8_validate (after, -1, NULL)))
    {
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_INVALID_PARAMETER, "after",
                                _("“after” must be a record id"));
      goto fail;
    }
  if (!rapport_server_get_query_uint (query, "limit", DEFAULT_PAGE, MAX_PAGE, &limit, &error) ||
      !self->backend->vtable->list_records (self->backend, entity->name, after, limit + 1, rows,
                                            &error))
    goto fail;

  json = g_string_sized_new (256 + rows->len * 512);
  g_string_append (json, "{\"records\":[");
  n_taken = rapport_server_append_page (self, json, rows, limit, FALSE, &more);
  g_string_append (json, "],\"next\":");
  if (more)
    g_string_append_printf (json, "\"%s\"}",
                            ((RapportStoredRecord *) g_ptr_array_index (rows, n_taken - 1))->id);
  else
    g_string_append (json, "null}");
  rapport_server_respond_text (msg, SOUP_STATUS_OK, json);
  return;

fail:
  rapport_server_respond_error (msg, error);
}

/* A REST body {"field": value} as op changes {"field": {"base": null, "new": value}}. */
static JsonObject *
body_to_changes (JsonObject *body)
{
  JsonObject *changes = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, body);
  while (json_object_iter_next (&iter, &name, &value))
    rapport_server_changes_add (changes, name, json_node_copy (value));
  return changes;
}

static JsonObject *
read_object (RapportServer     *self,
             SoupServerMessage *msg,
             GError           **error)
{
  g_autoptr(JsonNode) root = rapport_server_read_body (self, msg, error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, NULL,
                                _("Expected a JSON object of fields"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* Applies one op in its own transaction. Returns the record (NULL after a
 * delete) or sets @error to what the client gets. */
static gboolean
write_op (RapportServer      *self,
          RapportServerActor *actor,
          RapportServerOp    *op,
          JsonObject        **out_record,
          GError            **error)
{
  RapportServerBackend *backend = self->backend;

  if (!backend->vtable->begin (backend, error))
    return FALSE;
  if (!rapport_server_write (backend, actor, op, out_record, error) ||
      !backend->vtable->commit (backend, error))
    {
      backend->vtable->rollback (backend);
      return FALSE;
    }
  return TRUE;
}

void
rapport_server_handle_create (RapportServer       *self,
                              SoupServerMessage   *msg,
                              RapportServerActor  *actor,
                              const RapportEntity *entity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = read_object (self, msg, &error);
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autofree char *id = NULL;
  g_autofree char *location = NULL;
  RapportServerOp op = { 0 };
  JsonNode *id_node;

  if (body == NULL)
    goto fail;

  /* The client may name the record, as offline clients do. */
  id_node = json_object_get_member (body, "id");
  if (id_node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (id_node) || json_node_get_value_type (id_node) != G_TYPE_STRING ||
          !rapport_uuid_is_valid (json_node_get_string (id_node)))
        {
          rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_BAD_REQUEST, "id",
                                    _("“id” must be a UUID"));
          goto fail;
        }
      id = g_strdup (json_node_get_string (id_node));
      json_object_remove_member (body, "id");
    }
  /* A link is named by its pair (rapport_entity_link_id()). */
  else if (entity->link_pair == NULL || !(id = rapport_entity_link_id (entity, body)))
    id = rapport_uuid_v7_new ();

  if (!rapport_server_check_role (actor, entity, &error) ||
      !self->backend->vtable->get_record (self->backend, entity->name, id, &stored, &error))
    goto fail;
  /* A deleted id is restored, as a pushed create restores it, under the
   * same rules. */
  if (stored != NULL && !stored->deleted && entity->link_pair != NULL)
    {
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_ALREADY_EXISTS, entity->link_pair[1],
                                _("These two records are linked already"));
      goto fail;
    }
  if (stored != NULL && !stored->deleted)
    {
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_ALREADY_EXISTS, "id",
                                _("A %s with this id exists already"), entity->name);
      goto fail;
    }

  changes = body_to_changes (body);
  op.kind = RAPPORT_OP_CREATE;
  op.entity = entity;
  op.id = id;
  op.base_version = 0;
  op.changes = changes;
  if (!write_op (self, actor, &op, &record, &error))
    goto fail;

  location = g_strdup_printf ("%s%s/%s", RAPPORT_API_PREFIX, entity->table, id);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Location", location);
  rapport_server_respond_record (msg, SOUP_STATUS_CREATED, record);
  return;

fail:
  rapport_server_respond_error (msg, error);
}

/* If-Match: "*", "3", W/"3" or a list of them. */
static gboolean
if_match_allows (SoupServerMessage *msg,
                 gint64             version)
{
  const char *header = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                      "If-Match");
  g_auto(GStrv) tags = NULL;

  if (header == NULL)
    return TRUE;
  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      char *tag = g_strstrip (tags[i]);
      guint64 value;

      if (strcmp (tag, "*") == 0)
        return TRUE;
      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (tag[0] == '"' && strlen (tag) >= 2 && tag[strlen (tag) - 1] == '"')
        {
          tag[strlen (tag) - 1] = '\0';
          tag++;
        }
      if (g_ascii_string_to_unsigned (tag, 10, 0, G_MAXINT64, &value, NULL) &&
          (gint64) value == version)
        return TRUE;
    }
  return FALSE;
}

void
rapport_server_handle_record (RapportServer       *self,
                              SoupServerMessage   *msg,
                              RapportServerActor  *actor,
                              const RapportEntity *entity,
                              const char          *id)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonObject) record = NULL;
  RapportServerOp op = { 0 };

  if (!rapport_server_load_record (self->backend, entity, id, &stored, &current, &error))
    goto fail;
  if (rapport_server_is_damaged (stored, current) && strcmp (method, "DELETE") != 0)
    {
      rapport_server_set_damaged_error (&error);
      goto fail;
    }
  if (stored == NULL || stored->deleted)
    {
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_NOT_FOUND, NULL,
                                _("There is no %s with this id"), entity->name);
      goto fail;
    }
  if (strcmp (method, "GET") == 0)
    {
      rapport_server_respond_record (msg, SOUP_STATUS_OK, current);
      return;
    }

  if (strcmp (method, "PATCH") == 0)
    {
      body = read_object (self, msg, &error);
      if (body == NULL)
        goto fail;
      if (g_strcmp0 (rapport_json_get_string (body, "id"), id) == 0)
        json_object_remove_member (body, "id");
      changes = body_to_changes (body);
    }
  if (!if_match_allows (msg, stored->version))
    {
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_PRECONDITION_FAILED, NULL,
                                _("The %s changed since you read it (now version %lld)"),
                                entity->name, (long long) stored->version);
      goto fail;
    }

  op.kind = strcmp (method, "DELETE") == 0 ? RAPPORT_OP_DELETE : RAPPORT_OP_UPDATE;
  op.entity = entity;
  op.id = id;
  op.base_version = stored->version;
  op.changes = changes;
  if (!write_op (self, actor, &op, &record, &error))
    goto fail;

  if (op.kind == RAPPORT_OP_DELETE)
    soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  else
    rapport_server_respond_record (msg, SOUP_STATUS_OK, record);
  return;

fail:
  rapport_server_respond_error (msg, error);
}

void
rapport_server_handle_history (RapportServer       *self,
                               SoupServerMessage   *msg,
                               const RapportEntity *entity,
                               const char          *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  GString *json;

  if (!self->backend->vtable->get_record (self->backend, entity->name, id, &stored, &error))
    goto fail;
  if (stored == NULL)
    {
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_NOT_FOUND, NULL,
                                _("There is no %s with this id"), entity->name);
      goto fail;
    }
  if (!self->backend->vtable->list_history (self->backend, entity->name, id, entries, &error))
    goto fail;

  json = g_string_new ("{\"history\":[");
  for (guint i = 0; i < entries->len; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      rapport_server_append_json_text (json, g_ptr_array_index (entries, i));
    }
  g_string_append (json, "]}");
  rapport_server_respond_text (msg, SOUP_STATUS_OK, json);
  return;

fail:
  rapport_server_respond_error (msg, error);
}
