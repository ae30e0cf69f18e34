/* rapport-task-row.c: one task in a list, to tick off or to open
 *
 * The task's title, when it is due (or was done), its priority when it is
 * not the usual one, its reminder and the record it is about; a check
 * button in front marks it done or opens it again, a button behind opens
 * the record, and activating the row opens the task to edit.
 * The Tasks section and a record's Tasks group both list these.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-task-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-item-about.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-store-async.h"
#include "rapport-task-dialog.h"
#include "rapport-task-row.h"
#include "rapport-tasks.h"
#include "rapport-when.h"

struct _RapportTaskRow
{
  AdwActionRow  parent_instance;

  RapportStore *store;  /* (owned) */
  char         *id;     /* (owned) */
  GtkWidget    *check;  /* (unowned): a prefix of the row */
};

G_DEFINE_FINAL_TYPE (RapportTaskRow, rapport_task_row, ADW_TYPE_ACTION_ROW)

static void
marked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(GError) error = NULL;

  task = rapport_task_set_done_finish (RAPPORT_STORE (object), result, &error);
  if (task == NULL)
    g_warning ("Could not mark the task: %s", error->message);
}

static void
done_toggled_cb (GtkCheckButton *check,
                 RapportTaskRow *self)
{
  /* The list is read again once it is stored. */
  rapport_task_set_done_async (self->store, self->id, gtk_check_button_get_active (check), NULL,
                               marked_cb, NULL);
}

static void
activated_cb (RapportTaskRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  RapportTaskDialog *dialog;

  dialog = rapport_task_dialog_edit (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     self->store, self->id);
  if (dialog != NULL)
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
rapport_task_row_finalize (GObject *object)
{
  RapportTaskRow *self = (RapportTaskRow *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (rapport_task_row_parent_class)->finalize (object);
}

static void
rapport_task_row_class_init (RapportTaskRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rapport_task_row_finalize;
}

static void
rapport_task_row_init (RapportTaskRow *self)
{
  self->check = gtk_check_button_new ();
  gtk_widget_set_valign (self->check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), self->check);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
  g_signal_connect (self, "activated", G_CALLBACK (activated_cb), NULL);
}

/**
 * rapport_task_row_new:
 * @now: what "3 hours ago" is counted from
 * @assignee_name: (nullable): whose task it is, when the list has everyone's
 *
 * Returns: (transfer floating): a row for @task
 */
GtkWidget *
rapport_task_row_new (RapportStore *store,
                      JsonObject   *task,
                      GDateTime    *now,
                      const char   *assignee_name)
{
  const char *title = rapport_json_get_string (task, "title");
  const char *priority = rapport_json_get_string (task, "priority");
  const char *done_at = rapport_json_get_string (task, "done_at");
  g_autofree char *due = rapport_when_near (rapport_json_get_string (task, "due_at"), now);
  g_autofree char *remind = rapport_when_near (rapport_json_get_string (task, "remind_at"), now);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *about;
  RapportTaskRow *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (task != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_TASK_ROW, NULL);
  self->store = g_object_ref (store);
  self->id = g_strdup (rapport_json_get_string (task, "id"));

  if (done_at != NULL)
    {
      g_autofree char *when = rapport_when_relative (done_at, now);

      /* Translators: %s is a time, e.g. "3 hours ago" */
      g_string_append_printf (subtitle, _("Done %s"), when ? when : "");
    }
  else if (due != NULL)
    /* Translators: %s is a date and time, e.g. "Tomorrow 14:30" or 12/24/2026 14:30 */
    g_string_append_printf (subtitle, _("Due %s"), due);
  else
    g_string_append (subtitle, _("No due date"));
  if (priority != NULL && g_strcmp0 (priority, "normal") != 0)
    g_string_append_printf (subtitle, " · %s",
                            rapport_labels_field_choice (rapport_entity_lookup ("task"), "priority",
                                                         priority));
  if (remind != NULL && done_at == NULL)
    {
      g_string_append (subtitle, " · ");
      /* Translators: %s is a date and time, e.g. 2024-05-17 14:30 */
      g_string_append_printf (subtitle, _("Reminder %s"), remind);
    }
  if (assignee_name != NULL)
    g_string_append_printf (subtitle, " · %s", assignee_name);
  if ((about = rapport_item_about_add (store, rapport_entity_lookup ("task"), task, subtitle)))
    adw_action_row_add_suffix (ADW_ACTION_ROW (self), about);
  /* Last, after the record's button: the row itself opens the task. */
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), gtk_image_new_from_icon_name ("go-next-symbolic"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title ? title : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->check), done_at != NULL);
  gtk_widget_set_tooltip_text (self->check, done_at != NULL ? _("Open Again") : _("Mark as Done"));
  /* A screen reader says "Call Ana, check box, not checked". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title ? title : "", -1);
  /* Connected once the state is set: setting it is no user's doing. */
  g_signal_connect (self->check, "toggled", G_CALLBACK (done_toggled_cb), self);
  return GTK_WIDGET (self);
}

const char *
rapport_task_row_get_id (RapportTaskRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_TASK_ROW (self), NULL);

  return self->id;
}

/**
 * rapport_task_row_get_check:
 *
 * Returns: (transfer none): the check button that marks the task done
 */
GtkWidget *
rapport_task_row_get_check (RapportTaskRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_TASK_ROW (self), NULL);

  return self->check;
}
