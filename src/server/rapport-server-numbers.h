/* rapport-server-numbers.h: the server gives records their numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"
#include "rapport-server-backend.h"

G_BEGIN_DECLS

gboolean rapport_server_numbers_assign   (RapportServerBackend      *backend,
                                          const RapportEntity       *entity,
                                          const RapportStoredRecord *stored,
                                          JsonObject                *record,
                                          GError                   **error);
gboolean rapport_server_numbers_catch_up (RapportServerBackend      *backend,
                                          GError                   **error);

G_END_DECLS
