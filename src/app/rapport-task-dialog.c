/* rapport-task-dialog.c: a new task, from anywhere, or one to edit
 *
 * From a record's page a new task is linked to that record (and a
 * contact's task to their company); from the Tasks section it stands
 * alone. It is the user's own unless they hand it to a teammate. Its
 * fields are the task's compact layout (rapport-entity-table.c), edited
 * as in any record editor: a reminder after the due time is asked about
 * once, then kept, and becomes a desktop notification at its time
 * (rapport-reminders.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-task-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-item-dialog-private.h"
#include "rapport-json.h"
#include "rapport-task-dialog.h"
#include "rapport-timeline.h"

struct _RapportTaskDialog
{
  RapportItemDialog parent_instance;
};

G_DEFINE_FINAL_TYPE (RapportTaskDialog, rapport_task_dialog, RAPPORT_TYPE_ITEM_DIALOG)

static void
rapport_task_dialog_class_init (RapportTaskDialogClass *klass)
{
}

static void
rapport_task_dialog_init (RapportTaskDialog *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("New Task"));
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
  g_autoptr(JsonObject) links = json_object_new ();
  RapportTaskDialog *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity == NULL || rapport_timeline_link_field (entity) != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_TASK_DIALOG, "transient-for", parent, NULL);
  if (entity != NULL && id != NULL)
    rapport_timeline_link_to (store, links, entity, id);
  rapport_item_dialog_set_up (RAPPORT_ITEM_DIALOG (self), store, rapport_entity_lookup ("task"), NULL,
                              links);
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
  RapportTaskDialog *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (task_id != NULL, NULL);

  if ((task = rapport_store_get (store, "task", task_id, &error)) == NULL)
    {
      g_warning ("Could not open the task: %s", error->message);
      return NULL;
    }

  self = g_object_new (RAPPORT_TYPE_TASK_DIALOG, "transient-for", parent, NULL);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Task"));
  rapport_item_dialog_set_up (RAPPORT_ITEM_DIALOG (self), store, rapport_entity_lookup ("task"), task,
                              NULL);
  rapport_item_dialog_allow_delete (RAPPORT_ITEM_DIALOG (self), _("_Delete Task"),
                                    rapport_json_get_string (task, "title"));
  return self;
}
