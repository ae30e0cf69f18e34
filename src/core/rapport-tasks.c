/* rapport-tasks.c: a user's tasks by when they are due, and reminders
 *
 * Times are stored as RFC 3339 UTC text of one shape ("…T…Z"), so the
 * bounds of a bucket are compared as text and served by the indexes
 * tasks_by_assignee (assignee_id, due_at), tasks_by_assignee_done
 * (assignee_id, done_at) and the partial tasks_by_remind (remind_at) of
 * open tasks. A record's open tasks come from the partial indexes
 * tasks_open_by_{contact,company,deal,case} (link, due_at).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-tasks"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-query-private.h"
#include "rapport-store-private.h"
#include "rapport-store-writer.h"
#include "rapport-tasks.h"

/**
 * rapport_format_timestamp:
 *
 * Returns: (transfer full): @time as the store keeps times, in UTC
 */
char *
rapport_format_timestamp (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  /* Four digits for the year, always: "%Y" writes year 999 as "999". */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

/* The next midnight after @now, in @now's time zone. */
static GDateTime *
next_midnight (GDateTime *now)
{
  g_autoptr(GDateTime) midnight = NULL;
  int year, month, day;

  g_date_time_get_ymd (now, &year, &month, &day);
  midnight = g_date_time_new (g_date_time_get_timezone (now), year, month, day, 0, 0, 0);
  return g_date_time_add_days (midnight, 1);
}

/**
 * rapport_store_tasks:
 * @assignee_id: (nullable): only this user's tasks; %NULL for everyone's
 * @now: the current time, in the time zone that decides what "today" is
 *
 * Returns: (transfer full): a snapshot of the tasks in @bucket, soonest due
 *   first (most recently done first for done ones), or %NULL with @error set
 */
RapportSnapshot *
rapport_store_tasks (RapportStore      *store,
                     RapportTaskBucket  bucket,
                     const char        *assignee_id,
                     GDateTime         *now,
                     GError           **error)
{
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *tomorrow_text = NULL;
  g_autoptr(GString) sql = g_string_new ("SELECT rowid FROM tasks WHERE ");
  const char *params[3] = { assignee_id, NULL, NULL };

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  rapport_store_writer_check_read ("rapport_store_tasks()");

  tomorrow = next_midnight (now);
  now_text = rapport_format_timestamp (now);
  tomorrow_text = rapport_format_timestamp (tomorrow);
  params[1] = now_text;
  params[2] = tomorrow_text;

  /* ?1 is the assignee, ?2 now, ?3 the next midnight; SQLite ignores the
   * binding of a parameter a bucket's SQL does not use. */
  if (assignee_id != NULL)
    g_string_append (sql, "assignee_id = ?1 AND ");
  switch (bucket)
    {
    case RAPPORT_TASK_BUCKET_OVERDUE:
      g_string_append (sql, "done_at IS NULL AND due_at < ?2"
                            " ORDER BY due_at, rowid");
      break;
    case RAPPORT_TASK_BUCKET_TODAY:
      g_string_append (sql, "done_at IS NULL AND due_at >= ?2 AND due_at < ?3"
                            " ORDER BY due_at, rowid");
      break;
    case RAPPORT_TASK_BUCKET_UPCOMING:
      g_string_append (sql, "done_at IS NULL AND (due_at >= ?3 OR due_at IS NULL)"
                            " ORDER BY due_at IS NULL, due_at, rowid");
      break;
    case RAPPORT_TASK_BUCKET_DONE:
    default:
      g_string_append (sql, "done_at IS NOT NULL"
                            " ORDER BY done_at DESC, rowid DESC");
      break;
    }

  return rapport_store_snapshot_sql (store, rapport_entity_lookup ("task"), sql->str,
                                     params, G_N_ELEMENTS (params), error);
}

/**
 * rapport_store_record_tasks:
 * @entity: "contact", "company", "deal" or "case"
 * @id: the record's id
 *
 * The open tasks linked to a record: a contact's tasks are linked to its
 * company too (rapport_timeline_link_to()), so a company has those of its
 * people.
 *
 * Returns: (transfer full): a snapshot of the open tasks linked to the
 *   record, soonest due first and those without a due date last, or %NULL
 *   with @error set
 */
RapportSnapshot *
rapport_store_record_tasks (RapportStore *store,
                            const char   *entity,
                            const char   *id,
                            GError      **error)
{
  const RapportEntity *task = rapport_entity_lookup ("task");
  const RapportField *link;
  const char *params[] = { id };

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && id != NULL, NULL);

  rapport_store_writer_check_read ("rapport_store_record_tasks()");

  if ((link = rapport_entity_link_field (task, entity)) != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM %s WHERE %s = ?1 AND done_at IS NULL"
                                              " ORDER BY due_at IS NULL, due_at, rowid",
                                              task->table, link->name);

      return rapport_store_snapshot_sql (store, task, sql, params, G_N_ELEMENTS (params), error);
    }

  g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID_QUERY,
               _("A %s has no tasks"), entity);
  return NULL;
}

