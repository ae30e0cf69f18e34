/* rapport-server-reports.c: the sales reports on the server's records
 *
 * The server keeps each record as JSON; the reports read tables. The live
 * records of the types the reports read go into a database in memory laid
 * out as the client's store (rapport-report-db.c), and the same report
 * function runs on it: a client that has synced computes the same numbers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-reports"

#include "config.h"

#include "rapport-server-records.h"
#include "rapport-server-reports.h"

RapportReport *
rapport_server_report (RapportServerBackend      *backend,
                       RapportReportKind          kind,
                       const RapportReportFilter *filter,
                       GError                   **error)
{
  sqlite3 *db = rapport_report_db_new (error);
  RapportReport *report = NULL;
  gboolean ok = db != NULL;

  for (guint i = 0; ok && rapport_report_entities[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

      ok = rapport_server_load_all (backend, rapport_report_entities[i], records, error) &&
           rapport_report_db_add (db, rapport_entity_lookup (rapport_report_entities[i]), records,
                                  error);
    }
  if (ok)
    report = rapport_report_run (db, kind, filter, error);
  sqlite3_close (db);
  return report;
}
