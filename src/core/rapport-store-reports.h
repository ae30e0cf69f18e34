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

G_END_DECLS
