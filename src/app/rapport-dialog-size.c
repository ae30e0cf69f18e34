/* rapport-dialog-size.c: dialogs no bigger than the window they belong to
 *
 * A dialog's default size suits a desktop; on a 360 px phone-width window
 * it would stick out of its parent (or, without a window manager, off the
 * screen). The default size shrinks to the parent's size when the dialog
 * is shown, so the parent may be set after the dialog is made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-dialog-size"

#include "config.h"

#include "rapport-dialog-size.h"

/* Runs before the window is mapped, when GTK reads the default size. */
static void
realize_cb (GtkWindow *dialog)
{
  GtkWindow *parent = gtk_window_get_transient_for (dialog);
  int width, height, parent_width, parent_height;

  if (parent == NULL)
    return;
  parent_width = gtk_widget_get_width (GTK_WIDGET (parent));
  parent_height = gtk_widget_get_height (GTK_WIDGET (parent));
  gtk_window_get_default_size (dialog, &width, &height);
  if (parent_width > 0 && width > parent_width)
    width = parent_width;
  if (parent_height > 0 && height > parent_height)
    height = parent_height;
  gtk_window_set_default_size (dialog, width, height);
}

/**
 * rapport_dialog_size_fit_parent:
 * @dialog: a dialog, before it is shown
 *
 * Makes @dialog's default size no bigger than its transient parent's size
 * when it is shown.
 */
void
rapport_dialog_size_fit_parent (GtkWindow *dialog)
{
  g_return_if_fail (GTK_IS_WINDOW (dialog));

  g_signal_connect (dialog, "realize", G_CALLBACK (realize_cb), NULL);
}
