/* rapport-server-csat.h: one satisfaction response per resolution of a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

gboolean rapport_server_csat_check (RapportServerBackend *backend,
                                    const RapportEntity  *entity,
                                    JsonObject           *record,
                                    GError              **rejection,
                                    GError              **error);

G_END_DECLS
