/* rapport-tasks-page.h: the Tasks section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-change-monitor.h"
#include "rapport-clock.h"
#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TASKS_PAGE (rapport_tasks_page_get_type ())
G_DECLARE_FINAL_TYPE (RapportTasksPage, rapport_tasks_page, RAPPORT, TASKS_PAGE, GtkWidget)

GtkWidget *rapport_tasks_page_install   (GtkWindow        *window,
                                         GtkStack         *main_stack,
                                         RapportChangeMonitor *changes,
                                         RapportClock     *clock);
void       rapport_tasks_page_show_task (GtkWindow        *window,
                                         const char       *task_id);

G_END_DECLS
