/* rapport-server-record-merges.h: merging contacts or companies into one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

/* A merge can be undone for this long. */
#define RAPPORT_MERGE_UNDO_DAYS 30

gboolean rapport_server_merges_check    (RapportServerBackend     *backend,
                                         const RapportServerActor *actor,
                                         const RapportEntity      *entity,
                                         JsonObject               *current,
                                         JsonObject               *record,
                                         const char               *now,
                                         GError                  **rejection,
                                         GError                  **error);
gboolean rapport_server_merges_find     (RapportServerBackend     *backend,
                                         const char               *id,
                                         char                    **out_master_id,
                                         GError                  **error);
gboolean rapport_server_merges_reparent (RapportServerBackend     *backend,
                                         const RapportServerOp    *op,
                                         GError                  **error);
gboolean rapport_server_merges_redirect (RapportServerBackend     *backend,
                                         const RapportServerActor *actor,
                                         const RapportServerOp    *op,
                                         const char               *master_id,
                                         RapportWriteResult       *result,
                                         GError                  **error);

G_END_DECLS
