/* rapport-change-monitor.c: the store's changes, told once per burst on the main context
 *
 * The store emits "changed" in whichever thread committed: the main
 * thread, a sync's worker, a writer thread. The monitor collects what it
 * says (record type and ids) under a lock and emits its own "changed" once
 * per record type and burst from one source on its main context, where
 * widgets may be touched. A burst ends when the writes pause for a frame,
 * or after MAX_WAIT_MS however long they go on, so that a sync that writes
 * for half a minute still shows its progress. Views may also tell it of a
 * change the store does not see (a record hidden while Undo is offered).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-change-monitor"

#include "config.h"

#include "rapport-change-monitor.h"

/* A frame: a user does not notice it, a burst of commits fits in it. */
#define QUIET_MS 16
/* The longest a change waits while others keep coming. */
#define MAX_WAIT_MS 250

#define DATA_KEY "rapport-change-monitor"

/* What one record type collected since the last emission. */
typedef struct
{
  char       *entity;  /* (owned) */
  GPtrArray  *ids;     /* (owned) (element-type utf8): in order of arrival */
  GHashTable *seen;    /* (owned): the same strings, to keep ids unique */
} Batch;

/* Shared by the monitor, its store handler (any thread) and the main
 * context; a GSource so that its reference count is thread-safe. */
typedef struct
{
  GSource    source;
  GMutex     lock;
  GPtrArray *batches;   /* (owned) (element-type Batch): guarded by lock */
  gint64     first_us;  /* guarded by lock: the burst's first change, 0 if none */
  gboolean   gone;      /* guarded by lock: the monitor was disposed */
  GWeakRef   monitor;
} Burst;

struct _RapportChangeMonitor
{
  GObject       parent_instance;

  RapportStore *store;       /* (unowned) (nullable): weak, it may own us */
  Burst        *burst;       /* (owned) */
  gulong        changed_id;
};

G_DEFINE_FINAL_TYPE (RapportChangeMonitor, rapport_change_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
batch_free (Batch *batch)
{
  g_free (batch->entity);
  g_ptr_array_unref (batch->ids);
  g_hash_table_unref (batch->seen);
  g_free (batch);
}

static Batch *
find_batch (Burst      *burst,
            const char *entity)
{
  Batch *batch;

  /* A handful of record types at most: a scan beats a table. */
  for (guint i = 0; i < burst->batches->len; i++)
    {
      batch = g_ptr_array_index (burst->batches, i);
      if (g_str_equal (batch->entity, entity))
        return batch;
    }
  batch = g_new0 (Batch, 1);
  batch->entity = g_strdup (entity);
  batch->ids = g_ptr_array_new_with_free_func (g_free);
  batch->seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_ptr_array_add (burst->batches, batch);
  return batch;
}

/* Any thread. */
static void
collect (Burst              *burst,
         const char         *entity,
         const char * const *ids)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&burst->lock);
  gint64 now = g_get_monotonic_time ();
  Batch *batch;

  if (burst->gone || entity == NULL)
    return;
  batch = find_batch (burst, entity);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      char *id;

      if (g_hash_table_contains (batch->seen, ids[i]))
        continue;
      id = g_strdup (ids[i]);
      g_ptr_array_add (batch->ids, id);
      g_hash_table_add (batch->seen, id);
    }
  if (burst->first_us == 0)
    burst->first_us = now;
  /* Thread-safe: it wakes the main context up. */
  g_source_set_ready_time ((GSource *) burst,
                           MIN (now + QUIET_MS * 1000, burst->first_us + MAX_WAIT_MS * 1000));
}

static gboolean
burst_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  Burst *burst = (Burst *) source;
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(RapportChangeMonitor) self = NULL;

  g_mutex_lock (&burst->lock);
  batches = g_steal_pointer (&burst->batches);
  burst->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_free);
  burst->first_us = 0;
  g_source_set_ready_time (source, -1);
  g_mutex_unlock (&burst->lock);

  self = g_weak_ref_get (&burst->monitor);
  for (guint i = 0; self != NULL && i < batches->len; i++)
    {
      Batch *batch = g_ptr_array_index (batches, i);

      g_ptr_array_add (batch->ids, NULL);
      g_signal_emit (self, signals[SIGNAL_CHANGED], g_quark_from_string (batch->entity),
                     batch->entity, (const char * const *) batch->ids->pdata);
      g_ptr_array_remove_index (batch->ids, batch->ids->len - 1);
    }
  return G_SOURCE_CONTINUE;
}

static void
burst_finalize (GSource *source)
{
  Burst *burst = (Burst *) source;

  g_clear_pointer (&burst->batches, g_ptr_array_unref);
  g_weak_ref_clear (&burst->monitor);
  g_mutex_clear (&burst->lock);
}

static GSourceFuncs burst_funcs = {
  .dispatch = burst_dispatch,
  .finalize = burst_finalize,
};

static void
burst_unref (gpointer  data,
             GClosure *closure)
{
  g_source_unref (data);
}

