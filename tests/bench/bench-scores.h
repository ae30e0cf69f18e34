/* bench-scores.h: the win chance on the reports' 50,000 deals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

gboolean bench_scores (RapportStore *store,
                       const char   *path,
                       guint         n_deals,
                       double        deals_scan_ms,
                       GError      **error);

G_END_DECLS
