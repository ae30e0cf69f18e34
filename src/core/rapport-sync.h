/* rapport-sync.h: bringing local edits home and the team's edits in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_SYNC_ERROR (rapport_sync_error_quark ())

/**
 * RapportSyncError:
 * @RAPPORT_SYNC_ERROR_OFFLINE: the server could not be reached
 * @RAPPORT_SYNC_ERROR_UNAUTHORIZED: the token is missing, expired or revoked (401)
 * @RAPPORT_SYNC_ERROR_FORBIDDEN: the user's role does not allow it (403)
 * @RAPPORT_SYNC_ERROR_SERVER: the server failed (5xx) and retries did not help
 * @RAPPORT_SYNC_ERROR_RATE_LIMITED: the server asked to wait longer than we will (429)
 * @RAPPORT_SYNC_ERROR_PROTOCOL: the answer was not what the API promises:
 *   not JSON, truncated, too large, too deeply nested, or a redirect
 * @RAPPORT_SYNC_ERROR_TLS: the server's certificate is not trusted
 * @RAPPORT_SYNC_ERROR_INVALID: the request was refused as invalid (4xx)
 * @RAPPORT_SYNC_ERROR_NOT_SIGNED_IN: no server or token is set
 * @RAPPORT_SYNC_ERROR_CONNECTION_LOST: the server refused or dropped the
 *   connection before it answered, as while it restarts, and retries did not
 *   help; the client is as good as offline
 * @RAPPORT_SYNC_ERROR_SERVER_CHANGED: the server refused a push meant for
 *   another server or epoch (409 server_changed); the engine finds out which
 * @RAPPORT_SYNC_ERROR_OTHER_SERVER: the server is not the one this database
 *   synced with; nothing is sent until the user adopts it
 *   (rapport_sync_set_adopt_server())
 * @RAPPORT_SYNC_ERROR_NOT_FOUND: the server has no such record (404)
 */
typedef enum
{
  RAPPORT_SYNC_ERROR_OFFLINE,
  RAPPORT_SYNC_ERROR_UNAUTHORIZED,
  RAPPORT_SYNC_ERROR_FORBIDDEN,
  RAPPORT_SYNC_ERROR_SERVER,
  RAPPORT_SYNC_ERROR_RATE_LIMITED,
  RAPPORT_SYNC_ERROR_PROTOCOL,
  RAPPORT_SYNC_ERROR_TLS,
  RAPPORT_SYNC_ERROR_INVALID,
  RAPPORT_SYNC_ERROR_NOT_SIGNED_IN,
  RAPPORT_SYNC_ERROR_CONNECTION_LOST,
  RAPPORT_SYNC_ERROR_SERVER_CHANGED,
  RAPPORT_SYNC_ERROR_OTHER_SERVER,
  RAPPORT_SYNC_ERROR_NOT_FOUND,
} RapportSyncError;

GQuark rapport_sync_error_quark (void);

typedef enum
{
  RAPPORT_SYNC_STATE_IDLE,
  RAPPORT_SYNC_STATE_SYNCING,
  RAPPORT_SYNC_STATE_OFFLINE,
  RAPPORT_SYNC_STATE_ERROR,
} RapportSyncState;

#define RAPPORT_TYPE_SYNC (rapport_sync_get_type ())
G_DECLARE_FINAL_TYPE (RapportSync, rapport_sync, RAPPORT, SYNC, GObject)

RapportSync      *rapport_sync_new              (RapportStore        *store);
RapportStore     *rapport_sync_get_store        (RapportSync         *self);

const char       *rapport_sync_get_server       (RapportSync         *self);
void              rapport_sync_set_server       (RapportSync         *self,
                                                 const char          *url);
void              rapport_sync_set_token        (RapportSync         *self,
                                                 const char          *token);
void              rapport_sync_set_trusted_certificate (RapportSync  *self,
                                                        GTlsCertificate *certificate);
void              rapport_sync_set_timeout      (RapportSync         *self,
                                                 guint                seconds);
void              rapport_sync_set_adopt_server (RapportSync         *self,
                                                 gboolean             adopt);

JsonObject       *rapport_sync_login            (RapportSync         *self,
                                                 const char          *url,
                                                 const char          *user,
                                                 const char          *password,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
gboolean          rapport_sync_run              (RapportSync         *self,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
void              rapport_sync_run_async        (RapportSync         *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean          rapport_sync_run_finish       (RapportSync         *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

JsonNode         *rapport_sync_get              (RapportSync         *self,
                                                 const char          *path,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

RapportSyncState  rapport_sync_get_state        (RapportSync         *self);
const char       *rapport_sync_get_message      (RapportSync         *self);
guint             rapport_sync_get_done         (RapportSync         *self);
guint             rapport_sync_get_total        (RapportSync         *self);
gboolean          rapport_sync_is_receiving     (RapportSync         *self);
guint             rapport_sync_get_pending      (RapportSync         *self);
guint             rapport_sync_get_conflicts    (RapportSync         *self);
const char       *rapport_sync_get_last_sync    (RapportSync         *self);
const char       *rapport_sync_get_notice       (RapportSync         *self);

G_END_DECLS
