/* rapport-activity-dialog.c: logging a call, email, meeting, note or chat
 *
 * Opened from a record's timeline, so the activity is linked to that
 * record; a contact's activity is linked to their company too, so the
 * company's timeline has it without a join at every read. The kind defaults
 * to a call and the time to now: a call just made is two clicks away.
 *
 * A logged activity opens from the timeline with what it has; Save sends
 * only what the user changed, links and owner untouched, and Delete hides
 * it while a toast offers Undo (rapport-pending-deletes.c). A refused value
 * is shown under its field and nothing is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-activity-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-activity-dialog.h"
#include "rapport-date-button.h"
#include "rapport-dialog-size.h"
#include "rapport-item-edit.h"
#include "rapport-json.h"
#include "rapport-tasks.h"
#include "rapport-timeline.h"
#include "rapport-validate.h"
#include "rapport-when.h"

static const struct
{
  const char *kind;
  const char *label;
  const char *icon;
} kinds[] = {
  { "call", N_("Call"), "call-start-symbolic" },
  { "email", N_("Email"), "mail-unread-symbolic" },
  { "meeting", N_("Meeting"), "x-office-calendar-symbolic" },
  { "note", N_("Note"), "document-edit-symbolic" },
  { "chat", N_("Chat"), "user-available-symbolic" },
};

/* The direction drop-down's items, in order. */
static const char * const directions[] = { NULL, "outbound", "inbound" };

struct _RapportActivityDialog
{
  AdwWindow     parent_instance;

  RapportStore *store;     /* (owned) */
  char         *entity;    /* (owned) (nullable): what a new activity is logged on */
  char         *id;        /* (owned) (nullable) */
  JsonObject   *activity;  /* (owned) (nullable): the activity edited, as it was opened */
  GtkWidget    *kind_buttons[G_N_ELEMENTS (kinds)];

  GtkBox       *kind_box;
  GtkLabel     *error_label;
  AdwEntryRow  *subject_row;
  GtkWidget    *subject_error_row;
  GtkLabel     *subject_error;
  AdwEntryRow  *when_row;
  GtkWidget    *when_error_row;
  GtkLabel     *when_error;
  GtkWidget    *delete_group;
  GtkSpinButton *duration_spin;
  AdwComboRow  *direction_row;
  GtkTextView  *notes_view;
};

G_DEFINE_FINAL_TYPE (RapportActivityDialog, rapport_activity_dialog, ADW_TYPE_WINDOW)

static void
clear_errors (RapportActivityDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_visible (self->subject_error_row, FALSE);
  gtk_widget_set_visible (self->when_error_row, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->subject_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->when_row), "error");
}

/* Under the field @field names when the dialog has it, else on top. */
static void
show_error (RapportActivityDialog *self,
            const char            *field,
            const char            *message)
{
  AdwEntryRow *row = NULL;
  GtkWidget *error_row = NULL;
  GtkLabel *label = NULL;

  if (g_strcmp0 (field, "subject") == 0)
    row = self->subject_row, error_row = self->subject_error_row, label = self->subject_error;
  else if (g_strcmp0 (field, "occurred_at") == 0)
    row = self->when_row, error_row = self->when_error_row, label = self->when_error;

  if (row == NULL)
    {
      gtk_label_set_text (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_label_set_text (label, message);
  gtk_widget_set_visible (error_row, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  gtk_widget_grab_focus (GTK_WIDGET (row));
}

static const char *
chosen_kind (RapportActivityDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->kind_buttons[i])))
      return kinds[i].kind;
  return kinds[0].kind;
}

/* The fields to store, or NULL with the error shown. A new activity gets
 * what is filled in; an edited one what changed. */
