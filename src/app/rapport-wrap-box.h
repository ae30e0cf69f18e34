/* rapport-wrap-box.h: two widgets side by side, or the second under the first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_WRAP_BOX (rapport_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (RapportWrapBox, rapport_wrap_box, RAPPORT, WRAP_BOX, GtkWidget)

GtkWidget *rapport_wrap_box_new (GtkWidget *start,
                                 GtkWidget *end);

G_END_DECLS
