/* rapport-team-page.c: a manager's view of each teammate's open deals and tasks
 *
 * The Team section, for managers and admins only: on the left every active
 * user with their open deals (how many, and the amount and weighted amount
 * per currency, never added across currencies), their open tasks and how
 * many of those are overdue; on the right the chosen teammate's open deals,
 * closing soonest first, and open tasks, overdue first, a screen of each.
 * A deal opens in the records' detail pane, a task in its editor. The two
 * panes fold into one on a narrow window, as the main window's do.
 *
 * The summary reads every open deal of the book, so it is summed in a
 * worker thread (rapport_store_team_summary_async()), again when deals,
 * tasks, stages or users change while the page shows (once a burst of sync
 * writes is over) and every minute, since tasks fall overdue without any
 * write. Like the Tasks section it is a page of the window's main stack,
 * declared in the window's template, with a header of its own and an entry
 * under the sidebar's sections; the page, and with it the entry that is
 * bound to it, shows only while the signed-in user is a manager or an
 * admin. The window gives it its context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-team-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-item-about.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-money.h"
#include "rapport-stack-page.h"
#include "rapport-store-async.h"
#include "rapport-task-dialog.h"
#include "rapport-tasks.h"
#include "rapport-team-page.h"
#include "rapport-team.h"
#include "rapport-when.h"

/* A teammate's deals and tasks are shown a screen at a time; the rest is
 * counted. */
#define MAX_SHOWN 50

struct _RapportTeamPage
{
  GtkWidget            parent_instance;

  RapportContext      *context;        /* (owned) (nullable): until the window gives it */
  RapportStore        *store;          /* (owned) (nullable): the context's, till disposed */
  RapportChangeMonitor *changes;       /* (owned) (nullable): the context's */
  RapportClock        *clock;          /* (owned) (nullable): the context's */
  gulong               minute_id;
  gulong               changed_id;
  GCancellable        *cancellable;    /* (owned) (nullable): the summary being read */
  GCancellable        *rep_loading;    /* (owned) (nullable): the teammate's lists being read */
  GPtrArray           *summary;        /* (owned) (nullable) (element-type RapportRepSummary) */
  char                *rep_id;         /* (owned) (nullable): the teammate shown */
  char                *saved_title;    /* (owned) (nullable): the window's, while the page shows */
  gboolean             filling;

  AdwLeaflet          *leaflet;
  AdwHeaderBar        *reps_header;
  GtkStack            *reps_stack;
  GtkListBox          *reps_list;
  GtkWidget           *rep_pane;
  AdwHeaderBar        *rep_header;
  AdwWindowTitle      *rep_title;
  GtkWidget           *rep_back_button;
  GtkStack            *rep_stack;
  AdwPreferencesGroup *deals_group;
  GtkListBox          *deals_list;
  AdwPreferencesGroup *tasks_group;
  GtkListBox          *tasks_list;
};

G_DEFINE_FINAL_TYPE (RapportTeamPage, rapport_team_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (RapportTeamPage *self);

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "admin") == 0)
    return _("Administrator");
  if (g_strcmp0 (role, "manager") == 0)
    return _("Manager");
  return _("Sales Rep");
}

static RapportRepSummary *
find_summary (RapportTeamPage *self,
              const char      *user_id)
{
  for (guint i = 0; self->summary != NULL && i < self->summary->len; i++)
    {
      RapportRepSummary *summary = g_ptr_array_index (self->summary, i);

      if (g_strcmp0 (summary->user_id, user_id) == 0)
        return summary;
    }
  return NULL;
}

/* "€1,500.00, weighted €300.00", a line per currency. */
static char *
describe_totals (GPtrArray *totals)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < totals->len; i++)
    {
      RapportMoneyTotal *total = g_ptr_array_index (totals, i);
      g_autofree char *amount = rapport_money_format (total->amount, total->currency);
      g_autofree char *weighted = rapport_money_format (total->weighted, total->currency);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a column's total, then the total weighted by probability */
      g_string_append_printf (text, _("%s, weighted %s"), amount, weighted);
    }
  return g_string_free (text, FALSE);
}

