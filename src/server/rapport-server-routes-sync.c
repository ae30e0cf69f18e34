/* rapport-server-routes-sync.c: the changes feed and push
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-routes-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-json.h"
#include "rapport-numbering.h"
#include "rapport-server-documents.h"
#include "rapport-server-lifecycle.h"
#include "rapport-server-error.h"
#include "rapport-server-identity.h"
#include "rapport-server-private.h"
#include "rapport-uuid.h"

#define DEFAULT_PAGE 500
#define MAX_PAGE 1000
#define MAX_CURSOR_DIGITS 18

static gboolean
parse_cursor (GHashTable *query,
              gint64     *out,
              GError    **error)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, "since") : NULL;
  guint64 value;

  *out = 0;
  if (text == NULL)
    return TRUE;
  if (strlen (text) > MAX_CURSOR_DIGITS ||
      !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_INVALID_PARAMETER, "since",
                                _("“since” must be a cursor this server returned"));
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

void
rapport_server_handle_changes (RapportServer     *self,
                               SoupServerMessage *msg,
                               GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_stored_record_free);
  GString *json;
  gint64 since;
  gint64 cursor;
  guint limit;
  guint n_taken;
  guint64 remaining = 0;
  gboolean more;

  if (!parse_cursor (query, &since, &error) ||
      !rapport_server_get_query_uint (query, "limit", DEFAULT_PAGE, MAX_PAGE, &limit, &error) ||
      !self->backend->vtable->list_changes (self->backend, since, limit + 1, rows, &error))
    {
      rapport_server_respond_error (msg, error);
      return;
    }

  json = g_string_sized_new (256 + rows->len * 512);
  g_string_append (json, "{\"changes\":[");
  n_taken = rapport_server_append_page (self, json, rows, limit, TRUE, &more);
  cursor = n_taken > 0 ? ((RapportStoredRecord *) g_ptr_array_index (rows, n_taken - 1))->seq : since;
  /* So that a client can say "Receiving 12,000 of 50,000"; a count that
   * fails only costs the figure, not the page. */
  if (more && !self->backend->vtable->count_changes (self->backend, cursor, &remaining, &error))
    {
      g_warning ("Could not count the changes after %" G_GINT64_FORMAT ": %s", cursor,
                 error->message);
      g_clear_error (&error);
    }
  g_string_append_printf (json, "],\"cursor\":\"%" G_GINT64_FORMAT "\",\"more\":%s,"
                          "\"remaining\":%" G_GUINT64_FORMAT "}",
                          cursor, more ? "true" : "false", remaining);
  rapport_server_append_identity (self, json);
  /* The same cursor and "more" as the body, where a client reads them before
   * the body: it can ask for the next page while it parses this one. */
  {
    SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
    g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, cursor);

    soup_message_headers_replace (headers, "Rapport-Cursor", value);
    soup_message_headers_replace (headers, "Rapport-More", more ? "true" : "false");
  }
  rapport_server_respond_text (msg, SOUP_STATUS_OK, json);
}

/* Checks the shape of one op; the values themselves are validated when the
 * op is applied. */
