/* rapport-store-reports.c: the sales reports on the local store, off the main thread
 *
 * A report reads the replica through one of the store's reader
 * connections, in one read transaction, so that it never waits for the
 * writer and sees one state of the records (rapport-report.c computes).
 * A dashboard's reports are read together, in one transaction, so that
 * its tiles and charts all tell of the same records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store-reports"

#include "config.h"

#include "rapport-store-async.h"
#include "rapport-store-connection.h"
#include "rapport-store-private.h"
#include "rapport-store-reports.h"
#include "rapport-store-writer.h"

/**
 * rapport_store_report:
 *
 * Computes a report from the replica. It may take a while on a large
 * book: call it from a worker (rapport_store_report_async()).
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
RapportReport *
rapport_store_report (RapportStore              *self,
                      RapportReportKind          kind,
                      const RapportReportFilter *filter,
                      GError                   **error)
{
  RapportStoreConnection *reader;
  RapportReport *report;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  rapport_store_writer_check_read ("rapport_store_report()");
  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  report = rapport_report_run (rapport_store_connection_get_db (reader), kind, filter, error);
  rapport_store_end_read (self, reader);
  return report;
}

/* clang-format off */
const RapportReportKind rapport_report_dashboard[] = {
  RAPPORT_REPORT_FORECAST,
  RAPPORT_REPORT_PIPELINE_BY_STAGE,
  RAPPORT_REPORT_WIN_RATE,
  RAPPORT_REPORT_DEAL_SIZE,
  RAPPORT_REPORT_SALES_CYCLE,
  RAPPORT_REPORT_PIPELINE_BY_OWNER,
  RAPPORT_REPORT_FUNNEL,
  RAPPORT_REPORT_NEW_VS_CLOSED,
};
/* clang-format on */
const guint rapport_report_dashboard_length = G_N_ELEMENTS (rapport_report_dashboard);

/**
 * rapport_store_reports:
 * @kinds: (array length=n_kinds): the reports
 *
 * Computes several reports from one state of the replica. Call it from
 * a worker (rapport_store_reports_async()).
 *
 * Returns: (transfer container) (element-type RapportReport): the
 *   reports in @kinds' order, or %NULL with @error set
 */
GPtrArray *
rapport_store_reports (RapportStore              *self,
                       const RapportReportKind   *kinds,
                       guint                      n_kinds,
                       const RapportReportFilter *filter,
                       GError                   **error)
{
  g_autoptr(GPtrArray) reports = NULL;
  RapportStoreConnection *reader;
  sqlite3 *db;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  rapport_store_writer_check_read ("rapport_store_reports()");
  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  db = rapport_store_connection_get_db (reader);
  if (!rapport_store_connection_exec (reader, "BEGIN", error))
    {
      rapport_store_end_read (self, reader);
      return NULL;
    }
  reports = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_report_free);
  for (guint i = 0; i < n_kinds && reports != NULL; i++)
    {
      RapportReport *report = rapport_report_run (db, kinds[i], filter, error);

      if (report != NULL)
        g_ptr_array_add (reports, report);
      else
        g_clear_pointer (&reports, g_ptr_array_unref);
    }
  rapport_store_connection_exec (reader, "COMMIT", NULL);
  rapport_store_end_read (self, reader);
  return g_steal_pointer (&reports);
}

typedef struct
{
  RapportReportKind  *kinds;
  guint               n_kinds;
  RapportReportFilter filter;
} ReportCall;

static void
report_call_free (ReportCall *call)
{
  rapport_report_filter_clear (&call->filter);
  g_free (call->kinds);
  g_free (call);
}

static ReportCall *
report_call_new (const RapportReportKind   *kinds,
                 guint                      n_kinds,
                 const RapportReportFilter *filter)
{
  ReportCall *call = g_new0 (ReportCall, 1);

  call->kinds = g_memdup2 (kinds, n_kinds * sizeof *kinds);
  call->n_kinds = n_kinds;
  call->filter.from = g_strdup (filter->from);
  call->filter.until = g_strdup (filter->until);
  call->filter.pipeline_id = g_strdup (filter->pipeline_id);
  call->filter.owner_id = g_strdup (filter->owner_id);
  call->filter.team_id = g_strdup (filter->team_id);
  call->filter.today = g_strdup (filter->today);
  return call;
}

static gpointer
run_report (RapportStore  *store,
            gpointer       data,
            GError       **error)
{
  ReportCall *call = data;

  return rapport_store_report (store, call->kinds[0], &call->filter, error);
}

static gpointer
run_reports (RapportStore  *store,
             gpointer       data,
             GError       **error)
{
  ReportCall *call = data;

  return rapport_store_reports (store, call->kinds, call->n_kinds, &call->filter, error);
}

/**
 * rapport_store_report_async:
 * @filter: copied
 *
 * rapport_store_report() in a worker thread.
 */
void
rapport_store_report_async (RapportStore              *self,
                            RapportReportKind          kind,
                            const RapportReportFilter *filter,
                            GCancellable              *cancellable,
                            GAsyncReadyCallback        callback,
                            gpointer                   user_data)
{
  ReportCall *call;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (filter != NULL);

  call = report_call_new (&kind, 1, filter);
  rapport_store_read_async (self, run_report, call, (GDestroyNotify) report_call_free,
                            (GDestroyNotify) rapport_report_free, cancellable, callback,
                            user_data);
}

/**
 * rapport_store_report_finish:
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
RapportReport *
rapport_store_report_finish (RapportStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return rapport_store_read_finish (self, result, error);
}

/**
 * rapport_store_reports_async:
 * @kinds: (array length=n_kinds): copied
 * @filter: copied
 *
 * rapport_store_reports() in a worker thread.
 */
void
rapport_store_reports_async (RapportStore              *self,
                             const RapportReportKind   *kinds,
                             guint                      n_kinds,
                             const RapportReportFilter *filter,
                             GCancellable              *cancellable,
                             GAsyncReadyCallback        callback,
                             gpointer                   user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (filter != NULL);

  rapport_store_read_async (self, run_reports, report_call_new (kinds, n_kinds, filter),
                            (GDestroyNotify) report_call_free, (GDestroyNotify) g_ptr_array_unref,
                            cancellable, callback, user_data);
}

/**
 * rapport_store_reports_finish:
 *
 * Returns: (transfer container) (element-type RapportReport): the
 *   reports, or %NULL with @error set
 */
GPtrArray *
rapport_store_reports_finish (RapportStore  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return rapport_store_read_finish (self, result, error);
}
