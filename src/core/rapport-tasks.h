/* rapport-tasks.h: a user's tasks by when they are due, and reminders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-query.h"

G_BEGIN_DECLS

/**
 * RapportTaskBucket:
 * @RAPPORT_TASK_BUCKET_OVERDUE: not done, due before now
 * @RAPPORT_TASK_BUCKET_TODAY: not done, due from now to midnight
 * @RAPPORT_TASK_BUCKET_UPCOMING: not done, due after midnight, or without a due date
 * @RAPPORT_TASK_BUCKET_DONE: done, most recently done first
 *
 * "Midnight" is the next midnight in the time zone of the `now` the caller
 * passes: the user's local time zone in the app.
 */
typedef enum
{
  RAPPORT_TASK_BUCKET_OVERDUE,
  RAPPORT_TASK_BUCKET_TODAY,
  RAPPORT_TASK_BUCKET_UPCOMING,
  RAPPORT_TASK_BUCKET_DONE,
} RapportTaskBucket;

RapportSnapshot   *rapport_store_tasks          (RapportStore      *store,
                                                 RapportTaskBucket  bucket,
                                                 const char        *assignee_id,
                                                 GDateTime         *now,
                                                 GError           **error);
RapportSnapshot   *rapport_store_record_tasks   (RapportStore      *store,
                                                 const char        *entity,
                                                 const char        *id,
                                                 GError           **error);
RapportTaskBucket  rapport_task_get_bucket      (JsonObject        *task,
                                                 GDateTime         *now);
GPtrArray         *rapport_store_due_reminders  (RapportStore      *store,
                                                 const char        *assignee_id,
                                                 const char        *since,
                                                 GDateTime         *now,
                                                 GError           **error);
char              *rapport_store_next_reminder  (RapportStore      *store,
                                                 const char        *assignee_id,
                                                 GDateTime         *now,
                                                 GError           **error);
JsonObject        *rapport_task_set_done        (RapportStore      *store,
                                                 const char        *task_id,
                                                 gboolean           done,
                                                 GError           **error);
char              *rapport_format_timestamp     (GDateTime         *time);
JsonObject        *rapport_store_item_about     (RapportStore         *store,
                                                 const RapportEntity  *entity,
                                                 JsonObject           *item,
                                                 const RapportEntity **out_entity);

G_END_DECLS
