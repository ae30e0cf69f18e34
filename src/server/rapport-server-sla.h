/* rapport-server-sla.h: SLA clocks and breaches on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

gboolean rapport_server_sla_compute (RapportServerBackend *backend,
                                     const RapportEntity  *entity,
                                     JsonObject           *record,
                                     const char           *now,
                                     GError              **error);
gboolean rapport_server_sla_check   (RapportServerBackend *backend,
                                     const RapportEntity  *entity,
                                     JsonObject           *current,
                                     JsonObject           *record,
                                     const char           *now,
                                     GPtrArray            *writes,
                                     GError              **rejection,
                                     GError              **error);
gboolean rapport_server_sla_sweep   (RapportServerBackend *backend,
                                     guint                *n_changed,
                                     GError              **error);

G_END_DECLS
