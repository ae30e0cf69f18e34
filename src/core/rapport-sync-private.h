/* rapport-sync-private.h: what the parts of the sync engine share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "rapport-sync.h"

G_BEGIN_DECLS

JsonNode *rapport_sync_request (RapportSync  *self,
                                SoupSession  *session,
                                const char   *method,
                                const char   *path,
                                JsonNode     *body,
                                GCancellable *cancellable,
                                GError      **error);
GBytes   *rapport_sync_request_text (RapportSync         *self,
                                     SoupSession         *session,
                                     const char          *path,
                                     SoupMessageHeaders **headers,
                                     GCancellable        *cancellable,
                                     GError             **error);

G_END_DECLS
