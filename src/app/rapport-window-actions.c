/* rapport-window-actions.c: the main window's actions
 *
 * Everything that moves the window from one place to another goes through
 * an action, whoever asks: a key, a button, a row of a page, a reminder's
 * notification (app.open-record passes on to win.open-record). A page
 * knows only the action's name and its target, not the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-conflicts-window.h"
#include "rapport-plain-text.h"
#include "rapport-sign-in-dialog.h"
#include "rapport-window-private.h"

/* A related record, a deal on the board, a teammate's record, a task's
 * record, a reminder: the record in the detail pane, in its section when
 * it has one. The target is (entity, id). */
static void
open_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  const char *entity, *id;

  g_variant_get (parameter, "(&s&s)", &entity, &id);
  if (rapport_entity_lookup (entity) == NULL || *id == '\0')
    {
      g_debug ("No record to open: “%s/%s”", entity, id);
      return;
    }
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  if (_rapport_window_find_section (self, entity) != NULL &&
      strcmp (self->section->entity->name, entity) != 0)
    _rapport_window_show_section (self, entity);
  rapport_detail_view_show (self->detail_view, entity, id);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail_view));
}

/* The Tasks page, with the focus on the task whose id is the target ("" for
 * none). */
static void
show_task_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  rapport_tasks_page_show_task (self->tasks_page, g_variant_get_string (parameter, NULL));
}

/* A page of the main stack by its name: the sidebar's Tasks and Team. */
static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  GtkWidget *page = gtk_stack_get_child_by_name (self->main_stack, name);

  if (page == NULL || !gtk_widget_get_visible (page))
    {
      g_debug ("No page to show: “%s”", name);
      return;
    }
  gtk_stack_set_visible_child (self->main_stack, page);
}

static void
signed_in_cb (RapportWindow *self)
{
  _rapport_window_show_main (self);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  RapportSignInDialog *dialog = rapport_sign_in_dialog_new (self->application);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (signed_in_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
work_offline_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _rapport_window_show_main (RAPPORT_WINDOW (widget));
}

static void
explore_sample_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  /* Closes this window and opens one on the sample book. */
  if (!rapport_application_set_sample (self->application, TRUE, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, rapport_toast_new_plain (error->message));
}

static void
leave_sample_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!rapport_application_set_sample (self->application, FALSE, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, rapport_toast_new_plain (error->message));
}

static void
new_record_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0)
    return;
  gtk_single_selection_set_selected (self->section->selection, GTK_INVALID_LIST_POSITION);
  rapport_detail_view_create (self->detail_view, self->section->entity->name);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail_view));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  /* From Tasks, Team or the board too (Alt+1 … Alt+6), not from welcome. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "welcome") == 0)
    return;
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  _rapport_window_show_section (self, g_variant_get_string (parameter, NULL));
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  adw_leaflet_navigate (RAPPORT_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* From a page of its own (the board), folded: straight to the sections. */
static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->main_stack, "main");
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar_pane);
}

static void
show_conflicts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  RapportConflictsWindow *conflicts;

  conflicts = rapport_conflicts_window_new (self->context);
  gtk_window_set_transient_for (GTK_WINDOW (conflicts), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (conflicts));
}

void
_rapport_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-record", NULL, new_record_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.show-conflicts", NULL, show_conflicts_action);
  gtk_widget_class_install_action (widget_class, "win.open-record", "(ss)", open_record_action);
  gtk_widget_class_install_action (widget_class, "win.show-task", "s", show_task_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.work-offline", NULL, work_offline_action);
  gtk_widget_class_install_action (widget_class, "win.explore-sample", NULL, explore_sample_action);
  gtk_widget_class_install_action (widget_class, "win.leave-sample", NULL, leave_sample_action);
}
