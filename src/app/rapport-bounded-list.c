/* rapport-bounded-list.c: a list box showing the first rows of a snapshot
 *
 * The lists of tasks and activities are read a screen at a time: they show
 * the first rows of what they list and a note saying how many more there
 * are, or one saying there are none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bounded-list"

#include "config.h"

#include <adwaita.h>

#include "rapport-bounded-list.h"

/**
 * rapport_bounded_list_note_new:
 * @text: what the note says
 *
 * Returns: (transfer floating): a dimmed row that says @text
 */
GtkWidget *
rapport_bounded_list_note_new (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  /* A translation may hold an "&": it is text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

/**
 * rapport_bounded_list_fill:
 * @list: the list box to fill
 * @snapshot: (nullable): what to list; %NULL if it could not be read, with
 *   @error set
 * @max_shown: how many rows to show at the most
 * @create_row: makes the row for each record shown
 * @user_data: passed to @create_row
 * @empty: what the list says when there is nothing to show
 * @describe_more: what the note under the rows says when there are more
 *   than @max_shown
 *
 * Replaces the rows of @list with the first @max_shown records of
 * @snapshot.
 *
 * Returns: %FALSE if the records could not be read: @list is then empty
 */
gboolean
rapport_bounded_list_fill (GtkListBox                 *list,
                           RapportStore               *store,
                           RapportSnapshot            *snapshot,
                           guint                       max_shown,
                           RapportBoundedListRowFunc   create_row,
                           gpointer                    user_data,
                           const char                 *empty,
                           RapportBoundedListMoreFunc  describe_more,
                           GError                    **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *child;
  guint n;

  g_return_val_if_fail (GTK_IS_LIST_BOX (list), FALSE);
  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  if (snapshot == NULL ||
      (rows = rapport_store_fetch (store, snapshot, 0, max_shown, error)) == NULL)
    return FALSE;

  n = rapport_snapshot_get_n_rows (snapshot);
  for (guint i = 0; i < rows->len; i++)
    if (g_ptr_array_index (rows, i) != NULL)
      gtk_list_box_append (list, create_row (g_ptr_array_index (rows, i), user_data));

  if (n == 0)
    gtk_list_box_append (list, rapport_bounded_list_note_new (empty));
  else if (n > max_shown)
    {
      g_autofree char *more = describe_more (n - max_shown);

      gtk_list_box_append (list, rapport_bounded_list_note_new (more));
    }
  return TRUE;
}
