/* rapport-time-button.h: hour and minute pickers for the time in an entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *rapport_time_button_new (GtkEditable *target);

G_END_DECLS
