/* rapport-server-approvers.h: who decides a step of an approval, and when it moves on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

gboolean rapport_server_approvers_authority (RapportServerBackend     *backend,
                                             const RapportServerActor *actor,
                                             JsonObject               *request,
                                             JsonObject               *document,
                                             const char               *today,
                                             gboolean                 *allowed,
                                             char                    **on_behalf_of,
                                             GError                  **error);
gboolean rapport_server_approvers_settle    (RapportServerBackend     *backend,
                                             JsonObject               *request,
                                             JsonObject               *document,
                                             const char               *now,
                                             gboolean                 *changed,
                                             GError                  **error);
gboolean rapport_server_approvals_sweep     (RapportServerBackend     *backend,
                                             GDateTime                *now,
                                             guint                     reminder_days,
                                             guint                    *n_changed,
                                             GError                  **error);

G_END_DECLS
