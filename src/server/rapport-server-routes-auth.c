/* rapport-server-routes-auth.c: /auth/login, /auth/logout and /me
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-routes-auth"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "rapport-json.h"
#include "rapport-server-error.h"
#include "rapport-server-identity.h"
#include "rapport-server-private.h"

#define MAX_NAME_CHARS 200
#define MAX_PASSWORD_BYTES 1024

/* One login, from its request until its answer; it may wait for checks of
 * other logins before its own password is checked. */
typedef struct
{
  RapportServer     *self;     /* (owned) */
  SoupServerMessage *msg;      /* (owned) */
  char              *user_id;  /* (nullable) */
  char              *name;
  char              *address;
  char              *password; /* (owned): wiped when freed */
  gboolean           paused;
  gboolean           finished;
  gulong             finished_id;
} Login;

static void
login_free (Login *login)
{
  g_clear_signal_handler (&login->finished_id, login->msg);
  g_object_unref (login->msg);
  g_object_unref (login->self);
  g_free (login->user_id);
  g_free (login->name);
  g_free (login->address);
  sodium_memzero (login->password, strlen (login->password));
  g_free (login->password);
  g_free (login);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Login, login_free)

static const char *
get_text_member (JsonObject *object,
                 const char *name,
                 gsize       max_bytes,
                 GError    **error)
{
  const char *text = rapport_json_get_string (object, name);

  if (text == NULL || *text == '\0' || strlen (text) > max_bytes)
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, name,
                                _("“%s” must be non-empty text"), name);
      return NULL;
    }
  return text;
}

static gboolean
issue_token (RapportServer     *self,
             SoupServerMessage *msg,
             const char        *user_id,
             GError           **error)
{
  RapportServerBackend *backend = self->backend;
  g_autoptr(JsonObject) user = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *token = NULL;
  g_autofree char *expires_text = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 expires_at = now + (gint64) self->options.token_days * 24 * 3600;

  /* The user is read in the token's transaction: a `user disable` in
   * another process cannot slip in between and leave a live token. */
  if (!backend->vtable->begin (backend, error))
    return FALSE;
  if (!rapport_server_load_record (backend, rapport_entity_lookup ("user"), user_id, NULL,
                                   &user, error))
    goto fail;
  if (user == NULL || !json_object_get_boolean_member_with_default (user, "active", TRUE))
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_INVALID_CREDENTIALS, NULL,
                                _("Wrong user name or password"));
      goto fail;
    }
  token = rapport_server_token_new (&hash);
  if (!backend->vtable->add_token (backend, hash, user_id, expires_at, error) ||
      !backend->vtable->commit (backend, error))
    goto fail;

  expires = g_date_time_new_from_unix_utc (expires_at);
  expires_text = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%SZ");
  json_object_set_string_member (body, "token", token);
  json_object_set_string_member (body, "expires_at", expires_text);
  json_object_set_object_member (body, "user", g_steal_pointer (&user));
  node = json_node_init_object (json_node_alloc (), body);
  rapport_server_respond_json (msg, SOUP_STATUS_OK, node);
  return TRUE;

fail:
  backend->vtable->rollback (backend);
  return FALSE;
}

static void
login_finished_cb (SoupServerMessage *msg,
                   gpointer           user_data)
{
  Login *login = user_data;

  login->finished = TRUE;
}

/* The answer goes out once the handler returned or, after a pause, now. */
static void
login_answer (Login        *login,
              const GError *error)
{
  if (error != NULL)
    rapport_server_respond_error (login->msg, error);
  if (login->paused)
    soup_server_message_unpause (login->msg);
}

static void
login_pause (Login *login)
{
  if (!login->paused)
    soup_server_message_pause (login->msg);
  login->paused = TRUE;
}

static void
verified_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Login) login = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = rapport_server_auth_verify_finish (result);
  RapportLoginOutcome outcome = ok ? RAPPORT_LOGIN_SUCCEEDED : RAPPORT_LOGIN_FAILED;

  if (!login->finished)
    {
      if (!ok || !issue_token (login->self, login->msg, login->user_id, &error))
        {
          if (error == NULL)
            rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_INVALID_CREDENTIALS, NULL,
                                      _("Wrong user name or password"));
          /* A disabled user's password is a failed login like any other. */
          else if (g_error_matches (error, RAPPORT_SERVER_ERROR,
                                    RAPPORT_SERVER_ERROR_INVALID_CREDENTIALS))
            outcome = RAPPORT_LOGIN_FAILED;
          else
            outcome = RAPPORT_LOGIN_NOT_CHECKED;
        }
    }
  /* Counted before the answer goes out: the next login, on any process,
   * sees this one. */
  rapport_server_auth_release (login->self->auth, login->name, login->address, outcome);
  if (!login->finished)
    login_answer (login, error);
}

