/* rapport-task-dialog.c: a new task, from anywhere, or one to edit
 *
 * From a detail view a new task is linked to the record in view (and a
 * contact's task to their company); from the Tasks section it stands
 * alone. It is the user's own unless they hand it to a teammate. Times are
 * typed in local time; a reminder becomes a desktop notification at its
 * time (see rapport-reminders.c).
 *
 * An existing task opens with what it has; Save sends only what the user
 * changed, so a field they did not touch (or one a sync changed meanwhile)
 * is left as it is, links included. Delete hides it while a toast offers
 * Undo (rapport-pending-deletes.c). A refused value is shown under its
 * field and nothing is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-task-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-choice-factory.h"
#include "rapport-date-button.h"
#include "rapport-dialog-size.h"
#include "rapport-item-edit.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-record.h"
#include "rapport-task-dialog.h"
#include "rapport-tasks.h"
#include "rapport-team-users.h"
#include "rapport-timeline.h"
#include "rapport-validate.h"
#include "rapport-when.h"

/* The records a task can be linked to, in the order the dialog names one. */
static const char * const link_entities[] = { "contact", "deal", "case", "company" };

struct _RapportTaskDialog
{
  AdwWindow     parent_instance;

  RapportStore *store;     /* (owned) */
  char         *entity;    /* (owned) (nullable): the record a new task is linked to */
  char         *id;        /* (owned) (nullable) */
  JsonObject   *task;      /* (owned) (nullable): the task edited, as it was opened */
  GPtrArray    *users;     /* (owned) (element-type JsonObject) */
  const char * const *priorities;
  GtkWidget    *assignee_row;
  guint         original_priority;
  guint         original_assignee;

  AdwPreferencesGroup *group;
  GtkLabel     *error_label;
  AdwEntryRow  *title_row;
  GtkWidget    *title_error_row;
  GtkLabel     *title_error;
  AdwEntryRow  *due_row;
  GtkWidget    *due_error_row;
  GtkLabel     *due_error;
  AdwEntryRow  *remind_row;
  GtkWidget    *remind_error_row;
  GtkLabel     *remind_error;
  AdwComboRow  *priority_row;
  AdwActionRow *link_row;
  GtkTextView  *notes_view;
  GtkWidget    *delete_group;
  char         *asked;          /* (owned) (nullable): the last question about unlikely values */
};

G_DEFINE_FINAL_TYPE (RapportTaskDialog, rapport_task_dialog, ADW_TYPE_WINDOW)

static void
clear_errors (RapportTaskDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_visible (self->title_error_row, FALSE);
  gtk_widget_set_visible (self->due_error_row, FALSE);
  gtk_widget_set_visible (self->remind_error_row, FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->title_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->due_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->remind_row), "error");
}

/* Under the field @field names when the dialog has it, else on top. */
static void
show_error (RapportTaskDialog *self,
            const char        *field,
            const char        *message)
{
  struct { const char *field; AdwEntryRow *row; GtkWidget *error_row; GtkLabel *label; } rows[] = {
    { "title", self->title_row, self->title_error_row, self->title_error },
    { "due_at", self->due_row, self->due_error_row, self->due_error },
    { "remind_at", self->remind_row, self->remind_error_row, self->remind_error },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_strcmp0 (rows[i].field, field) == 0)
      {
        gtk_label_set_text (rows[i].label, message);
        gtk_widget_set_visible (rows[i].error_row, TRUE);
        gtk_widget_add_css_class (GTK_WIDGET (rows[i].row), "error");
        gtk_widget_grab_focus (GTK_WIDGET (rows[i].row));
        return;
      }
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* Empty is fine: no due date, no reminder. */
static gboolean
read_time (RapportTaskDialog *self,
           AdwEntryRow       *row,
           const char        *field,
           char             **value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GDateTime) time = NULL;

  *value = NULL;
  if (*text == '\0')
    return TRUE;
  if ((time = rapport_when_parse_local (text)) == NULL)
    {
      g_autofree char *hint = rapport_when_typing_hint ();

      show_error (self, field, hint);
      return FALSE;
    }
  *value = rapport_format_timestamp (time);
  return TRUE;
}

