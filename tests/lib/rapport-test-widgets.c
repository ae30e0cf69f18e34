/* rapport-test-widgets.c: finding rows and their errors in a widget tree
 *
 * The widget tests of the detail page and of the item dialogs look for a
 * row by its title and read the error the editor shows under it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-test-widgets.h"

/**
 * rapport_test_find_row:
 * @mapped_only: only rows on screen (a pane's shown page), not just visible
 *
 * Returns: (transfer none) (nullable): the first preferences row titled @title
 */
GtkWidget *
rapport_test_find_row (GtkWidget  *widget,
                       const char *title,
                       gboolean    mapped_only)
{
  gboolean shown = mapped_only ? gtk_widget_get_mapped (widget) : gtk_widget_get_visible (widget);

  if (ADW_IS_PREFERENCES_ROW (widget) && shown &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rapport_test_find_row (child, title, mapped_only);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * rapport_test_find_descendant:
 *
 * Returns: (transfer none) (nullable): @widget or its first descendant of @type
 */
GtkWidget *
rapport_test_find_descendant (GtkWidget *widget,
                              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rapport_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * rapport_test_error_under:
 *
 * Returns: (nullable): the error the editor shows under @row, or %NULL
 */
const char *
rapport_test_error_under (GtkWidget *row)
{
  GtkWidget *next = gtk_widget_get_next_sibling (row);
  GtkWidget *label;

  if (next == NULL || !gtk_widget_get_visible (next))
    return NULL;
  label = rapport_test_find_descendant (next, GTK_TYPE_LABEL);
  if (label == NULL || !gtk_widget_has_css_class (label, "field-error"))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

/**
 * rapport_test_wait_for:
 * @what: what is waited for, for the failure message
 * @done: whether it happened
 *
 * Runs the main context until @done says so: the store answers a save or
 * a load on it. Fails the test after 10 s.
 */
void
rapport_test_wait_for (const char *what,
                       gboolean  (*done) (gpointer data),
                       gpointer    data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}
