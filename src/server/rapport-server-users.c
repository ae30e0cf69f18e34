/* rapport-server-users.c: managing accounts from the command line
 *
 * Users are records like any other (they sync to every client); only the
 * password hash lives apart, in the backend's credentials.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-users"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-server-auth.h"
#include "rapport-server-error.h"
#include "rapport-server-users.h"
#include "rapport-uuid.h"

static JsonNode *
string_node (const char *text)
{
  return json_node_init_string (json_node_alloc (), text);
}

static char *
find_user (RapportServerBackend *backend,
           const char           *name,
           GError              **error)
{
  g_autofree char *user_id = NULL;
  g_autofree char *hash = NULL;

  if (!backend->vtable->get_credentials (backend, name, &user_id, &hash, error))
    return NULL;
  if (user_id == NULL)
    rapport_server_set_error (error, RAPPORT_SERVER_ERROR_NOT_FOUND, NULL,
                              _("There is no user called “%s”"), name);
  return g_steal_pointer (&user_id);
}

/**
 * rapport_server_users_add:
 * @display_name: (nullable): what people read ("王芳"); %NULL shows the login
 * @password: (nullable): %NULL for an account that cannot log in yet
 *
 * Runs in the caller's transaction. Returns: (transfer full): the new id
 */
char *
rapport_server_users_add (RapportServerBackend *backend,
                          const char           *name,
                          const char           *display_name,
                          const char           *role,
                          const char           *email,
                          const char           *password,
                          GError              **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autofree char *id = rapport_uuid_v7_new ();
  g_autofree char *hash = NULL;
  RapportServerOp op = { 0 };

  rapport_server_changes_add (changes, "name", string_node (name));
  if (display_name != NULL)
    rapport_server_changes_add (changes, "display_name", string_node (display_name));
  rapport_server_changes_add (changes, "role", string_node (role));
  if (email != NULL)
    rapport_server_changes_add (changes, "email", string_node (email));
  rapport_server_changes_add (changes, "active", json_node_init_boolean (json_node_alloc (), TRUE));

  op.kind = RAPPORT_OP_CREATE;
  op.entity = rapport_entity_lookup ("user");
  op.id = id;
  op.changes = changes;
  if (!rapport_server_write (backend, NULL, &op, NULL, error))
    return NULL;

  if (password != NULL)
    {
      hash = rapport_server_password_hash (password, error);
      if (hash == NULL || !backend->vtable->set_credentials (backend, id, name, hash, error))
        return NULL;
    }
  return g_steal_pointer (&id);
}

gboolean
rapport_server_users_passwd (RapportServerBackend *backend,
                             const char           *name,
                             const char           *password,
                             GError              **error)
{
  g_autofree char *user_id = find_user (backend, name, error);
  g_autofree char *hash = NULL;

  if (user_id == NULL)
    return FALSE;
  hash = rapport_server_password_hash (password, error);
  /* A new password ends every session of the old one. */
  return hash != NULL &&
         backend->vtable->set_credentials (backend, user_id, name, hash, error) &&
         backend->vtable->delete_tokens (backend, NULL, user_id, error);
}

gboolean
rapport_server_users_disable (RapportServerBackend *backend,
                              const char           *name,
                              GError              **error)
{
  g_autofree char *user_id = find_user (backend, name, error);
  g_autoptr(JsonObject) changes = json_object_new ();
  RapportServerOp op = { 0 };

  if (user_id == NULL)
    return FALSE;
  rapport_server_changes_add (changes, "active", json_node_init_boolean (json_node_alloc (), FALSE));
  op.kind = RAPPORT_OP_UPDATE;
  op.entity = rapport_entity_lookup ("user");
  op.id = user_id;
  op.base_version = -1;
  op.changes = changes;
  /* The write ends the user's sessions too. */
  return rapport_server_write (backend, NULL, &op, NULL, error);
}

/* Returns: (transfer full) (element-type JsonObject): every user, by name */
GPtrArray *
rapport_server_users_list (RapportServerBackend *backend,
                           GError              **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (!backend->vtable->list_credentials (backend, ids, error))
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *user = NULL;

      if (!rapport_server_load_record (backend, rapport_entity_lookup ("user"),
                                       g_ptr_array_index (ids, i), NULL, &user, error))
        return NULL;
      if (user != NULL)
        g_ptr_array_add (users, user);
    }
  return g_steal_pointer (&users);
}
