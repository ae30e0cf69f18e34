/* rapport-store-writes.c: the store's writes, run on its writer thread
 *
 * Every public write of RapportStore is a closure run by the store's one
 * writer thread (rapport-store-writer.c), in the order the writes were made.
 * The blocking variants queue it and wait: for worker threads, the sync
 * engine and rapport-cli. The _async variants are for the app, whose main
 * thread must never wait for SQLite. The other parts of the store (outbox,
 * pull, conflicts, failed changes, bulk loads) make their writes with
 * rapport_store_run_write() and rapport_store_transact() below; no write
 * runs anywhere else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-json.h"
#include "rapport-store-private.h"
#include "rapport-store-writer.h"

/* One write's arguments; borrowed for a blocking write, owned when queued. */
typedef struct
{
  char       *entity;
  char       *id;
  JsonObject *values;
  GPtrArray  *records;
  char       *key;
  char       *value;
} Write;

/* A successful write that has no value to give back. */
#define WRITTEN GINT_TO_POINTER (TRUE)

static void
write_free (Write *write)
{
  g_free (write->entity);
  g_free (write->id);
  g_clear_pointer (&write->values, json_object_unref);
  g_free (write);
}

static Write *
write_new (const char *entity,
           const char *id,
           JsonObject *values)
{
  Write *write = g_new0 (Write, 1);

  write->entity = g_strdup (entity);
  write->id = g_strdup (id);
  /* The caller may change its object while the write waits in the queue. */
  write->values = values ? rapport_json_object_copy (values) : NULL;
  return write;
}

static gpointer
run_create (gpointer  store,
            gpointer  data,
            GError  **error)
{
  Write *write = data;

  return rapport_store_create_now (store, write->entity, write->values, error);
}

static gpointer
run_update (gpointer  store,
            gpointer  data,
            GError  **error)
{
  Write *write = data;

  return rapport_store_update_now (store, write->entity, write->id, write->values, error);
}

static gpointer
run_delete (gpointer  store,
            gpointer  data,
            GError  **error)
{
  Write *write = data;

  return rapport_store_delete_now (store, write->entity, write->id, error) ? WRITTEN : NULL;
}

static gpointer
run_write_synced (gpointer  store,
                  gpointer  data,
                  GError  **error)
{
  Write *write = data;

  return rapport_store_write_synced_now (store, write->entity, write->records, error) ? WRITTEN
                                                                                     : NULL;
}

static gpointer
run_set_state (gpointer  store,
               gpointer  data,
               GError  **error)
{
  Write *write = data;

  return rapport_store_set_state_now (store, write->key, write->value, error) ? WRITTEN : NULL;
}

static void
queue_write (RapportStore         *self,
             RapportStoreWriteFunc func,
             Write                *write,
             GDestroyNotify        result_free,
             gpointer              source_tag,
             GCancellable         *cancellable,
             GAsyncReadyCallback   callback,
             gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  rapport_store_writer_queue (rapport_store_get_writer (self), task, func, write,
                              (GDestroyNotify) write_free, result_free);
}

typedef struct
{
  RapportStoreWork        work;
  RapportStoreTransaction transaction;
  gpointer                data;
} Work;

static gpointer
run_work (gpointer  store,
          gpointer  data,
          GError  **error)
{
  Work *work = data;

  return work->work (store, work->data, error) ? WRITTEN : NULL;
}

/* Runs @work on the writer thread and waits for it: directly when called
 * there, so that a write may be made of writes. */
gboolean
rapport_store_run_write (RapportStore    *self,
                         RapportStoreWork work,
                         gpointer         data,
                         GError         **error)
{
  Work closure = { .work = work, .data = data };

  /* The store is being opened: its writer thread has not started yet. */
  if (rapport_store_get_writer (self) == NULL)
    return work (self, data, error);
  return rapport_store_writer_run (rapport_store_get_writer (self), run_work, &closure,
                                   error) != NULL;
}

