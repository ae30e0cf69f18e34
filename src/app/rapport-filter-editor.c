/* rapport-filter-editor.c: the Filter… window of a list
 *
 * The conditions (rapport-filter-rows.c) and, under them, how many records
 * they match now (rapport-filter-count.c). Apply hands the filter on as
 * its JSON form in the "apply" signal and closes; it is off while a value
 * is wrong (the row says why) or no condition is complete. The editor
 * knows nothing of lists or segments: whoever opens it decides what the
 * filter is for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-filter-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-dialog-size.h"
#include "rapport-filter-count.h"
#include "rapport-filter-editor.h"
#include "rapport-filter-rows.h"
#include "rapport-json.h"
#include "rapport-labels.h"

struct _RapportFilterEditor
{
  AdwWindow           parent_instance;

  RapportFilterRows  *rows;
  RapportFilterCount *count;
  GtkWidget          *apply_button;
  char               *json;  /* (owned) (nullable): the filter as it stands, if valid */
};

G_DEFINE_FINAL_TYPE (RapportFilterEditor, rapport_filter_editor, ADW_TYPE_WINDOW)

enum {
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
rows_changed_cb (RapportFilterEditor *self)
{
  gboolean valid = FALSE;
  g_autoptr(JsonNode) filter = rapport_filter_rows_dup_json (self->rows, &valid);

  g_clear_pointer (&self->json, g_free);
  if (filter != NULL)
    self->json = rapport_json_to_string (filter);
  gtk_widget_set_sensitive (self->apply_button, valid && self->json != NULL);
  if (valid)
    rapport_filter_count_set_filter (self->count, self->json);
}

static void
apply_clicked_cb (RapportFilterEditor *self)
{
  if (self->json == NULL)
    return;
  g_signal_emit (self, signals[APPLY], 0, self->json);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (RapportFilterEditor *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
rapport_filter_editor_finalize (GObject *object)
{
  RapportFilterEditor *self = RAPPORT_FILTER_EDITOR (object);

  g_clear_pointer (&self->json, g_free);
  G_OBJECT_CLASS (rapport_filter_editor_parent_class)->finalize (object);
}

static void
rapport_filter_editor_class_init (RapportFilterEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rapport_filter_editor_finalize;

  /**
   * RapportFilterEditor::apply:
   * @json: the filter in its JSON form
   *
   * Apply was clicked; the window closes after.
   */
  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0,
                                       "window.close", NULL);
}

static void
rapport_filter_editor_init (RapportFilterEditor *self)
{
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 560);
  rapport_dialog_size_fit_parent (GTK_WINDOW (self));
}

/**
 * rapport_filter_editor_new:
 * @parent: the window of the list
 * @store: where the matching records are counted
 * @entity: the type of the records filtered
 * @json: (nullable): the filter to edit, in its JSON form
 *
 * Returns: (transfer none): the editor, not yet shown
 */
RapportFilterEditor *
rapport_filter_editor_new (GtkWindow           *parent,
                           RapportStore        *store,
                           const RapportEntity *entity,
                           const char          *json)
{
  RapportFilterEditor *self = g_object_new (RAPPORT_TYPE_FILTER_EDITOR,
                                            "transient-for", parent, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  g_autofree char *title = NULL;
  g_autoptr(JsonNode) filter = json != NULL ? json_from_string (json, NULL) : NULL;

  /* Translators: the filter editor's title: "Filter Contacts" */
  title = g_strdup_printf (_("Filter %s"), rapport_labels_section (entity));
  gtk_window_set_title (GTK_WINDOW (self), title);

  self->apply_button = gtk_button_new_with_mnemonic (_("_Apply"));
  gtk_widget_add_css_class (self->apply_button, "suggested-action");
  g_signal_connect_swapped (self->apply_button, "clicked", G_CALLBACK (apply_clicked_cb), self);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->apply_button);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->apply_button);

  self->rows = RAPPORT_FILTER_ROWS (rapport_filter_rows_new (entity));
  self->count = RAPPORT_FILTER_COUNT (rapport_filter_count_new (store, entity));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->rows));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->count));
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);

  rapport_filter_rows_load (self->rows, filter);
  g_signal_connect_swapped (self->rows, "changed", G_CALLBACK (rows_changed_cb), self);
  rows_changed_cb (self);
  return self;
}
