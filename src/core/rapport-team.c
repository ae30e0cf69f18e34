/* rapport-team.c: who is signed in, what their role allows, and each rep's load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-team"

#include "config.h"

#include <string.h>

#include "rapport-pipeline-private.h"
#include "rapport-query-private.h"
#include "rapport-store-private.h"
#include "rapport-store-writer.h"
#include "rapport-tasks.h"
#include "rapport-team.h"

void
rapport_rep_summary_free (RapportRepSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->user_id);
  g_free (summary->name);
  g_free (summary->role);
  g_clear_pointer (&summary->totals, g_ptr_array_unref);
  g_free (summary);
}

/* Each count is one index range: deals_by_owner_status,
 * tasks_by_assignee_done and tasks_by_assignee (assignee_id, due_at). ?1 is
 * now, as the store keeps times. */
static const char summary_sql[] =
  /* Named as rapport_record_title() names a user: the display name, else the login. */
  "SELECT u.id, coalesce(nullif(trim(u.display_name), ''), u.name), u.role,"
  "  (SELECT count(*) FROM deals AS d WHERE d.owner_id = u.id AND d.status = 'open'),"
  "  (SELECT count(*) FROM tasks AS t WHERE t.assignee_id = u.id AND t.done_at IS NULL),"
  "  (SELECT count(*) FROM tasks AS t WHERE t.assignee_id = u.id AND t.due_at < ?1"
  "     AND t.done_at IS NULL)"
  " FROM users AS u WHERE coalesce(u.active, 1)"
  /* The admin account runs the server; it is a teammate only if it sells. */
  "   AND (u.role IS NOT 'admin'"
  "        OR EXISTS (SELECT 1 FROM deals AS d WHERE d.owner_id = u.id AND d.status = 'open')"
  "        OR EXISTS (SELECT 1 FROM tasks AS t WHERE t.assignee_id = u.id AND t.done_at IS NULL))"
  " ORDER BY u.sort_key, u.rowid";

/* A rep's open deals by currency, from deals_by_owner_status: amounts of
 * different currencies are never added together. A deal's weighted amount
 * is its own (rapport_deal_compute()), else its amount weighed by its
 * stage's probability. */
static const char totals_sql[] =
  "SELECT d.currency, count(*), coalesce(sum(d.amount), 0),"
  "       coalesce(sum(coalesce(d.weighted_amount * 100,"
  "                             d.amount * coalesce(s.probability, 0))), 0)"
  " FROM deals AS d LEFT JOIN stages AS s ON s.id = d.stage_id"
  " WHERE d.owner_id = ?1 AND d.status = 'open' AND d.amount IS NOT NULL"
  " GROUP BY d.currency ORDER BY d.currency";

static gboolean
sum_open_deals (RapportStoreConnection *reader,
                RapportRepSummary      *summary,
                GError                **error)
{
  sqlite3_stmt *stmt = rapport_store_connection_prepare (reader, totals_sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, summary->user_id, -1, SQLITE_TRANSIENT);
  return rapport_money_totals_read (stmt, summary->totals, error);
}

/**
 * rapport_store_team_summary:
 * @now: what "overdue" is measured against
 *
 * What a manager sees of the team: for every active user, their open deals
 * (status open) with their amounts and weighted amounts per currency, their
 * open tasks (not done) and how many of those are overdue (due before @now).
 *
 * It reads on a read-only connection, so a sync writing meanwhile waits for
 * nothing. It reads every open deal of the book: call it from a worker thread
 * (rapport_store_team_summary_async()).
 *
 * Returns: (transfer full) (element-type RapportRepSummary): by name, or
 *   %NULL with @error set
 */
GPtrArray *
rapport_store_team_summary (RapportStore *store,
                            GDateTime    *now,
                            GError      **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *now_text = NULL;
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  rapport_store_writer_check_read ("rapport_store_team_summary()");

  now_text = rapport_format_timestamp (now);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_rep_summary_free);
  /* A read-only connection: a sync writing meanwhile waits for nothing. */
  if (!(reader = rapport_store_begin_read (store, error)))
    return NULL;
  stmt = rapport_store_connection_prepare (reader, summary_sql, error);
  if (stmt == NULL)
    {
      rapport_store_end_read (store, reader);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, now_text, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RapportRepSummary *summary = g_new0 (RapportRepSummary, 1);

      summary->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      summary->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      summary->role = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      summary->open_deals = sqlite3_column_int (stmt, 3);
      summary->open_tasks = sqlite3_column_int (stmt, 4);
      summary->overdue_tasks = sqlite3_column_int (stmt, 5);
      summary->totals = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_money_total_free);
      g_ptr_array_add (rows, summary);
    }
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  sqlite3_reset (stmt);

  for (guint i = 0; rc == SQLITE_DONE && ok && i < rows->len; i++)
    {
      RapportRepSummary *summary = g_ptr_array_index (rows, i);

      if (summary->open_deals > 0)
        ok = sum_open_deals (reader, summary, error);
    }
  rapport_store_end_read (store, reader);
  if (rc != SQLITE_DONE || !ok)
    return NULL;
  return g_steal_pointer (&rows);
}