static gboolean
run_transaction (RapportStore *self,
                 gpointer      data,
                 GError      **error)
{
  Work *work = data;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);

  if (!rapport_store_begin (self, error))
    return FALSE;
  if (!work->transaction (self, work->data, changed, error))
    {
      rapport_store_rollback (self);
      return FALSE;
    }
  if (!rapport_store_commit (self, error))
    return FALSE;
  rapport_store_emit_changed_keys (self, changed);
  return TRUE;
}

gboolean
rapport_store_transact (RapportStore           *self,
                        RapportStoreTransaction transaction,
                        gpointer                data,
                        GError                **error)
{
  Work closure = { .transaction = transaction, .data = data };

  return rapport_store_run_write (self, run_transaction, &closure, error);
}

static gboolean
run_server_transaction (RapportStore *self,
                        gpointer      data,
                        GError      **error)
{
  gboolean ok;

  /* The server keeps what is written: a power cut costs a re-download of
   * the last commit, and the cursor rolls back with it. */
  rapport_store_exec (self, "PRAGMA synchronous = NORMAL", NULL);
  ok = run_transaction (self, data, error);
  rapport_store_exec (self, "PRAGMA synchronous = FULL", NULL);
  return ok;
}

/* rapport_store_transact() for what came from the server, committed
 * without waiting for the disk. */
gboolean
rapport_store_transact_server_data (RapportStore           *self,
                                    RapportStoreTransaction transaction,
                                    gpointer                data,
                                    GError                **error)
{
  Work closure = { .transaction = transaction, .data = data };

  return rapport_store_run_write (self, run_server_transaction, &closure, error);
}

void
rapport_store_changed_add (GPtrArray           *changed,
                           const RapportEntity *entity,
                           const char          *id)
{
  g_ptr_array_add (changed, g_strconcat (entity->name, "/", id, NULL));
}

/**
 * rapport_store_create:
 * @entity: the record type, e.g. "contact"
 * @fields: the new record's fields; not modified
 * @error: a #RAPPORT_VALIDATION_ERROR naming the field, or a store error
 *
 * Validates and stores a new record with a new UUIDv7 id, and records the
 * creation in the outbox, in one durable transaction.
 *
 * Returns: (transfer full): the stored record with all its fields
 */
JsonObject *
rapport_store_create (RapportStore *self,
                      const char   *entity,
                      JsonObject   *fields,
                      GError      **error)
{
  Write write = { .entity = (char *) entity, .values = fields };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  return rapport_store_writer_run (rapport_store_get_writer (self), run_create, &write, error);
}

/**
 * rapport_store_create_async:
 *
 * rapport_store_create() without waiting: the record is written on the
 * store's writer thread, after the writes queued before it.
 */
void
rapport_store_create_async (RapportStore        *self,
                            const char          *entity,
                            JsonObject          *fields,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (fields != NULL);

  queue_write (self, run_create, write_new (entity, NULL, fields),
               (GDestroyNotify) json_object_unref, rapport_store_create_async, cancellable,
               callback, user_data);
}

/**
 * rapport_store_create_finish:
 *
 * Returns: (transfer full): the stored record, or %NULL with @error set
 */
