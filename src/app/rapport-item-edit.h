/* rapport-item-edit.h: deleting a task or an activity, and asking about unlikely values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-entity.h"
#include "rapport-store.h"

G_BEGIN_DECLS

void        rapport_item_edit_delete       (GtkWindow     *dialog,
                                            RapportStore  *store,
                                            const char    *entity,
                                            JsonObject    *existing,
                                            const char    *label);
char       *rapport_item_edit_doubt        (const RapportEntity *entity,
                                            JsonObject    *existing,
                                            JsonObject    *fields,
                                            char         **asked,
                                            const char   **field);

G_END_DECLS
