/* rapport-server-refusal.h: a request answered by hand and its connection closed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSocket *rapport_server_stream_get_socket (GIOStream    *stream);
void     rapport_server_refuse            (GIOStream    *stream,
                                           const GError *error,
                                           const char   *retry_after,
                                           gsize         max_drain);

G_END_DECLS
