/* rapport-store-writer.c: the thread that owns the store's write connection
 *
 * Writes are closures queued to one thread and run there in order, each in
 * its own transaction: the app queues them and gets a GTask back; the sync
 * engine, worker threads and rapport-cli queue them and wait. Nothing else
 * waits behind a write: reads go to read-only connections.
 *
 * The app's main thread never waits for SQLite for longer than a frame:
 * - a bounded read on a read-only connection (one record by id, one page
 *   of a list snapshot, a count) is allowed there, as it never waits for
 *   a writer;
 * - every write, and every unbounded read (a whole board, a task list, a
 *   timeline, the team's summary, the list of conflicts), goes off the
 *   main thread with _async/_finish (rapport-store-writes.c,
 *   rapport-store-async.c).
 * Once the app forbids it (rapport_store_forbid_blocking_on_main_thread(),
 * RAPPORT_FORBID_BLOCKING=1, set for every app and UI test), a blocking
 * write or unbounded read made on the main context is a g_critical().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store-writer.h"

struct _RapportStoreWriter
{
  gpointer     source;    /* (unowned) (nullable): the store, NULL once it is gone;
                           * every queued write holds a reference, posted work none */
  GThread     *thread;    /* (owned) */
  GAsyncQueue *jobs;      /* (owned) (element-type Job) */
  gboolean     detached;  /* freed by its own thread: the store died on it */
};

typedef struct
{
  RapportStoreWriteFunc func;
  gpointer              data;
  GDestroyNotify        data_free;
  GDestroyNotify        result_free;
  GTask                *task;      /* (owned) (nullable): a queued write */
  gboolean              posted;    /* nobody waits for it, nor for its result */
  /* A write someone waits for: */
  GMutex                lock;
  GCond                 cond;
  gboolean              done;
  gpointer              result;
  GError               *error;
} Job;

static Job stop_job;
static gboolean main_context_forbidden;

static void
run_queued (Job *job)
{
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (job->task))
    return;
  result = job->func (g_task_get_source_object (job->task), job->data, &error);
  if (result == NULL)
    g_task_return_error (job->task, error);
  else
    g_task_return_pointer (job->task, result, job->result_free);
}

static gpointer
writer_thread (gpointer data)
{
  RapportStoreWriter *writer = data;
  Job *job;

  while ((job = g_async_queue_pop (writer->jobs)) != &stop_job)
    {
      if (job->task != NULL || job->posted)
        {
          if (job->task != NULL)
            run_queued (job);
          else if (writer->source != NULL)
            job->func (writer->source, job->data, NULL);
          if (job->data_free != NULL)
            job->data_free (job->data);
          /* The last reference to the store may go here. */
          g_clear_object (&job->task);
          g_free (job);
          continue;
        }

      job->result = job->func (writer->source, job->data, &job->error);
      g_mutex_lock (&job->lock);
      job->done = TRUE;
      g_cond_signal (&job->cond);
      g_mutex_unlock (&job->lock);
    }

  if (writer->detached)
    {
      g_async_queue_unref (writer->jobs);
      g_thread_unref (writer->thread);
      g_free (writer);
    }
  return NULL;
}

RapportStoreWriter *
rapport_store_writer_new (gpointer source)
{
  RapportStoreWriter *writer = g_new0 (RapportStoreWriter, 1);

  writer->source = source;
  writer->jobs = g_async_queue_new ();
  writer->thread = g_thread_new ("rapport-writer", writer_thread, writer);
  return writer;
}

/* Stops the thread after the writes queued before. */
void
rapport_store_writer_free (RapportStoreWriter *writer)
{
  if (writer == NULL)
    return;
  if (rapport_store_writer_is_current (writer))
    {
      /* The store is going away under a job of this thread: posted work
       * queued after that job holds no reference to it, and must not run. */
      writer->source = NULL;
      writer->detached = TRUE;
      g_async_queue_push (writer->jobs, &stop_job);
      return;
    }
  g_async_queue_push (writer->jobs, &stop_job);
  g_thread_join (writer->thread);
  g_async_queue_unref (writer->jobs);
  g_free (writer);
}

gboolean
rapport_store_writer_is_current (RapportStoreWriter *writer)
{
  return g_thread_self () == writer->thread;
}

/**
 * rapport_store_writer_forbid_main_context:
 * @forbidden: whether waiting for a write on the main context is a bug
 *
 * The app sets it at start-up: a write it waits for on the main context
 * then warns with g_critical(), so its tests fail on a frame lost to SQLite.
 */
void
rapport_store_writer_forbid_main_context (gboolean forbidden)
{
  g_atomic_int_set (&main_context_forbidden, forbidden);
}

/**
 * rapport_store_writer_check_read:
 * @what: the read, for the warning: "rapport_store_load_board()"
 *
 * Called by the store's unbounded reads: once the main context is
 * forbidden to wait, one made there warns with g_critical(), like a
 * blocking write.
 */
void
rapport_store_writer_check_read (const char *what)
{
  if (g_atomic_int_get (&main_context_forbidden) &&
      g_main_context_is_owner (g_main_context_default ()))
    g_critical ("%s reads the local database on the main thread; use its _async variant", what);
}

static gpointer
run_and_wait (RapportStoreWriter   *writer,
              RapportStoreWriteFunc func,
              gpointer              data,
              GError              **error)
{
  Job job = { .func = func, .data = data };

  g_mutex_init (&job.lock);
  g_cond_init (&job.cond);
  g_async_queue_push (writer->jobs, &job);
  g_mutex_lock (&job.lock);
  while (!job.done)
    g_cond_wait (&job.cond, &job.lock);
  g_mutex_unlock (&job.lock);
  g_cond_clear (&job.cond);
  g_mutex_clear (&job.lock);

  if (job.error != NULL)
    g_propagate_error (error, job.error);
  return job.result;
}

/* Runs @func on the writer thread and waits for it; directly when called
 * there (a write that writes). */
gpointer
rapport_store_writer_run (RapportStoreWriter   *writer,
                          RapportStoreWriteFunc func,
                          gpointer              data,
                          GError              **error)
{
  if (rapport_store_writer_is_current (writer))
    return func (writer->source, data, error);
  if (g_atomic_int_get (&main_context_forbidden) &&
      g_main_context_is_owner (g_main_context_default ()))
    g_critical ("A write to the local database blocks the main thread; use its _async variant");
  return run_and_wait (writer, func, data, error);
}

static gpointer
nothing (gpointer  source,
         gpointer  data,
         GError  **error)
{
  return NULL;
}

/* Waits until the writes queued so far are committed: at exit, where
 * waiting is right. */
void
rapport_store_writer_flush (RapportStoreWriter *writer)
{
  if (!rapport_store_writer_is_current (writer))
    run_and_wait (writer, nothing, NULL, NULL);
}

/* Queues @func for @task, whose source object is the store; the task
 * returns its result (freed with @result_free if nobody takes it) or its
 * error. */
void
rapport_store_writer_queue (RapportStoreWriter   *writer,
                            GTask                *task,
                            RapportStoreWriteFunc func,
                            gpointer              data,
                            GDestroyNotify        data_free,
                            GDestroyNotify        result_free)
{
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  job->task = g_object_ref (task);
  g_async_queue_push (writer->jobs, job);
}

/* Queues @func with nobody waiting for it: for a setting that the writes
 * queued after it must see, which cannot fail. */
void
rapport_store_writer_post (RapportStoreWriter   *writer,
                           RapportStoreWriteFunc func,
                           gpointer              data,
                           GDestroyNotify        data_free)
{
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->posted = TRUE;
  g_async_queue_push (writer->jobs, job);
}
