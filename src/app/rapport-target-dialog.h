/* rapport-target-dialog.h: setting a sales target from the forecast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-item-dialog.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TARGET_DIALOG (rapport_target_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RapportTargetDialog, rapport_target_dialog, RAPPORT, TARGET_DIALOG, RapportItemDialog)

RapportTargetDialog *rapport_target_dialog_new (GtkWindow    *parent,
                                                RapportStore *store,
                                                const char   *period,
                                                const char   *period_label,
                                                const char   *user_id,
                                                const char   *team_id);

G_END_DECLS
