/* rapport-server-queues.h: a queue assigns its new cases, on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

gboolean rapport_server_queues_assign (RapportServerBackend *backend,
                                       const RapportEntity  *entity,
                                       JsonObject           *current,
                                       JsonObject           *record,
                                       const char           *now,
                                       GError              **error);
gboolean rapport_server_queues_pick   (RapportServerBackend *backend,
                                       JsonObject           *queue,
                                       const char           *now,
                                       char                **out_user_id,
                                       const char          **out_reason,
                                       GError              **error);

G_END_DECLS
