/* rapport-server-campaigns.h: campaign members on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

gboolean rapport_server_campaign_member_check  (RapportServerBackend     *backend,
                                                const RapportEntity      *entity,
                                                JsonObject               *current,
                                                JsonObject               *record,
                                                const char               *now,
                                                GError                  **rejection,
                                                GError                  **error);
gboolean rapport_server_campaign_member_follow (RapportServerBackend     *backend,
                                                const RapportServerActor *actor,
                                                const RapportEntity      *entity,
                                                JsonObject               *current,
                                                JsonObject               *record,
                                                const char               *now,
                                                GError                  **error);

G_END_DECLS
