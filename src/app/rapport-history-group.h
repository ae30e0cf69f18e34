/* rapport-history-group.h: a record's history on its page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_HISTORY_GROUP (rapport_history_group_get_type ())
G_DECLARE_FINAL_TYPE (RapportHistoryGroup, rapport_history_group, RAPPORT, HISTORY_GROUP, GtkBox)

GtkWidget *rapport_history_group_new (RapportStore        *store,
                                      const RapportEntity *entity,
                                      JsonObject          *record);

G_END_DECLS