static JsonObject *
collect_fields (RapportActivityDialog *self)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *body = NULL;
  g_autofree char *when_text = NULL;
  g_autofree char *shown_when = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;
  const char *subject = gtk_editable_get_text (GTK_EDITABLE (self->subject_row));
  const char *typed_when = gtk_editable_get_text (GTK_EDITABLE (self->when_row));
  const char *user_id = rapport_store_get_user_id (self->store);
  const char *kind = chosen_kind (self);
  guint direction = adw_combo_row_get_selected (self->direction_row);
  const char *direction_value = direction < G_N_ELEMENTS (directions) ? directions[direction] : NULL;
  int duration = gtk_spin_button_get_value_as_int (self->duration_spin);
  gboolean editing = self->activity != NULL;

  when = rapport_when_parse_local (typed_when);
  if (when == NULL)
    {
      g_autofree char *hint = rapport_when_typing_hint ();

      show_error (self, "occurred_at", hint);
      return NULL;
    }
  when_text = rapport_format_timestamp (when);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  if (!editing)
    {
      json_object_set_string_member (fields, "kind", kind);
      if (*subject != '\0')
        json_object_set_string_member (fields, "subject", subject);
      if (*body != '\0')
        json_object_set_string_member (fields, "body", body);
      json_object_set_string_member (fields, "occurred_at", when_text);
      if (duration > 0)
        json_object_set_int_member (fields, "duration_min", duration);
      if (direction_value != NULL)
        json_object_set_string_member (fields, "direction", direction_value);
      rapport_timeline_link_to (self->store, fields, self->entity, self->id);
      if (user_id != NULL)
        json_object_set_string_member (fields, "owner_id", user_id);
      return g_steal_pointer (&fields);
    }

  /* A time left as it was shown keeps its seconds. */
  shown_when = rapport_when_format_value (rapport_json_get_string (self->activity, "occurred_at"));
  if (g_strcmp0 (kind, rapport_json_get_string (self->activity, "kind")) != 0)
    json_object_set_string_member (fields, "kind", kind);
  if (g_strcmp0 (subject, rapport_json_get_string (self->activity, "subject") ?: "") != 0)
    rapport_item_edit_set_or_clear (fields, "subject", subject);
  if (g_strcmp0 (body, rapport_json_get_string (self->activity, "body") ?: "") != 0)
    rapport_item_edit_set_or_clear (fields, "body", body);
  if (g_strcmp0 (typed_when, shown_when ? shown_when : "") != 0)
    json_object_set_string_member (fields, "occurred_at", when_text);
  if (duration != rapport_json_get_int (self->activity, "duration_min", 0))
    {
      if (duration > 0)
        json_object_set_int_member (fields, "duration_min", duration);
      else
        json_object_set_null_member (fields, "duration_min");
    }
  if (g_strcmp0 (direction_value, rapport_json_get_string (self->activity, "direction")) != 0)
    rapport_item_edit_set_or_clear (fields, "direction", direction_value);
  return g_steal_pointer (&fields);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportActivityDialog *self = RAPPORT_ACTIVITY_DIALOG (widget);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(GError) error = NULL;

  clear_errors (self);
  if ((fields = collect_fields (self)) == NULL)
    return;

  saved = rapport_item_edit_save (self->store, "activity", self->activity, fields, &error);
  if (saved == NULL)
    {
      show_error (self, error->domain == RAPPORT_VALIDATION_ERROR
                        ? rapport_validation_error_get_field (error) : NULL,
                  error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportActivityDialog *self = RAPPORT_ACTIVITY_DIALOG (widget);
  const char *subject;

  if (self->activity == NULL)
    return;
  subject = rapport_json_get_string (self->activity, "subject");
  rapport_item_edit_delete (GTK_WINDOW (self), self->store, "activity", self->activity,
                            subject != NULL && *subject != '\0'
                            ? subject
                            : rapport_activity_kind_label (rapport_json_get_string (self->activity,
                                                                                         "kind")));
}

static void
entry_changed_cb (RapportActivityDialog *self)
{
  clear_errors (self);
}

static void
rapport_activity_dialog_dispose (GObject *object)
{
#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_ACTIVITY_DIALOG);
#endif

  G_OBJECT_CLASS (rapport_activity_dialog_parent_class)->dispose (object);
}

static void
rapport_activity_dialog_finalize (GObject *object)
{
  RapportActivityDialog *self = (RapportActivityDialog *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->entity, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->activity, json_object_unref);

  G_OBJECT_CLASS (rapport_activity_dialog_parent_class)->finalize (object);
}

static void
rapport_activity_dialog_class_init (RapportActivityDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_activity_dialog_dispose;
  object_class->finalize = rapport_activity_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-activity-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, kind_box);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, subject_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, subject_error);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, when_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, when_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, when_error);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, delete_group);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, direction_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, notes_view);

  gtk_widget_class_install_action (widget_class, "activity.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "activity.delete", NULL, delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "activity.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_activity_dialog_init (RapportActivityDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *now_text = rapport_when_format_local (now);

  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_dialog_size_fit_parent (GTK_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      /* The icon above its word: five side by side fit a 360 px window. */
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
      gtk_widget_set_hexpand (button, TRUE);
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (kinds[i].icon));
      gtk_box_append (GTK_BOX (box), gtk_label_new (_(kinds[i].label)));
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(kinds[i].label), -1);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button),
                                     GTK_TOGGLE_BUTTON (self->kind_buttons[0]));
      gtk_box_append (self->kind_box, button);
      self->kind_buttons[i] = button;
    }
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->kind_buttons[0]), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->when_row), now_text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.delete", FALSE);

  g_signal_connect_swapped (self->subject_row, "changed", G_CALLBACK (entry_changed_cb), self);
  adw_entry_row_add_suffix (self->when_row, rapport_date_button_new_with_time (GTK_EDITABLE (self->when_row)));
  g_signal_connect_swapped (self->when_row, "changed", G_CALLBACK (entry_changed_cb), self);
}