/* "4 open deals · 3 open tasks" */
static char *
describe_counts (RapportRepSummary *summary)
{
  g_autofree char *deals = g_strdup_printf (ngettext ("%u open deal", "%u open deals",
                                                      summary->open_deals),
                                            summary->open_deals);
  g_autofree char *tasks = g_strdup_printf (ngettext ("%u open task", "%u open tasks",
                                                      summary->open_tasks),
                                            summary->open_tasks);

  return g_strdup_printf ("%s · %s", deals, tasks);
}

static char *
describe_overdue (RapportRepSummary *summary)
{
  return g_strdup_printf (ngettext ("%u task overdue", "%u tasks overdue",
                                    summary->overdue_tasks),
                          summary->overdue_tasks);
}

static GtkWidget *
caption_new (const char *text,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
rep_row_new (RapportRepSummary *summary)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *name = gtk_label_new (summary->name);
  g_autofree char *counts = describe_counts (summary);
  g_autofree char *totals = describe_totals (summary->totals);
  g_autofree char *overdue = describe_overdue (summary);
  g_autoptr(GString) description = g_string_new (counts);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), caption_new (counts, "dim-label"));
  if (*totals != '\0')
    {
      gtk_box_append (GTK_BOX (box), caption_new (totals, "dim-label"));
      g_string_append_printf (description, "\n%s", totals);
    }
  if (summary->overdue_tasks > 0)
    {
      gtk_box_append (GTK_BOX (box), caption_new (overdue, "error"));
      g_string_append_printf (description, "\n%s", overdue);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* A screen reader says the name, then the figures. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary->name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "rapport-user-id", g_strdup (summary->user_id), g_free);
  return row;
}

