/* rapport-store-async.c: the store's slow calls, for a main thread that never waits
 *
 * The app's main thread must not lose a frame to SQLite (see the policy at
 * the top of rapport-store-writer.c). Each call here is the blocking call
 * of the same name run elsewhere, answered on the caller's main context: a
 * write is queued to the store's writer thread, after the writes queued
 * before it; an unbounded read (a whole board, a list of conflicts) runs in
 * a worker thread on a read-only connection.
 *
 * A write's cancellable only keeps it from starting: the app passes none
 * for what the user asked to save, and checks that its widget is still
 * there when the answer comes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store-async.h"
#include "rapport-store-failed.h"
#include "rapport-store-private.h"
#include "rapport-store-writer.h"

/* A successful call that has no value to give back. */
#define DONE GINT_TO_POINTER (TRUE)

typedef struct
{
  RapportStoreCallFunc func;
  gpointer             data;
  GDestroyNotify       data_free;
} Call;

static void
call_free (Call *call)
{
  if (call->data_free != NULL)
    call->data_free (call->data);
  g_free (call);
}

static Call *
call_new (RapportStoreCallFunc func,
          gpointer             data,
          GDestroyNotify       data_free)
{
  Call *call = g_new0 (Call, 1);

  call->func = func;
  call->data = data;
  call->data_free = data_free;
  return call;
}

static gpointer
run_call (gpointer  source,
          gpointer  data,
          GError  **error)
{
  Call *call = data;

  return call->func (source, call->data, error);
}

typedef struct
{
  Call           *call;
  GDestroyNotify  result_free;
} Read;

static void
read_free (Read *read)
{
  call_free (read->call);
  g_free (read);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Read *read = task_data;
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;
  result = run_call (source, read->call, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, read->result_free);
}

static void
start_read (RapportStore         *self,
            RapportStoreCallFunc  func,
            gpointer              data,
            GDestroyNotify        data_free,
            GDestroyNotify        result_free,
            gpointer              source_tag,
            GCancellable         *cancellable,
            GAsyncReadyCallback   callback,
            gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Read *read = g_new0 (Read, 1);

  read->call = call_new (func, data, data_free);
  read->result_free = result_free;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);
  g_task_run_in_thread (task, read_thread);
}

static void
start_write (RapportStore         *self,
             RapportStoreCallFunc  func,
             gpointer              data,
             GDestroyNotify        data_free,
             GDestroyNotify        result_free,
             gpointer              source_tag,
             GCancellable         *cancellable,
             GAsyncReadyCallback   callback,
             gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  rapport_store_writer_queue (rapport_store_get_writer (self), task, run_call,
                              call_new (func, data, data_free), (GDestroyNotify) call_free,
                              result_free);
}

