/* rapport-query-private.h: snapshots from the store's own SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-query.h"

G_BEGIN_DECLS

RapportSnapshot *rapport_store_snapshot_sql (RapportStore        *store,
                                             const RapportEntity *entity,
                                             const char          *sql,
                                             const char * const  *params,
                                             guint                n_params,
                                             GError             **error);

GPtrArray       *rapport_store_fetch_all    (RapportStore        *store,
                                             RapportSnapshot     *snapshot,
                                             GError             **error);

G_END_DECLS