static GtkWidget *
note_row_new (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

/* A row that opens @record in the records' detail pane, with @tag (if
 * any) before its arrow. */
static GtkWidget *
record_row_new (const char *entity,
                JsonObject *record,
                const char *subtitle,
                GtkWidget  *tag,
                GtkWidget  *about)
{
  const char *title = rapport_json_get_string (record, "title");
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (tag != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
  /* The button that opens the record the row is about, before the arrow
   * that says the row itself opens. */
  if (about != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), about);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data (G_OBJECT (row), "rapport-entity", (gpointer) entity);
  g_object_set_data_full (G_OBJECT (row), "rapport-id", g_strdup (rapport_json_get_string (record, "id")), g_free);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* "Proposal · €1,500.00 · Closes 2024-09-01" */
static GtkWidget *
deal_row_new (RapportTeamPage *self,
              JsonObject      *deal,
              GHashTable      *stage_names)
{
  const char *stage_id = rapport_json_get_string (deal, "stage_id");
  const char *close = rapport_json_get_string (deal, "expected_close");
  g_autoptr(GString) subtitle = g_string_new (NULL);

  if (stage_id != NULL && !g_hash_table_contains (stage_names, stage_id))
    {
      g_autoptr(JsonObject) stage = rapport_store_get (self->store, "stage", stage_id, NULL);

      g_hash_table_insert (stage_names, g_strdup (stage_id),
                           g_strdup (stage != NULL ? rapport_json_get_string (stage, "name") : NULL));
    }
  if (stage_id != NULL && g_hash_table_lookup (stage_names, stage_id) != NULL)
    g_string_append (subtitle, g_hash_table_lookup (stage_names, stage_id));
  if (json_object_has_member (deal, "amount") && !json_object_get_null_member (deal, "amount"))
    {
      g_autofree char *amount = rapport_money_format (json_object_get_int_member (deal, "amount"),
                                                             rapport_json_get_string (deal, "currency"));

      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      g_string_append (subtitle, amount);
    }
  if (close != NULL)
    {
      g_autofree char *date = rapport_labels_format_date (close);

      if (subtitle->len > 0)
        g_string_append (subtitle, " · ");
      /* Translators: %s is the date a deal is expected to close */
      g_string_append_printf (subtitle, _("Closes %s"), date ? date : close);
    }
  return record_row_new ("deal", deal, subtitle->str, NULL, NULL);
}

/* "Due 2024-05-17 14:30 · High · Deal: 200 licences", an Overdue tag, and
 * a button that opens the deal. */
static GtkWidget *
task_row_new (RapportTeamPage *self,
              JsonObject      *task,
              const char      *now_text)
{
  const char *due_at = rapport_json_get_string (task, "due_at");
  const char *priority = rapport_json_get_string (task, "priority");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *due = rapport_when_near (due_at, now);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *tag = NULL;
  GtkWidget *about;

  if (due != NULL)
    /* Translators: %s is a date and time, e.g. "Tomorrow 14:30" or 12/24/2026 14:30 */
    g_string_append_printf (subtitle, _("Due %s"), due);
  else
    g_string_append (subtitle, _("No due date"));
  if (priority != NULL && g_strcmp0 (priority, "normal") != 0)
    g_string_append_printf (subtitle, " · %s",
                            rapport_labels_field_choice (rapport_entity_lookup ("task"), "priority",
                                                         priority));

  if (due_at != NULL && g_strcmp0 (due_at, now_text) < 0)
    {
      tag = gtk_label_new (_("Overdue"));
      gtk_widget_add_css_class (tag, "error");
      gtk_widget_add_css_class (tag, "caption-heading");
    }
  about = rapport_item_about_add (self->store, rapport_entity_lookup ("task"), task, subtitle);
  return record_row_new ("task", task, subtitle->str, tag, about);
}

/* Fills @list with the first rows of @snapshot, or says there are none. */
static guint
fill_records (RapportTeamPage *self,
              GtkListBox      *list,
              RapportSnapshot *snapshot,
              const char      *now_text,
              GHashTable      *stage_names)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  clear_list (list);
  rows = rapport_store_fetch (self->store, snapshot, 0, MAX_SHOWN, &error);
  if (rows == NULL)
    {
      g_warning ("Could not read a teammate’s records: %s", error->message);
      return 0;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *record = g_ptr_array_index (rows, i);

      /* Deleted since the snapshot was taken. */
      if (record == NULL)
        continue;
      if (stage_names != NULL)
        gtk_list_box_append (list, deal_row_new (self, record, stage_names));
      else
        gtk_list_box_append (list, task_row_new (self, record, now_text));
    }
  return rapport_snapshot_get_n_rows (snapshot);
}

/* A teammate's open deals and tasks, read together in a worker thread. */
typedef struct
{
  RapportSnapshot *deals;  /* (owned) (nullable): NULL if they could not be read */
  RapportSnapshot *tasks;  /* (owned) (nullable) */
} RepLists;

static void
rep_lists_free (RepLists *lists)
{
  g_clear_pointer (&lists->deals, rapport_snapshot_unref);
  g_clear_pointer (&lists->tasks, rapport_snapshot_unref);
  g_free (lists);
}

static gpointer
read_rep (RapportStore  *store,
          gpointer       data,
          GError       **error)
{
  const char *rep_id = data;
  RepLists *lists = g_new0 (RepLists, 1);
  g_autoptr(GError) deals_error = NULL;
  g_autoptr(GError) tasks_error = NULL;

  if (!(lists->deals = rapport_store_rep_open_deals (store, rep_id, &deals_error)))
    g_warning ("Could not read a teammate’s deals: %s", deals_error->message);
  if (!(lists->tasks = rapport_store_rep_open_tasks (store, rep_id, &tasks_error)))
    g_warning ("Could not read a teammate’s tasks: %s", tasks_error->message);
  return lists;
}

static void
rep_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RapportTeamPage) self = user_data;
  RepLists *lists;
  g_autoptr(GHashTable) stage_names = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now_text = NULL;
  guint n;

  lists = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  /* Another teammate chosen since, or the page gone. */
  if (lists == NULL || self->store == NULL)
    {
      g_clear_pointer (&lists, rep_lists_free);
      return;
    }
  g_clear_object (&self->rep_loading);

  now = g_date_time_new_now_utc ();
  now_text = rapport_format_timestamp (now);
  stage_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (lists->deals == NULL)
    clear_list (self->deals_list);
  else if ((n = fill_records (self, self->deals_list, lists->deals, now_text, stage_names)) == 0)
    gtk_list_box_append (self->deals_list, note_row_new (_("No open deals")));
  else if (n > MAX_SHOWN)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("%u more deal", "%u more deals",
                                                         n - MAX_SHOWN), n - MAX_SHOWN);

      gtk_list_box_append (self->deals_list, note_row_new (more));
    }

  if (lists->tasks == NULL)
    clear_list (self->tasks_list);
  else if ((n = fill_records (self, self->tasks_list, lists->tasks, now_text, NULL)) == 0)
    gtk_list_box_append (self->tasks_list, note_row_new (_("No open tasks")));
  else if (n > MAX_SHOWN)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("%u more task", "%u more tasks",
                                                         n - MAX_SHOWN), n - MAX_SHOWN);

      gtk_list_box_append (self->tasks_list, note_row_new (more));
    }

  gtk_stack_set_visible_child_name (self->rep_stack, "rep");
  rep_lists_free (lists);
}

