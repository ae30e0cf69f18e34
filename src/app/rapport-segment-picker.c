/* rapport-segment-picker.c: a small window to pick one of the saved segments
 *
 * The segments of one record type (a campaign takes contacts), by name,
 * as buttons: one click picks. A window rather than a popover, as the
 * record pickers (rapport-ref-row.c): it fits a phone-width screen. The
 * segments are read in a worker thread; closing the window cancels it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-segment-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-query.h"
#include "rapport-segment-picker.h"
#include "rapport-store-async.h"

/* A team's segments of one type are few: more than this is a search's job. */
#define MAX_SEGMENTS 200

typedef struct
{
  GtkWidget           *window;      /* (unowned): destroyed, it cancels the read */
  GtkWidget           *box;         /* (unowned) */
  char                *user_id;     /* (owned) (nullable): whose private segments show */
  GCancellable        *cancellable; /* (owned) */
  RapportSegmentPicked picked;
  gpointer             user_data;
  GDestroyNotify       user_data_free;
} Picker;

static void
picker_free (Picker *picker)
{
  g_cancellable_cancel (picker->cancellable);
  g_clear_object (&picker->cancellable);
  g_free (picker->user_id);
  if (picker->user_data_free != NULL)
    picker->user_data_free (picker->user_data);
  g_free (picker);
}

static gpointer
read_segments (RapportStore *store,
               gpointer      data,
               GError      **error)
{
  RapportQuery *query = data;
  g_autoptr(RapportSnapshot) snapshot = NULL;

  if (!(snapshot = rapport_store_snapshot (store, query, error)))
    return NULL;
  return rapport_store_fetch (store, snapshot, 0, MIN (rapport_snapshot_get_n_rows (snapshot),
                                                       MAX_SEGMENTS), error);
}

static void
segment_clicked_cb (GtkButton *button,
                    Picker    *picker)
{
  JsonObject *segment = g_object_get_data (G_OBJECT (button), "rapport-segment");
  g_autoptr(JsonObject) kept = json_object_ref (segment);

  picker->picked (kept, picker->user_data);
  gtk_window_destroy (GTK_WINDOW (picker->window));
}

static void
segments_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Picker *picker = user_data;
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GError) error = NULL;

  segments = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The team's segments and the user's own, as the sidebar's. */
  for (guint i = segments != NULL ? segments->len : 0; i > 0; i--)
    {
      JsonObject *segment = segments->pdata[i - 1];
      const char *owner = segment != NULL ? rapport_json_get_string (segment, "owner_id") : NULL;

      if (segment == NULL || (owner != NULL && g_strcmp0 (owner, picker->user_id) != 0))
        g_ptr_array_remove_index (segments, i - 1);
    }
  if (segments == NULL || segments->len == 0)
    {
      GtkWidget *none = gtk_label_new (segments == NULL
                                         ? error->message
                                         : _("No segments of contacts yet. Save a filter of the "
                                             "Contacts list as a segment first."));

      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (picker->box), none);
      return;
    }
  for (guint i = 0; i < segments->len; i++)
    {
      JsonObject *segment = g_ptr_array_index (segments, i);
      const char *name = rapport_json_get_string (segment, "name");
      GtkWidget *label = gtk_label_new (name);
      GtkWidget *button = gtk_button_new ();

      /* A segment's name is the user's text, never markup. */
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_add_css_class (button, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "rapport-segment", json_object_ref (segment),
                              (GDestroyNotify) json_object_unref);
      g_signal_connect (button, "clicked", G_CALLBACK (segment_clicked_cb), picker);
      gtk_box_append (GTK_BOX (picker->box), button);
    }
}

/**
 * rapport_segment_picker_present:
 * @object: the record type of the segments offered, "contact"
 * @title: the window's title, what picking does
 * @picked: called with the segment picked, if one is
 *
 * Opens the picker over @parent.
 */
void
rapport_segment_picker_present (GtkWindow           *parent,
                                RapportStore        *store,
                                const char          *object,
                                const char          *title,
                                RapportSegmentPicked picked,
                                gpointer             user_data,
                                GDestroyNotify       user_data_free)
{
  Picker *picker = g_new0 (Picker, 1);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  RapportQuery *query = rapport_query_new ("segment");

  picker->picked = picked;
  picker->user_data = user_data;
  picker->user_data_free = user_data_free;
  picker->cancellable = g_cancellable_new ();
  picker->user_id = g_strdup (rapport_store_get_user_id (store));
  picker->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (picker->window), title);
  gtk_window_set_titlebar (GTK_WINDOW (picker->window), adw_header_bar_new ());
  gtk_window_set_modal (GTK_WINDOW (picker->window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (picker->window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (picker->window), parent);
  /* Narrow enough for a phone-width screen. */
  gtk_window_set_default_size (GTK_WINDOW (picker->window), 340, 360);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (picker->window, shortcuts);
  g_object_set_data_full (G_OBJECT (picker->window), "rapport-picker", picker,
                          (GDestroyNotify) picker_free);

  picker->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_margin_top (picker->box, 12);
  gtk_widget_set_margin_bottom (picker->box, 12);
  gtk_widget_set_margin_start (picker->box, 12);
  gtk_widget_set_margin_end (picker->box, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), picker->box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_window_set_child (GTK_WINDOW (picker->window), scroller);

  rapport_query_add_filter (query, "object", object);
  rapport_query_set_sort (query, RAPPORT_SORT_NAME);
  rapport_store_read_async (store, read_segments, query, (GDestroyNotify) rapport_query_free,
                            (GDestroyNotify) g_ptr_array_unref, picker->cancellable,
                            segments_read_cb, picker);
  gtk_window_present (GTK_WINDOW (picker->window));
}
