/* rapport-server-demo.h: a sample team and its book of business
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-backend.h"

G_BEGIN_DECLS

gboolean rapport_server_demo_populate (RapportServerBackend *backend,
                                       GError              **error);

G_END_DECLS
