/* rapport-server-identity.c: the database's id and epoch in the API's answers
 *
 * The changes feed, push and /me answer with {"server": {"id", "epoch"}}, so
 * that a client knows whose cursor it holds: another id is another team's
 * server, another epoch the same server restored from a backup. A push may
 * name the server it was meant for; one meant for another is refused whole,
 * so that nothing lands in a stranger or in a restored database before the
 * client has caught up with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-identity"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-server-error.h"
#include "rapport-server-identity.h"
#include "rapport-server-private.h"

/**
 * rapport_server_add_identity:
 * @answer: an answer's top-level object; gets the member "server"
 */
void
rapport_server_add_identity (RapportServer *self,
                             JsonObject    *answer)
{
  JsonObject *server = json_object_new ();
  const char *id, *epoch;

  self->backend->vtable->get_identity (self->backend, &id, &epoch);
  json_object_set_string_member (server, "id", id);
  json_object_set_string_member (server, "epoch", epoch);
  json_object_set_object_member (answer, "server", server);
}

/**
 * rapport_server_append_identity:
 * @json: a whole JSON object as text, ending in '}'
 *
 * Adds the member "server" to an answer built as text.
 */
void
rapport_server_append_identity (RapportServer *self,
                                GString       *json)
{
  const char *id, *epoch;

  g_return_if_fail (json->len > 2 && json->str[json->len - 1] == '}');

  /* Both are UUIDs the server made: nothing to escape. */
  self->backend->vtable->get_identity (self->backend, &id, &epoch);
  g_string_truncate (json, json->len - 1);
  g_string_append_printf (json, ",\"server\":{\"id\":\"%s\",\"epoch\":\"%s\"}}", id, epoch);
}

/**
 * rapport_server_check_identity:
 * @request: a push's body
 *
 * Returns: %FALSE with a 409 `server_changed` when the body names another
 *   server or epoch than this one's; a body that names none passes
 */
gboolean
rapport_server_check_identity (RapportServer *self,
                               JsonNode      *request,
                               GError       **error)
{
  JsonObject *body = JSON_NODE_HOLDS_OBJECT (request) ? json_node_get_object (request) : NULL;
  JsonNode *member = body != NULL ? json_object_get_member (body, "server") : NULL;
  JsonObject *expected;
  const char *id, *epoch;

  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return TRUE;
  expected = JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
  if (expected == NULL ||
      rapport_json_get_string (expected, "id") == NULL ||
      rapport_json_get_string (expected, "epoch") == NULL)
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, "server",
                                _("“server” must be {\"id\": …, \"epoch\": …} as this server sent them"));
      return FALSE;
    }

  self->backend->vtable->get_identity (self->backend, &id, &epoch);
  if (g_strcmp0 (rapport_json_get_string (expected, "id"), id) != 0)
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_SERVER_CHANGED, "server",
                                _("This is another server than the one these changes were meant for: nothing was applied"));
      return FALSE;
    }
  if (g_strcmp0 (rapport_json_get_string (expected, "epoch"), epoch) != 0)
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_SERVER_CHANGED, "server",
                                _("This server was restored from a backup since you last synced: pull again before pushing; nothing was applied"));
      return FALSE;
    }
  return TRUE;
}
