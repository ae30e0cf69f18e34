/* rapport-pipeline-private.h: what the board and the team summary share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "rapport-pipeline.h"

G_BEGIN_DECLS

gboolean rapport_money_totals_read (sqlite3_stmt *stmt,
                                    GPtrArray    *totals,
                                    GError      **error);
gboolean rapport_store_place_new_deal (RapportStore *store,
                                       JsonObject   *deal,
                                       GError      **error);

G_END_DECLS
