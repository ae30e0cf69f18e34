/* rapport-test-widgets.h: finding rows and their errors in a widget tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget  *rapport_test_find_row        (GtkWidget  *widget,
                                          const char *title,
                                          gboolean    mapped_only);
GtkWidget  *rapport_test_find_descendant (GtkWidget  *widget,
                                          GType       type);
const char *rapport_test_error_under     (GtkWidget  *row);
void        rapport_test_wait_for        (const char *what,
                                          gboolean  (*done) (gpointer data),
                                          gpointer    data);

G_END_DECLS
