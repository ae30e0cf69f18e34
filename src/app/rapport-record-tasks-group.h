/* rapport-record-tasks-group.h: a record's open tasks in its detail view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-record-group.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RECORD_TASKS_GROUP (rapport_record_tasks_group_get_type ())
G_DECLARE_FINAL_TYPE (RapportRecordTasksGroup, rapport_record_tasks_group,
                      RAPPORT, RECORD_TASKS_GROUP, RapportRecordGroup)

G_END_DECLS
