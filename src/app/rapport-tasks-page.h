/* rapport-tasks-page.h: the Tasks section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TASKS_PAGE (rapport_tasks_page_get_type ())
G_DECLARE_FINAL_TYPE (RapportTasksPage, rapport_tasks_page, RAPPORT, TASKS_PAGE, GtkWidget)

void rapport_tasks_page_show_task (RapportTasksPage *self,
                                   const char       *task_id);

G_END_DECLS