/* Takes @data, a Login: counts it against the limits, then checks its
 * password, makes it wait for the checks in flight, or refuses it. */
static void
try_login (gpointer data)
{
  g_autoptr(Login) login = data;
  RapportServer *self = login->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  RapportLoginSlot slot;
  guint retry_after;

  if (login->finished)
    return;

  if (!rapport_server_auth_reserve (self->auth, login->name, login->address, &slot, &retry_after,
                                    &error))
    {
      login_answer (login, error);
      return;
    }
  switch (slot)
    {
    case RAPPORT_LOGIN_SLOT_REFUSED:
      {
        g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

        soup_message_headers_replace (soup_server_message_get_response_headers (login->msg),
                                      "Retry-After", seconds);
        rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_RATE_LIMITED, NULL,
                                  ngettext ("Too many failed logins; try again in %u second",
                                            "Too many failed logins; try again in %u seconds",
                                            retry_after),
                                  retry_after);
        break;
      }

    case RAPPORT_LOGIN_SLOT_BUSY:
      login_pause (login);
      if (rapport_server_auth_wait (self->auth, try_login, login))
        {
          g_steal_pointer (&login);
          return;
        }
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_UNAVAILABLE, NULL,
                                _("Too many logins at once; try again shortly"));
      break;

    case RAPPORT_LOGIN_SLOT_TAKEN:
    default:
      g_clear_pointer (&login->user_id, g_free);
      if (!self->backend->vtable->get_credentials (self->backend, login->name, &login->user_id,
                                                   &hash, &error))
        {
          rapport_server_auth_release (self->auth, login->name, login->address,
                                       RAPPORT_LOGIN_NOT_CHECKED);
          break;
        }
      login_pause (login);
      if (rapport_server_auth_verify_async (self->auth, hash, login->password, verified_cb, login))
        {
          g_steal_pointer (&login);
          return;
        }
      rapport_server_auth_release (self->auth, login->name, login->address,
                                   RAPPORT_LOGIN_NOT_CHECKED);
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_UNAVAILABLE, NULL,
                                _("Too many logins at once; try again shortly"));
      break;
    }
  login_answer (login, error);
}

void
rapport_server_handle_login (RapportServer     *self,
                             SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = rapport_server_read_body (self, msg, &error);
  const char *name, *password;
  Login *login;

  if (root == NULL)
    goto fail;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_BAD_REQUEST, NULL,
                                _("Expected an object with “user” and “password”"));
      goto fail;
    }
  name = get_text_member (json_node_get_object (root), "user", MAX_NAME_CHARS * 4, &error);
  if (name == NULL)
    goto fail;
  password = get_text_member (json_node_get_object (root), "password", MAX_PASSWORD_BYTES, &error);
  if (password == NULL)
    goto fail;

  login = g_new0 (Login, 1);
  login->self = g_object_ref (self);
  login->msg = g_object_ref (msg);
  login->name = g_strdup (name);
  login->address = g_strdup (rapport_server_get_peer (msg));
  login->password = g_strdup (password);
  login->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (login_finished_cb), login);
  try_login (login);
  return;

fail:
  rapport_server_respond_error (msg, error);
}

void
rapport_server_handle_logout (RapportServer     *self,
                              SoupServerMessage *msg,
                              const char        *token_hash)
{
  RapportServerBackend *backend = self->backend;
  g_autoptr(GError) error = NULL;

  if (!backend->vtable->begin (backend, &error) ||
      !backend->vtable->delete_tokens (backend, token_hash, NULL, &error) ||
      !backend->vtable->commit (backend, &error))
    {
      backend->vtable->rollback (backend);
      rapport_server_respond_error (msg, error);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

void
rapport_server_handle_me (RapportServer      *self,
                          SoupServerMessage  *msg,
                          RapportServerActor *actor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) user = NULL;

  if (!rapport_server_load_record (self->backend, rapport_entity_lookup ("user"), actor->id,
                                   NULL, &user, &error))
    {
      rapport_server_respond_error (msg, error);
      return;
    }
  if (user == NULL)
    {
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_UNAUTHORIZED, NULL,
                                _("This user no longer exists"));
      rapport_server_respond_error (msg, error);
      return;
    }
  rapport_server_add_identity (self, user);
  rapport_server_respond_record (msg, SOUP_STATUS_OK, user);
}
