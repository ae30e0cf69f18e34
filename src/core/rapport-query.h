/* rapport-query.h: ordered snapshots of big lists, and search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-filter.h"
#include "rapport-store.h"

G_BEGIN_DECLS

typedef enum {
  RAPPORT_SORT_NAME,    /* by folded title, A to Z */
  RAPPORT_SORT_UPDATED, /* most recently changed first */
  RAPPORT_SORT_AMOUNT,  /* largest amount first (deals) */
  RAPPORT_SORT_DUE,     /* soonest due first, none last (queues: cases) */
  RAPPORT_SORT_RANK,    /* most pressing first (queues: urgent cases) */
  RAPPORT_SORT_SCORE,   /* best win chance first (deals) */
} RapportSort;

typedef struct _RapportQuery RapportQuery;
typedef struct _RapportSnapshot RapportSnapshot;

typedef struct
{
  const RapportEntity *entity;
  char                *id;
  char                *title;
} RapportSearchHit;

RapportQuery    *rapport_query_new          (const char      *entity);
void             rapport_query_free         (RapportQuery    *query);
void             rapport_query_set_sort     (RapportQuery    *query,
                                             RapportSort      sort);
void             rapport_query_add_filter   (RapportQuery    *query,
                                             const char      *field,
                                             const char      *value);
void             rapport_query_add_filter_any (RapportQuery      *query,
                                               const char        *field,
                                               const char * const *values);
void             rapport_query_set_filter   (RapportQuery    *query,
                                             RapportFilter   *filter,
                                             const char      *user_id);
void             rapport_query_set_search   (RapportQuery    *query,
                                             const char      *text);

RapportSnapshot *rapport_store_snapshot     (RapportStore    *store,
                                             RapportQuery    *query,
                                             GError         **error);
RapportSnapshot *rapport_snapshot_ref       (RapportSnapshot *snapshot);
void             rapport_snapshot_unref     (RapportSnapshot *snapshot);
guint            rapport_snapshot_get_n_rows (RapportSnapshot *snapshot);
const RapportEntity *rapport_snapshot_get_entity (RapportSnapshot *snapshot);
gint64           rapport_snapshot_get_rowid (RapportSnapshot *snapshot,
                                             guint            position);
GPtrArray       *rapport_store_fetch        (RapportStore    *store,
                                             RapportSnapshot *snapshot,
                                             guint            position,
                                             guint            n_rows,
                                             GError         **error);

GPtrArray       *rapport_store_search       (RapportStore    *store,
                                             const char      *text,
                                             guint            limit,
                                             GError         **error);
void             rapport_search_hit_free    (RapportSearchHit *hit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportQuery, rapport_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportSnapshot, rapport_snapshot_unref)

G_END_DECLS