static gboolean
parse_op (JsonNode         *node,
          RapportServerOp  *op,
          const char      **op_id,
          GError          **error)
{
  JsonObject *object;
  JsonNode *member;
  const char *text;
  gboolean ok;

  *op_id = NULL;
  memset (op, 0, sizeof *op);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, NULL,
                                _("Each op must be an object"));
      return FALSE;
    }
  object = json_node_get_object (node);

  text = rapport_json_get_string (object, "op_id");
  if (text == NULL || !rapport_uuid_is_valid (text))
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, "op_id",
                                _("“op_id” must be a UUID"));
      return FALSE;
    }
  *op_id = text;
  op->op_id = text;

  text = rapport_json_get_string (object, "entity");
  op->entity = text != NULL ? rapport_entity_lookup (text) : NULL;
  if (op->entity == NULL)
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, "entity",
                                _("“entity” must be a record type"));
      return FALSE;
    }

  op->id = rapport_json_get_string (object, "id");
  if (op->id == NULL || !rapport_uuid_is_valid (op->id))
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, "id",
                                _("“id” must be a UUID"));
      return FALSE;
    }

  op->kind = rapport_op_kind_from_string (rapport_json_get_string (object, "op"), &ok);
  if (!ok)
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, "op",
                                _("“op” must be create, update or delete"));
      return FALSE;
    }

  member = json_object_get_member (object, "base_version");
  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    op->base_version = 0;
  else if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_INT64 &&
           json_node_get_int (member) >= 0)
    op->base_version = json_node_get_int (member);
  else
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, "base_version",
                                _("“base_version” must be a whole number"));
      return FALSE;
    }
  if (op->kind != RAPPORT_OP_CREATE && (member == NULL || JSON_NODE_HOLDS_NULL (member)))
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, "base_version",
                                _("An update or a delete needs “base_version”"));
      return FALSE;
    }

  member = json_object_get_member (object, "changes");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *change;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        goto bad_changes;
      op->changes = json_node_get_object (member);
      json_object_iter_init (&iter, op->changes);
      while (json_object_iter_next (&iter, &name, &change))
        {
          if (!JSON_NODE_HOLDS_OBJECT (change) ||
              !json_object_has_member (json_node_get_object (change), "new"))
            {
              rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, name,
                                        _("Each change must be {\"base\": …, \"new\": …}"));
              return FALSE;
            }
        }
      /* Derived values and numbers are the server's to set: a pushed one
       * is ignored, so it is never merged and never conflicts. A client
       * sends them back only when it restores a record whole. */
      for (guint i = 0; i < op->entity->n_fields; i++)
        if (rapport_field_is_server_set (&op->entity->fields[i]))
          json_object_remove_member (op->changes, op->entity->fields[i].name);
    }
  else if (op->kind != RAPPORT_OP_DELETE)
    goto bad_changes;
  return TRUE;

bad_changes:
  rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, "changes",
                            _("“changes” must be an object of field changes"));
  return FALSE;
}

/* Whether an op without a stored result may have had one, pruned since:
 * its op_id says it was made before the results kept (by the client's
 * clock), or does not say when. */
static gboolean
result_may_be_pruned (RapportServer *self,
                      const char    *op_id)
{
  g_autofree char *made = rapport_uuid_v7_time (op_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) kept_since = g_date_time_add_days (now, -(gint) self->options.op_result_days);
  g_autofree char *kept_since_text = g_date_time_format (kept_since, "%Y-%m-%dT%H:%M:%SZ");

  return made == NULL || strcmp (made, kept_since_text) < 0;
}

/* One op, its stored result included, is one transaction: after a crash
 * either both are there or neither, and a retry finds the result. */
static JsonNode *
push_one (RapportServer      *self,
          RapportServerActor *actor,
          JsonNode           *node,
          GError            **error)
{
  RapportServerBackend *backend = self->backend;
  RapportServerOp op;
  RapportWriteResult result = { 0 };
  g_autoptr(GError) shape_error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *op_id;

  if (!parse_op (node, &op, &op_id, &shape_error))
    {
      result.status = RAPPORT_WRITE_REJECTED;
      result.error = g_steal_pointer (&shape_error);
      answer = rapport_write_result_to_json (&result, op_id);
      rapport_write_result_clear (&result);
      return g_steal_pointer (&answer);
    }

  if (!backend->vtable->begin (backend, error))
    return NULL;
  if (!backend->vtable->get_op_result (backend, actor->id, op_id, &stored, error))
    goto fail;
  if (stored != NULL)
    {
      g_autofree char *repaired = rapport_json_make_safe (stored, strlen (stored));

      backend->vtable->rollback (backend);
      if (repaired != NULL)
        return rapport_json_parse (repaired, strlen (repaired), G_MAXSIZE,
                                   RAPPORT_JSON_DEFAULT_MAX_DEPTH, error);
      return rapport_json_parse (stored, strlen (stored), G_MAXSIZE,
                                 RAPPORT_JSON_DEFAULT_MAX_DEPTH, error);
    }

  op.result_pruned = result_may_be_pruned (self, op_id);
  if (!rapport_server_apply_op (backend, actor, &op, &result, error) ||
      !rapport_server_ops_done (backend, actor, error))
    goto fail;
  answer = rapport_write_result_to_json (&result, op_id);
  rapport_write_result_clear (&result);
  text = rapport_json_to_string (answer);
  if (!backend->vtable->put_op_result (backend, actor->id, op_id, text, error) ||
      !backend->vtable->commit (backend, error))
    goto fail;
  return g_steal_pointer (&answer);

fail:
  backend->vtable->rollback (backend);
  return NULL;
}

