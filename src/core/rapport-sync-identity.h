/* rapport-sync-identity.h: which server the cursor belongs to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store-resend.h"
#include "rapport-sync-private.h"

G_BEGIN_DECLS

JsonObject *rapport_sync_identity_expected (RapportStore  *store);
gboolean    rapport_sync_identity_matches  (JsonObject    *expected,
                                            JsonObject    *server);
gboolean    rapport_sync_identity_check    (RapportSync   *self,
                                            SoupSession   *session,
                                            JsonObject    *server,
                                            gboolean       adopt,
                                            gboolean      *out_changed,
                                            GCancellable  *cancellable,
                                            GError       **error);
char       *rapport_sync_identity_notice   (RapportResend  mode,
                                            guint          queued);

G_END_DECLS
