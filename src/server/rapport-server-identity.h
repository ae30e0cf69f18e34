/* rapport-server-identity.h: the database's id and epoch in the API's answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-server.h"

G_BEGIN_DECLS

void     rapport_server_add_identity    (RapportServer *self,
                                         JsonObject    *answer);
void     rapport_server_append_identity (RapportServer *self,
                                         GString       *json);
gboolean rapport_server_check_identity  (RapportServer *self,
                                         JsonNode      *request,
                                         GError       **error);

G_END_DECLS
