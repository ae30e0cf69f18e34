/* rapport-server-in-use.h: the server keeps what other records use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

gboolean rapport_server_check_unused (RapportServerBackend *backend,
                                      const RapportEntity  *entity,
                                      const char           *id,
                                      GError              **rejection,
                                      GError              **error);

G_END_DECLS
