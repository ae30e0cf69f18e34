/* rapport-server-connections.h: the server's connections and their guards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "rapport-server.h"

G_BEGIN_DECLS

typedef struct _RapportServerConnections RapportServerConnections;

RapportServerConnections *rapport_server_connections_new    (SoupServer                 *soup,
                                                             const RapportServerOptions *options,
                                                             GTlsCertificate            *certificate);
void                      rapport_server_connections_free   (RapportServerConnections   *self);
void                      rapport_server_connections_accept (RapportServerConnections   *self,
                                                             GSocketConnection          *connection);
guint                     rapport_server_connections_count  (RapportServerConnections   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportServerConnections, rapport_server_connections_free)

G_END_DECLS
