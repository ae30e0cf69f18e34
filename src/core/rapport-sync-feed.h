/* rapport-sync-feed.h: reading the changes feed ahead of the writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-sync-private.h"

G_BEGIN_DECLS

typedef struct _RapportSyncFeed RapportSyncFeed;

RapportSyncFeed *rapport_sync_feed_start (RapportSync     *sync,
                                          SoupSession     *session,
                                          const char      *cursor,
                                          guint            page_size,
                                          GCancellable    *cancellable);
JsonNode        *rapport_sync_feed_next  (RapportSync     *sync,
                                          RapportSyncFeed *feed,
                                          GError         **error);
void             rapport_sync_feed_done  (RapportSyncFeed *feed,
                                          JsonNode        *page);
void             rapport_sync_feed_stop  (RapportSyncFeed *feed);

G_END_DECLS
