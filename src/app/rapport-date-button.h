/* rapport-date-button.h: a calendar to pick a date into an entry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *rapport_date_button_new (GtkEditable *target);

G_END_DECLS
