/* rapport-sync-http.h: one JSON request to the Rapport API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Pages of the changes feed are bounded by the server
 * (RAPPORT_BACKEND_PAGE_BYTES, 8 MiB, and one record more, which field
 * limits keep under 1 MiB); anything bigger than this is not an answer we
 * asked for. */
#define RAPPORT_SYNC_MAX_RESPONSE (64 * 1024 * 1024)

/* A push batch stops after this many bytes of changes, well below the
 * server's default body limit of 8 MiB. */
#define RAPPORT_SYNC_PUSH_BYTES (4 * 1024 * 1024)

SoupSession *rapport_sync_http_session_new (guint            timeout_seconds);
GBytes      *rapport_sync_http_fetch       (SoupSession         *session,
                                            const char          *method,
                                            const char          *url,
                                            const char          *token,
                                            JsonNode            *body,
                                            GTlsCertificate     *trusted,
                                            GCancellable        *cancellable,
                                            guint               *retry_after,
                                            SoupMessageHeaders **headers,
                                            GError             **error);
JsonNode    *rapport_sync_http_parse       (GBytes              *data,
                                            GError             **error);
JsonNode    *rapport_sync_http_request     (SoupSession     *session,
                                            const char      *method,
                                            const char      *url,
                                            const char      *token,
                                            JsonNode        *body,
                                            GTlsCertificate *trusted,
                                            GCancellable    *cancellable,
                                            guint           *retry_after,
                                            GError         **error);

G_END_DECLS
