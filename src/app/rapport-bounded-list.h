/* rapport-bounded-list.h: a list box showing the first rows of a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-snapshot-model.h"

G_BEGIN_DECLS

/**
 * RapportBoundedListRowFunc:
 * @record: a row of the model
 * @user_data: what the caller passed along
 *
 * Returns: (transfer floating): the row that shows @record
 */
typedef GtkWidget *(*RapportBoundedListRowFunc) (JsonObject *record,
                                                 gpointer    user_data);

/**
 * RapportBoundedListMoreFunc:
 * @n_more: how many rows are not shown, at least one
 *
 * Returns: (transfer full): what the note under the rows says, e.g.
 *   "3 more tasks"
 */
typedef char *(*RapportBoundedListMoreFunc) (guint n_more);

void        rapport_bounded_list_bind      (GtkListBox                 *list,
                                            RapportSnapshotModel       *model,
                                            guint                       max_shown,
                                            const char                 *empty,
                                            RapportBoundedListMoreFunc  describe_more,
                                            RapportBoundedListRowFunc   create_row,
                                            gpointer                    user_data);
GListModel *rapport_bounded_list_get_shown (GtkListBox                 *list);

G_END_DECLS
