/* rapport-item-dialog-private.h: what the task and activity dialogs tell the item dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-item-dialog.h"

G_BEGIN_DECLS

void rapport_item_dialog_set_up       (RapportItemDialog   *self,
                                       RapportStore        *store,
                                       const RapportEntity *entity,
                                       JsonObject          *item,
                                       JsonObject          *preset);
void rapport_item_dialog_allow_delete (RapportItemDialog   *self,
                                       const char          *button_label,
                                       const char          *item_label);
GtkWidget *rapport_item_dialog_get_editor (RapportItemDialog *self);
gboolean rapport_item_dialog_get_finished (RapportItemDialog *self);

G_END_DECLS
