/* rapport-store-reports.c: the sales reports on the local store, off the main thread
 *
 * A report reads the replica through one of the store's reader
 * connections, in one read transaction, so that it never waits for the
 * writer and sees one state of the records (rapport-report.c computes).
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

typedef struct
{
  RapportReportKind   kind;
  RapportReportFilter filter;
} ReportCall;

static void
report_call_free (ReportCall *call)
{
  rapport_report_filter_clear (&call->filter);
  g_free (call);
}

static gpointer
run_report (RapportStore  *store,
            gpointer       data,
            GError       **error)
{
  ReportCall *call = data;

  return rapport_store_report (store, call->kind, &call->filter, error);
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
  ReportCall *call = g_new0 (ReportCall, 1);

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (filter != NULL);

  call->kind = kind;
  call->filter.from = g_strdup (filter->from);
  call->filter.until = g_strdup (filter->until);
  call->filter.pipeline_id = g_strdup (filter->pipeline_id);
  call->filter.owner_id = g_strdup (filter->owner_id);
  call->filter.today = g_strdup (filter->today);
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
