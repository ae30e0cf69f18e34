/* rapport-task-row.h: one task in a list, to tick off or to open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TASK_ROW (rapport_task_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportTaskRow, rapport_task_row, RAPPORT, TASK_ROW, AdwActionRow)

GtkWidget  *rapport_task_row_new       (RapportStore   *store,
                                        JsonObject     *task,
                                        GDateTime      *now,
                                        const char     *assignee_name);
const char *rapport_task_row_get_id    (RapportTaskRow *self);
GtkWidget  *rapport_task_row_get_check (RapportTaskRow *self);

G_END_DECLS
