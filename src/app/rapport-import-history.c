/* rapport-import-history.c: the imports made on this computer, each with Undo
 *
 * Every import is a batch the engine can take back as a whole
 * (rapport_import_undo()): this window lists them, newest first, with how
 * many records each wrote, and an Undo for those not undone yet. An undo
 * leaves alone the records changed since the import; they are listed in a
 * dialog, as the engine reports them, for the user to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-import-history"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-dialog-size.h"
#include "rapport-import-history.h"
#include "rapport-import.h"
#include "rapport-labels.h"
#include "rapport-store-async.h"
#include "rapport-plain-text.h"
#include "rapport-when.h"
#include "rapport-window.h"

/* The history shows the newest imports only. */
#define MAX_BATCHES 100

struct _RapportImportHistory
{
  AdwWindow            parent_instance;

  RapportStore        *store;    /* (owned) */
  GCancellable        *cancellable; /* (owned): cancelled when closed */
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *group;    /* (nullable): rebuilt on every load */
};

G_DEFINE_FINAL_TYPE (RapportImportHistory, rapport_import_history, ADW_TYPE_WINDOW)

static void load (RapportImportHistory *self);

/* ---- undo ---- */

typedef struct
{
  RapportStore *store;     /* (owned) */
  char         *batch_id;  /* (owned) */
  GtkWindow    *parent;    /* (owned) (nullable) */
  GCallback     done;
  gpointer      data;
} UndoJob;

static void
undo_job_free (UndoJob *job)
{
  g_clear_object (&job->store);
  g_free (job->batch_id);
  g_clear_object (&job->parent);
  g_free (job);
}

static void
undo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  UndoJob *job = task_data;
  GError *error = NULL;
  RapportImportUndo *undo = rapport_import_undo (job->store, job->batch_id, &error);

  if (undo == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, undo, (GDestroyNotify) rapport_import_undo_free);
}

static void
undo_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  UndoJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportImportUndo) undo = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;

  if (undo == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (job->parent, _("The Import Was Not Undone"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else if (undo->edited->len > 0)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      GtkWidget *dialog;

      g_string_append_printf (body, ngettext ("%u record was put back as it was.",
                                              "%u records were put back as they were.",
                                              undo->reverted),
                              undo->reverted);
      g_string_append_c (body, ' ');
      g_string_append (body, _("These were changed since the import, so they were left as they are:"));
      for (guint i = 0; i < undo->edited->len; i++)
        {
          /* "contact/ID Ana Ribeiro": the title the user knows. */
          const char *entry = undo->edited->pdata[i];
          const char *space = strchr (entry, ' ');

          g_string_append_printf (body, "\n• %s", space ? space + 1 : entry);
        }
      dialog = adw_message_dialog_new (job->parent, _("Import Undone"), body->str);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else if (job->parent != NULL && RAPPORT_IS_WINDOW (job->parent))
    {
      text = g_strdup_printf (ngettext ("Import undone: %u record put back",
                                        "Import undone: %u records put back", undo->reverted),
                              undo->reverted);
      rapport_window_add_toast (RAPPORT_WINDOW (job->parent), rapport_toast_new_plain (text));
    }
  if (job->done != NULL)
    ((void (*) (gpointer)) job->done) (job->data);
}

/**
 * rapport_import_undo_in_background:
 * @parent: (nullable): where to say how it went
 * @done: (nullable): a `void (*) (gpointer data)` called when it is over
 *
 * Undoes the import @batch_id in a worker thread, then says what became
 * of it: a toast on a #RapportWindow, or a dialog listing the records
 * left alone because they were changed since.
 */
void
rapport_import_undo_in_background (GtkWindow    *parent,
                                   RapportStore *store,
                                   const char   *batch_id,
                                   GCallback     done,
                                   gpointer      data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, undo_done_cb, NULL);
  UndoJob *job = g_new0 (UndoJob, 1);

  job->store = g_object_ref (store);
  job->batch_id = g_strdup (batch_id);
  job->parent = parent ? g_object_ref (parent) : NULL;
  job->done = done;
  job->data = data;
  g_task_set_source_tag (task, rapport_import_undo_in_background);
  g_task_set_task_data (task, job, (GDestroyNotify) undo_job_free);
  g_task_run_in_thread (task, undo_thread);
}

/* ---- the list ---- */

static void
undone_cb (gpointer data)
{
  g_autoptr(RapportImportHistory) self = data;

  if (!g_cancellable_is_cancelled (self->cancellable))
    load (self);
}

static void
undo_clicked_cb (GtkButton            *button,
                 RapportImportHistory *self)
{
  const char *batch_id = g_object_get_data (G_OBJECT (button), "batch-id");

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  rapport_import_undo_in_background (gtk_window_get_transient_for (GTK_WINDOW (self)), self->store,
                                     batch_id, G_CALLBACK (undone_cb), g_object_ref (self));
}

static GtkWidget *
batch_row (RapportImportHistory *self,
           RapportImportBatch   *batch)
{
  const RapportEntity *entity = rapport_entity_lookup (batch->entity);
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *when = rapport_when_format_value (batch->created_at);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* TRANSLATORS: an import in the history: "Contacts: 12 records" */
  title = g_strdup_printf (ngettext ("%s: %u record", "%s: %u records", batch->n_records),
                           entity ? rapport_labels_section (entity) : batch->entity, batch->n_records);
  subtitle = g_strdup_printf ("%s · %s", when, g_strcmp0 (batch->format, "vcard") == 0 ? "vCard" : "CSV");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  if (batch->undone_at != NULL)
    {
      GtkWidget *label = gtk_label_new (_("Undone"));

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (row, label);
    }
  else
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Undo"));
      g_autofree char *name = g_strdup_printf (_("Undo the import of %s"), when);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      name, -1);
      g_object_set_data_full (G_OBJECT (button), "batch-id", g_strdup (batch->id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (undo_clicked_cb), self);
      adw_action_row_add_suffix (row, button);
    }
  return GTK_WIDGET (row);
}