/**
 * rapport_activity_dialog_new:
 * @entity: "contact", "company", "deal" or "case"
 * @id: the record the activity is logged on
 */
RapportActivityDialog *
rapport_activity_dialog_new (GtkWindow    *parent,
                             RapportStore *store,
                             const char   *entity,
                             const char   *id)
{
  RapportActivityDialog *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (rapport_timeline_link_field (entity) != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_ACTIVITY_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->entity = g_strdup (entity);
  self->id = g_strdup (id);
  gtk_widget_grab_focus (GTK_WIDGET (self->subject_row));
  return self;
}

/**
 * rapport_activity_dialog_edit:
 * @activity_id: the activity to edit
 *
 * Returns: (transfer none) (nullable): a dialog showing the activity, or
 *   %NULL if the store has no such activity
 */
RapportActivityDialog *
rapport_activity_dialog_edit (GtkWindow    *parent,
                              RapportStore *store,
                              const char   *activity_id)
{
  g_autoptr(JsonObject) activity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  RapportActivityDialog *self;
  const char *kind, *direction;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (activity_id != NULL, NULL);

  if ((activity = rapport_store_get (store, "activity", activity_id, &error)) == NULL)
    {
      g_warning ("Could not open the activity: %s", error->message);
      return NULL;
    }

  self = g_object_new (RAPPORT_TYPE_ACTIVITY_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Activity"));

  kind = rapport_json_get_string (activity, "kind");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->kind_buttons[i]), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), rapport_json_get_string (activity, "subject") ?: "");
  when = rapport_when_format_value (rapport_json_get_string (activity, "occurred_at"));
  gtk_editable_set_text (GTK_EDITABLE (self->when_row), when ? when : "");
  gtk_spin_button_set_value (self->duration_spin, rapport_json_get_int (activity, "duration_min", 0));
  direction = rapport_json_get_string (activity, "direction");
  for (guint i = 0; i < G_N_ELEMENTS (directions); i++)
    if (g_strcmp0 (directions[i], direction) == 0)
      adw_combo_row_set_selected (self->direction_row, i);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                            rapport_json_get_string (activity, "body") ?: "", -1);

  self->activity = g_steal_pointer (&activity);
  clear_errors (self);
  gtk_widget_set_visible (self->delete_group, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.delete", TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->subject_row));
  return self;
}

const char *
rapport_activity_kind_label (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return _(kinds[i].label);
  return kind != NULL ? kind : "";
}

const char *
rapport_activity_kind_icon (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return kinds[i].icon;
  return "view-list-symbolic";
}
