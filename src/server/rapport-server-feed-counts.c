/* rapport-server-feed-counts.c: what a changes feed still has to send, remembered
 *
 * Each page of the feed says how many changes follow it ("remaining"), for a
 * client's progress bar. Counting them afresh costs a scan of the rest of
 * the sequence index on every page: a first sync of half a million records
 * spent seconds of the server's time on it, most of it counting the same
 * rows again. The counts of recent cursors are kept instead: the next
 * page's count is the previous one less the few rows in between. Kept
 * counts hold only while the database is unchanged (its "generation"): any
 * write forgets them all, so a count is never stale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server"

#include "config.h"

#include "rapport-server-feed-counts.h"

/* Clients walking the feed at the same time, each needing its last cursor. */
#define MAX_COUNTS 64

typedef struct
{
  gint64  since;
  guint64 count;
  guint64 used;   /* when it was last remembered or read: the oldest goes */
} Count;

struct _RapportFeedCounts
{
  gint64  generation;
  guint64 clock;
  GArray *counts;  /* (element-type Count) */
};

RapportFeedCounts *
rapport_feed_counts_new (void)
{
  RapportFeedCounts *self = g_new0 (RapportFeedCounts, 1);

  self->counts = g_array_sized_new (FALSE, FALSE, sizeof (Count), MAX_COUNTS);
  return self;
}

void
rapport_feed_counts_free (RapportFeedCounts *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->counts);
  g_free (self);
}

static void
check_generation (RapportFeedCounts *self,
                  gint64             generation)
{
  if (generation == self->generation)
    return;
  g_array_set_size (self->counts, 0);
  self->generation = generation;
}

/**
 * rapport_feed_counts_nearest:
 * @generation: the database's state now; counts of another state are dropped
 * @since: the cursor that needs a count
 * @out_cursor: (out): the kept cursor closest to @since
 * @out_count: (out): how many changes follow that cursor
 *
 * Returns: whether a count is kept for this generation
 */
gboolean
rapport_feed_counts_nearest (RapportFeedCounts *self,
                             gint64             generation,
                             gint64             since,
                             gint64            *out_cursor,
                             guint64           *out_count)
{
  Count *best = NULL;

  check_generation (self, generation);
  for (guint i = 0; i < self->counts->len; i++)
    {
      Count *count = &g_array_index (self->counts, Count, i);

      if (best == NULL || ABS (count->since - since) < ABS (best->since - since))
        best = count;
    }
  if (best == NULL)
    return FALSE;
  best->used = ++self->clock;
  *out_cursor = best->since;
  *out_count = best->count;
  return TRUE;
}

/* Keeps @count as what follows @since, forgetting the least recently used
 * count when there are too many. */
void
rapport_feed_counts_remember (RapportFeedCounts *self,
                              gint64             generation,
                              gint64             since,
                              guint64            count)
{
  Count entry = { since, count, ++self->clock };
  guint oldest = 0;

  check_generation (self, generation);
  for (guint i = 0; i < self->counts->len; i++)
    {
      Count *kept = &g_array_index (self->counts, Count, i);

      if (kept->since == since)
        {
          *kept = entry;
          return;
        }
      if (kept->used < g_array_index (self->counts, Count, oldest).used)
        oldest = i;
    }
  if (self->counts->len < MAX_COUNTS)
    g_array_append_val (self->counts, entry);
  else
    g_array_index (self->counts, Count, oldest) = entry;
}
