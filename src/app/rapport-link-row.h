/* rapport-link-row.h: the record a task or an activity is about
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

GtkWidget *rapport_link_row_new (RapportStore             *store,
                                 const RapportEntity      *entity,
                                 const RapportLayoutGroup *group,
                                 JsonObject               *record);

G_END_DECLS
