/* rapport-import-history.h: the imports made on this computer, each with Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_IMPORT_HISTORY (rapport_import_history_get_type ())
G_DECLARE_FINAL_TYPE (RapportImportHistory, rapport_import_history, RAPPORT, IMPORT_HISTORY, AdwWindow)

RapportImportHistory *rapport_import_history_new (GtkWindow    *parent,
                                                  RapportStore *store);
void                  rapport_import_undo_in_background (GtkWindow    *parent,
                                                         RapportStore *store,
                                                         const char   *batch_id,
                                                         GCallback     done,
                                                         gpointer      data);

G_END_DECLS
