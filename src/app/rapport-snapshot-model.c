/* rapport-snapshot-model.c: the rows of a snapshot taken off the main thread, as a GListModel
 *
 * The short lists of a page (a record's open tasks, its timeline, the Tasks
 * page's groups) list what a query the store cannot express as a
 * RapportQuery finds: the owner gives the query as a function, which runs
 * in a worker thread, and the model follows the change monitor for the
 * listed record type. A burst of commits is one new snapshot and one
 * items-changed, for the span that differs and the rows the burst named;
 * a newer snapshot cancels the one being taken. Rows are read by position,
 * a page at a time, when a list asks for them (a bounded read).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-snapshot-model"

#include "config.h"

#include "rapport-snapshot-model.h"
#include "rapport-cancellable.h"
#include "rapport-store-async.h"

#define PAGE_SIZE 50

/* The owner's query, shared with the reads under way. */
typedef struct
{
  RapportSnapshotFunc func;
  gpointer            data;
  GDestroyNotify      data_free;
} Query;

struct _RapportSnapshotModel
{
  GObject               parent_instance;

  RapportStore         *store;       /* (owned) */
  RapportChangeMonitor *changes;     /* (owned) */
  char                 *entity;      /* (owned): the record type listed */
  gulong                changed_id;
  Query                *query;       /* (owned) (nullable): until the owner sets it */

  RapportSnapshot      *snapshot;    /* (owned) (nullable): until the first is taken */
  GHashTable           *items;       /* rowid → (owned) RapportRecordItem read so far */
  GHashTable           *changed_ids; /* (owned): ids the next snapshot re-reads */
  GCancellable         *cancellable; /* (owned) (nullable): the snapshot being taken */
  gboolean              loading;
  gboolean              stale;       /* the store changed while it was being taken */
  gboolean              remake;      /* the next snapshot changes every row */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportSnapshotModel, rapport_snapshot_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_READY,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
query_clear (Query *query)
{
  if (query->data_free != NULL)
    query->data_free (query->data);
}

static void
query_unref (Query *query)
{
  g_atomic_rc_box_release_full (query, (GDestroyNotify) query_clear);
}

static guint
n_rows (RapportSnapshotModel *self)
{
  return self->snapshot != NULL ? rapport_snapshot_get_n_rows (self->snapshot) : 0;
}

static gpointer
take_snapshot (RapportStore  *store,
               gpointer       data,
               GError       **error)
{
  Query *query = data;

  return query->func (store, query->data, error);
}

/* Where @rowid is in @snapshot, or -1. */
static gint64
find_position (RapportSnapshot *snapshot,
               gint64           rowid)
{
  guint n = rapport_snapshot_get_n_rows (snapshot);

  for (guint i = 0; i < n; i++)
    if (rapport_snapshot_get_rowid (snapshot, i) == rowid)
      return i;
  return -1;
}

static void
apply_snapshot (RapportSnapshotModel *self,
                RapportSnapshot      *snapshot)
{
  guint old_n = n_rows (self);
  guint new_n = rapport_snapshot_get_n_rows (snapshot);
  guint shorter = MIN (old_n, new_n);
  guint prefix = 0, suffix = 0;
  gboolean changed;
  GHashTableIter iter;
  gpointer key, value;

  /* Only the span between the common head and tail moved. */
  if (!self->remake && self->snapshot != NULL)
    {
      while (prefix < shorter &&
             rapport_snapshot_get_rowid (self->snapshot, prefix) ==
             rapport_snapshot_get_rowid (snapshot, prefix))
        prefix++;
      while (suffix < shorter - prefix &&
             rapport_snapshot_get_rowid (self->snapshot, old_n - 1 - suffix) ==
             rapport_snapshot_get_rowid (snapshot, new_n - 1 - suffix))
        suffix++;
    }

  /* A row the burst named is read again, in place: the span takes it in. */
  changed = old_n - prefix - suffix > 0 || new_n - prefix - suffix > 0;
  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *id = rapport_record_item_get_id (value);
      gint64 position;

      if (id == NULL || !g_hash_table_contains (self->changed_ids, id))
        continue;
      position = find_position (snapshot, *(gint64 *) key);
      g_hash_table_iter_remove (&iter);
      if (position < 0)
        continue;
      if (!changed)
        {
          prefix = position;
          suffix = new_n - 1 - position;
          changed = TRUE;
          continue;
        }
      if (position < prefix)
        prefix = position;
      if (position >= new_n - suffix)
        suffix = new_n - 1 - position;
    }
  g_hash_table_remove_all (self->changed_ids);

