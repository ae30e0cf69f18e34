/* rapport-server-deal-history.h: a deal's forecast category, slips and history, on every write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

gboolean rapport_server_deal_follow  (RapportServerBackend     *backend,
                                      const RapportEntity      *entity,
                                      JsonObject               *current,
                                      JsonObject               *apply,
                                      JsonObject               *record,
                                      GError                  **error);
gboolean rapport_server_deal_record  (RapportServerBackend     *backend,
                                      const RapportServerActor *actor,
                                      const RapportServerOp    *op,
                                      JsonObject               *current,
                                      JsonObject               *record,
                                      const char               *now,
                                      GError                  **error);
gboolean rapport_server_deal_record_lost (RapportServerBackend     *backend,
                                          const RapportServerActor *actor,
                                          const RapportServerOp    *op,
                                          JsonObject               *current,
                                          const char               *now,
                                          GError                  **error);

G_END_DECLS