/* The chosen teammate's open deals and tasks, on the right. */
static void
show_rep (RapportTeamPage *self)
{
  RapportRepSummary *summary = find_summary (self, self->rep_id);
  g_autofree char *totals = NULL;
  g_autofree char *deals_description = NULL;
  g_autofree char *tasks_description = NULL;

  g_cancellable_cancel (self->rep_loading);
  g_clear_object (&self->rep_loading);
  if (summary == NULL || self->store == NULL)
    {
      g_clear_pointer (&self->rep_id, g_free);
      adw_window_title_set_title (self->rep_title, "");
      adw_window_title_set_subtitle (self->rep_title, "");
      gtk_stack_set_visible_child_name (self->rep_stack, "none");
      return;
    }

  adw_window_title_set_title (self->rep_title, summary->name);
  adw_window_title_set_subtitle (self->rep_title, role_label (summary->role));

  totals = describe_totals (summary->totals);
  deals_description = g_strdup_printf (ngettext ("%u deal", "%u deals", summary->open_deals),
                                       summary->open_deals);
  if (*totals != '\0')
    {
      g_autofree char *with_totals = g_strdup_printf ("%s\n%s", deals_description, totals);

      g_free (deals_description);
      deals_description = g_steal_pointer (&with_totals);
    }
  adw_preferences_group_set_description (self->deals_group, deals_description);
  tasks_description = g_strdup_printf (ngettext ("%u task", "%u tasks", summary->open_tasks),
                                       summary->open_tasks);
  if (summary->overdue_tasks > 0)
    {
      g_autofree char *overdue = describe_overdue (summary);
      g_autofree char *both = g_strdup_printf ("%s · %s", tasks_description, overdue);

      g_free (tasks_description);
      tasks_description = g_steal_pointer (&both);
    }
  adw_preferences_group_set_description (self->tasks_group, tasks_description);

  self->rep_loading = g_cancellable_new ();
  rapport_store_read_async (self->store, read_rep, g_strdup (self->rep_id), g_free,
                            (GDestroyNotify) rep_lists_free, self->rep_loading, rep_read_cb,
                            g_object_ref (self));
}

/* The list of teammates on the left, keeping the one chosen. */
static void
fill_reps (RapportTeamPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean had_focus = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->reps_list));
  GtkListBoxRow *chosen = NULL;

  self->filling = TRUE;
  clear_list (self->reps_list);
  for (guint i = 0; i < self->summary->len; i++)
    {
      RapportRepSummary *summary = g_ptr_array_index (self->summary, i);
      GtkWidget *row = rep_row_new (summary);

      gtk_list_box_append (self->reps_list, row);
      if (g_strcmp0 (summary->user_id, self->rep_id) == 0)
        chosen = GTK_LIST_BOX_ROW (row);
    }
  gtk_list_box_select_row (self->reps_list, chosen);
  self->filling = FALSE;

  gtk_stack_set_visible_child_name (self->reps_stack, self->summary->len > 0 ? "list" : "empty");
  if (had_focus)
    gtk_widget_grab_focus (chosen != NULL ? GTK_WIDGET (chosen) : GTK_WIDGET (self->reps_list));
}

static void
summary_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RapportTeamPage) self = user_data;
  g_autoptr(GPtrArray) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = rapport_store_team_summary_finish (RAPPORT_STORE (object), result, &error);
  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not sum up the team’s work: %s", error->message);
      return;
    }
  /* Closed meanwhile. */
  if (self->store == NULL)
    return;
  g_clear_pointer (&self->summary, g_ptr_array_unref);
  self->summary = g_steal_pointer (&summary);
  fill_reps (self);
  show_rep (self);
}