/* Emitted in whichever thread committed. */
static void
store_changed_cb (RapportStore       *store,
                  const char         *entity,
                  const char * const *ids,
                  Burst              *burst)
{
  collect (burst, entity, ids);
}

static void
rapport_change_monitor_dispose (GObject *object)
{
  RapportChangeMonitor *self = (RapportChangeMonitor *) object;

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->store);
      g_object_remove_weak_pointer (G_OBJECT (self->store), (gpointer *) &self->store);
      self->store = NULL;
    }
  if (self->burst != NULL)
    {
      /* A writer may be inside collect() right now; it finds us gone. */
      g_mutex_lock (&self->burst->lock);
      self->burst->gone = TRUE;
      g_mutex_unlock (&self->burst->lock);
      g_source_destroy ((GSource *) self->burst);
      g_clear_pointer ((GSource **) &self->burst, g_source_unref);
    }

  G_OBJECT_CLASS (rapport_change_monitor_parent_class)->dispose (object);
}

static void
rapport_change_monitor_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RapportChangeMonitor *self = RAPPORT_CHANGE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_change_monitor_class_init (RapportChangeMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_change_monitor_dispose;
  object_class->get_property = rapport_change_monitor_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RAPPORT_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportChangeMonitor::changed:
   * @entity: the record type, also the signal's detail ("changed::task")
   * @ids: the records written, deleted, hidden or shown in this burst,
   *   each once; empty if the change named none
   *
   * Emitted on the monitor's main context, once per record type and burst.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRV);
}

static void
rapport_change_monitor_init (RapportChangeMonitor *self)
{
}

/**
 * rapport_change_monitor_new:
 * @store: the store whose commits to follow
 * @context: (nullable): where "changed" is emitted; %NULL for the
 *   caller's thread-default context
 *
 * Returns: (transfer full): a monitor of @store
 */
RapportChangeMonitor *
rapport_change_monitor_new (RapportStore *store,
                            GMainContext *context)
{
  g_autoptr(GMainContext) owned = NULL;
  RapportChangeMonitor *self;
  Burst *burst;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  if (context == NULL)
    context = owned = g_main_context_ref_thread_default ();
  self = g_object_new (RAPPORT_TYPE_CHANGE_MONITOR, NULL);
  self->store = store;
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &self->store);
  burst = (Burst *) g_source_new (&burst_funcs, sizeof (Burst));
  g_mutex_init (&burst->lock);
  burst->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_free);
  g_weak_ref_init (&burst->monitor, self);
  g_source_set_priority ((GSource *) burst, G_PRIORITY_DEFAULT);
  g_source_set_static_name ((GSource *) burst, "[rapport] store changes");
  g_source_attach ((GSource *) burst, context);
  self->burst = burst;
  self->changed_id = g_signal_connect_data (store, "changed", G_CALLBACK (store_changed_cb),
                                            g_source_ref ((GSource *) burst), burst_unref, 0);
  return self;
}

/**
 * rapport_change_monitor_get_for_store:
 * @store: a store
 *
 * The monitor of @store that views share, emitting on the main context;
 * made on first use and kept as long as @store.
 *
 * Returns: (transfer none): the monitor of @store
 */
RapportChangeMonitor *
rapport_change_monitor_get_for_store (RapportStore *store)
{
  RapportChangeMonitor *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  self = g_object_get_data (G_OBJECT (store), DATA_KEY);
  if (self == NULL)
    {
      self = rapport_change_monitor_new (store, g_main_context_default ());
      g_object_set_data_full (G_OBJECT (store), DATA_KEY, self, g_object_unref);
    }
  return self;
}

/**
 * rapport_change_monitor_get_store:
 *
 * Returns: (transfer none) (nullable): the store the monitor follows,
 *   %NULL once it is gone
 */
RapportStore *
rapport_change_monitor_get_store (RapportChangeMonitor *self)
{
  g_return_val_if_fail (RAPPORT_IS_CHANGE_MONITOR (self), NULL);

  return self->store;
}

/**
 * rapport_change_monitor_add:
 * @entity: a record type
 * @ids: (nullable): the records concerned
 *
 * Tells the monitor's listeners of a change the store does not announce,
 * such as a record hidden or shown again while Undo is offered for its
 * deletion; it comes with the rest of its burst. Any thread.
 */
void
rapport_change_monitor_add (RapportChangeMonitor *self,
                            const char           *entity,
                            const char * const   *ids)
{
  g_return_if_fail (RAPPORT_IS_CHANGE_MONITOR (self));
  g_return_if_fail (entity != NULL);

  collect (self->burst, entity, ids);
}

/**
 * rapport_change_monitor_has_id:
 * @ids: (nullable): what "changed" gave
 * @id: (nullable): a record's id
 *
 * Returns: whether @id is among @ids
 */
gboolean
rapport_change_monitor_has_id (const char * const *ids,
                               const char         *id)
{
  return ids != NULL && id != NULL && g_strv_contains (ids, id);
}
