/* rapport-server-reports.h: the sales reports on the server's records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-report.h"
#include "rapport-server-backend.h"

G_BEGIN_DECLS

RapportReport *rapport_server_report (RapportServerBackend      *backend,
                                      RapportReportKind          kind,
                                      const RapportReportFilter *filter,
                                      GError                   **error);

G_END_DECLS
