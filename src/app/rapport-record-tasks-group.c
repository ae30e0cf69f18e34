/* rapport-record-tasks-group.c: a record's open tasks in its detail view
 *
 * The open tasks linked to the record (rapport_store_record_tasks()),
 * soonest due first, each to tick off or to open and edit, with a button
 * to add another linked to the record. A detail view is read a screen at a
 * time: the group shows the first MAX_SHOWN and says how many more there
 * are. It reloads when a task changes, whoever wrote it, and leaves out
 * one deleted while Undo is offered (rapport-record-group.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-record-tasks-group"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-record-tasks-group.h"
#include "rapport-team-users.h"
#include "rapport-task-dialog.h"
#include "rapport-task-row.h"
#include "rapport-tasks.h"

#define MAX_SHOWN 10

struct _RapportRecordTasksGroup
{
  RapportRecordGroup  parent_instance;

  GtkListBox         *list;
};

G_DEFINE_FINAL_TYPE (RapportRecordTasksGroup, rapport_record_tasks_group, RAPPORT_TYPE_RECORD_GROUP)

/* Whose task it is, when it is not the user's own. */
static char *
assignee_name (RapportStore *store,
               JsonObject   *task)
{
  const char *assignee = json_object_get_string_member_with_default (task, "assignee_id", NULL);

  if (g_strcmp0 (assignee, rapport_store_get_user_id (store)) == 0)
    return NULL;
  return rapport_team_users_lookup_name (store, assignee);
}

static GtkWidget *
create_row (RapportRecordGroup *group,
            JsonObject         *task,
            GDateTime          *now)
{
  RapportStore *store = rapport_record_group_get_store (group);
  g_autofree char *name = assignee_name (store, task);

  return rapport_task_row_new (store, task, now, name);
}

static char *
describe_more (guint n_more)
{
  return g_strdup_printf (ngettext ("%u more task", "%u more tasks", n_more), n_more);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  RapportRecordGroup *group = RAPPORT_RECORD_GROUP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  RapportTaskDialog *dialog;

  dialog = rapport_task_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    rapport_record_group_get_store (group),
                                    rapport_record_group_get_entity (group),
                                    rapport_record_group_get_id (group));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rapport_record_tasks_group_class_init (RapportRecordTasksGroupClass *klass)
{
  RapportRecordGroupClass *group_class = RAPPORT_RECORD_GROUP_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  group_class->row_entity = "task";
  group_class->max_shown = MAX_SHOWN;
  group_class->empty = N_("No open tasks");
  group_class->query = rapport_store_record_tasks;
  group_class->create_row = create_row;
  group_class->describe_more = describe_more;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-record-tasks-group.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportRecordTasksGroup, list);

  gtk_widget_class_install_action (widget_class, "record-tasks.add", NULL, add_action);
}

static void
rapport_record_tasks_group_init (RapportRecordTasksGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_record_group_set_list (RAPPORT_RECORD_GROUP (self), self->list);
}
