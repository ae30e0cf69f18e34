/* rapport-server-children.h: child records on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

gboolean rapport_server_check_parent     (RapportServerBackend     *backend,
                                          const RapportEntity      *entity,
                                          const char               *id,
                                          JsonObject               *record,
                                          GError                  **rejection,
                                          GError                  **error);
gboolean rapport_server_delete_children  (RapportServerBackend     *backend,
                                          const RapportServerActor *actor,
                                          const RapportEntity      *entity,
                                          const char               *id,
                                          const char               *now,
                                          GError                  **error);
gboolean rapport_server_list_children    (RapportServerBackend     *backend,
                                          const RapportEntity      *child,
                                          const char               *field,
                                          const char               *id,
                                          GPtrArray                *records,
                                          GError                  **error);

G_END_DECLS