  /* The rows of the span are read again when the list asks for them. */
  for (guint i = prefix; self->snapshot != NULL && i < old_n - suffix; i++)
    {
      gint64 rowid = rapport_snapshot_get_rowid (self->snapshot, i);

      g_hash_table_remove (self->items, &rowid);
    }
  if (self->remake)
    g_hash_table_remove_all (self->items);
  self->remake = FALSE;

  g_clear_pointer (&self->snapshot, rapport_snapshot_unref);
  self->snapshot = rapport_snapshot_ref (snapshot);

  if (changed)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_n - prefix - suffix,
                                new_n - prefix - suffix);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
set_loading (RapportSnapshotModel *self,
             gboolean              loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void reload (RapportSnapshotModel *self);

static void
snapshot_taken_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RapportSnapshotModel *self = user_data;
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_ready;

  snapshot = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  /* A newer snapshot is being taken, or the model is gone: its dispose
   * cancels, so that nothing but the model's owners keeps it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  was_ready = self->snapshot != NULL;

  g_clear_object (&self->cancellable);
  if (snapshot != NULL)
    apply_snapshot (self, snapshot);
  else
    g_warning ("Could not list the %s rows: %s", self->entity, error->message);
  if (!was_ready && self->snapshot != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
  if (self->stale)
    reload (self);
  else
    set_loading (self, FALSE);
}

/* Takes the snapshot again, in place of any being taken. */
static void
reload (RapportSnapshotModel *self)
{
  if (self->query == NULL)
    return;
  self->stale = FALSE;
  rapport_cancellable_renew (&self->cancellable);
  rapport_store_read_async (self->store, take_snapshot, g_atomic_rc_box_acquire (self->query),
                            (GDestroyNotify) query_unref, (GDestroyNotify) rapport_snapshot_unref,
                            self->cancellable, snapshot_taken_cb, self);
  set_loading (self, TRUE);
}

/* Once per burst of commits of the listed type. */
static void
changed_cb (RapportChangeMonitor *changes,
            const char           *entity,
            const char * const   *ids,
            RapportSnapshotModel *self)
{
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    g_hash_table_add (self->changed_ids, g_strdup (ids[i]));
  /* The snapshot being taken is shown first, then taken again. */
  if (self->cancellable != NULL)
    self->stale = TRUE;
  else
    reload (self);
}

static void
fetch_page (RapportSnapshotModel *self,
            guint                 position)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint start = position - position % PAGE_SIZE;
  const RapportEntity *entity = rapport_snapshot_get_entity (self->snapshot);

  rows = rapport_store_fetch (self->store, self->snapshot, start, PAGE_SIZE, &error);
  if (rows == NULL)
    {
      g_warning ("Could not read the %s rows at %u: %s", entity->name, start, error->message);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      gint64 rowid = rapport_snapshot_get_rowid (self->snapshot, start + i);
      RapportRecordItem *item;

      if (g_hash_table_contains (self->items, &rowid))
        continue;
      /* A row deleted since the snapshot has no record: the next snapshot,
       * one burst away, leaves it out. */
      item = rapport_record_item_new (entity, rowid);
      rapport_record_item_set_record (item, g_ptr_array_index (rows, i), NULL);
      g_hash_table_insert (self->items, g_memdup2 (&rowid, sizeof rowid), item);
    }
}

static GType
rapport_snapshot_model_get_item_type (GListModel *model)
{
  return RAPPORT_TYPE_RECORD_ITEM;
}

static guint
rapport_snapshot_model_get_n_items (GListModel *model)
{
  return n_rows (RAPPORT_SNAPSHOT_MODEL (model));
}

static gpointer
rapport_snapshot_model_get_item (GListModel *model,
                                 guint       position)
{
  RapportSnapshotModel *self = RAPPORT_SNAPSHOT_MODEL (model);
  RapportRecordItem *item;
  gint64 rowid;

  if (position >= n_rows (self))
    return NULL;
  rowid = rapport_snapshot_get_rowid (self->snapshot, position);
  if ((item = g_hash_table_lookup (self->items, &rowid)) == NULL)
    {
      fetch_page (self, position);
      item = g_hash_table_lookup (self->items, &rowid);
    }
  return item != NULL ? g_object_ref (item) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rapport_snapshot_model_get_item_type;
  iface->get_n_items = rapport_snapshot_model_get_n_items;
  iface->get_item = rapport_snapshot_model_get_item;
}

