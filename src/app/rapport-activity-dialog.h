/* rapport-activity-dialog.h: logging a call, email, meeting, note or chat
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-item-dialog.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_ACTIVITY_DIALOG (rapport_activity_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RapportActivityDialog, rapport_activity_dialog,
                      RAPPORT, ACTIVITY_DIALOG, RapportItemDialog)

RapportActivityDialog *rapport_activity_dialog_new (GtkWindow    *parent,
                                                    RapportStore *store,
                                                    const char   *entity,
                                                    const char   *id);
RapportActivityDialog *rapport_activity_dialog_edit (GtkWindow    *parent,
                                                     RapportStore *store,
                                                     const char   *activity_id);

const char            *rapport_activity_kind_label (const char   *kind);
const char            *rapport_activity_kind_icon  (const char   *kind);

G_END_DECLS
