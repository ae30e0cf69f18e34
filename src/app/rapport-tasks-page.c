/* rapport-tasks-page.c: the Tasks section
 *
 * The signed-in user's tasks in four groups: overdue, due today, upcoming
 * and done (rapport_store_tasks()), or the whole team's when the user
 * chooses Everyone's (each row then says whose it is); everyone's when
 * nobody is signed in, as in the sample book. Each row has a check button
 * that marks the task done or opens it again, and opens the task to edit
 * or delete when activated (rapport-task-row.c); a task deleted while Undo
 * is offered is left out. Like the deal board it is a page of the window's main
 * stack, declared in the window's template with its entry under the
 * sidebar's sections, and a header of its own; the window gives it its
 * context. Each group is a list model (rapport-snapshot-model.c) whose
 * snapshot is taken in a worker thread when a task changes, and every
 * minute, since what is due today becomes overdue without any write; its
 * first rows are shown (rapport-bounded-list.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-tasks-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-bounded-list.h"
#include "rapport-choice-factory.h"
#include "rapport-json.h"
#include "rapport-stack-page.h"
#include "rapport-task-dialog.h"
#include "rapport-task-row.h"
#include "rapport-tasks-page.h"
#include "rapport-tasks.h"
#include "rapport-team-users.h"

/* A group is read a screen at a time; the rest is counted. */
#define MAX_SHOWN 100

/* The items of the Whose Tasks drop-down. */
enum {
  WHOSE_EVERYONE,
  WHOSE_MINE,
};

static const struct
{
  RapportTaskBucket  bucket;
  const char        *title;
  const char        *empty;
} buckets[] = {
  { RAPPORT_TASK_BUCKET_OVERDUE, N_("Overdue"), N_("Nothing overdue") },
  { RAPPORT_TASK_BUCKET_TODAY, N_("Today"), N_("Nothing due today") },
  { RAPPORT_TASK_BUCKET_UPCOMING, N_("Upcoming"), N_("Nothing upcoming") },
  { RAPPORT_TASK_BUCKET_DONE, N_("Done"), N_("Nothing done yet") },
};

struct _RapportTasksPage
{
  GtkWidget           parent_instance;

  RapportContext     *context;     /* (owned) (nullable): until the window gives it */
  RapportStore       *store;       /* (owned) (nullable): the context's */
  RapportChangeMonitor *changes;   /* (owned) (nullable): the context's */
  gulong              changed_id;
  RapportClock       *clock;       /* (owned) (nullable): the context's */
  gulong              minute_id;
  char               *focus_id;    /* (owned) (nullable): the task to show after a reload */
  char               *saved_title; /* (owned) (nullable): the window's, while the page shows */
  GtkListBox         *lists[G_N_ELEMENTS (buckets)];
  RapportSnapshotModel *models[G_N_ELEMENTS (buckets)]; /* (owned) (nullable): the context's */
  GDateTime          *now;         /* (owned) (nullable): as of the last reload */
  gboolean            everyones;   /* rows say whose task it is */
  GHashTable         *names;       /* (owned): user id → (owned) (nullable) name */

  GtkWidget          *box;
  AdwWindowTitle     *window_title;
  GtkDropDown        *whose_dropdown;
  GtkBox             *groups_box;
};

G_DEFINE_FINAL_TYPE (RapportTasksPage, rapport_tasks_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Whose task a row is, for Everyone's: the assignee's name, if active. */
static const char *
assignee_name (RapportTasksPage *self,
               const char       *user_id)
{
  g_autoptr(JsonObject) user = NULL;
  char *name;

  if (user_id == NULL)
    return NULL;
  if (g_hash_table_lookup_extended (self->names, user_id, NULL, (gpointer *) &name))
    return name;
  /* One user by id: a bounded read, once per reload. */
  user = rapport_store_get (self->store, "user", user_id, NULL);
  if (user != NULL && !(json_object_has_member (user, "active") &&
                        !json_object_get_null_member (user, "active") &&
                        !json_object_get_boolean_member (user, "active")))
    name = rapport_team_users_name (user);
  else
    name = NULL;
  g_hash_table_insert (self->names, g_strdup (user_id), name);
  return name;
}

static GtkWidget *
create_row_cb (JsonObject *task,
               gpointer    user_data)
{
  RapportTasksPage *self = user_data;

  return rapport_task_row_new (self->store, task, self->now,
                               self->everyones
                               ? assignee_name (self, rapport_json_get_string (task, "assignee_id"))
                               : NULL);
}

static char *
describe_more (guint n_more)
{
  return g_strdup_printf (ngettext ("%u more task", "%u more tasks", n_more), n_more);
}

static void
focus_task (RapportTasksPage *self)
{
  if (self->focus_id == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->lists); i++)
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->lists[i]));
         row != NULL; row = gtk_widget_get_next_sibling (row))
      if (RAPPORT_IS_TASK_ROW (row) &&
          g_strcmp0 (rapport_task_row_get_id (RAPPORT_TASK_ROW (row)), self->focus_id) == 0)
        {
          /* The check button: what the user does with a task they were
           * reminded of. */
          gtk_widget_grab_focus (rapport_task_row_get_check (RAPPORT_TASK_ROW (row)));
          g_clear_pointer (&self->focus_id, g_free);
          return;
        }
}