static void
rapport_snapshot_model_dispose (GObject *object)
{
  RapportSnapshotModel *self = (RapportSnapshotModel *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_hash_table_remove_all (self->items);

  G_OBJECT_CLASS (rapport_snapshot_model_parent_class)->dispose (object);
}

static void
rapport_snapshot_model_finalize (GObject *object)
{
  RapportSnapshotModel *self = (RapportSnapshotModel *) object;

  g_clear_pointer (&self->query, query_unref);
  g_clear_pointer (&self->snapshot, rapport_snapshot_unref);
  g_clear_pointer (&self->items, g_hash_table_unref);
  g_clear_pointer (&self->changed_ids, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->entity, g_free);

  G_OBJECT_CLASS (rapport_snapshot_model_parent_class)->finalize (object);
}

static void
rapport_snapshot_model_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RapportSnapshotModel *self = RAPPORT_SNAPSHOT_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, rapport_snapshot_model_get_loading (self));
      break;
    case PROP_READY:
      g_value_set_boolean (value, rapport_snapshot_model_get_ready (self));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, n_rows (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_snapshot_model_class_init (RapportSnapshotModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_snapshot_model_dispose;
  object_class->finalize = rapport_snapshot_model_finalize;
  object_class->get_property = rapport_snapshot_model_get_property;

  /**
   * RapportSnapshotModel:loading:
   *
   * Whether a snapshot is being taken.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RapportSnapshotModel:ready:
   *
   * Whether the first snapshot is in: before, an empty model means
   * "not read yet" rather than "nothing".
   */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_snapshot_model_init (RapportSnapshotModel *self)
{
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->changed_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * rapport_snapshot_model_new:
 * @changes: the changes of the store to list
 * @entity: the record type listed: its changes take the snapshot again
 *
 * Returns: (transfer full): an empty model, until the owner gives it its
 *   query with rapport_snapshot_model_set_query()
 */
RapportSnapshotModel *
rapport_snapshot_model_new (RapportChangeMonitor *changes,
                            const char           *entity)
{
  RapportSnapshotModel *self;
  g_autofree char *detailed = NULL;

  g_return_val_if_fail (RAPPORT_IS_CHANGE_MONITOR (changes), NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_SNAPSHOT_MODEL, NULL);
  self->changes = g_object_ref (changes);
  self->store = g_object_ref (rapport_change_monitor_get_store (changes));
  self->entity = g_strdup (entity);
  detailed = g_strconcat ("changed::", entity, NULL);
  self->changed_id = g_signal_connect (changes, detailed, G_CALLBACK (changed_cb), self);
  return self;
}

/**
 * rapport_snapshot_model_set_query:
 * @func: takes the snapshot, in a worker thread
 * @data: (transfer full): what @func reads; it must not change
 * @data_free: (nullable): frees @data once no read needs it
 * @remake_rows: whether the next snapshot changes every row, for rows
 *   that show the time ("in 5 minutes")
 *
 * Lists what @func finds, from now on; the snapshot is taken at once.
 */
void
rapport_snapshot_model_set_query (RapportSnapshotModel *self,
                                  RapportSnapshotFunc   func,
                                  gpointer              data,
                                  GDestroyNotify        data_free,
                                  gboolean              remake_rows)
{
  Query *query;

  g_return_if_fail (RAPPORT_IS_SNAPSHOT_MODEL (self));
  g_return_if_fail (func != NULL);

  query = g_atomic_rc_box_new0 (Query);
  query->func = func;
  query->data = data;
  query->data_free = data_free;
  g_clear_pointer (&self->query, query_unref);
  self->query = query;
  self->remake = self->remake || remake_rows;
  reload (self);
}

gboolean
rapport_snapshot_model_get_loading (RapportSnapshotModel *self)
{
  g_return_val_if_fail (RAPPORT_IS_SNAPSHOT_MODEL (self), FALSE);

  return self->loading;
}

gboolean
rapport_snapshot_model_get_ready (RapportSnapshotModel *self)
{
  g_return_val_if_fail (RAPPORT_IS_SNAPSHOT_MODEL (self), FALSE);

  return self->snapshot != NULL;
}

RapportStore *
rapport_snapshot_model_get_store (RapportSnapshotModel *self)
{
  g_return_val_if_fail (RAPPORT_IS_SNAPSHOT_MODEL (self), NULL);

  return self->store;
}
