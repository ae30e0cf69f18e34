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
#include "rapport-export.h"
#include "rapport-import-dialog.h"
#include "rapport-import-history.h"
#include "rapport-labels.h"
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

/* The deals behind a report's bar; the target is (field, value, label). */
static void
show_deals_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  const char *field, *value, *label;

  g_variant_get (parameter, "(&s&s&s)", &field, &value, &label);
  _rapport_window_show_deals (RAPPORT_WINDOW (widget), field, value, label);
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

/* ---- import ---- */

static void
undo_import_cb (AdwToast *toast,
                gpointer  user_data)
{
  RapportWindow *self = RAPPORT_WINDOW (user_data);
  const char *batch_id = g_object_get_data (G_OBJECT (toast), "batch-id");

  rapport_import_undo_in_background (GTK_WINDOW (self), rapport_context_get_store (self->context),
                                     batch_id, NULL, NULL);
}

/* Committed: the list of what was imported, and a toast to undo it. */
static void
imported_cb (RapportImportDialog *dialog,
             const char          *entity,
             const char          *batch_id,
             guint                created,
             guint                updated,
             guint                refused,
             RapportWindow       *self)
{
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (_rapport_window_find_section (self, entity) != NULL)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "main");
      _rapport_window_show_section (self, entity);
    }
  if (refused > 0)
    /* TRANSLATORS: after an import: "3 created, 1 updated, 2 refused" */
    text = g_strdup_printf (_("Imported: %u created, %u updated, %u refused"), created, updated, refused);
  else
    text = g_strdup_printf (_("Imported: %u created, %u updated"), created, updated);
  toast = rapport_toast_new_plain (text);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (toast), "batch-id", g_strdup (batch_id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_import_cb), self, 0);
  rapport_window_add_toast (self, toast);
}

static void
import_stopped_cb (RapportImportDialog *dialog,
                   RapportWindow       *self)
{
  rapport_window_add_toast (self, adw_toast_new (_("Import stopped: nothing was saved")));
}

static void
import_file_chosen_cb (GtkNativeDialog *chooser,
                       int              response,
                       RapportWindow   *self)
{
  g_autoptr(GFile) file = NULL;
  RapportImportDialog *dialog;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file == NULL)
    return;
  dialog = rapport_import_dialog_new (GTK_WINDOW (self), rapport_context_get_store (self->context),
                                      rapport_context_get_settings (self->context), file);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (imported_cb), self, 0);
  g_signal_connect_object (dialog, "stopped", G_CALLBACK (import_stopped_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A file from another program: through the portal under Flatpak, else
 * GTK's own chooser. */
static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) both = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) vcard = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Contacts, Companies or Deals"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (both, _("CSV and vCard files"));
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_set_name (vcard, _("vCard files"));
  for (guint i = 0; i < 2; i++)
    {
      GtkFileFilter *filter = i == 0 ? both : csv;

      gtk_file_filter_add_suffix (filter, "csv");
      gtk_file_filter_add_suffix (filter, "txt");
      gtk_file_filter_add_mime_type (filter, "text/csv");
    }
  for (guint i = 0; i < 2; i++)
    {
      GtkFileFilter *filter = i == 0 ? both : vcard;

      gtk_file_filter_add_suffix (filter, "vcf");
      gtk_file_filter_add_suffix (filter, "vcard");
      gtk_file_filter_add_mime_type (filter, "text/vcard");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), both);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), vcard);
  g_signal_connect_object (chooser, "response", G_CALLBACK (import_file_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
import_history_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (rapport_import_history_new (GTK_WINDOW (self),
                                                              rapport_context_get_store (self->context))));
}

/* ---- export ---- */

typedef struct
{
  RapportStore        *store;    /* (owned) */
  RapportQuery        *query;    /* (owned) */
  RapportExportOptions options;
  GFile               *file;     /* (owned) */
  guint                written;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->query, rapport_query_free);
  g_clear_object (&job->file);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;
  g_autoptr(GFileOutputStream) out = g_file_replace (job->file, NULL, FALSE,
                                                     G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &error);

  if (out != NULL &&
      rapport_export_write (job->store, job->query, &job->options, G_OUTPUT_STREAM (out), cancellable,
                            NULL, NULL, &job->written, &error))
    g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &error);
  else if (out != NULL)
    {
      /* A failed export replaces nothing: the stream is abandoned. */
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RapportWindow *self = RAPPORT_WINDOW (object);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (job->file);
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rapport_window_add_toast (self, rapport_toast_new_plain (error->message));
      return;
    }
  text = g_strdup_printf (ngettext ("%u record exported to “%s”", "%u records exported to “%s”",
                                    job->written),
                          job->written, name);
  rapport_window_add_toast (self, rapport_toast_new_plain (text));
}

static void
export_file_chosen_cb (GtkNativeDialog *chooser,
                       int              response,
                       RapportWindow   *self)
{
  ExportJob *job = g_object_steal_data (G_OBJECT (chooser), "job");
  g_autoptr(GTask) task = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    job->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (job->file == NULL)
    {
      export_job_free (job);
      return;
    }
  task = g_task_new (self, self->cancellable, exported_cb, NULL);
  g_task_set_source_tag (task, export_file_chosen_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

/* The shown list as it is filtered and searched, to a file the user names. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative *chooser;
  ExportJob *job;
  g_autofree char *name = NULL;

  if (self->section == NULL || self->section->model == NULL)
    return;
  job = g_new0 (ExportJob, 1);
  job->store = g_object_ref (rapport_context_get_store (self->context));
  job->query = rapport_record_list_model_dup_query (self->section->model);
  job->options.format = g_str_has_prefix (format, "vcard4") ? RAPPORT_EXPORT_VCARD4
                        : g_str_has_prefix (format, "vcard") ? RAPPORT_EXPORT_VCARD3 : RAPPORT_EXPORT_CSV;
  job->options.for_excel = strcmp (format, "excel") == 0;
  name = g_strdup_printf ("%s.%s", rapport_labels_section (self->section->entity),
                          rapport_export_format_extension (job->options.format));

  chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data_full (G_OBJECT (chooser), "job", job, (GDestroyNotify) export_job_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_file_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_rapport_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.show-deals", "(sss)", show_deals_action);
  gtk_widget_class_install_action (widget_class, "win.import-history", NULL, import_history_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "win.export-vcard", "s", export_action);
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
