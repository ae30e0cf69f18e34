/* rapport-record-tasks-group.c: a record's open tasks in its detail view
 *
 * The open tasks linked to the record (rapport_store_record_tasks()),
 * soonest due first, each to tick off or to open and edit, with a button
 * to add another linked to the record. A detail view is read a screen at a
 * time: the group shows the first MAX_SHOWN and says how many more there
 * are. It reloads when a task changes, whoever wrote it, and leaves out
 * one deleted while Undo is offered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-record-tasks-group"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-main-thread.h"
#include "rapport-pending-deletes.h"
#include "rapport-record-tasks-group.h"
#include "rapport-task-dialog.h"
#include "rapport-task-row.h"
#include "rapport-tasks.h"

#define MAX_SHOWN 10

struct _RapportRecordTasksGroup
{
  GtkWidget     parent_instance;

  RapportStore *store;   /* (owned) */
  gulong        changed_id;
  gulong        pending_id;
  char         *entity;  /* (owned) */
  char         *id;      /* (owned) */

  GtkWidget    *group;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (RapportRecordTasksGroup, rapport_record_tasks_group, GTK_TYPE_WIDGET)

static const char *
get_string (JsonObject *record,
            const char *member)
{
  JsonNode *node = record != NULL ? json_object_get_member (record, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static GtkWidget *
note_row_new (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

/* Whose task it is, when it is not the user's own. */
static char *
assignee_name (RapportRecordTasksGroup *self,
               JsonObject              *task)
{
  const char *assignee = get_string (task, "assignee_id");
  g_autoptr(JsonObject) user = NULL;

  if (assignee == NULL || g_strcmp0 (assignee, rapport_store_get_user_id (self->store)) == 0 ||
      (user = rapport_store_get (self->store, "user", assignee, NULL)) == NULL)
    return NULL;
  return g_strdup (get_string (user, "name"));
}

static void
reload (RapportRecordTasksGroup *self)
{
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  RapportPendingDeletes *pending = rapport_pending_deletes_get (self->store);
  GtkWidget *child;
  guint n, hidden = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  snapshot = rapport_store_record_tasks (self->store, self->entity, self->id, &error);
  if (snapshot != NULL)
    rows = rapport_store_fetch (self->store, snapshot, 0, MAX_SHOWN, &error);
  if (rows == NULL)
    {
      g_warning ("Could not read the record's tasks: %s", error->message);
      return;
    }

  n = rapport_snapshot_get_n_rows (snapshot);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *task = g_ptr_array_index (rows, i);
      g_autofree char *name = NULL;

      if (task == NULL)
        continue;
      /* Deleted, while Undo is offered. */
      if (rapport_pending_deletes_has (pending, get_string (task, "id")))
        {
          hidden++;
          continue;
        }
      name = assignee_name (self, task);
      gtk_list_box_append (self->list, rapport_task_row_new (self->store, task, now, name));
    }

  if (n == hidden)
    gtk_list_box_append (self->list, note_row_new (_("No open tasks")));
  else if (n > MAX_SHOWN)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("%u more task", "%u more tasks",
                                                         n - MAX_SHOWN), n - MAX_SHOWN);

      gtk_list_box_append (self->list, note_row_new (more));
    }
}

static void
store_changed_main_cb (gpointer target,
                       gpointer data)
{
  reload (RAPPORT_RECORD_TASKS_GROUP (target));
}

/* Emitted by whichever thread wrote: a sync writes from its worker. */
static void
store_changed_cb (RapportStore            *store,
                  const char              *entity,
                  const char * const      *ids,
                  RapportRecordTasksGroup *self)
{
  if (g_strcmp0 (entity, "task") != 0)
    return;
  rapport_run_on_main_thread (G_OBJECT (self), NULL, store_changed_main_cb, NULL, NULL);
}

static void
pending_changed_cb (RapportPendingDeletes   *pending,
                    const char              *entity,
                    RapportRecordTasksGroup *self)
{
  if (g_strcmp0 (entity, "task") == 0)
    reload (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  RapportRecordTasksGroup *self = RAPPORT_RECORD_TASKS_GROUP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  RapportTaskDialog *dialog;

  dialog = rapport_task_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    self->store, self->entity, self->id);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rapport_record_tasks_group_dispose (GObject *object)
{
  RapportRecordTasksGroup *self = (RapportRecordTasksGroup *) object;

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->store);
      g_clear_signal_handler (&self->pending_id, rapport_pending_deletes_get (self->store));
    }
#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_RECORD_TASKS_GROUP);
#endif

  G_OBJECT_CLASS (rapport_record_tasks_group_parent_class)->dispose (object);
}

static void
rapport_record_tasks_group_finalize (GObject *object)
{
  RapportRecordTasksGroup *self = (RapportRecordTasksGroup *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->entity, g_free);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (rapport_record_tasks_group_parent_class)->finalize (object);
}

static void
rapport_record_tasks_group_class_init (RapportRecordTasksGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_record_tasks_group_dispose;
  object_class->finalize = rapport_record_tasks_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-record-tasks-group.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportRecordTasksGroup, group);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordTasksGroup, list);

  gtk_widget_class_install_action (widget_class, "record-tasks.add", NULL, add_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_record_tasks_group_init (RapportRecordTasksGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rapport_record_tasks_group_new:
 * @entity: "contact", "company", "deal" or "case"
 * @id: the record whose tasks are shown
 */
GtkWidget *
rapport_record_tasks_group_new (RapportStore *store,
                                const char   *entity,
                                const char   *id)
{
  RapportRecordTasksGroup *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && id != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_RECORD_TASKS_GROUP, NULL);
  self->store = g_object_ref (store);
  self->entity = g_strdup (entity);
  self->id = g_strdup (id);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  self->pending_id = g_signal_connect (rapport_pending_deletes_get (store), "changed",
                                       G_CALLBACK (pending_changed_cb), self);
  reload (self);
  return GTK_WIDGET (self);
}
