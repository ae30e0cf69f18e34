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

G_END_DECLS