/* The "group" of an op, or NULL when it stands alone. */
static const char *
op_group (JsonNode *node)
{
  return JSON_NODE_HOLDS_OBJECT (node) ? rapport_json_get_string (json_node_get_object (node), "group") : NULL;
}

/* A record and its lines (a group of ops) are applied in one transaction,
 * together or not at all: if the server refuses one op of the group, every
 * op of it is refused, with the reason, and nothing of it is written. A
 * conflict is per line: the other lines merge. Ops answered before (a
 * retry) keep their answers. Appends one answer per op to @results. */
static gboolean
push_group (RapportServer      *self,
            RapportServerActor *actor,
            JsonArray          *ops,
            guint               start,
            guint               n_ops,
            JsonArray          *results,
            GError            **error)
{
  RapportServerBackend *backend = self->backend;
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree gboolean *fresh = g_new0 (gboolean, n_ops);
  g_autofree char *refusal = NULL;

  if (!backend->vtable->begin (backend, error))
    return FALSE;
  for (guint i = 0; i < n_ops; i++)
    {
      RapportServerOp op;
      RapportWriteResult result = { 0 };
      g_autoptr(GError) shape_error = NULL;
      g_autofree char *stored = NULL;
      const char *op_id;

      if (!parse_op (json_array_get_element (ops, start + i), &op, &op_id, &shape_error))
        {
          result.status = RAPPORT_WRITE_REJECTED;
          result.error = g_steal_pointer (&shape_error);
        }
      else if (!backend->vtable->get_op_result (backend, actor->id, op_id, &stored, error))
        goto fail;
      else if (stored != NULL)
        {
          g_autofree char *repaired = rapport_json_make_safe (stored, strlen (stored));
          const char *text = repaired != NULL ? repaired : stored;
          JsonNode *answer = rapport_json_parse (text, strlen (text), G_MAXSIZE,
                                                 RAPPORT_JSON_DEFAULT_MAX_DEPTH, error);

          if (answer == NULL)
            goto fail;
          g_ptr_array_add (answers, answer);
          continue;
        }
      else
        {
          op.result_pruned = result_may_be_pruned (self, op_id);
          if (!rapport_server_apply_op (backend, actor, &op, &result, error))
            goto fail;
        }

      if (result.status == RAPPORT_WRITE_REJECTED && refusal == NULL)
        refusal = g_strdup (result.error != NULL ? result.error->message : "");
      fresh[i] = TRUE;
      g_ptr_array_add (answers, rapport_write_result_to_json (&result, op_id));
      rapport_write_result_clear (&result);
    }

  if (refusal != NULL)
    {
      /* Undo what the group wrote, and refuse the rest of it. */
      backend->vtable->rollback (backend);
      rapport_server_documents_forget (backend);
      rapport_server_lifecycle_forget (backend);
      if (!backend->vtable->begin (backend, error))
        return FALSE;
      for (guint i = 0; i < n_ops; i++)
        {
          JsonNode *node = g_ptr_array_index (answers, i);
          JsonObject *answer = json_node_get_object (node);
          RapportWriteResult result = { 0 };

          if (!fresh[i] || g_strcmp0 (rapport_json_get_string (answer, "status"), "rejected") == 0)
            continue;
          result.status = RAPPORT_WRITE_REJECTED;
          rapport_server_set_error (&result.error, RAPPORT_SERVER_ERROR_PRECONDITION_FAILED, NULL,
                                    _("Not saved, because another part of the same change was refused: %s"),
                                    refusal);
          g_ptr_array_index (answers, i) = rapport_write_result_to_json (&result, rapport_json_get_string (answer, "op_id"));
          json_node_unref (node);
          rapport_write_result_clear (&result);
        }
    }

  if (refusal == NULL && !rapport_server_ops_done (backend, actor, error))
    goto fail;
  for (guint i = 0; i < n_ops; i++)
    {
      JsonNode *answer = g_ptr_array_index (answers, i);
      const char *op_id = rapport_json_get_string (json_node_get_object (answer), "op_id");
      g_autofree char *text = NULL;

      if (!fresh[i] || op_id == NULL)
        continue;
      text = rapport_json_to_string (answer);
      if (!backend->vtable->put_op_result (backend, actor->id, op_id, text, error))
        goto fail;
    }
  if (!backend->vtable->commit (backend, error))
    goto fail;
  for (guint i = 0; i < n_ops; i++)
    json_array_add_element (results, json_node_ref (g_ptr_array_index (answers, i)));
  return TRUE;

fail:
  backend->vtable->rollback (backend);
  return FALSE;
}

