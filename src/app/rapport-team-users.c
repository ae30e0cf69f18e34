/* rapport-team-users.c: the teammates a record can be handed to
 *
 * The users table holds the team, synced like any record; a team is small,
 * so all of it is read at once, active users by name. A combo row offers
 * "Nobody" first, then the users. People are shown by their display
 * names (王芳), never by their logins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-team-users"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-choice-factory.h"
#include "rapport-labels.h"
#include "rapport-query.h"
#include "rapport-record.h"
#include "rapport-store-async.h"
#include "rapport-team-users.h"

#define MAX_USERS 1000

/**
 * rapport_team_users_load:
 *
 * Returns: (transfer full) (element-type JsonObject): the active users, by name
 */
GPtrArray *
rapport_team_users_load (RapportStore *store)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("user");
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *users = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_return_val_if_fail (RAPPORT_IS_STORE (store), users);

  rapport_query_set_sort (query, RAPPORT_SORT_NAME);
  if ((snapshot = rapport_store_snapshot (store, query, &error)) == NULL ||
      (rows = rapport_store_fetch (store, snapshot, 0, MAX_USERS, &error)) == NULL)
    {
      g_warning ("Could not read the team: %s", error->message);
      return users;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *user = g_ptr_array_index (rows, i);

      /* A user who left keeps their records but gets no new ones. */
      if (user == NULL || (json_object_has_member (user, "active") &&
                           !json_object_get_null_member (user, "active") &&
                           !json_object_get_boolean_member (user, "active")))
        continue;
      g_ptr_array_add (users, json_object_ref (user));
    }
  return users;
}

/**
 * rapport_team_users_name:
 *
 * Returns: (transfer full): how people read @user: the display name
 *   ("王芳"), else the login ("wang.fang")
 */
char *
rapport_team_users_name (JsonObject *user)
{
  return rapport_record_title (rapport_entity_lookup ("user"), user);
}

/**
 * rapport_team_users_lookup_name:
 * @user_id: (nullable): a user's id
 *
 * Returns: (transfer full) (nullable): the display name of the user with
 *   @user_id, %NULL if there is none in the store
 */
char *
rapport_team_users_lookup_name (RapportStore *store,
                                const char   *user_id)
{
  g_autoptr(JsonObject) user = NULL;

  if (user_id == NULL || (user = rapport_store_get (store, "user", user_id, NULL)) == NULL)
    return NULL;
  return rapport_team_users_name (user);
}

/**
 * rapport_team_users_combo_row:
 * @users: (element-type JsonObject): from rapport_team_users_load()
 * @selected_id: (nullable): the user chosen at first
 *
 * Returns: (transfer floating): an AdwComboRow of "Nobody" and @users
 */
GtkWidget *
rapport_team_users_combo_row (GPtrArray  *users,
                              const char *title,
                              const char *selected_id)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();
  GtkWidget *row = adw_combo_row_new ();
  guint selected = 0;

  gtk_string_list_append (names, _("Nobody"));
  for (guint i = 0; i < users->len; i++)
    {
      JsonObject *user = g_ptr_array_index (users, i);
      g_autofree char *name = rapport_team_users_name (user);

      gtk_string_list_append (names, name);
      if (g_strcmp0 (json_object_get_string_member_with_default (user, "id", NULL), selected_id) == 0)
        selected = i + 1;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  adw_combo_row_set_factory (ADW_COMBO_ROW (row), factory);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  return row;
}

/**
 * rapport_team_users_get_chosen:
 *
 * Returns: (nullable): the id of the user chosen in @combo_row, %NULL for nobody
 */
const char *
rapport_team_users_get_chosen (GtkWidget *combo_row,
                               GPtrArray *users)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (combo_row));

  if (selected == 0 || selected > users->len)
    return NULL;
  return json_object_get_string_member_with_default (g_ptr_array_index (users, selected - 1),
                                                     "id", NULL);
}

/**
 * rapport_team_users_owner_field:
 *
 * Returns: (nullable): the field that says whose @entity's record is:
 *   "assignee_id" for cases and tasks, "owner_id" for the others, %NULL
 *   if it has neither
 */
const char *
rapport_team_users_owner_field (const RapportEntity *entity)
{
  return entity->owner_field;
}

