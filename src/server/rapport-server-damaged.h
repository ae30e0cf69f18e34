/* rapport-server-damaged.h: live records whose stored text cannot be read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-backend.h"

G_BEGIN_DECLS

void     rapport_server_note_damaged (RapportServerBackend      *backend,
                                      const RapportStoredRecord *stored);
gboolean rapport_server_scan_damaged (RapportServerBackend      *backend,
                                      guint                     *out_checked,
                                      GError                   **error);

G_END_DECLS
