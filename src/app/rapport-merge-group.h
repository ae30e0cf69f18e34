/* rapport-merge-group.h: the merges into a contact or a company, each undone with a click
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

GtkWidget *rapport_merge_group_new (RapportStore        *store,
                                    const RapportEntity *entity,
                                    JsonObject          *record);

G_END_DECLS