static const char *
owner_of (const RapportEntity *entity,
          JsonObject          *record)
{
  const char *field = rapport_team_users_owner_field (entity);
  JsonNode *node;

  if (field == NULL || record == NULL || (node = json_object_get_member (record, field)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  return json_node_get_string (node);
}

static gpointer
read_users (RapportStore  *store,
            gpointer       data,
            GError       **error)
{
  return rapport_team_users_load (store);
}

/* The team is in: offered, and the owner chosen among them. */
static void
users_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(GPtrArray) users = rapport_store_read_finish (RAPPORT_STORE (object), result, NULL);
  GtkStringList *names = GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (row)));
  const char *owner = g_object_get_data (G_OBJECT (row), "rapport-owner");
  guint selected = 0;

  if (users == NULL)
    return;
  for (guint i = 0; i < users->len; i++)
    {
      JsonObject *user = g_ptr_array_index (users, i);
      g_autofree char *name = rapport_team_users_name (user);

      gtk_string_list_append (names, name);
      if (g_strcmp0 (json_object_get_string_member_with_default (user, "id", NULL), owner) == 0)
        selected = i + 1;
    }
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data (G_OBJECT (row), "rapport-first-choice", GUINT_TO_POINTER (selected));
  g_object_set_data_full (G_OBJECT (row), "rapport-users", g_steal_pointer (&users),
                          (GDestroyNotify) g_ptr_array_unref);
}

/**
 * rapport_team_users_owner_row:
 * @record: (nullable): the record as stored; %NULL for a new one
 *
 * The team is read in a worker thread: the row offers "Nobody" until it
 * is in.
 *
 * Returns: (transfer floating) (nullable): an "Owner" or "Assignee" combo
 *   row of the team, for an editor; %NULL if @entity has no owner
 */
GtkWidget *
rapport_team_users_owner_row (RapportStore        *store,
                              const RapportEntity *entity,
                              JsonObject          *record)
{
  const char *field = rapport_team_users_owner_field (entity);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  const char *owner;
  GtkWidget *row;

  if (field == NULL)
    return NULL;
  /* A new record is the user's own (the store makes it so) unless they
   * hand it to a teammate or to nobody. */
  owner = record != NULL ? owner_of (entity, record) : rapport_store_get_user_id (store);
  row = rapport_team_users_combo_row (none, rapport_labels_field (entity, field), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  rapport_labels_field (entity, field), -1);
  g_object_set_data_full (G_OBJECT (row), "rapport-users",
                          g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref),
                          (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (row), "rapport-owner", g_strdup (owner), g_free);
  g_object_set_data (G_OBJECT (row), "rapport-owner-field", (gpointer) field);
  /* The owner is sent only if the user chose another: an owner missing from
   * the list (not synced yet, or no longer active) stays. */
  g_object_set_data (G_OBJECT (row), "rapport-first-choice", GUINT_TO_POINTER (0));
  rapport_store_read_async (store, read_users, NULL, NULL, (GDestroyNotify) g_ptr_array_unref, NULL,
                            users_read_cb, g_object_ref (row));
  return row;
}

/**
 * rapport_team_users_owner_changes:
 * @owner_row: from rapport_team_users_owner_row()
 * @changes: the record's changes, to add the owner to if the user chose another
 */
void
rapport_team_users_owner_changes (GtkWidget  *owner_row,
                                  JsonObject *changes)
{
  GPtrArray *users = g_object_get_data (G_OBJECT (owner_row), "rapport-users");
  const char *field = g_object_get_data (G_OBJECT (owner_row), "rapport-owner-field");
  guint first = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (owner_row), "rapport-first-choice"));
  const char *chosen = rapport_team_users_get_chosen (owner_row, users);

  if (adw_combo_row_get_selected (ADW_COMBO_ROW (owner_row)) == first)
    return;
  if (chosen != NULL)
    json_object_set_string_member (changes, field, chosen);
  else
    json_object_set_null_member (changes, field);
}

/**
 * rapport_team_users_owner_value:
 *
 * Returns: (transfer floating) (nullable): a row saying whose @record is,
 *   for its details; %NULL if nobody's
 */
GtkWidget *
rapport_team_users_owner_value (RapportStore        *store,
                                const RapportEntity *entity,
                                JsonObject          *record)
{
  g_autofree char *name = rapport_team_users_lookup_name (store, owner_of (entity, record));
  GtkWidget *row;

  if (name == NULL)
    return NULL;
  row = adw_action_row_new ();
  /* The subtitle is a person's name, typed by an admin. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 rapport_labels_field (entity, entity->owner_field));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), name);
  gtk_widget_add_css_class (row, "property");
  {
    g_autofree char *label = g_strdup_printf ("%s: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                              adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));

    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  }
  return row;
}
