/* rapport-stages-dialog.h: managers edit a pipeline's stages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_STAGES_DIALOG (rapport_stages_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RapportStagesDialog, rapport_stages_dialog, RAPPORT, STAGES_DIALOG, AdwWindow)

GtkWindow *rapport_stages_dialog_new (RapportStore *store,
                                      const char   *pipeline_id);

G_END_DECLS