/**
 * rapport_task_get_bucket:
 *
 * Returns: which bucket of rapport_store_tasks() @task is in at @now
 */
RapportTaskBucket
rapport_task_get_bucket (JsonObject *task,
                         GDateTime  *now)
{
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *tomorrow_text = NULL;
  const char *due;

  if (json_object_get_string_member_with_default (task, "done_at", NULL) != NULL)
    return RAPPORT_TASK_BUCKET_DONE;
  due = json_object_get_string_member_with_default (task, "due_at", NULL);
  if (due == NULL)
    return RAPPORT_TASK_BUCKET_UPCOMING;

  tomorrow = next_midnight (now);
  now_text = rapport_format_timestamp (now);
  tomorrow_text = rapport_format_timestamp (tomorrow);
  if (g_strcmp0 (due, now_text) < 0)
    return RAPPORT_TASK_BUCKET_OVERDUE;
  if (g_strcmp0 (due, tomorrow_text) < 0)
    return RAPPORT_TASK_BUCKET_TODAY;
  return RAPPORT_TASK_BUCKET_UPCOMING;
}

/**
 * rapport_store_due_reminders:
 * @assignee_id: (nullable): only this user's tasks
 * @since: (nullable): leave out reminders at or before this time (those
 *   already shown); %NULL for all
 *
 * The open tasks whose reminder time has come: remind_at <= now and not done.
 *
 * Returns: (transfer full) (element-type JsonObject): the tasks, earliest
 *   reminder first, or %NULL with @error set
 */
GPtrArray *
rapport_store_due_reminders (RapportStore *store,
                             const char   *assignee_id,
                             const char   *since,
                             GDateTime    *now,
                             GError      **error)
{
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autofree char *now_text = NULL;
  const char *params[3] = { NULL, NULL, since };
  const char *sql;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  rapport_store_writer_check_read ("rapport_store_due_reminders()");

  now_text = rapport_format_timestamp (now);
  params[0] = now_text;
  params[1] = assignee_id;
  if (assignee_id != NULL)
    sql = "SELECT rowid FROM tasks WHERE remind_at <= ?1 AND done_at IS NULL"
          " AND assignee_id = ?2 AND (?3 IS NULL OR remind_at > ?3)"
          " ORDER BY remind_at, rowid";
  else
    sql = "SELECT rowid FROM tasks WHERE remind_at <= ?1 AND done_at IS NULL"
          " AND (?3 IS NULL OR remind_at > ?3)"
          " ORDER BY remind_at, rowid";

  snapshot = rapport_store_snapshot_sql (store, rapport_entity_lookup ("task"), sql,
                                         params, G_N_ELEMENTS (params), error);
  if (snapshot == NULL)
    return NULL;
  return rapport_store_fetch_all (store, snapshot, error);
}

/**
 * rapport_store_next_reminder:
 * @assignee_id: (nullable): only this user's tasks
 *
 * Returns: (transfer full) (nullable): the earliest reminder time after @now
 *   of an open task, so the app can wake up then; %NULL if there is none
 *   or on error
 */
