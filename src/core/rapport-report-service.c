/* rapport-report-service.c: the customer-service reports
 *
 * Customer satisfaction (SPEC.md §8.3): of the responses logged per
 * resolution of a case (csat_response), the share of 4s and 5s and the
 * average score, by agent and by queue, then over all, each with the
 * number of responses it rests on, so that nobody reads 100 % from a
 * single answer. The period bounds the resolutions answered; the owner
 * filter keeps one agent's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-report"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-report-private.h"

/* A response of 4 or 5 is a satisfied customer. */
#define SATISFIED 4

/* clang-format off */
#define IN_FILTER \
  " AND (:from IS NULL OR substr (r.resolved_at, 1, 10) >= :from)" \
  " AND (:until IS NULL OR substr (r.resolved_at, 1, 10) < :until)" \
  " AND (:owner IS NULL OR r.agent_id = :owner)" \
  RAPPORT_REPORT_TEAM_FILTER ("r.agent_id")
/* clang-format on */

static gboolean
add_groups (sqlite3                   *db,
            const char                *sql,
            const char                *group,
            const RapportReportFilter *filter,
            GPtrArray                 *rows,
            GError                   **error)
{
  sqlite3_stmt *stmt = rapport_report_prepare (db, sql, filter, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *row = json_object_new ();
      gint64 n = sqlite3_column_int64 (stmt, 1);

      json_object_set_string_member (row, "group", group);
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL || strcmp (group, "all") == 0)
        rapport_report_set_text (row, "name", stmt, 0);
      else
        /* Translators: a report row of the responses of cases that had
         * no agent, or no queue */
        json_object_set_string_member (row, "name", _("(none)"));
      json_object_set_int_member (row, "responses", n);
      rapport_report_set_int (row, "satisfied", stmt, 2);
      rapport_report_set_share (row, "csat", sqlite3_column_int64 (stmt, 2), n);
      if (n > 0)
        json_object_set_double_member (row, "average", sqlite3_column_double (stmt, 3) / n);
      else
        json_object_set_null_member (row, "average");
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE || rapport_report_step_error (db, rc, error);
}

#define COUNTS \
  " count(*), sum(r.score >= " G_STRINGIFY (SATISFIED) "), sum(r.score)" \
  " FROM csat_responses r"

gboolean
rapport_report_csat (sqlite3                   *db,
                     const RapportReportFilter *filter,
                     GPtrArray                 *rows,
                     GError                   **error)
{
  return add_groups (db,
                     "SELECT coalesce (nullif (u.display_name, ''), u.name)," COUNTS
                     " LEFT JOIN users u ON u.id = r.agent_id WHERE r.score IS NOT NULL" IN_FILTER
                     " GROUP BY r.agent_id ORDER BY u.id IS NULL, 1",
                     "agent", filter, rows, error) &&
         add_groups (db,
                     "SELECT q.name," COUNTS
                     " LEFT JOIN queues q ON q.id = r.queue_id WHERE r.score IS NOT NULL" IN_FILTER
                     " GROUP BY r.queue_id ORDER BY q.id IS NULL, 1",
                     "queue", filter, rows, error) &&
         add_groups (db, "SELECT NULL," COUNTS " WHERE r.score IS NOT NULL" IN_FILTER, "all", filter,
                     rows, error);
}