JsonObject *
rapport_store_create_finish (RapportStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rapport_store_create_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rapport_store_update:
 * @changes: the fields to change and their new values; not modified
 *
 * Applies an edit: validates it, writes the fields that really changed, and
 * records them with their base values in the outbox, in one durable
 * transaction. An edit that changes nothing writes nothing.
 *
 * Returns: (transfer full): the record as stored
 */
JsonObject *
rapport_store_update (RapportStore *self,
                      const char   *entity,
                      const char   *id,
                      JsonObject   *changes,
                      GError      **error)
{
  Write write = { .entity = (char *) entity, .id = (char *) id, .values = changes };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (changes != NULL, NULL);

  return rapport_store_writer_run (rapport_store_get_writer (self), run_update, &write, error);
}

/**
 * rapport_store_update_async:
 *
 * rapport_store_update() without waiting, on the store's writer thread.
 */
void
rapport_store_update_async (RapportStore        *self,
                            const char          *entity,
                            const char          *id,
                            JsonObject          *changes,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (changes != NULL);

  queue_write (self, run_update, write_new (entity, id, changes),
               (GDestroyNotify) json_object_unref, rapport_store_update_async, cancellable,
               callback, user_data);
}

/**
 * rapport_store_update_finish:
 *
 * Returns: (transfer full): the record as stored, or %NULL with @error set
 */
JsonObject *
rapport_store_update_finish (RapportStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rapport_store_update_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rapport_store_delete:
 *
 * Deletes a record and records the deletion in the outbox, with the record's
 * last values as the base so that it can be restored. Its child records go
 * with it, in the same transaction and outbox group.
 */
gboolean
rapport_store_delete (RapportStore *self,
                      const char   *entity,
                      const char   *id,
                      GError      **error)
{
  Write write = { .entity = (char *) entity, .id = (char *) id };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return rapport_store_writer_run (rapport_store_get_writer (self), run_delete, &write,
                                   error) != NULL;
}

/**
 * rapport_store_delete_async:
 *
 * rapport_store_delete() without waiting, on the store's writer thread.
 */
void
rapport_store_delete_async (RapportStore        *self,
                            const char          *entity,
                            const char          *id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (id != NULL);

  queue_write (self, run_delete, write_new (entity, id, NULL), NULL, rapport_store_delete_async,
               cancellable, callback, user_data);
}

gboolean
rapport_store_delete_finish (RapportStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rapport_store_delete_async, FALSE);

  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

/**
 * rapport_store_write_synced:
 * @entity: the record type of every record in @records
 * @records: (element-type JsonObject): records as the server has them, each
 *   with its id and version
 *
 * Stores records that came from the server, inserting new ones and replacing
 * known ones, in one transaction and without outbox entries: they are the
 * server's already. Used by pull and by bulk loads.
 */
gboolean
rapport_store_write_synced (RapportStore *self,
                            const char   *entity,
                            GPtrArray    *records,
                            GError      **error)
{
  Write write = { .entity = (char *) entity, .records = records };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  return rapport_store_writer_run (rapport_store_get_writer (self), run_write_synced, &write,
                                   error) != NULL;
}

gboolean
rapport_store_set_state (RapportStore *self,
                         const char   *key,
                         const char   *value,
                         GError      **error)
{
  Write write = { .key = (char *) key, .value = (char *) value };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return rapport_store_writer_run (rapport_store_get_writer (self), run_set_state, &write,
                                   error) != NULL;
}

typedef struct
{
  guint               n_keys;
  const char * const *keys;
  const char * const *values;
} States;

static gboolean
set_states (RapportStore *self,
            gpointer      data,
            GPtrArray    *changed,
            GError      **error)
{
  States *states = data;

  for (guint i = 0; i < states->n_keys; i++)
    if (!rapport_store_set_state_now (self, states->keys[i], states->values[i], error))
      return FALSE;
  return TRUE;
}

/**
 * rapport_store_set_states:
 * @keys: (array length=n_keys): the keys
 * @values: (array length=n_keys): their values, each nullable
 *
 * rapport_store_set_state() for several keys in one commit: one wait for
 * the writer thread and the disk instead of one per key.
 */
gboolean
rapport_store_set_states (RapportStore       *self,
                          guint               n_keys,
                          const char * const *keys,
                          const char * const *values,
                          GError            **error)
{
  States states = { .n_keys = n_keys, .keys = keys, .values = values };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return rapport_store_transact (self, set_states, &states, error);
}

/**
 * rapport_store_wait_for_writes:
 *
 * Waits until every write queued so far is committed. The app calls it as it
 * quits, so that a save or delete still queued is not lost.
 */
void
rapport_store_wait_for_writes (RapportStore *self)
{
  g_return_if_fail (RAPPORT_IS_STORE (self));

  rapport_store_writer_flush (rapport_store_get_writer (self));
}