static gpointer
finish (RapportStore  *self,
        GAsyncResult  *result,
        gpointer       source_tag,
        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* One call's arguments, owned while it waits. */
typedef struct
{
  char       *a;
  char       *b;
  char       *c;
  GStrv       strv;
  JsonObject *object;
  int         number;
} Args;

static void
args_free (Args *args)
{
  g_free (args->a);
  g_free (args->b);
  g_free (args->c);
  g_strfreev (args->strv);
  g_clear_pointer (&args->object, json_object_unref);
  g_free (args);
}

static Args *
args_new (const char *a,
          const char *b,
          const char *c)
{
  Args *args = g_new0 (Args, 1);

  args->a = g_strdup (a);
  args->b = g_strdup (b);
  args->c = g_strdup (c);
  return args;
}

/**
 * rapport_store_read_async:
 * @func: the read, run in a worker thread with @data
 * @data_free: (nullable): frees @data once the read is over
 * @result_free: (nullable): frees what @func returns if nobody takes it
 *
 * Runs an unbounded read off the main thread: a snapshot of a record's
 * timeline, the list of conflicts. Cancelling @cancellable makes
 * rapport_store_read_finish() fail with %G_IO_ERROR_CANCELLED, so that a
 * widget gone or reloaded since never sees a stale answer.
 */
void
rapport_store_read_async (RapportStore         *self,
                          RapportStoreCallFunc  func,
                          gpointer              data,
                          GDestroyNotify        data_free,
                          GDestroyNotify        result_free,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (func != NULL);

  start_read (self, func, data, data_free, result_free, rapport_store_read_async, cancellable,
              callback, user_data);
}

/**
 * rapport_store_read_finish:
 *
 * Returns: (transfer full): what the read returned, or %NULL with @error set
 */
gpointer
rapport_store_read_finish (RapportStore  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return finish (self, result, rapport_store_read_async, error);
}

/**
 * rapport_store_write_async:
 * @func: the write, run on the writer thread with @data, where the
 *   store's blocking writes run without waiting
 *
 * Queues a write made of the store's blocking calls (several edits in a
 * row, a check and an edit) behind the writes queued before it.
 */
void
rapport_store_write_async (RapportStore         *self,
                           RapportStoreCallFunc  func,
                           gpointer              data,
                           GDestroyNotify        data_free,
                           GDestroyNotify        result_free,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (func != NULL);

  start_write (self, func, data, data_free, result_free, rapport_store_write_async, cancellable,
               callback, user_data);
}

gpointer
rapport_store_write_finish (RapportStore  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return finish (self, result, rapport_store_write_async, error);
}

static gpointer
load_board (RapportStore  *store,
            gpointer       data,
            GError       **error)
{
  Args *args = data;

  return rapport_store_load_board (store, args->a, args->b, error);
}

/**
 * rapport_store_load_board_async:
 * @owner_id: (nullable): only this user's deals
 *
 * rapport_store_load_board() in a worker thread: it sums every deal of
 * the pipeline.
 */
void
rapport_store_load_board_async (RapportStore        *self,
                                const char          *pipeline_id,
                                const char          *owner_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (pipeline_id != NULL);

  start_read (self, load_board, args_new (pipeline_id, owner_id, NULL), (GDestroyNotify) args_free,
              (GDestroyNotify) g_ptr_array_unref, rapport_store_load_board_async, cancellable,
              callback, user_data);
}

/**
 * rapport_store_load_board_finish:
 *
 * Returns: (transfer full) (element-type RapportBoardColumn): the columns,
 *   or %NULL with @error set
 */
GPtrArray *
rapport_store_load_board_finish (RapportStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish (self, result, rapport_store_load_board_async, error);
}

static gpointer
move_to_stage (RapportStore  *store,
               gpointer       data,
               GError       **error)
{
  Args *args = data;

  return rapport_deal_move_to_stage (store, args->a, args->b, args->c, error);
}

/**
 * rapport_deal_move_to_stage_async:
 * @lost_reason: (nullable): as for rapport_deal_move_to_stage()
 *
 * rapport_deal_move_to_stage() on the writer thread: the deal is read and
 * moved with no other write in between.
 */
void
rapport_deal_move_to_stage_async (RapportStore        *self,
                                  const char          *deal_id,
                                  const char          *stage_id,
                                  const char          *lost_reason,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (deal_id != NULL && stage_id != NULL);

  start_write (self, move_to_stage, args_new (deal_id, stage_id, lost_reason),
               (GDestroyNotify) args_free, (GDestroyNotify) json_object_unref,
               rapport_deal_move_to_stage_async, cancellable, callback, user_data);
}

/**
 * rapport_deal_move_to_stage_finish:
 *
 * Returns: (transfer full): the deal as stored, or %NULL with @error set
 */
JsonObject *
rapport_deal_move_to_stage_finish (RapportStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish (self, result, rapport_deal_move_to_stage_async, error);
}

static gpointer
reorder_stages (RapportStore  *store,
                gpointer       data,
                GError       **error)
{
  Args *args = data;

  return rapport_store_reorder_stages (store, (const char * const *) args->strv, error) ? DONE
                                                                                        : NULL;
}

/**
 * rapport_store_reorder_stages_async:
 *
 * rapport_store_reorder_stages() on the writer thread.
 */
void
rapport_store_reorder_stages_async (RapportStore        *self,
                                    const char * const  *stage_ids,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Args *args;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (stage_ids != NULL);

  args = args_new (NULL, NULL, NULL);
  args->strv = g_strdupv ((GStrv) stage_ids);
  start_write (self, reorder_stages, args, (GDestroyNotify) args_free, NULL,
               rapport_store_reorder_stages_async, cancellable, callback, user_data);
}

gboolean
rapport_store_reorder_stages_finish (RapportStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish (self, result, rapport_store_reorder_stages_async, error) != NULL;
}

static gpointer
remove_stage (RapportStore  *store,
              gpointer       data,
              GError       **error)
{
  Args *args = data;

  return rapport_store_remove_stage (store, args->a, error) ? DONE : NULL;
}

/**
 * rapport_store_remove_stage_async:
 *
 * rapport_store_remove_stage() on the writer thread: no deal can move into
 * the stage between the check that it is empty and its deletion.
 */
void
rapport_store_remove_stage_async (RapportStore        *self,
                                  const char          *stage_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (stage_id != NULL);

  start_write (self, remove_stage, args_new (stage_id, NULL, NULL), (GDestroyNotify) args_free,
               NULL, rapport_store_remove_stage_async, cancellable, callback, user_data);
}

gboolean
rapport_store_remove_stage_finish (RapportStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish (self, result, rapport_store_remove_stage_async, error) != NULL;
}

static gpointer
set_state (RapportStore  *store,
           gpointer       data,
           GError       **error)
{
  Args *args = data;

  return rapport_store_set_state (store, args->a, args->b, error) ? DONE : NULL;
}

/**
 * rapport_store_set_state_async:
 * @value: (nullable): the new value; %NULL removes the key
 *
 * rapport_store_set_state() on the writer thread.
 */
void
rapport_store_set_state_async (RapportStore        *self,
                               const char          *key,
                               const char          *value,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (key != NULL);

  start_write (self, set_state, args_new (key, value, NULL), (GDestroyNotify) args_free, NULL,
               rapport_store_set_state_async, cancellable, callback, user_data);
}

gboolean
rapport_store_set_state_finish (RapportStore  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish (self, result, rapport_store_set_state_async, error) != NULL;
}

static gpointer
resolve_conflict (RapportStore  *store,
                  gpointer       data,
                  GError       **error)
{
  Args *args = data;

  return rapport_store_resolve_conflict (store, args->a, args->object, error) ? DONE : NULL;
}

/**
 * rapport_store_resolve_conflict_async:
 * @choices: as for rapport_store_resolve_conflict(); not modified
 *
 * rapport_store_resolve_conflict() on the writer thread.
 */
void
rapport_store_resolve_conflict_async (RapportStore        *self,
                                      const char          *conflict_id,
                                      JsonObject          *choices,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  Args *args;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (conflict_id != NULL && choices != NULL);

  args = args_new (conflict_id, NULL, NULL);
  args->object = json_object_ref (choices);
  start_write (self, resolve_conflict, args, (GDestroyNotify) args_free, NULL,
               rapport_store_resolve_conflict_async, cancellable, callback, user_data);
}

gboolean
rapport_store_resolve_conflict_finish (RapportStore  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish (self, result, rapport_store_resolve_conflict_async, error) != NULL;
}

static gpointer
resolve_conflict_keep (RapportStore  *store,
                       gpointer       data,
                       GError       **error)
{
  Args *args = data;

  return rapport_store_resolve_conflict_keep (store, args->a, args->number, error) ? DONE : NULL;
}

/**
 * rapport_store_resolve_conflict_keep_async:
 *
 * rapport_store_resolve_conflict_keep() on the writer thread.
 */
void
rapport_store_resolve_conflict_keep_async (RapportStore        *self,
                                           const char          *conflict_id,
                                           RapportKeep          keep,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  Args *args;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (conflict_id != NULL);

  args = args_new (conflict_id, NULL, NULL);
  args->number = keep;
  start_write (self, resolve_conflict_keep, args, (GDestroyNotify) args_free, NULL,
               rapport_store_resolve_conflict_keep_async, cancellable, callback, user_data);
}

gboolean
rapport_store_resolve_conflict_keep_finish (RapportStore  *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  return finish (self, result, rapport_store_resolve_conflict_keep_async, error) != NULL;
}

static gpointer
retry_failed (RapportStore  *store,
              gpointer       data,
              GError       **error)
{
  Args *args = data;

  return rapport_store_retry_failed (store, args->a, error) ? DONE : NULL;
}

/**
 * rapport_store_retry_failed_async:
 *
 * rapport_store_retry_failed() on the writer thread.
 */
void
rapport_store_retry_failed_async (RapportStore        *self,
                                  const char          *op_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (op_id != NULL);

  start_write (self, retry_failed, args_new (op_id, NULL, NULL), (GDestroyNotify) args_free,
               NULL, rapport_store_retry_failed_async, cancellable, callback, user_data);
}

gboolean
rapport_store_retry_failed_finish (RapportStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish (self, result, rapport_store_retry_failed_async, error) != NULL;
}

static gpointer
discard_failed (RapportStore  *store,
                gpointer       data,
                GError       **error)
{
  Args *args = data;

  return rapport_store_discard_failed (store, args->a, error) ? DONE : NULL;
}

/**
 * rapport_store_discard_failed_async:
 *
 * rapport_store_discard_failed() on the writer thread.
 */
void
rapport_store_discard_failed_async (RapportStore        *self,
                                    const char          *op_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (op_id != NULL);

  start_write (self, discard_failed, args_new (op_id, NULL, NULL), (GDestroyNotify) args_free,
               NULL, rapport_store_discard_failed_async, cancellable, callback, user_data);
}

gboolean
rapport_store_discard_failed_finish (RapportStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish (self, result, rapport_store_discard_failed_async, error) != NULL;
}

static gpointer
set_done (RapportStore  *store,
          gpointer       data,
          GError       **error)
{
  Args *args = data;

  return rapport_task_set_done (store, args->a, args->number, error);
}

/**
 * rapport_task_set_done_async:
 *
 * rapport_task_set_done() on the writer thread: "done already" is checked
 * with no other write in between.
 */
void
rapport_task_set_done_async (RapportStore        *self,
                             const char          *task_id,
                             gboolean             done,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Args *args;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (task_id != NULL);

  args = args_new (task_id, NULL, NULL);
  args->number = !!done;
  start_write (self, set_done, args, (GDestroyNotify) args_free, (GDestroyNotify) json_object_unref,
               rapport_task_set_done_async, cancellable, callback, user_data);
}

/**
 * rapport_task_set_done_finish:
 *
 * Returns: (transfer full): the task as stored, or %NULL with @error set
 */
JsonObject *
rapport_task_set_done_finish (RapportStore  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish (self, result, rapport_task_set_done_async, error);
}