/* What a bucket's snapshot is taken of, in a worker thread. */
typedef struct
{
  RapportTaskBucket  bucket;
  char              *whose;  /* (owned) (nullable): the assignee; everyone's if NULL */
  GDateTime         *now;    /* (owned) */
} Bucket;

static void
bucket_free (Bucket *bucket)
{
  g_free (bucket->whose);
  g_date_time_unref (bucket->now);
  g_free (bucket);
}

static RapportSnapshot *
read_bucket (RapportStore  *store,
             gpointer       data,
             GError       **error)
{
  Bucket *bucket = data;

  return rapport_store_tasks (store, bucket->bucket, bucket->whose, bucket->now, error);
}

/* Reads the groups again, as of now: every row is made again, as "due in
 * 5 minutes" and the buckets (overdue, today) move with the clock. */
static void
reload (RapportTasksPage *self)
{
  const char *me;
  const char *whose = NULL;

  if (self->store == NULL)
    return;
  me = rapport_store_get_user_id (self->store);
  /* Whose tasks is a choice only for someone signed in. */
  gtk_widget_set_visible (GTK_WIDGET (self->whose_dropdown), me != NULL);
  if (me != NULL && gtk_drop_down_get_selected (self->whose_dropdown) == WHOSE_MINE)
    whose = me;
  /* Everyone's: each row says whose it is. */
  self->everyones = whose == NULL;
  g_hash_table_remove_all (self->names);
  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = g_date_time_new_now_local ();
  for (guint i = 0; i < G_N_ELEMENTS (buckets); i++)
    {
      Bucket *bucket = g_new0 (Bucket, 1);

      bucket->bucket = buckets[i].bucket;
      bucket->whose = g_strdup (whose);
      bucket->now = g_date_time_ref (self->now);
      rapport_snapshot_model_set_query (self->models[i], read_bucket, bucket,
                                        (GDestroyNotify) bucket_free, TRUE);
    }
}

static void
loaded_cb (RapportSnapshotModel *model,
           GParamSpec           *pspec,
           RapportTasksPage     *self)
{
  if (!rapport_snapshot_model_get_loading (model))
    focus_task (self);
}

static void
users_changed_cb (RapportChangeMonitor *changes,
                  const char           *entity,
                  const char * const   *ids,
                  RapportTasksPage     *self)
{
  g_hash_table_remove_all (self->names);
}

static void
whose_changed_cb (RapportTasksPage *self)
{
  reload (self);
}

/* "in 5 minutes" and the buckets (overdue, today) move with the clock. */
static void
minute_changed_cb (RapportClock     *clock,
                   RapportTasksPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkWidget *stack = gtk_widget_get_parent (widget);

  if (GTK_IS_STACK (stack))
    gtk_stack_set_visible_child_name (GTK_STACK (stack), "main");
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  RapportTasksPage *self = RAPPORT_TASKS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  RapportTaskDialog *dialog;

  dialog = rapport_task_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    self->store, NULL, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The window's title says the section, in the window list and the task
 * bar too; the window's own title comes back when the page goes. */
static void
shown_changed_cb (GtkWidget *widget,
                  gboolean   shown)
{
  RapportTasksPage *self = RAPPORT_TASKS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!GTK_IS_WINDOW (root) || shown == (self->saved_title != NULL))
    return;
  if (shown)
    {
      g_autofree char *title = NULL;

      self->saved_title = g_strdup (gtk_window_get_title (GTK_WINDOW (root)));
      /* Translators: the window's title on the Tasks page; %s is its usual title */
      title = g_strdup_printf (_("Tasks — %s"), self->saved_title ? self->saved_title : "Rapport");
      gtk_window_set_title (GTK_WINDOW (root), title);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (root), self->saved_title);
      g_clear_pointer (&self->saved_title, g_free);
    }
}

static void
rapport_tasks_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (rapport_tasks_page_parent_class)->map (widget);

  reload (RAPPORT_TASKS_PAGE (widget));
}

