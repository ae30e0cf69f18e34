/* rapport-task-dialog.h: a new task, from anywhere, or one to edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-item-dialog.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TASK_DIALOG (rapport_task_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RapportTaskDialog, rapport_task_dialog, RAPPORT, TASK_DIALOG, RapportItemDialog)

RapportTaskDialog *rapport_task_dialog_new  (GtkWindow    *parent,
                                             RapportStore *store,
                                             const char   *entity,
                                             const char   *id);
RapportTaskDialog *rapport_task_dialog_edit (GtkWindow    *parent,
                                             RapportStore *store,
                                             const char   *task_id);

G_END_DECLS