/* A push is applied a slice at a time, so that one client's batch of 500
 * ops does not hold everyone else's requests: the body is parsed in a
 * thread, then the ops (each its own transaction, see push_one()) are
 * applied for at most SLICE_USEC at a time from an idle source, with the
 * message paused until the answer is ready. A user has one push in flight. */
#define SLICE_USEC 4000

typedef struct
{
  RapportServer      *server;  /* (owned) */
  SoupServerMessage  *msg;     /* (owned) */
  RapportServerActor *actor;   /* (owned) */
  GBytes             *body;    /* (owned) (nullable): until parsed */
  JsonNode           *root;    /* (owned) (nullable) */
  JsonArray          *ops;     /* (unowned): in root */
  JsonArray          *results; /* (owned) */
  guint               next;
  gboolean            gone;    /* the connection went before the answer */
  gulong              finished_id;
} PushJob;

static void
push_job_free (PushJob *job)
{
  g_hash_table_remove (job->server->pushing, job->actor->id);
  g_signal_handler_disconnect (job->msg, job->finished_id);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_clear_pointer (&job->root, json_node_unref);
  g_clear_pointer (&job->results, json_array_unref);
  rapport_server_actor_free (job->actor);
  g_object_unref (job->msg);
  g_object_unref (job->server);
  g_free (job);
}

static void
push_job_finish (PushJob      *job,
                 const GError *error)
{
  if (!job->gone)
    {
      if (error != NULL)
        rapport_server_respond_error (job->msg, error);
      else
        {
          g_autoptr(JsonObject) body = json_object_new ();
          g_autoptr(JsonNode) answer = NULL;

          json_object_set_array_member (body, "results", g_steal_pointer (&job->results));
          rapport_server_add_identity (job->server, body);
          answer = json_node_init_object (json_node_alloc (), body);
          rapport_server_respond_json (job->msg, SOUP_STATUS_OK, answer);
        }
      soup_server_message_unpause (job->msg);
    }
  push_job_free (job);
}

static void
push_gone_cb (SoupServerMessage *msg,
              gpointer           user_data)
{
  PushJob *job = user_data;

  job->gone = TRUE;
}

