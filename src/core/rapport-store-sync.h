/* rapport-store-sync.h: the store's side of sync: outbox, pulled pages, conflicts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-change.h"
#include "rapport-store.h"

G_BEGIN_DECLS

/**
 * RapportKeep:
 * @RAPPORT_KEEP_MINE: keep what this user typed
 * @RAPPORT_KEEP_THEIRS: keep what the server has
 */
typedef enum
{
  RAPPORT_KEEP_MINE,
  RAPPORT_KEEP_THEIRS,
} RapportKeep;

/* Pushing */
GPtrArray *rapport_store_take_push_batch   (RapportStore  *self,
                                            guint          max_ops,
                                            GError       **error);
gboolean   rapport_store_apply_push_results (RapportStore *self,
                                             GPtrArray    *ops,
                                             JsonArray    *results,
                                             GError      **error);

/* Pulling */
gboolean   rapport_store_apply_pull_page   (RapportStore  *self,
                                            JsonArray     *changes,
                                            const char    *cursor,
                                            GError       **error);

/* What the user sees */
guint      rapport_store_count_pending     (RapportStore  *self);
guint      rapport_store_count_failed      (RapportStore  *self);
GPtrArray *rapport_store_list_failed       (RapportStore  *self,
                                            GError       **error);
GPtrArray *rapport_store_list_conflicts    (RapportStore  *self,
                                            GError       **error);
guint      rapport_store_count_conflicts   (RapportStore  *self);
gboolean   rapport_store_resolve_conflict  (RapportStore  *self,
                                            const char    *conflict_id,
                                            JsonObject    *choices,
                                            GError       **error);
gboolean   rapport_store_resolve_conflict_keep (RapportStore *self,
                                                const char   *conflict_id,
                                                RapportKeep   keep,
                                                GError      **error);

G_END_DECLS
