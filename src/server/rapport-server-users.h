/* rapport-server-users.h: managing accounts from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-backend.h"
#include "rapport-server-records.h"

G_BEGIN_DECLS

char     *rapport_server_users_add     (RapportServerBackend *backend,
                                        const char           *name,
                                        const char           *display_name,
                                        const char           *role,
                                        const char           *email,
                                        const char           *password,
                                        GError              **error);
gboolean  rapport_server_users_passwd  (RapportServerBackend *backend,
                                        const char           *name,
                                        const char           *password,
                                        GError              **error);
gboolean  rapport_server_users_disable (RapportServerBackend *backend,
                                        const char           *name,
                                        GError              **error);
GPtrArray *rapport_server_users_list   (RapportServerBackend *backend,
                                        GError              **error);

G_END_DECLS