static void
rapport_tasks_page_dispose (GObject *object)
{
  RapportTasksPage *self = (RapportTasksPage *) object;

  for (guint i = 0; i < G_N_ELEMENTS (self->models); i++)
    if (self->models[i] != NULL)
      g_signal_handlers_disconnect_by_data (self->models[i], self);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  if (self->clock != NULL)
    g_clear_signal_handler (&self->minute_id, self->clock);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (rapport_tasks_page_parent_class)->dispose (object);
}

static void
rapport_tasks_page_finalize (GObject *object)
{
  RapportTasksPage *self = (RapportTasksPage *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->changes);
  g_clear_object (&self->context);
  for (guint i = 0; i < G_N_ELEMENTS (self->models); i++)
    g_clear_object (&self->models[i]);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->focus_id, g_free);
  g_clear_pointer (&self->saved_title, g_free);

  G_OBJECT_CLASS (rapport_tasks_page_parent_class)->finalize (object);
}

static void
set_context (RapportTasksPage *self,
             RapportContext   *context)
{
  if (!rapport_context_set_once (G_OBJECT (self), &self->context, context))
    return;
  self->store = g_object_ref (rapport_context_get_store (self->context));
  self->changes = g_object_ref (rapport_context_get_changes (self->context));
  self->changed_id = g_signal_connect (self->changes, "changed::user",
                                       G_CALLBACK (users_changed_cb), self);
  for (guint i = 0; i < G_N_ELEMENTS (buckets); i++)
    {
      self->models[i] = rapport_snapshot_model_new (self->changes, "task");
      g_signal_connect (self->models[i], "notify::loading", G_CALLBACK (loaded_cb), self);
      rapport_bounded_list_bind (self->lists[i], self->models[i], MAX_SHOWN, _(buckets[i].empty),
                                 describe_more, create_row_cb, self);
    }
  self->clock = g_object_ref (rapport_context_get_clock (self->context));
  self->minute_id = g_signal_connect (self->clock, "minute-changed",
                                      G_CALLBACK (minute_changed_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
rapport_tasks_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RapportTasksPage *self = RAPPORT_TASKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_tasks_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RapportTasksPage *self = RAPPORT_TASKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_tasks_page_class_init (RapportTasksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_tasks_page_dispose;
  object_class->finalize = rapport_tasks_page_finalize;
  object_class->get_property = rapport_tasks_page_get_property;
  object_class->set_property = rapport_tasks_page_set_property;

  /**
   * RapportTasksPage:context:
   *
   * The book's store, changes and clock; set once, by the window.
   */
  properties[PROP_CONTEXT] = rapport_context_param_spec ();
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->map = rapport_tasks_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-tasks-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportTasksPage, box);
  gtk_widget_class_bind_template_child (widget_class, RapportTasksPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportTasksPage, whose_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RapportTasksPage, groups_box);

  gtk_widget_class_install_action (widget_class, "tasks.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "tasks.new", NULL, new_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "tasks.new", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_tasks_page_init (RapportTasksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  {
    g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();

    gtk_drop_down_set_list_factory (self->whose_dropdown, factory);
  }
  /* A to-do list: the user's own first. */
  gtk_drop_down_set_selected (self->whose_dropdown, WHOSE_MINE);
  g_signal_connect_swapped (self->whose_dropdown, "notify::selected",
                            G_CALLBACK (whose_changed_cb), self);
  rapport_stack_page_follow (GTK_WIDGET (self), shown_changed_cb);

  for (guint i = 0; i < G_N_ELEMENTS (buckets); i++)
    {
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *list = gtk_list_box_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(buckets[i].title));
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(buckets[i].title), -1);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
      gtk_box_append (self->groups_box, group);
      self->lists[i] = GTK_LIST_BOX (list);
    }
}

/**
 * rapport_tasks_page_show_task:
 * @task_id: (nullable): the task to put the focus on
 *
 * Shows the page (win.show-task).
 */
void
rapport_tasks_page_show_task (RapportTasksPage *self,
                              const char       *task_id)
{
  GtkWidget *stack;

  g_return_if_fail (RAPPORT_IS_TASKS_PAGE (self));

  g_free (self->focus_id);
  self->focus_id = task_id != NULL && *task_id != '\0' ? g_strdup (task_id) : NULL;
  stack = gtk_widget_get_parent (GTK_WIDGET (self));
  if (GTK_IS_STACK (stack))
    gtk_stack_set_visible_child (GTK_STACK (stack), GTK_WIDGET (self));
  reload (self);
}
