/* bench-orders.h: 20,000 orders listed and searched, a 500-line quote opened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

gboolean bench_orders (const char *dir,
                       GRand      *rand,
                       gboolean    quick,
                       GError    **error);
char    *bench_write_quote (RapportStore *store,
                            GRand        *rand,
                            GError      **error);

G_END_DECLS
