/* rapport-delegation-group.c: out of office, who decides one's approvals meanwhile
 *
 * A group of the preferences (SPEC.md §1.3, rule 8): the signed-in user's
 * delegations, each with a button that takes it away, and a form for a
 * new one: the delegate, picked among the users, and the first and last
 * day. The server lets the delegate decide any approval step the user may
 * decide on those days, "on behalf of" them. Delegations are written
 * through the store's worker and go out with the next sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-delegation-group"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-date-button.h"
#include "rapport-dates.h"
#include "rapport-delegation-group.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-record.h"
#include "rapport-store-approvals.h"
#include "rapport-store-async.h"

struct _RapportDelegationGroup
{
  AdwPreferencesGroup parent_instance;

  RapportStore       *store;       /* (owned) */
  char               *user_id;     /* (owned) */
  GPtrArray          *user_ids;    /* (owned) (element-type utf8): the delegate row's users */
  GPtrArray          *rows;        /* (element-type GtkWidget): the delegations shown */
  AdwComboRow        *delegate_row;
  AdwEntryRow        *from_row;
  AdwEntryRow        *until_row;
  GtkLabel           *error_label;
  GCancellable       *cancellable; /* (owned) */
};

G_DEFINE_FINAL_TYPE (RapportDelegationGroup, rapport_delegation_group, ADW_TYPE_PREFERENCES_GROUP)

static void reload (RapportDelegationGroup *self);

static gpointer
read_delegations (RapportStore *store,
                  gpointer      data,
                  GError      **error)
{
  return rapport_store_approval_choices (store, "approval_delegation", "user_id", data, error);
}

static gpointer
read_users (RapportStore *store,
            gpointer      data,
            GError      **error)
{
  return rapport_store_approval_choices (store, "user", NULL, NULL, error);
}

static char *
user_title (RapportStore *store,
            const char   *id)
{
  g_autoptr(JsonObject) user = id != NULL ? rapport_store_get (store, "user", id, NULL) : NULL;

  return user != NULL ? rapport_record_title (rapport_entity_lookup ("user"), user)
                      : g_strdup (_("someone"));
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RapportDelegationGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = rapport_store_create_finish (RAPPORT_STORE (object), result,
                                                              &error);

  if (record == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->error_label, error->message);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->until_row), "");
  reload (self);
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RapportDelegationGroup) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rapport_store_delete_finish (RAPPORT_STORE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_label_set_text (self->error_label, error->message);
  reload (self);
}

static void
remove_clicked_cb (GtkButton              *button,
                   RapportDelegationGroup *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "delegation-id");

  rapport_store_delete_async (self->store, "approval_delegation", id, self->cancellable,
                              removed_cb, g_object_ref (self));
}

static void
set_clicked_cb (RapportDelegationGroup *self)
{
  guint selected = adw_combo_row_get_selected (self->delegate_row);
  g_autofree char *from = rapport_dates_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->from_row)));
  g_autofree char *until = rapport_dates_parse_date (gtk_editable_get_text (GTK_EDITABLE (self->until_row)));
  g_autoptr(JsonObject) fields = json_object_new ();

  if (selected >= self->user_ids->len)
    gtk_label_set_text (self->error_label, _("Pick who decides in your place"));
  else if (from == NULL || until == NULL)
    gtk_label_set_text (self->error_label, _("Give the first and the last day you are away"));
  else if (g_strcmp0 (until, from) < 0)
    gtk_label_set_text (self->error_label, _("The delegation ends before it starts"));
  else
    {
      gtk_label_set_text (self->error_label, "");
      json_object_set_string_member (fields, "user_id", self->user_id);
      json_object_set_string_member (fields, "delegate_id",
                                     g_ptr_array_index (self->user_ids, selected));
      json_object_set_string_member (fields, "starts_on", from);
      json_object_set_string_member (fields, "ends_on", until);
      rapport_store_create_async (self->store, "approval_delegation", fields, self->cancellable,
                                  written_cb, g_object_ref (self));
    }
}

