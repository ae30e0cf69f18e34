/* rapport-not-duplicate-group.h: the records a contact or a company is not, and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

GtkWidget *rapport_not_duplicate_group_new (RapportStore        *store,
                                            const RapportEntity *entity,
                                            JsonObject          *record);

G_END_DECLS
