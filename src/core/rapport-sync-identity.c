/* rapport-sync-identity.c: which server the cursor belongs to
 *
 * Every answer of the feed, push and /me names the server's database (id)
 * and its epoch, which changes when it is restored from a backup. The store
 * remembers both beside the cursor. Another epoch of the same server starts
 * a catch-up: the whole feed again, then what the server lost is sent back
 * (see rapport-store-resend.c). Another id is another server: nothing is sent
 * to it, and the run fails with RAPPORT_SYNC_ERROR_OTHER_SERVER, until the
 * user adopts it; adopting is the same catch-up, sending the records the new
 * server lacks. Pushes carry the identity they were meant for, so a server
 * that changed between two requests refuses them whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-json.h"
#include "rapport-store-resend.h"
#include "rapport-sync-identity.h"

#define MAX_IDENTITY_CHARS 64

/**
 * rapport_sync_identity_expected:
 *
 * Returns: (transfer full) (nullable): `{"id", "epoch"}` of the server the
 *   cursor belongs to, for a push to name; %NULL before the first contact
 */
JsonObject *
rapport_sync_identity_expected (RapportStore *store)
{
  g_autofree char *id = rapport_store_get_state (store, "server_id");
  g_autofree char *epoch = rapport_store_get_state (store, "server_epoch");
  JsonObject *expected;

  if (id == NULL || epoch == NULL)
    return NULL;
  expected = json_object_new ();
  json_object_set_string_member (expected, "id", id);
  json_object_set_string_member (expected, "epoch", epoch);
  return expected;
}

static const char *
identity_text (JsonObject *server,
               const char *name)
{
  const char *text = rapport_json_get_string (server, name);

  return text != NULL && *text != '\0' && strlen (text) <= MAX_IDENTITY_CHARS && g_utf8_validate (text, -1, NULL)
         ? text : NULL;
}

/**
 * rapport_sync_identity_matches:
 * @expected: (nullable): from rapport_sync_identity_expected()
 * @server: the `server` member of an answer
 */
gboolean
rapport_sync_identity_matches (JsonObject *expected,
                               JsonObject *server)
{
  return expected != NULL &&
         g_strcmp0 (json_object_get_string_member (expected, "id"), identity_text (server, "id")) == 0 &&
         g_strcmp0 (json_object_get_string_member (expected, "epoch"), identity_text (server, "epoch")) == 0;
}

/* The server's identity from /me, or NULL (without an error) from a server
 * too old to tell. */
static JsonObject *
fetch (RapportSync   *self,
       SoupSession   *session,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autoptr(JsonNode) answer = rapport_sync_request (self, session, "GET", "/api/v1/me", NULL,
                                                     cancellable, error);
  JsonObject *server;

  if (answer == NULL)
    return NULL;
  server = JSON_NODE_HOLDS_OBJECT (answer)
           ? rapport_json_get_object (json_node_get_object (answer), "server") : NULL;
  return server != NULL ? json_object_ref (server) : NULL;
}

/**
 * rapport_sync_identity_check:
 * @server: (nullable): the `server` member of an answer; %NULL asks /me
 * @adopt: the user agreed to move this database to another server
 * @out_changed: (out): set when a catch-up began: pull from the start
 *
 * Compares the server's identity with the one the cursor belongs to.
 *
 * Returns: %FALSE when nothing may be sent or applied: another server the
 *   user did not adopt, a malformed identity or a failure
 */
gboolean
rapport_sync_identity_check (RapportSync   *self,
                             SoupSession   *session,
                             JsonObject    *server,
                             gboolean       adopt,
                             gboolean      *out_changed,
                             GCancellable  *cancellable,
                             GError       **error)
{
  RapportStore *store = rapport_sync_get_store (self);
  g_autoptr(JsonObject) fetched = NULL;
  g_autofree char *known_id = NULL;
  g_autofree char *known_epoch = NULL;
  const char *id, *epoch;

  *out_changed = FALSE;
  if (server == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      server = fetched = fetch (self, session, cancellable, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (server == NULL)
        return TRUE;
    }
  id = identity_text (server, "id");
  epoch = identity_text (server, "epoch");
  if (id == NULL || epoch == NULL)
    {
      g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL,
                   _("The server’s answer is missing %s"), "server");
      return FALSE;
    }

  known_id = rapport_store_get_state (store, "server_id");
  known_epoch = rapport_store_get_state (store, "server_epoch");
  /* The first contact: whatever the cursor held came from this server. */
  if (known_id == NULL)
    return rapport_store_set_server_identity (store, id, epoch, error);
  if (g_str_equal (known_id, id) && g_strcmp0 (known_epoch, epoch) == 0)
    return TRUE;

  if (!g_str_equal (known_id, id) && !adopt)
    {
      g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_OTHER_SERVER,
                   _("The server at %s is not the one this database has synced with: it holds "
                     "another book. Nothing was sent to it. Sync with it only if this database "
                     "is to move to it."),
                   rapport_sync_get_server (self));
      return FALSE;
    }
  g_info ("The server %s (epoch %s) is now %s (epoch %s): pulling everything again",
          known_id, known_epoch ? known_epoch : "-", id, epoch);
  if (!rapport_store_begin_resend (store, g_str_equal (known_id, id) ? RAPPORT_RESEND_EPOCH
                                                                     : RAPPORT_RESEND_ADOPT,
                                   id, epoch, error))
    return FALSE;
  *out_changed = TRUE;
  return TRUE;
}

/**
 * rapport_sync_identity_notice:
 * @mode: the catch-up that ended
 * @queued: how many records the catch-up queued for the server
 *
 * Returns: (transfer full): what to tell the user at the end of a catch-up
 */
char *
rapport_sync_identity_notice (RapportResend mode,
                              guint         queued)
{
  if (mode == RAPPORT_RESEND_ADOPT)
    return g_strdup_printf (ngettext ("This database now syncs with a new server. Everything was "
                                      "received from it, and %u record it lacked was sent to it.",
                                      "This database now syncs with a new server. Everything was "
                                      "received from it, and %u records it lacked were sent to it.",
                                      queued), queued);
  return g_strdup_printf (ngettext ("The server was restored from a backup. Everything was received "
                                    "again, and %u record it had lost was sent back to it.",
                                    "The server was restored from a backup. Everything was received "
                                    "again, and %u records it had lost were sent back to it.",
                                    queued), queued);
}
