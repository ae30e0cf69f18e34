/* rapport-bounded-list.h: a list box showing the first rows of a snapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-query.h"

G_BEGIN_DECLS

/**
 * RapportBoundedListRowFunc:
 * @row: a record of the snapshot
 * @user_data: what the caller passed along
 *
 * Returns: (transfer floating): the row that shows @row
 */
typedef GtkWidget *(*RapportBoundedListRowFunc) (JsonObject *row,
                                                 gpointer    user_data);

/**
 * RapportBoundedListMoreFunc:
 * @n_more: how many rows are not shown, at least one
 *
 * Returns: (transfer full): what the note under the rows says, e.g.
 *   "3 more tasks"
 */
typedef char *(*RapportBoundedListMoreFunc) (guint n_more);

GtkWidget *rapport_bounded_list_note_new (const char *text);
gboolean   rapport_bounded_list_fill     (GtkListBox *list, RapportStore *store,
                                          RapportSnapshot *snapshot, guint max_shown,
                                          RapportBoundedListRowFunc create_row, gpointer user_data,
                                          const char *empty,
                                          RapportBoundedListMoreFunc describe_more,
                                          GError **error);

G_END_DECLS
