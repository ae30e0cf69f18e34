/* rapport-server-automation.h: automation rules, run after each accepted write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

gboolean rapport_server_automation_run (RapportServerBackend     *backend,
                                        const RapportServerActor *actor,
                                        const RapportServerOp    *op,
                                        JsonObject               *current,
                                        JsonObject               *record,
                                        const char               *now,
                                        JsonObject              **out_latest,
                                        GError                  **error);
gboolean rapport_server_automation_watching  (RapportServerBackend *backend,
                                             const RapportEntity  *entity,
                                             const char           *trigger,
                                             gboolean             *out_watching,
                                             GError              **error);
gboolean rapport_server_automation_run_timed (RapportServerBackend *backend,
                                             const RapportEntity  *entity,
                                             const char           *trigger,
                                             JsonObject           *record,
                                             const char           *since,
                                             const char           *now,
                                             GError              **error);
gboolean rapport_server_automation_stale_sweep (RapportServerBackend *backend,
                                               guint                *n_stale,
                                               GError              **error);

G_END_DECLS