static char *
notes_text (RapportTaskDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* What the user typed that differs from the task as it was opened: a time
 * left as it was shown keeps its seconds. */
static gboolean
time_changed (RapportTaskDialog *self,
              AdwEntryRow       *row,
              const char        *field)
{
  g_autofree char *shown = rapport_when_format_value (rapport_json_get_string (self->task, field));

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), shown ? shown : "") != 0;
}

/* The fields to store, or NULL with the error shown. A new task gets what
 * is filled in; an edited one what changed. */
static JsonObject *
collect_fields (RapportTaskDialog *self)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *due = NULL;
  g_autofree char *remind = NULL;
  g_autofree char *notes = notes_text (self);
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  const char *assignee = rapport_team_users_get_chosen (self->assignee_row, self->users);
  guint assignee_index = adw_combo_row_get_selected (ADW_COMBO_ROW (self->assignee_row));
  guint priority = adw_combo_row_get_selected (self->priority_row);
  gboolean editing = self->task != NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (title));

  if (*trimmed == '\0')
    {
      show_error (self, "title", _("A task needs a title."));
      return NULL;
    }
  if (!read_time (self, self->due_row, "due_at", &due) ||
      !read_time (self, self->remind_row, "remind_at", &remind))
    return NULL;

  if (!editing || g_strcmp0 (title, rapport_json_get_string (self->task, "title")) != 0)
    json_object_set_string_member (fields, "title", title);
  if (editing ? time_changed (self, self->due_row, "due_at") : due != NULL)
    rapport_item_edit_set_or_clear (fields, "due_at", due);
  if (editing ? time_changed (self, self->remind_row, "remind_at") : remind != NULL)
    rapport_item_edit_set_or_clear (fields, "remind_at", remind);
  if (editing ? g_strcmp0 (notes, rapport_json_get_string (self->task, "notes") ?: "") != 0 : *notes != '\0')
    rapport_item_edit_set_or_clear (fields, "notes", notes);
  if (editing ? assignee_index != self->original_assignee : assignee != NULL)
    rapport_item_edit_set_or_clear (fields, "assignee_id", assignee);
  if ((!editing || priority != self->original_priority) &&
      priority < g_strv_length ((char **) self->priorities))
    json_object_set_string_member (fields, "priority", self->priorities[priority]);
  if (!editing && self->entity != NULL)
    rapport_timeline_link_to (self->store, fields, self->entity, self->id);
  return g_steal_pointer (&fields);
}

static void
show_link (RapportTaskDialog *self,
           const char        *entity,
           const char        *id)
{
  const RapportEntity *linked = rapport_entity_lookup (entity);
  g_autoptr(JsonObject) record = rapport_store_get (self->store, entity, id, NULL);
  g_autofree char *title = record != NULL ? rapport_record_title (linked, record) : NULL;

  adw_action_row_set_subtitle (self->link_row, title != NULL ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->link_row), TRUE);
}