static void
reload (RapportTeamPage *self)
{
  g_autoptr(GDateTime) now = NULL;

  if (self->store == NULL)
    return;
  /* A newer sum replaces one still being read. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->rep_loading);
  g_clear_object (&self->rep_loading);
  self->cancellable = g_cancellable_new ();
  if (self->summary == NULL)
    gtk_stack_set_visible_child_name (self->reps_stack, "loading");
  now = g_date_time_new_now_utc ();
  rapport_store_team_summary_async (self->store, now, self->cancellable, summary_ready_cb,
                                    g_object_ref (self));
}

/* The window's stack of pages, which the page goes back from. */
static GtkStack *
get_stack (RapportTeamPage *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  return GTK_IS_STACK (parent) ? GTK_STACK (parent) : NULL;
}

/* Whether the signed-in user may see the team: the page (and the sidebar
 * entry bound to it) shows or hides, and gives way if it was shown. */
static void
update_access (RapportTeamPage *self)
{
  GtkStack *stack = get_stack (self);
  g_autofree char *role = NULL;
  gboolean allowed;

  if (self->store == NULL)
    return;
  role = rapport_store_get_signed_in_role (self->store);
  allowed = rapport_role_can_see_team (role);
  if (!allowed && stack != NULL && gtk_stack_get_visible_child (stack) == GTK_WIDGET (self))
    gtk_stack_set_visible_child_name (stack, "main");
  /* Not there at all for others, screen readers included. */
  gtk_widget_set_visible (GTK_WIDGET (self), allowed);
}

/* Once per burst of commits and record type, not once per page of a sync. */
static void
store_changed_cb (RapportChangeMonitor *changes,
                  const char           *entity,
                  const char * const   *ids,
                  RapportTeamPage      *self)
{
  if (self->store == NULL)
    return;
  if (g_str_equal (entity, "user"))
    update_access (self);
  if (!g_str_equal (entity, "deal") && !g_str_equal (entity, "task") &&
      !g_str_equal (entity, "stage") && !g_str_equal (entity, "user"))
    return;
  /* Hidden, it sums again when it is shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

/* Overdue counts and ages move with the clock. */
static void
minute_changed_cb (RapportClock    *clock,
                   RapportTeamPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

static void
choose_rep (RapportTeamPage *self,
            GtkListBoxRow   *row)
{
  const char *user_id = g_object_get_data (G_OBJECT (row), "rapport-user-id");

  if (g_strcmp0 (user_id, self->rep_id) == 0 &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->rep_stack), "rep") == 0)
    return;
  g_free (self->rep_id);
  self->rep_id = g_strdup (user_id);
  show_rep (self);
}

static void
rep_activated_cb (RapportTeamPage *self,
                  GtkListBoxRow   *row)
{
  choose_rep (self, row);
  adw_leaflet_set_visible_child (self->leaflet, self->rep_pane);
}

/* A row chosen with the arrow keys shows its teammate too, in place. */
static void
rep_selected_cb (RapportTeamPage *self,
                 GtkListBoxRow   *row)
{
  if (row == NULL || self->filling)
    return;
  choose_rep (self, row);
}

static void
record_activated_cb (RapportTeamPage *self,
                     GtkListBoxRow   *row)
{
  const char *entity = g_object_get_data (G_OBJECT (row), "rapport-entity");
  const char *id = g_object_get_data (G_OBJECT (row), "rapport-id");

  if (entity == NULL || id == NULL)
    return;
  /* A task opens in its editor, over the page; the others in the records'
   * detail pane. */
  if (g_strcmp0 (entity, "task") == 0)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      RapportTaskDialog *dialog;

      dialog = rapport_task_dialog_edit (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         self->store, id);
      if (dialog != NULL)
        gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-record", "(ss)", entity, id);
}

static void
folded_changed_cb (RapportTeamPage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  adw_header_bar_set_show_end_title_buttons (self->reps_header, folded);
  adw_header_bar_set_show_start_title_buttons (self->rep_header, folded);
  gtk_widget_set_visible (self->rep_back_button, folded);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkStack *stack = get_stack (RAPPORT_TEAM_PAGE (widget));

  if (stack != NULL)
    gtk_stack_set_visible_child_name (stack, "main");
}

static void
show_team_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RapportTeamPage *self = RAPPORT_TEAM_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The window's title says the section, in the window list and the task
 * bar too; the window's own title comes back when the page goes. */
static void
shown_changed_cb (GtkWidget *widget,
                  gboolean   shown)
{
  RapportTeamPage *self = RAPPORT_TEAM_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  /* The first page after signing in: the role may be known now. */
  if (!shown)
    update_access (self);
  if (!GTK_IS_WINDOW (root) || shown == (self->saved_title != NULL))
    return;
  if (shown)
    {
      g_autofree char *title = NULL;

      self->saved_title = g_strdup (gtk_window_get_title (GTK_WINDOW (root)));
      /* Translators: the window's title on the Team page; %s is its usual title */
      title = g_strdup_printf (_("Team — %s"), self->saved_title ? self->saved_title : "Rapport");
      gtk_window_set_title (GTK_WINDOW (root), title);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (root), self->saved_title);
      g_clear_pointer (&self->saved_title, g_free);
    }
}

