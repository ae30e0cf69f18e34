/* rapport-server-epoch-mark.h: the mark beside a database that tells a restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *rapport_server_epoch_mark_derive_id (const char  *seed);
gboolean  rapport_server_epoch_mark_read      (const char  *database,
                                               char       **out_id,
                                               char       **out_epoch,
                                               gint64      *out_seq);
gboolean  rapport_server_epoch_mark_write     (const char  *database,
                                               const char  *id,
                                               const char  *epoch,
                                               gint64       seq,
                                               GError     **error);

G_END_DECLS
