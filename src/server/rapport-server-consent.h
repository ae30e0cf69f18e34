/* rapport-server-consent.h: consent records on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

void     rapport_server_consent_check   (const RapportServerActor *actor,
                                         const RapportEntity      *entity,
                                         JsonObject               *current,
                                         JsonObject               *record,
                                         GError                  **rejection);
gboolean rapport_server_consent_add     (RapportServerBackend     *backend,
                                         const RapportServerActor *actor,
                                         JsonObject               *consent,
                                         const char               *now,
                                         gboolean                 *out_added,
                                         GError                  **error);
gboolean rapport_server_consent_migrate (RapportServerBackend     *backend,
                                         guint                    *out_migrated,
                                         GError                  **error);

G_END_DECLS
