/* rapport-server-auth.h: passwords, tokens and login throttling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-server-backend.h"

G_BEGIN_DECLS

typedef struct _RapportServerAuth RapportServerAuth;

/**
 * RapportLoginSlot:
 * @RAPPORT_LOGIN_SLOT_TAKEN: the login may check its password
 * @RAPPORT_LOGIN_SLOT_BUSY: checks in flight could use up the limit: wait
 * @RAPPORT_LOGIN_SLOT_REFUSED: too many failed logins: 429
 *
 * Ordered from best to worst.
 */
typedef enum
{
  RAPPORT_LOGIN_SLOT_TAKEN,
  RAPPORT_LOGIN_SLOT_BUSY,
  RAPPORT_LOGIN_SLOT_REFUSED,
} RapportLoginSlot;

/**
 * RapportLoginOutcome:
 * @RAPPORT_LOGIN_FAILED: the password was checked and wrong
 * @RAPPORT_LOGIN_SUCCEEDED: the password was right
 * @RAPPORT_LOGIN_NOT_CHECKED: the check never ran (the server was busy)
 */
typedef enum
{
  RAPPORT_LOGIN_FAILED,
  RAPPORT_LOGIN_SUCCEEDED,
  RAPPORT_LOGIN_NOT_CHECKED,
} RapportLoginOutcome;

typedef void (*RapportServerAuthRetry) (gpointer data);

RapportServerAuth *rapport_server_auth_new             (RapportServerBackend *backend,
                                                        guint               max_hashes);
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
gboolean           rapport_server_auth_reserve         (RapportServerAuth  *self,
                                                        const char         *name,
                                                        const char         *address,
                                                        RapportLoginSlot   *out_slot,
                                                        guint              *retry_after,
                                                        GError            **error);
void               rapport_server_auth_release         (RapportServerAuth  *self,
                                                        const char         *name,
                                                        const char         *address,
                                                        RapportLoginOutcome outcome);
gboolean           rapport_server_auth_wait            (RapportServerAuth  *self,
                                                        RapportServerAuthRetry retry,
                                                        gpointer            data);

char              *rapport_server_password_hash        (const char         *password,
                                                        GError            **error);
char              *rapport_server_token_new            (char              **out_hash);
char              *rapport_server_token_hash           (const char         *token);
gboolean           rapport_server_token_hash_equal     (const char         *a,
                                                        const char         *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportServerAuth, rapport_server_auth_free)

G_END_DECLS
