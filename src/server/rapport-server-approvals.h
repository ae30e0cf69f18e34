/* rapport-server-approvals.h: approval of quotes and orders, decided here
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

gboolean rapport_server_approvals_check       (RapportServerBackend     *backend,
                                               const RapportServerActor *actor,
                                               const RapportEntity      *entity,
                                               JsonObject               *current,
                                               JsonObject               *record,
                                               const char               *now,
                                               GPtrArray                *writes,
                                               GError                  **rejection,
                                               GError                  **error);
gboolean rapport_server_approvals_follow_edit (RapportServerBackend     *backend,
                                               const RapportEntity      *entity,
                                               JsonObject               *stored,
                                               JsonObject               *computed,
                                               GPtrArray                *writes,
                                               GError                  **error);

G_END_DECLS
