/* bench-reports.h: the sales reports on 50,000 deals and their history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean bench_reports (const char *dir,
                        gboolean    quick,
                        GError    **error);

G_END_DECLS