char *
rapport_store_next_reminder (RapportStore *store,
                             const char   *assignee_id,
                             GDateTime    *now,
                             GError      **error)
{
  g_autofree char *now_text = NULL;
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  char *next = NULL;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  now_text = rapport_format_timestamp (now);
  if (!(reader = rapport_store_begin_read (store, error)))
    return NULL;
  stmt = rapport_store_connection_prepare (reader,
                                           assignee_id != NULL
                                           ? "SELECT min(remind_at) FROM tasks WHERE remind_at > ?1"
                                             " AND done_at IS NULL AND assignee_id = ?2"
                                           : "SELECT min(remind_at) FROM tasks WHERE remind_at > ?1"
                                             " AND done_at IS NULL",
                                           error);
  if (stmt == NULL)
    {
      rapport_store_end_read (store, reader);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, now_text, -1, SQLITE_TRANSIENT);
  if (assignee_id != NULL)
    sqlite3_bind_text (stmt, 2, assignee_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    next = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  sqlite3_reset (stmt);
  rapport_store_end_read (store, reader);
  return next;
}

/**
 * rapport_task_set_done:
 * @done: %TRUE to mark the task done now, %FALSE to open it again
 *
 * Returns: (transfer full): the task as stored, or %NULL with @error set
 */
JsonObject *
rapport_task_set_done (RapportStore *store,
                       const char   *task_id,
                       gboolean      done,
                       GError      **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (task_id != NULL, NULL);

  if (done)
    {
      g_autoptr(JsonObject) task = rapport_store_get (store, "task", task_id, error);
      g_autoptr(GDateTime) now = NULL;
      g_autofree char *now_text = NULL;

      if (task == NULL)
        return NULL;
      /* Done already: keep when it was done. */
      if (json_object_get_string_member_with_default (task, "done_at", NULL) != NULL)
        return g_steal_pointer (&task);
      now = g_date_time_new_now_utc ();
      now_text = rapport_format_timestamp (now);
      json_object_set_string_member (changes, "done_at", now_text);
    }
  else
    json_object_set_null_member (changes, "done_at");

  return rapport_store_update (store, "task", task_id, changes, error);
}

/* How many of the other records an activity or task may be about does a
 * record of @target point at itself? A deal (its company and contact) says
 * more than a contact (its company), which says more than a company. */
static guint
specificity (const RapportEntity *item,
             const RapportEntity *target)
{
  guint count = 0;

  for (guint i = 0; i < item->n_fields; i++)
    {
      const RapportField *field = &item->fields[i];

      if ((field->flags & RAPPORT_FIELD_LINK) &&
          rapport_entity_find_ref (target, field->ref_entity, 0) != NULL)
        count++;
    }
  return count;
}

/**
 * rapport_store_item_about:
 * @entity: a type whose records link to others (an activity, a task)
 * @item: such a record
 * @out_entity: (out): the type of the record returned
 *
 * Of the records @item links to, the one it is most about: a deal or a
 * case before a contact, a contact before a company. Links to records
 * that are not here (deleted, not synced yet) are passed over.
 *
 * Returns: (transfer full) (nullable): that record, or %NULL if it links to
 *   none
 */
JsonObject *
rapport_store_item_about (RapportStore         *store,
                          const RapportEntity  *entity,
                          JsonObject           *item,
                          const RapportEntity **out_entity)
{
  g_autoptr(JsonObject) best = NULL;
  guint best_rank = 0;

  *out_entity = NULL;
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *field = &entity->fields[i];
      const RapportEntity *target;
      g_autoptr(JsonObject) record = NULL;
      const char *id;
      guint rank;

      if (!(field->flags & RAPPORT_FIELD_LINK) ||
          (id = json_object_get_string_member_with_default (item, field->name, NULL)) == NULL)
        continue;
      target = rapport_entity_lookup (field->ref_entity);
      rank = specificity (entity, target) + 1;
      if (rank <= best_rank ||
          (record = rapport_store_get (store, target->name, id, NULL)) == NULL)
        continue;
      g_clear_pointer (&best, json_object_unref);
      best = g_steal_pointer (&record);
      best_rank = rank;
      *out_entity = target;
    }
  return g_steal_pointer (&best);
}
