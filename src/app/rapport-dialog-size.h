/* rapport-dialog-size.h: dialogs no bigger than the window they belong to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void rapport_dialog_size_fit_parent (GtkWindow *dialog);

G_END_DECLS