static gpointer
list_batches (RapportStore *store,
              gpointer      data,
              GError      **error)
{
  return rapport_import_list_batches (store, MAX_BATCHES, error);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RapportImportHistory) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batches = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->group != NULL)
    adw_preferences_page_remove (self->page, self->group);
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_description (self->group,
                                         _("Undo takes an import back as a whole, except the records changed since."));
  adw_preferences_page_add (self->page, self->group);
  if (batches == NULL || batches->len == 0)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     batches == NULL ? error->message : _("Nothing has been imported yet"));
      adw_preferences_group_add (self->group, GTK_WIDGET (row));
      return;
    }
  for (guint i = 0; i < batches->len; i++)
    adw_preferences_group_add (self->group, batch_row (self, batches->pdata[i]));
}

static void
load (RapportImportHistory *self)
{
  /* In a worker: the batches are read through the writer's queue. */
  rapport_store_read_async (self->store, list_batches, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                             self->cancellable, loaded_cb, g_object_ref (self));
}

static void
rapport_import_history_dispose (GObject *object)
{
  RapportImportHistory *self = RAPPORT_IMPORT_HISTORY (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (rapport_import_history_parent_class)->dispose (object);
}

static void
rapport_import_history_finalize (GObject *object)
{
  RapportImportHistory *self = RAPPORT_IMPORT_HISTORY (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (rapport_import_history_parent_class)->finalize (object);
}

static void
rapport_import_history_class_init (RapportImportHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_import_history_dispose;
  object_class->finalize = rapport_import_history_finalize;
}

static void
rapport_import_history_init (RapportImportHistory *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Import History"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 520);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->page));
  adw_window_set_content (ADW_WINDOW (self), box);
}

RapportImportHistory *
rapport_import_history_new (GtkWindow    *parent,
                            RapportStore *store)
{
  RapportImportHistory *self = g_object_new (RAPPORT_TYPE_IMPORT_HISTORY, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  rapport_dialog_size_fit_parent (GTK_WINDOW (self));
  load (self);
  return self;
}
