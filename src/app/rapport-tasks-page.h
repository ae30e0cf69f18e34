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

RapportTasksPage *rapport_tasks_page_new       (RapportContext   *context);
GtkWidget        *rapport_tasks_page_install   (RapportTasksPage *self,
                                                GtkStack         *main_stack);
void              rapport_tasks_page_show_task (RapportTasksPage *self,
                                                const char       *task_id);

G_END_DECLS