/* The user's delegations, each with its remove button. */
static void
delegations_ready_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RapportDelegationGroup) self = user_data;
  g_autoptr(GPtrArray) delegations = rapport_store_read_finish (RAPPORT_STORE (object), result,
                                                                NULL);

  if (delegations == NULL || self->rows == NULL)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < delegations->len; i++)
    {
      JsonObject *delegation = g_ptr_array_index (delegations, i);
      g_autofree char *who = user_title (self->store,
                                         rapport_json_get_string (delegation, "delegate_id"));
      g_autofree char *from = rapport_labels_format_date (rapport_json_get_string (delegation,
                                                                                   "starts_on"));
      g_autofree char *until = rapport_labels_format_date (rapport_json_get_string (delegation,
                                                                                    "ends_on"));
      /* TRANSLATORS: the days a delegation lasts: "12/06/2026 – 12/10/2026" */
      g_autofree char *days = g_strdup_printf (_("%s – %s"), from, until);
      g_autofree char *remove_label = g_strdup_printf (_("Remove the Delegation to %s"), who);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), who);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), days);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_label, -1);
      g_object_set_data_full (G_OBJECT (remove), "delegation-id",
                              g_strdup (rapport_json_get_string (delegation, "id")), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }
}

/* Everybody but the user, to pick a delegate from. */
static void
users_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RapportDelegationGroup) self = user_data;
  g_autoptr(GPtrArray) users = rapport_store_read_finish (RAPPORT_STORE (object), result, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  if (users == NULL || self->user_ids == NULL)
    return;
  g_ptr_array_set_size (self->user_ids, 0);
  for (guint i = 0; i < users->len; i++)
    {
      JsonObject *user = g_ptr_array_index (users, i);
      g_autofree char *title = NULL;

      if (g_strcmp0 (rapport_json_get_string (user, "id"), self->user_id) == 0)
        continue;
      title = rapport_record_title (rapport_entity_lookup ("user"), user);
      gtk_string_list_append (names, title);
      g_ptr_array_add (self->user_ids, g_strdup (rapport_json_get_string (user, "id")));
    }
  adw_combo_row_set_model (self->delegate_row, G_LIST_MODEL (names));
}

static void
reload (RapportDelegationGroup *self)
{
  rapport_store_read_async (self->store, read_delegations, g_strdup (self->user_id), g_free,
                            (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                            delegations_ready_cb, g_object_ref (self));
}

static AdwEntryRow *
date_row (const char *title)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());
  g_autofree char *example = rapport_dates_example (FALSE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_add_suffix (row, rapport_date_button_new (GTK_EDITABLE (row)));
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), example);
  return row;
}

static void
rapport_delegation_group_dispose (GObject *object)
{
  RapportDelegationGroup *self = RAPPORT_DELEGATION_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->user_ids, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (rapport_delegation_group_parent_class)->dispose (object);
}

static void
rapport_delegation_group_class_init (RapportDelegationGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_delegation_group_dispose;
}

static void
rapport_delegation_group_init (RapportDelegationGroup *self)
{
  GtkWidget *set = gtk_button_new_with_mnemonic (_("_Hand On Approvals"));

  self->cancellable = g_cancellable_new ();
  self->user_ids = g_ptr_array_new_with_free_func (g_free);
  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Out of Office"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("While you are away, your delegate decides the "
                                           "approvals waiting for you, on your behalf"));
  self->delegate_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->delegate_row), _("Delegate"));
  self->from_row = date_row (_("First Day Away"));
  self->until_row = date_row (_("Last Day Away"));
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_halign (set, GTK_ALIGN_START);
  gtk_widget_set_margin_top (set, 12);
  g_signal_connect_swapped (set, "clicked", G_CALLBACK (set_clicked_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->delegate_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->from_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->until_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->error_label));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), set);
}

/**
 * rapport_delegation_group_new:
 *
 * Returns: (transfer floating): the signed-in user's delegations and a
 *   form for a new one
 */
GtkWidget *
rapport_delegation_group_new (RapportStore *store)
{
  RapportDelegationGroup *self = g_object_new (RAPPORT_TYPE_DELEGATION_GROUP, NULL);

  self->store = g_object_ref (store);
  self->user_id = rapport_store_get_state (store, "user_id");
  reload (self);
  rapport_store_read_async (store, read_users, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                            self->cancellable, users_ready_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}
