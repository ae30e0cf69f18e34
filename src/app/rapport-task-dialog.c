/* rapport-task-dialog.c: a new task, from anywhere
 *
 * From a detail view the task is linked to the record in view (and a
 * contact's task to their company); from the Tasks section it stands
 * alone. It is the user's own unless they hand it to a teammate. Times are
 * typed in local time; a reminder becomes a desktop notification at its
 * time (see rapport-reminders.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-task-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-choice-factory.h"
#include "rapport-labels.h"
#include "rapport-record.h"
#include "rapport-task-dialog.h"
#include "rapport-tasks.h"
#include "rapport-team-users.h"
#include "rapport-timeline.h"
#include "rapport-when.h"

struct _RapportTaskDialog
{
  AdwWindow     parent_instance;

  RapportStore *store;     /* (owned) */
  char         *entity;    /* (owned) (nullable): the record the task is linked to */
  char         *id;        /* (owned) (nullable) */
  GPtrArray    *users;     /* (owned) (element-type JsonObject) */
  const char * const *priorities;
  GtkWidget    *assignee_row;

  AdwPreferencesGroup *group;
  GtkLabel     *error_label;
  AdwEntryRow  *title_row;
  AdwEntryRow  *due_row;
  AdwEntryRow  *remind_row;
  AdwComboRow  *priority_row;
  AdwActionRow *link_row;
};

G_DEFINE_FINAL_TYPE (RapportTaskDialog, rapport_task_dialog, ADW_TYPE_WINDOW)

static void
show_error (RapportTaskDialog *self,
            const char        *message,
            GtkWidget         *focus)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

/* Empty is fine: no due date, no reminder. */
static gboolean
read_time (RapportTaskDialog *self,
           AdwEntryRow       *row,
           char             **value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GDateTime) time = NULL;

  *value = NULL;
  if (*text == '\0')
    return TRUE;
  if ((time = rapport_when_parse_local (text)) == NULL)
    {
      show_error (self, _("Type the time as YYYY-MM-DD HH:MM, e.g. 2024-05-17 14:30."),
                  GTK_WIDGET (row));
      return FALSE;
    }
  *value = rapport_format_timestamp (time);
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportTaskDialog *self = RAPPORT_TASK_DIALOG (widget);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL;
  g_autofree char *remind = NULL;
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  const char *assignee = rapport_team_users_get_chosen (self->assignee_row, self->users);
  guint priority = adw_combo_row_get_selected (self->priority_row);

  if (*title == '\0')
    {
      show_error (self, _("A task needs a title."), GTK_WIDGET (self->title_row));
      return;
    }
  if (!read_time (self, self->due_row, &due) || !read_time (self, self->remind_row, &remind))
    return;

  json_object_set_string_member (fields, "title", title);
  if (due != NULL)
    json_object_set_string_member (fields, "due_at", due);
  if (remind != NULL)
    json_object_set_string_member (fields, "remind_at", remind);
  if (assignee != NULL)
    json_object_set_string_member (fields, "assignee_id", assignee);
  if (priority < g_strv_length ((char **) self->priorities))
    json_object_set_string_member (fields, "priority", self->priorities[priority]);
  if (self->entity != NULL)
    rapport_timeline_link_to (self->store, fields, self->entity, self->id);

  created = rapport_store_create (self->store, "task", fields, &error);
  if (created == NULL)
    {
      show_error (self, error->message, NULL);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
rapport_task_dialog_dispose (GObject *object)
{
#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_TASK_DIALOG);
#endif

  G_OBJECT_CLASS (rapport_task_dialog_parent_class)->dispose (object);
}

static void
rapport_task_dialog_finalize (GObject *object)
{
  RapportTaskDialog *self = (RapportTaskDialog *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->entity, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->users, g_ptr_array_unref);

  G_OBJECT_CLASS (rapport_task_dialog_parent_class)->finalize (object);
}

static void
rapport_task_dialog_class_init (RapportTaskDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_task_dialog_dispose;
  object_class->finalize = rapport_task_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-task-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, group);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, due_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, remind_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, priority_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, link_row);

  gtk_widget_class_install_action (widget_class, "task.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "task.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_task_dialog_init (RapportTaskDialog *self)
{
  const RapportField *field = rapport_entity_get_field (rapport_entity_lookup ("task"), "priority");
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();
  guint selected = 0;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->priorities = field->choices;
  for (guint i = 0; self->priorities[i] != NULL; i++)
    {
      gtk_string_list_append (labels, rapport_labels_choice ("priority", self->priorities[i]));
      if (g_strcmp0 (self->priorities[i], field->default_value) == 0)
        selected = i;
    }
  adw_combo_row_set_model (self->priority_row, G_LIST_MODEL (labels));
  adw_combo_row_set_factory (self->priority_row, factory);
  adw_combo_row_set_selected (self->priority_row, selected);
}

/**
 * rapport_task_dialog_new:
 * @entity: (nullable): the type of the record the task is linked to
 * @id: (nullable): that record
 */
RapportTaskDialog *
rapport_task_dialog_new (GtkWindow    *parent,
                         RapportStore *store,
                         const char   *entity,
                         const char   *id)
{
  RapportTaskDialog *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity == NULL || rapport_timeline_link_field (entity) != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_TASK_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);

  /* The team is known only once the store is: the row is made here. */
  self->users = rapport_team_users_load (store);
  self->assignee_row = rapport_team_users_combo_row (self->users, _("Assignee"),
                                                     rapport_store_get_user_id (store));
  adw_preferences_group_add (self->group, self->assignee_row);

  if (entity != NULL && id != NULL)
    {
      const RapportEntity *linked = rapport_entity_lookup (entity);
      g_autoptr(JsonObject) record = rapport_store_get (store, entity, id, NULL);
      g_autofree char *title = record != NULL ? rapport_record_title (linked, record) : NULL;

      self->entity = g_strdup (entity);
      self->id = g_strdup (id);
      adw_action_row_set_subtitle (self->link_row, title != NULL ? title : "");
      gtk_widget_set_visible (GTK_WIDGET (self->link_row), TRUE);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
  return self;
}
