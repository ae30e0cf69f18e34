/* rapport-activity-dialog.c: logging a call, email, meeting, note or chat
 *
 * Opened from a record's timeline, so the activity is linked to that
 * record; a contact's activity is linked to their company too, so the
 * company's timeline has it without a join at every read. The kind defaults
 * to a call and the time to now: a call just made is two clicks away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-activity-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-activity-dialog.h"
#include "rapport-timeline.h"
#include "rapport-tasks.h"
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

  RapportStore *store;   /* (owned) */
  char         *entity;  /* (owned): what the activity is logged on */
  char         *id;      /* (owned) */
  GtkWidget    *kind_buttons[G_N_ELEMENTS (kinds)];

  GtkBox       *kind_box;
  GtkLabel     *error_label;
  AdwEntryRow  *subject_row;
  AdwEntryRow  *when_row;
  GtkSpinButton *duration_spin;
  AdwComboRow  *direction_row;
  GtkTextView  *notes_view;
};

G_DEFINE_FINAL_TYPE (RapportActivityDialog, rapport_activity_dialog, ADW_TYPE_WINDOW)

static void
show_error (RapportActivityDialog *self,
            const char            *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static const char *
chosen_kind (RapportActivityDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->kind_buttons[i])))
      return kinds[i].kind;
  return kinds[0].kind;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportActivityDialog *self = RAPPORT_ACTIVITY_DIALOG (widget);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *when_text = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;
  const char *subject = gtk_editable_get_text (GTK_EDITABLE (self->subject_row));
  const char *user_id = rapport_store_get_user_id (self->store);
  guint direction = adw_combo_row_get_selected (self->direction_row);
  int duration = gtk_spin_button_get_value_as_int (self->duration_spin);

  when = rapport_when_parse_local (gtk_editable_get_text (GTK_EDITABLE (self->when_row)));
  if (when == NULL)
    {
      show_error (self, _("Type the time as YYYY-MM-DD HH:MM, e.g. 2024-05-17 14:30."));
      gtk_widget_grab_focus (GTK_WIDGET (self->when_row));
      return;
    }
  when_text = rapport_format_timestamp (when);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  json_object_set_string_member (fields, "kind", chosen_kind (self));
  if (*subject != '\0')
    json_object_set_string_member (fields, "subject", subject);
  if (*body != '\0')
    json_object_set_string_member (fields, "body", body);
  json_object_set_string_member (fields, "occurred_at", when_text);
  if (duration > 0)
    json_object_set_int_member (fields, "duration_min", duration);
  if (direction < G_N_ELEMENTS (directions) && directions[direction] != NULL)
    json_object_set_string_member (fields, "direction", directions[direction]);
  rapport_timeline_link_to (self->store, fields, self->entity, self->id);
  if (user_id != NULL)
    json_object_set_string_member (fields, "owner_id", user_id);

  created = rapport_store_create (self->store, "activity", fields, &error);
  if (created == NULL)
    {
      show_error (self, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
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
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, when_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, direction_row);
  gtk_widget_class_bind_template_child (widget_class, RapportActivityDialog, notes_view);

  gtk_widget_class_install_action (widget_class, "activity.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "activity.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_activity_dialog_init (RapportActivityDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *now_text = rapport_when_format_local (now);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
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
