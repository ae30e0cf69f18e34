/* rapport-credentials.c: keeping the sign-in token in the keyring, or a file
 *
 * The token goes into the user's keyring through the Secret Service. A server
 * box, a container or an SSH session often has no keyring: there the token is
 * kept in $XDG_CONFIG_HOME/rapport/tokens.json, a file only the user can read,
 * and the caller is told so that it can tell the user.
 *
 * A missing keyring must never block: without a session bus we do not try it
 * at all, and every keyring call runs in a private main context that gives up
 * after a few seconds (the Secret Service may be activatable but never come).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-credentials"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "rapport-credentials.h"

#define KEYRING_TIMEOUT_SECONDS 5

G_DEFINE_QUARK (rapport-credentials-error-quark, rapport_credentials_error)

typedef enum
{
  KEYRING_STORE,
  KEYRING_LOOKUP,
  KEYRING_CLEAR,
} KeyringCall;

static const SecretSchema token_schema = {
  "io.github.rapportcrm.Rapport.Token",
  SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static gboolean
keyring_available (void)
{
  const char *bus = g_getenv ("DBUS_SESSION_BUS_ADDRESS");

  if (g_strcmp0 (g_getenv ("RAPPORT_NO_KEYRING"), "1") == 0)
    return FALSE;
  return bus != NULL && *bus != '\0';
}

static GHashTable *
make_attributes (const char *server,
                 const char *user)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (char *) "server", (char *) server);
  g_hash_table_insert (attributes, (char *) "user", (char *) user);
  return attributes;
}

static void
keyring_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **result_out = user_data;

  *result_out = g_object_ref (result);
}

static gboolean
keyring_timeout_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Makes one keyring call and waits for it, at most KEYRING_TIMEOUT_SECONDS.
 * For a lookup, @token_out receives the token or %NULL if there is none. */
static gboolean
keyring_call (KeyringCall  call,
              const char  *server,
              const char  *user,
              const char  *token,
              char       **token_out,
              GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (KEYRING_TIMEOUT_SECONDS);
  g_autoptr(GHashTable) attributes = make_attributes (server, user);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *label = NULL;
  gboolean ok = FALSE;

  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, keyring_timeout_cb, cancellable, NULL);
  g_source_attach (timeout, context);

  switch (call)
    {
    case KEYRING_STORE:
      /* Translators: the label of the token in the keyring: user, server */
      label = g_strdup_printf (_("Rapport sign-in for %s on %s"), user, server);
      secret_password_storev (&token_schema, attributes, SECRET_COLLECTION_DEFAULT, label,
                              token, cancellable, keyring_done_cb, &result);
      break;
    case KEYRING_LOOKUP:
      secret_password_lookupv (&token_schema, attributes, cancellable, keyring_done_cb, &result);
      break;
    case KEYRING_CLEAR:
    default:
      secret_password_clearv (&token_schema, attributes, cancellable, keyring_done_cb, &result);
      break;
    }

  while (result == NULL)
    g_main_context_iteration (context, TRUE);

  switch (call)
    {
    case KEYRING_STORE:
      ok = secret_password_store_finish (result, error);
      break;
    case KEYRING_LOOKUP:
      {
        g_autoptr(GError) local_error = NULL;
        char *secret = secret_password_lookup_finish (result, &local_error);

        ok = local_error == NULL;
        if (!ok)
          g_propagate_error (error, g_steal_pointer (&local_error));
        *token_out = g_strdup (secret);
        secret_password_free (secret);
      }
      break;
    case KEYRING_CLEAR:
    default:
      {
        g_autoptr(GError) local_error = NULL;

        /* FALSE without an error only means there was nothing to clear. */
        secret_password_clear_finish (result, &local_error);
        ok = local_error == NULL;
        if (!ok)
          g_propagate_error (error, g_steal_pointer (&local_error));
      }
      break;
    }

  g_source_destroy (timeout);
  /* Let the cancelled or finished D-Bus calls drop what they hold on this
   * context before it goes away. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  return ok;
}

/**
 * rapport_credentials_get_file:
 *
 * Returns: (transfer full): the file that keeps tokens where no keyring is
 *   available, whether or not it exists
 */
char *
rapport_credentials_get_file (void)
{
  return g_build_filename (g_get_user_config_dir (), "rapport", "tokens.json", NULL);
}

/* The token file's entries, [{server, user, token}]; empty if there is no
 * file yet. */
static JsonArray *
read_token_file (const char *path,
                 GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *data = NULL;
  gsize length;
  JsonNode *root;
  JsonNode *tokens;

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return json_array_new ();
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT ((root = json_parser_get_root (parser))) ||
      !(tokens = json_object_get_member (json_node_get_object (root), "tokens")) ||
      !JSON_NODE_HOLDS_ARRAY (tokens))
    {
      g_set_error (error, RAPPORT_CREDENTIALS_ERROR, RAPPORT_CREDENTIALS_ERROR_DAMAGED,
                   _("The token file “%s” is damaged; sign in again"), path);
      return NULL;
    }
  return json_array_ref (json_node_get_array (tokens));
}

static gboolean
write_token_file (const char *path,
                  JsonArray  *tokens,
                  GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *data = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  json_object_set_array_member (root, "tokens", json_array_ref (tokens));
  json_node_set_object (node, root);
  data = json_to_string (node, TRUE);

  /* Written to a new file made with mode 0600 and renamed over the old one:
   * the token is never readable by others, not even for a moment. */
  return g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static int
find_entry (JsonArray  *tokens,
            const char *server,
            const char *user)
{
  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonObject *entry = json_array_get_object_element (tokens, i);

      if (entry != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (entry, "server", NULL),
                     server) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (entry, "user", NULL),
                     user) == 0)
        return (int) i;
    }
  return -1;
}