static gboolean
push_slice_cb (gpointer user_data)
{
  PushJob *job = user_data;
  gint64 until = g_get_monotonic_time () + SLICE_USEC;
  g_autoptr(GError) error = NULL;

  /* Ops already applied are kept: the client retries the rest by op_id. */
  if (job->gone)
    {
      push_job_free (job);
      return G_SOURCE_REMOVE;
    }
  do
    {
      JsonNode *result;
      const char *group;

      if (job->next == json_array_get_length (job->ops))
        {
          push_job_finish (job, NULL);
          return G_SOURCE_REMOVE;
        }
      group = op_group (json_array_get_element (job->ops, job->next));
      if (group != NULL)
        {
          guint n = 1;

          while (job->next + n < json_array_get_length (job->ops) &&
                 g_strcmp0 (op_group (json_array_get_element (job->ops, job->next + n)), group) == 0)
            n++;
          if (!push_group (job->server, job->actor, job->ops, job->next, n, job->results, &error))
            {
              push_job_finish (job, error);
              return G_SOURCE_REMOVE;
            }
          job->next += n;
          continue;
        }
      result = push_one (job->server, job->actor, json_array_get_element (job->ops, job->next), &error);
      if (result == NULL)
        {
          push_job_finish (job, error);
          return G_SOURCE_REMOVE;
        }
      json_array_add_element (job->results, result);
      job->next++;
    }
  while (g_get_monotonic_time () < until);
  return G_SOURCE_CONTINUE;
}

static void
parse_push_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PushJob *job = task_data;
  GError *error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (job->body, &length);
  JsonNode *root = rapport_json_parse (data, length, job->server->options.max_body,
                                       RAPPORT_JSON_DEFAULT_MAX_DEPTH, &error);

  if (root == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

static void
push_parsed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PushJob *job = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *ops;

  job->root = g_task_propagate_pointer (G_TASK (result), &error);
  g_clear_pointer (&job->body, g_bytes_unref);
  if (job->root == NULL || !rapport_server_check_identity (job->server, job->root, &error))
    {
      push_job_finish (job, error);
      return;
    }
  ops = JSON_NODE_HOLDS_OBJECT (job->root) ? json_object_get_member (json_node_get_object (job->root), "ops")
                                           : NULL;
  if (ops == NULL || !JSON_NODE_HOLDS_ARRAY (ops))
    rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_BAD_REQUEST, "ops",
                              _("Expected {\"ops\": [...]}"));
  else if (json_array_get_length (json_node_get_array (ops)) > RAPPORT_MAX_PUSH_OPS)
    rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_TOO_LARGE, "ops",
                              _("Push at most %d ops at once"), RAPPORT_MAX_PUSH_OPS);
  if (error != NULL)
    {
      push_job_finish (job, error);
      return;
    }
  job->ops = json_node_get_array (ops);
  g_idle_add_full (G_PRIORITY_DEFAULT, push_slice_cb, job, NULL);
}

static RapportServerActor *
copy_actor (const RapportServerActor *actor)
{
  RapportServerActor *copy = g_new0 (RapportServerActor, 1);

  copy->id = g_strdup (actor->id);
  copy->name = g_strdup (actor->name);
  copy->role = g_strdup (actor->role);
  return copy;
}

void
rapport_server_handle_push (RapportServer      *self,
                            SoupServerMessage  *msg,
                            RapportServerActor *actor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GTask) task = NULL;
  PushJob *job;

  if (g_hash_table_contains (self->pushing, actor->id))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "1");
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_RATE_LIMITED, NULL,
                                _("Your previous push is still being applied; send this one when it is answered"));
      rapport_server_respond_error (msg, error);
      return;
    }
  body = rapport_server_get_body (msg, &error);
  if (body == NULL)
    {
      rapport_server_respond_error (msg, error);
      return;
    }

  job = g_new0 (PushJob, 1);
  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->actor = copy_actor (actor);
  job->body = g_steal_pointer (&body);
  job->results = json_array_new ();
  job->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (push_gone_cb), job);
  g_hash_table_add (self->pushing, g_strdup (actor->id));
  soup_server_message_pause (msg);

  task = g_task_new (NULL, NULL, push_parsed_cb, job);
  g_task_set_source_tag (task, rapport_server_handle_push);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, parse_push_thread);
}
