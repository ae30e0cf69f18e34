/* rapport-team.c: who is signed in, what their role allows, and each rep's load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-team"

#include "config.h"

#include <string.h>

#include "rapport-store-private.h"
#include "rapport-team.h"

void
rapport_rep_summary_free (RapportRepSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->user_id);
  g_free (summary->name);
  g_free (summary->role);
  g_free (summary);
}

/* Each count is one index range: deals_by_owner_status and
 * tasks_by_assignee_done. */
static const char summary_sql[] =
  "SELECT u.id, u.name, u.role,"
  "  (SELECT count(*) FROM deals AS d WHERE d.owner_id = u.id AND d.status = 'open'),"
  "  (SELECT count(*) FROM tasks AS t WHERE t.assignee_id = u.id AND t.done_at IS NULL)"
  " FROM users AS u WHERE coalesce(u.active, 1)"
  " ORDER BY u.sort_key, u.rowid";

/**
 * rapport_store_team_summary:
 *
 * What a manager sees of the team: for every active user, their open deals
 * (status open) and open tasks (not done).
 *
 * Returns: (transfer full) (element-type RapportRepSummary): by name, or
 *   %NULL with @error set
 */
GPtrArray *
rapport_store_team_summary (RapportStore *store,
                            GError      **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_rep_summary_free);
  rapport_store_lock_db (store);
  stmt = rapport_store_prepare (store, summary_sql, error);
  if (stmt == NULL)
    {
      rapport_store_unlock_db (store);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RapportRepSummary *summary = g_new0 (RapportRepSummary, 1);

      summary->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      summary->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      summary->role = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      summary->open_deals = sqlite3_column_int (stmt, 3);
      summary->open_tasks = sqlite3_column_int (stmt, 4);
      g_ptr_array_add (rows, summary);
    }
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  sqlite3_reset (stmt);
  rapport_store_unlock_db (store);

  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&rows);
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
