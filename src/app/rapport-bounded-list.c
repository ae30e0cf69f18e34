/* rapport-bounded-list.c: a list box showing the first rows of a list model
 *
 * The lists of tasks and activities are read a screen at a time: they show
 * the first rows of their model (a GtkSliceListModel of it) and a note
 * saying how many more there are, or one saying there are none; the notes
 * follow the model's n-items. The list box is bound to the rows and the
 * notes one after the other (a GtkFlattenListModel), so a change to the
 * model changes only the rows it concerns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bounded-list"

#include "config.h"

#include <adwaita.h>

#include "rapport-bounded-list.h"

typedef struct
{
  RapportSnapshotModel      *model;   /* (owned) */
  GListStore                *notes;   /* (owned) (element-type GtkStringObject): none or one */
  GListModel                *shown;   /* (owned): the rows, then the note */
  guint                      max_shown;
  char                      *empty;   /* (owned) */
  RapportBoundedListMoreFunc describe_more;
  RapportBoundedListRowFunc  create_row;
  gpointer                   user_data;
  gulong                     n_items_id;
  gulong                     ready_id;
} Binding;

static void
binding_free (Binding *binding)
{
  g_clear_signal_handler (&binding->n_items_id, binding->model);
  g_clear_signal_handler (&binding->ready_id, binding->model);
  g_clear_object (&binding->model);
  g_clear_object (&binding->notes);
  g_clear_object (&binding->shown);
  g_free (binding->empty);
  g_free (binding);
}

/* A dimmed row that says @text. */
static GtkWidget *
note_new (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  /* A translation may hold an "&": it is text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

/* The note under the rows, or none, as the number of rows says. */
static void
update_note (Binding *binding)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (binding->model));
  guint n_notes = g_list_model_get_n_items (G_LIST_MODEL (binding->notes));
  g_autofree char *text = NULL;

  if (!rapport_snapshot_model_get_ready (binding->model))
    text = NULL;
  else if (n == 0)
    text = g_strdup (binding->empty);
  else if (n > binding->max_shown)
    text = binding->describe_more (n - binding->max_shown);

  if (n_notes > 0)
    {
      g_autoptr(GtkStringObject) note = g_list_model_get_item (G_LIST_MODEL (binding->notes), 0);

      if (g_strcmp0 (gtk_string_object_get_string (note), text) == 0)
        return;
    }
  if (text == NULL)
    g_list_store_remove_all (binding->notes);
  else
    {
      g_autoptr(GtkStringObject) note = gtk_string_object_new (text);

      g_list_store_splice (binding->notes, 0, n_notes, (gpointer *) &note, 1);
    }
}

static void
n_items_cb (GObject    *model,
            GParamSpec *pspec,
            Binding    *binding)
{
  update_note (binding);
}

static GtkWidget *
create_widget_cb (gpointer item,
                  gpointer user_data)
{
  Binding *binding = user_data;
  JsonObject *record;

  if (GTK_IS_STRING_OBJECT (item))
    return note_new (gtk_string_object_get_string (item));
  record = rapport_record_item_get_record (item);
  if (record == NULL)
    {
      /* Deleted since the snapshot: the next one, a burst away, leaves it out. */
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_widget_set_visible (row, FALSE);
      return row;
    }
  return binding->create_row (record, binding->user_data);
}

/**
 * rapport_bounded_list_bind:
 * @list: the list box to fill
 * @model: what to list
 * @max_shown: how many rows to show at the most
 * @empty: what the list says when there is nothing to show
 * @describe_more: what the note under the rows says when there are more
 *   than @max_shown
 * @create_row: makes the row for each record shown
 * @user_data: passed to @create_row; it must outlive @list
 *
 * Shows the first @max_shown rows of @model in @list, from now on.
 */
void
rapport_bounded_list_bind (GtkListBox                 *list,
                           RapportSnapshotModel       *model,
                           guint                       max_shown,
                           const char                 *empty,
                           RapportBoundedListMoreFunc  describe_more,
                           RapportBoundedListRowFunc   create_row,
                           gpointer                    user_data)
{
  Binding *binding;
  GListStore *parts;

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (RAPPORT_IS_SNAPSHOT_MODEL (model));

  binding = g_new0 (Binding, 1);
  binding->model = g_object_ref (model);
  binding->notes = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  binding->max_shown = max_shown;
  binding->empty = g_strdup (empty);
  binding->describe_more = describe_more;
  binding->create_row = create_row;
  binding->user_data = user_data;

  parts = g_list_store_new (G_TYPE_LIST_MODEL);
  {
    g_autoptr(GtkSliceListModel) slice = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (model)),
                                                                   0, max_shown);

    g_list_store_append (parts, slice);
  }
  g_list_store_append (parts, binding->notes);
  binding->shown = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (parts)));

  binding->n_items_id = g_signal_connect (model, "notify::n-items", G_CALLBACK (n_items_cb), binding);
  binding->ready_id = g_signal_connect (model, "notify::ready", G_CALLBACK (n_items_cb), binding);
  update_note (binding);
  gtk_list_box_bind_model (list, binding->shown, create_widget_cb, binding, NULL);
  g_object_set_data_full (G_OBJECT (list), "rapport-bounded-list", binding,
                          (GDestroyNotify) binding_free);
}

/**
 * rapport_bounded_list_get_shown:
 *
 * Returns: (transfer none) (nullable): what @list shows: the first rows,
 *   then the note, if any
 */
GListModel *
rapport_bounded_list_get_shown (GtkListBox *list)
{
  Binding *binding = g_object_get_data (G_OBJECT (list), "rapport-bounded-list");

  return binding != NULL ? binding->shown : NULL;
}
