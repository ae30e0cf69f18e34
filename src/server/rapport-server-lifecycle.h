/* rapport-server-lifecycle.h: the states a quote and an order go through
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

gboolean rapport_server_lifecycle_check (RapportServerBackend     *backend,
                                         const RapportServerActor *actor,
                                         const RapportEntity      *entity,
                                         JsonObject               *current,
                                         JsonObject               *record,
                                         GPtrArray                *writes,
                                         GError                  **rejection,
                                         GError                  **error);
gboolean rapport_server_lifecycle_flush (RapportServerBackend     *backend,
                                         const RapportServerActor *actor,
                                         GError                  **error);
void     rapport_server_lifecycle_forget (RapportServerBackend    *backend);
gboolean rapport_server_lifecycle_expire (RapportServerBackend    *backend,
                                          const char              *today,
                                          guint                   *n_expired,
                                          GError                 **error);
gboolean rapport_server_lifecycle_check_amendment (RapportServerBackend *backend,
                                                   JsonObject           *document,
                                                   JsonArray           **lines,
                                                   GError              **rejection,
                                                   GError              **error);
void     rapport_server_lifecycle_follow_lines (const RapportEntity *entity,
                                                JsonObject          *document,
                                                JsonArray           *lines);

G_END_DECLS