static void
rapport_team_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (rapport_team_page_parent_class)->map (widget);

  reload (RAPPORT_TEAM_PAGE (widget));
}

static void
rapport_team_page_dispose (GObject *object)
{
  RapportTeamPage *self = (RapportTeamPage *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_object (&self->store);
  if (self->clock != NULL)
    g_clear_signal_handler (&self->minute_id, self->clock);
  g_clear_object (&self->clock);
#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_TEAM_PAGE);
#else
  g_clear_pointer ((GtkWidget **) &self->leaflet, gtk_widget_unparent);
#endif

  G_OBJECT_CLASS (rapport_team_page_parent_class)->dispose (object);
}

static void
rapport_team_page_finalize (GObject *object)
{
  RapportTeamPage *self = (RapportTeamPage *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->summary, g_ptr_array_unref);
  g_clear_pointer (&self->rep_id, g_free);
  g_clear_pointer (&self->saved_title, g_free);

  G_OBJECT_CLASS (rapport_team_page_parent_class)->finalize (object);
}

static void
set_context (RapportTeamPage *self,
             RapportContext  *context)
{
  if (!rapport_context_set_once (G_OBJECT (self), &self->context, context))
    return;
  self->store = g_object_ref (rapport_context_get_store (self->context));
  self->changes = g_object_ref (rapport_context_get_changes (self->context));
  self->changed_id = g_signal_connect (self->changes, "changed",
                                       G_CALLBACK (store_changed_cb), self);
  self->clock = g_object_ref (rapport_context_get_clock (self->context));
  self->minute_id = g_signal_connect (self->clock, "minute-changed",
                                      G_CALLBACK (minute_changed_cb), self);
  update_access (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
rapport_team_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RapportTeamPage *self = RAPPORT_TEAM_PAGE (object);

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
rapport_team_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RapportTeamPage *self = RAPPORT_TEAM_PAGE (object);

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
rapport_team_page_class_init (RapportTeamPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_team_page_dispose;
  object_class->finalize = rapport_team_page_finalize;
  object_class->get_property = rapport_team_page_get_property;
  object_class->set_property = rapport_team_page_set_property;
  widget_class->map = rapport_team_page_map;

  /**
   * RapportTeamPage:context:
   *
   * The book's store, changes and clock; set once, by the window.
   */
  properties[PROP_CONTEXT] = rapport_context_param_spec ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-team-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportTeamPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RapportTeamPage, reps_header);
  gtk_widget_class_bind_template_child (widget_class, RapportTeamPage, reps_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportTeamPage, reps_list);
  gtk_widget_class_bind_template_child (widget_class, RapportTeamPage, rep_pane);
  gtk_widget_class_bind_template_child (widget_class, RapportTeamPage, rep_header);
  gtk_widget_class_bind_template_child (widget_class, RapportTeamPage, rep_title);
  gtk_widget_class_bind_template_child (widget_class, RapportTeamPage, rep_back_button);
  gtk_widget_class_bind_template_child (widget_class, RapportTeamPage, rep_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportTeamPage, deals_group);
  gtk_widget_class_bind_template_child (widget_class, RapportTeamPage, deals_list);
  gtk_widget_class_bind_template_child (widget_class, RapportTeamPage, tasks_group);
  gtk_widget_class_bind_template_child (widget_class, RapportTeamPage, tasks_list);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rep_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, record_activated_cb);

  gtk_widget_class_install_action (widget_class, "team.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "team.show-team", NULL, show_team_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_team_page_init (RapportTeamPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Connected here, not in the template, so that filling the list (which
   * selects the chosen row again) is told apart from the user's choice. */
  g_signal_connect_swapped (self->reps_list, "row-selected", G_CALLBACK (rep_selected_cb), self);
  folded_changed_cb (self);
  rapport_stack_page_follow (GTK_WIDGET (self), shown_changed_cb);
}
