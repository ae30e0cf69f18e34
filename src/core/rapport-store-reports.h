/* rapport-store-reports.h: the sales reports on the local store, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-report.h"
#include "rapport-store.h"

G_BEGIN_DECLS

RapportReport *rapport_store_report        (RapportStore              *self,
                                            RapportReportKind          kind,
                                            const RapportReportFilter *filter,
                                            GError                   **error);
void           rapport_store_report_async  (RapportStore              *self,
                                            RapportReportKind          kind,
                                            const RapportReportFilter *filter,
                                            GCancellable              *cancellable,
                                            GAsyncReadyCallback        callback,
                                            gpointer                   user_data);
RapportReport *rapport_store_report_finish (RapportStore              *self,
                                            GAsyncResult              *result,
                                            GError                   **error);

/* The reports the app's Reports section shows together, in this order. */
extern const RapportReportKind rapport_report_dashboard[];
extern const guint             rapport_report_dashboard_length;

GPtrArray     *rapport_store_reports        (RapportStore              *self,
                                             const RapportReportKind   *kinds,
                                             guint                      n_kinds,
                                             const RapportReportFilter *filter,
                                             GError                   **error);
void           rapport_store_reports_async  (RapportStore              *self,
                                             const RapportReportKind   *kinds,
                                             guint                      n_kinds,
                                             const RapportReportFilter *filter,
                                             GCancellable              *cancellable,
                                             GAsyncReadyCallback        callback,
                                             gpointer                   user_data);
GPtrArray     *rapport_store_reports_finish (RapportStore              *self,
                                             GAsyncResult              *result,
                                             GError                   **error);

G_END_DECLS
