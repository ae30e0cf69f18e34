/* rapport-import-dialog.h: a CSV or vCard file, previewed, mapped and imported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_IMPORT_DIALOG (rapport_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RapportImportDialog, rapport_import_dialog, RAPPORT, IMPORT_DIALOG, AdwWindow)

RapportImportDialog *rapport_import_dialog_new (GtkWindow    *parent,
                                                RapportStore *store,
                                                GSettings    *settings,
                                                GFile        *file);

G_END_DECLS
