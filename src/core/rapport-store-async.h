/* rapport-store-async.h: the store's slow calls, for a main thread that never waits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-pipeline.h"
#include "rapport-store-sync.h"
#include "rapport-tasks.h"

G_BEGIN_DECLS

/* Runs in a worker thread (a read) or on the writer thread (a write);
 * returns %NULL with @error set when it fails. */
typedef gpointer (*RapportStoreCallFunc) (RapportStore  *store,
                                          gpointer       data,
                                          GError       **error);

void        rapport_store_read_async              (RapportStore         *self,
                                                   RapportStoreCallFunc  func,
                                                   gpointer              data,
                                                   GDestroyNotify        data_free,
                                                   GDestroyNotify        result_free,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gpointer    rapport_store_read_finish             (RapportStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void        rapport_store_write_async             (RapportStore         *self,
                                                   RapportStoreCallFunc  func,
                                                   gpointer              data,
                                                   GDestroyNotify        data_free,
                                                   GDestroyNotify        result_free,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gpointer    rapport_store_write_finish            (RapportStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void        rapport_store_load_board_async        (RapportStore         *self,
                                                   const char           *pipeline_id,
                                                   const char           *owner_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray  *rapport_store_load_board_finish       (RapportStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void        rapport_deal_move_to_stage_async      (RapportStore         *self,
                                                   const char           *deal_id,
                                                   const char           *stage_id,
                                                   const char           *lost_reason,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
JsonObject *rapport_deal_move_to_stage_finish     (RapportStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void        rapport_store_reorder_stages_async    (RapportStore         *self,
                                                   const char *const    *stage_ids,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean    rapport_store_reorder_stages_finish   (RapportStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void        rapport_store_remove_stage_async      (RapportStore         *self,
                                                   const char           *stage_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean    rapport_store_remove_stage_finish     (RapportStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void        rapport_store_set_state_async         (RapportStore         *self,
                                                   const char           *key,
                                                   const char           *value,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean    rapport_store_set_state_finish        (RapportStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void        rapport_store_resolve_conflict_async  (RapportStore         *self,
                                                   const char           *conflict_id,
                                                   JsonObject           *choices,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean    rapport_store_resolve_conflict_finish (RapportStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void        rapport_store_resolve_conflict_keep_async  (RapportStore        *self,
                                                        const char          *conflict_id,
                                                        RapportKeep          keep,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean    rapport_store_resolve_conflict_keep_finish (RapportStore        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void        rapport_store_retry_failed_async      (RapportStore         *self,
                                                   const char           *op_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean    rapport_store_retry_failed_finish     (RapportStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void        rapport_store_discard_failed_async    (RapportStore         *self,
                                                   const char           *op_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean    rapport_store_discard_failed_finish   (RapportStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void        rapport_task_set_done_async           (RapportStore         *self,
                                                   const char           *task_id,
                                                   gboolean              done,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
JsonObject *rapport_task_set_done_finish          (RapportStore         *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