static gboolean
file_save (const char *server,
           const char *user,
           const char *token,
           GError    **error)
{
  g_autofree char *path = rapport_credentials_get_file ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonArray) tokens = read_token_file (path, &local_error);
  JsonObject *entry;
  int index;

  if (tokens == NULL)
    {
      if (!g_error_matches (local_error, RAPPORT_CREDENTIALS_ERROR,
                            RAPPORT_CREDENTIALS_ERROR_DAMAGED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Tokens nobody can read are worth nothing: start afresh. */
      g_debug ("Replacing a damaged token file: %s", local_error->message);
      tokens = json_array_new ();
    }

  index = find_entry (tokens, server, user);
  if (index >= 0)
    entry = json_array_get_object_element (tokens, index);
  else
    {
      entry = json_object_new ();
      json_object_set_string_member (entry, "server", server);
      json_object_set_string_member (entry, "user", user);
      json_array_add_object_element (tokens, entry);
    }
  json_object_set_string_member (entry, "token", token);
  return write_token_file (path, tokens, error);
}

/* Removes the entry, if any; a missing file is not an error. */
static gboolean
file_forget (const char *server,
             const char *user,
             GError    **error)
{
  g_autofree char *path = rapport_credentials_get_file ();
  g_autoptr(JsonArray) tokens = read_token_file (path, error);
  int index;

  if (tokens == NULL)
    return FALSE;
  index = find_entry (tokens, server, user);
  if (index < 0)
    return TRUE;
  json_array_remove_element (tokens, index);
  return write_token_file (path, tokens, error);
}

/**
 * rapport_credentials_save:
 * @server: the server's URL
 * @user: the user the token belongs to
 * @token: the token
 * @place_out: (out) (optional): where the token went
 *
 * Keeps @token for @user on @server in the keyring, or, if no keyring is
 * available, in rapport_credentials_get_file(), readable only by the user.
 * The environment variable RAPPORT_NO_KEYRING=1 skips the keyring.
 */
gboolean
rapport_credentials_save (const char               *server,
                          const char               *user,
                          const char               *token,
                          RapportCredentialsPlace  *place_out,
                          GError                  **error)
{
  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  if (place_out != NULL)
    *place_out = RAPPORT_CREDENTIALS_PLACE_NONE;

  if (keyring_available ())
    {
      g_autoptr(GError) keyring_error = NULL;

      if (keyring_call (KEYRING_STORE, server, user, token, NULL, &keyring_error))
        {
          g_autoptr(GError) file_error = NULL;

          /* An older token from a time without keyring must not linger. */
          if (!file_forget (server, user, &file_error))
            g_debug ("Could not remove the token from the file: %s", file_error->message);
          if (place_out != NULL)
            *place_out = RAPPORT_CREDENTIALS_PLACE_KEYRING;
          return TRUE;
        }
      g_debug ("No keyring, keeping the token in a file: %s", keyring_error->message);
    }

  if (!file_save (server, user, token, error))
    return FALSE;
  if (place_out != NULL)
    *place_out = RAPPORT_CREDENTIALS_PLACE_FILE;
  return TRUE;
}

/**
 * rapport_credentials_lookup:
 * @place_out: (out) (optional): where the token was found
 *
 * Returns: (transfer full) (nullable): the token, or %NULL if none is kept
 *   (without an error) or the token file cannot be read (with @error set)
 */
char *
rapport_credentials_lookup (const char               *server,
                            const char               *user,
                            RapportCredentialsPlace  *place_out,
                            GError                  **error)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonArray) tokens = NULL;
  const char *token;
  int index;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  if (place_out != NULL)
    *place_out = RAPPORT_CREDENTIALS_PLACE_NONE;

  if (keyring_available ())
    {
      g_autoptr(GError) keyring_error = NULL;
      g_autofree char *secret = NULL;

      if (keyring_call (KEYRING_LOOKUP, server, user, NULL, &secret, &keyring_error) &&
          secret != NULL)
        {
          if (place_out != NULL)
            *place_out = RAPPORT_CREDENTIALS_PLACE_KEYRING;
          return g_steal_pointer (&secret);
        }
      if (keyring_error != NULL)
        g_debug ("Could not read the keyring: %s", keyring_error->message);
    }

  /* The token may have gone to the file when the keyring was away. */
  path = rapport_credentials_get_file ();
  tokens = read_token_file (path, error);
  if (tokens == NULL)
    return NULL;
  index = find_entry (tokens, server, user);
  if (index < 0)
    return NULL;
  token = json_object_get_string_member_with_default (json_array_get_object_element (tokens, index),
                                                      "token", NULL);
  if (token != NULL && place_out != NULL)
    *place_out = RAPPORT_CREDENTIALS_PLACE_FILE;
  return g_strdup (token);
}

/**
 * rapport_credentials_forget:
 *
 * Removes the token of @user on @server from the keyring and the file.
 * Nothing kept is not an error.
 */
gboolean
rapport_credentials_forget (const char *server,
                            const char *user,
                            GError    **error)
{
  g_return_val_if_fail (server != NULL, FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  if (keyring_available ())
    {
      g_autoptr(GError) keyring_error = NULL;

      if (!keyring_call (KEYRING_CLEAR, server, user, NULL, NULL, &keyring_error))
        g_debug ("Could not clear the keyring: %s", keyring_error->message);
    }
  return file_forget (server, user, error);
}
