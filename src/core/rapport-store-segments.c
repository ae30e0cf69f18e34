/* rapport-store-segments.c: a segment's members in the local store
 *
 * A segment is a synced record holding a filter; its members are worked
 * out on the local store at the moment they are asked for, so the command
 * line and the app (a campaign's Add Members from Segment…) agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-query.h"
#include "rapport-segment.h"
#include "rapport-store-segments.h"

/**
 * rapport_store_segment_ids:
 * @segment: a segment record
 *
 * Returns: (transfer full) (nullable): the ids of the segment's members
 *   now, a %NULL-terminated array
 */
GStrv
rapport_store_segment_ids (RapportStore *self,
                           JsonObject   *segment,
                           GError      **error)
{
  RapportFilter *filter = rapport_segment_filter (segment, error);
  g_autoptr(RapportQuery) query = NULL;
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  if (filter == NULL)
    return NULL;
  query = rapport_query_new (rapport_filter_get_entity (filter)->name);
  /* the query takes the filter */
  rapport_query_set_filter (query, filter, rapport_store_get_user_id (self));
  if (!(snapshot = rapport_store_snapshot (self, query, error)) ||
      !(rows = rapport_store_fetch (self, snapshot, 0, rapport_snapshot_get_n_rows (snapshot),
                                    error)))
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    g_strv_builder_add (ids, json_object_get_string_member (rows->pdata[i], "id"));
  return g_strv_builder_end (ids);
}
