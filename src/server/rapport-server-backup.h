/* rapport-server-backup.h: putting a backup back in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean rapport_server_backup_restore (const char  *backup,
                                        const char  *database,
                                        GError     **error);

G_END_DECLS
