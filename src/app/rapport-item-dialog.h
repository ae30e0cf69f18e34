/* rapport-item-dialog.h: a task or an activity in its compact editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ITEM_DIALOG (rapport_item_dialog_get_type ())
G_DECLARE_DERIVABLE_TYPE (RapportItemDialog, rapport_item_dialog, RAPPORT, ITEM_DIALOG, AdwWindow)

struct _RapportItemDialogClass
{
  AdwWindowClass parent_class;
};

G_END_DECLS
