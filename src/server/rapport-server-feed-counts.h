/* rapport-server-feed-counts.h: what a changes feed still has to send, remembered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RapportFeedCounts RapportFeedCounts;

RapportFeedCounts *rapport_feed_counts_new      (void);
void               rapport_feed_counts_free     (RapportFeedCounts *self);
gboolean           rapport_feed_counts_nearest  (RapportFeedCounts *self,
                                                 gint64             generation,
                                                 gint64             since,
                                                 gint64            *out_cursor,
                                                 guint64           *out_count);
void               rapport_feed_counts_remember (RapportFeedCounts *self,
                                                 gint64             generation,
                                                 gint64             since,
                                                 guint64            count);

G_END_DECLS
