/* rapport-date-button.h: a calendar (and a clock) to pick a date (and time) into an entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *rapport_date_button_new           (GtkEditable *target);
GtkWidget *rapport_date_button_new_with_time (GtkEditable *target);

G_END_DECLS
