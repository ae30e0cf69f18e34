/* rapport-server-auth.h: passwords, tokens and login throttling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RapportServerAuth RapportServerAuth;

RapportServerAuth *rapport_server_auth_new             (guint               max_hashes);
void               rapport_server_auth_free            (RapportServerAuth  *self);
void               rapport_server_auth_set_limits      (RapportServerAuth  *self,
                                                        guint               per_name,
                                                        guint               per_address,
                                                        guint               window_seconds);
gboolean           rapport_server_auth_verify_async    (RapportServerAuth  *self,
                                                        const char         *hash,
                                                        const char         *password,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
gboolean           rapport_server_auth_verify_finish   (GAsyncResult       *result);
gboolean           rapport_server_auth_check_rate      (RapportServerAuth  *self,
                                                        const char         *name,
                                                        const char         *address,
                                                        guint              *retry_after);
void               rapport_server_auth_login_failed    (RapportServerAuth  *self,
                                                        const char         *name,
                                                        const char         *address);
void               rapport_server_auth_login_succeeded (RapportServerAuth  *self,
                                                        const char         *name);

char              *rapport_server_password_hash        (const char         *password,
                                                        GError            **error);
char              *rapport_server_token_new            (char              **out_hash);
char              *rapport_server_token_hash           (const char         *token);
gboolean           rapport_server_token_hash_equal     (const char         *a,
                                                        const char         *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportServerAuth, rapport_server_auth_free)

G_END_DECLS