static void
summary_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GPtrArray *rows;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  rows = rapport_store_team_summary (RAPPORT_STORE (source_object), task_data, &error);
  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * rapport_store_team_summary_async:
 * @now: what "overdue" is measured against
 *
 * Reads rapport_store_team_summary() in a worker thread.
 */
void
rapport_store_team_summary_async (RapportStore        *store,
                                  GDateTime           *now,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RAPPORT_IS_STORE (store));
  g_return_if_fail (now != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_store_team_summary_async);
  g_task_set_task_data (task, g_date_time_ref (now), (GDestroyNotify) g_date_time_unref);
  g_task_run_in_thread (task, summary_thread);
}

/**
 * rapport_store_team_summary_finish:
 *
 * Returns: (transfer full) (element-type RapportRepSummary): as
 *   rapport_store_team_summary() does, or %NULL with @error set
 */
GPtrArray *
rapport_store_team_summary_finish (RapportStore  *store,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rapport_store_team_summary_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rapport_store_rep_open_deals:
 * @owner_id: a user
 *
 * Returns: (transfer full): a snapshot of @owner_id's open deals, those
 *   expected to close soonest first and those without a date last, or
 *   %NULL with @error set
 */
RapportSnapshot *
rapport_store_rep_open_deals (RapportStore *store,
                              const char   *owner_id,
                              GError      **error)
{
  const char *params[] = { owner_id };

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (owner_id != NULL, NULL);

  rapport_store_writer_check_read ("rapport_store_rep_open_deals()");

  return rapport_store_snapshot_sql (store, rapport_entity_lookup ("deal"),
                                     "SELECT rowid FROM deals WHERE owner_id = ?1"
                                     " AND status = 'open'"
                                     " ORDER BY expected_close IS NULL, expected_close,"
                                     " sort_key, rowid",
                                     params, G_N_ELEMENTS (params), error);
}

/**
 * rapport_store_rep_open_tasks:
 * @assignee_id: a user
 *
 * Returns: (transfer full): a snapshot of @assignee_id's open tasks,
 *   soonest due first (so the overdue ones lead) and those without a due
 *   date last, or %NULL with @error set
 */
RapportSnapshot *
rapport_store_rep_open_tasks (RapportStore *store,
                              const char   *assignee_id,
                              GError      **error)
{
  const char *params[] = { assignee_id };

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (assignee_id != NULL, NULL);

  rapport_store_writer_check_read ("rapport_store_rep_open_tasks()");

  return rapport_store_snapshot_sql (store, rapport_entity_lookup ("task"),
                                     "SELECT rowid FROM tasks WHERE assignee_id = ?1"
                                     " AND done_at IS NULL"
                                     " ORDER BY due_at IS NULL, due_at, rowid",
                                     params, G_N_ELEMENTS (params), error);
}

/**
 * rapport_store_get_signed_in_role:
 *
 * The role of the signed-in user (the sync state's "user_id") as their user
 * record in the store says.
 *
 * Returns: (transfer full) (nullable): "admin", "manager" or "rep"; %NULL
 *   when nobody is signed in or their record has not arrived yet
 */
char *
rapport_store_get_signed_in_role (RapportStore *store)
{
  g_autofree char *user_id = NULL;
  g_autoptr(JsonObject) user = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  user_id = rapport_store_get_state (store, "user_id");
  if (user_id == NULL)
    return NULL;
  user = rapport_store_get (store, "user", user_id, NULL);
  if (user == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (user, "role", NULL));
}

/**
 * rapport_role_can_manage_pipelines:
 * @role: (nullable): a user's role
 *
 * Returns: whether the server lets @role create and change pipelines and
 *   stages: admins and managers may, reps and unknown roles may not
 */
gboolean
rapport_role_can_manage_pipelines (const char *role)
{
  return g_strcmp0 (role, "admin") == 0 || g_strcmp0 (role, "manager") == 0;
}

/**
 * rapport_role_can_see_team:
 * @role: (nullable): a user's role
 *
 * Returns: whether @role oversees the team's work, and so is shown each
 *   rep's open deals and tasks side by side: admins and managers
 */
gboolean
rapport_role_can_see_team (const char *role)
{
  return g_strcmp0 (role, "admin") == 0 || g_strcmp0 (role, "manager") == 0;
}