static RapportTaskDialog *
dialog_new (GtkWindow    *parent,
            RapportStore *store,
            const char   *assignee_id)
{
  RapportTaskDialog *self = g_object_new (RAPPORT_TYPE_TASK_DIALOG, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  /* The team is known only once the store is: the row is made here. */
  self->users = rapport_team_users_load (store);
  self->assignee_row = rapport_team_users_combo_row (self->users, _("Assignee"), assignee_id);
  adw_preferences_group_add (self->group, self->assignee_row);
  return self;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportTaskDialog *self = RAPPORT_TASK_DIALOG (widget);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *doubt = NULL;
  const char *doubted;

  clear_errors (self);
  if ((fields = collect_fields (self)) == NULL)
    return;
  /* A reminder after the due time is asked about once, then kept. */
  doubt = rapport_item_edit_doubt (rapport_entity_lookup ("task"), self->task, fields, &self->asked,
                                   &doubted);
  if (doubt != NULL)
    {
      show_error (self, doubted, doubt);
      return;
    }

  saved = rapport_item_edit_save (self->store, "task", self->task, fields, &error);
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
  RapportTaskDialog *self = RAPPORT_TASK_DIALOG (widget);

  if (self->task == NULL)
    return;
  rapport_item_edit_delete (GTK_WINDOW (self), self->store, "task", self->task,
                            rapport_json_get_string (self->task, "title"));
}

static void
entry_changed_cb (RapportTaskDialog *self)
{
  clear_errors (self);
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
  g_clear_pointer (&self->task, json_object_unref);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->asked, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, title_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, title_error);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, due_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, due_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, due_error);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, remind_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, remind_error_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, remind_error);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, priority_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, link_row);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, notes_view);
  gtk_widget_class_bind_template_child (widget_class, RapportTaskDialog, delete_group);

  gtk_widget_class_install_action (widget_class, "task.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "task.delete", NULL, delete_action);
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
  rapport_dialog_size_fit_parent (GTK_WINDOW (self));

  self->priorities = field->choices;
  for (guint i = 0; self->priorities[i] != NULL; i++)
    {
      gtk_string_list_append (labels, rapport_labels_field_choice (rapport_entity_lookup ("task"),
                                                                   "priority", self->priorities[i]));
      if (g_strcmp0 (self->priorities[i], field->default_value) == 0)
        selected = i;
    }
  adw_combo_row_set_model (self->priority_row, G_LIST_MODEL (labels));
  adw_combo_row_set_factory (self->priority_row, factory);
  adw_combo_row_set_selected (self->priority_row, selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.delete", FALSE);

  adw_entry_row_add_suffix (self->due_row, rapport_date_button_new_with_time (GTK_EDITABLE (self->due_row)));
  adw_entry_row_add_suffix (self->remind_row,
                            rapport_date_button_new_with_time (GTK_EDITABLE (self->remind_row)));
  g_signal_connect_swapped (self->title_row, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->due_row, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect_swapped (self->remind_row, "changed", G_CALLBACK (entry_changed_cb), self);
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

  self = dialog_new (parent, store, rapport_store_get_user_id (store));
  if (entity != NULL && id != NULL)
    {
      self->entity = g_strdup (entity);
      self->id = g_strdup (id);
      show_link (self, entity, id);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
  return self;
}

/**
 * rapport_task_dialog_edit:
 * @task_id: the task to edit
 *
 * Returns: (transfer none) (nullable): a dialog showing the task, or
 *   %NULL if the store has no such task
 */
RapportTaskDialog *
rapport_task_dialog_edit (GtkWindow    *parent,
                          RapportStore *store,
                          const char   *task_id)
{
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL;
  g_autofree char *remind = NULL;
  RapportTaskDialog *self;
  const char *priority;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (task_id != NULL, NULL);

  if ((task = rapport_store_get (store, "task", task_id, &error)) == NULL)
    {
      g_warning ("Could not open the task: %s", error->message);
      return NULL;
    }

  self = dialog_new (parent, store, rapport_json_get_string (task, "assignee_id"));
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Task"));
  self->original_assignee = adw_combo_row_get_selected (ADW_COMBO_ROW (self->assignee_row));

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), rapport_json_get_string (task, "title") ?: "");
  due = rapport_when_format_value (rapport_json_get_string (task, "due_at"));
  gtk_editable_set_text (GTK_EDITABLE (self->due_row), due ? due : "");
  remind = rapport_when_format_value (rapport_json_get_string (task, "remind_at"));
  gtk_editable_set_text (GTK_EDITABLE (self->remind_row), remind ? remind : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                            rapport_json_get_string (task, "notes") ?: "", -1);
  priority = rapport_json_get_string (task, "priority");
  for (guint i = 0; priority != NULL && self->priorities[i] != NULL; i++)
    if (g_strcmp0 (self->priorities[i], priority) == 0)
      adw_combo_row_set_selected (self->priority_row, i);
  self->original_priority = adw_combo_row_get_selected (self->priority_row);

  for (guint i = 0; i < G_N_ELEMENTS (link_entities); i++)
    {
      const char *linked_id = rapport_json_get_string (task, rapport_timeline_link_field (link_entities[i]));

      if (linked_id != NULL)
        {
          show_link (self, link_entities[i], linked_id);
          break;
        }
    }

  self->task = g_steal_pointer (&task);
  clear_errors (self);
  gtk_widget_set_visible (self->delete_group, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.delete", TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
  return self;
}
