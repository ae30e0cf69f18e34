/* rapport-record-group.c: rows linked to the record in a detail view
 *
 * The base of a detail view's groups that list what is linked to the
 * record in view: its open tasks (rapport-record-tasks-group.c), its
 * timeline (rapport-timeline-group.c). A detail view is read a screen at a
 * time, so a group shows the first rows and says how many more there are
 * (rapport-bounded-list.c). It reloads when a row of its type changes,
 * whoever wrote it, and leaves out one deleted while Undo is offered: the
 * store's change monitor tells it of both. The query runs in a worker
 * thread; a newer reload, or the group going, cancels its answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-record-group"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-bounded-list.h"
#include "rapport-change-monitor.h"
#include "rapport-record-group.h"
#include "rapport-store-async.h"

typedef struct
{
  RapportStore       *store;   /* (owned) */
  char               *entity;  /* (owned) */
  char               *id;      /* (owned) */
  RapportChangeMonitor *changes;  /* (owned) */
  gulong              changed_id;
  GtkListBox         *list;    /* (unowned) (nullable): in the subclass's template */
  GCancellable       *loading; /* (owned) (nullable): the reload under way */
} RapportRecordGroupPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (RapportRecordGroup, rapport_record_group, GTK_TYPE_WIDGET)

typedef struct
{
  RapportRecordGroup *self;
  GDateTime          *now;
} Fill;

static GtkWidget *
create_row_cb (JsonObject *row,
               gpointer    user_data)
{
  Fill *fill = user_data;

  return RAPPORT_RECORD_GROUP_GET_CLASS (fill->self)->create_row (fill->self, row, fill->now);
}

/* What a reload reads in a worker thread. */
typedef struct
{
  RapportSnapshot *(*query) (RapportStore *store,
                             const char   *entity,
                             const char   *id,
                             GError      **error);
  char *entity;
  char *id;
} Query;

static void
query_free (Query *query)
{
  g_free (query->entity);
  g_free (query->id);
  g_free (query);
}

static gpointer
run_query (RapportStore  *store,
           gpointer       data,
           GError       **error)
{
  Query *query = data;

  return query->query (store, query->entity, query->id, error);
}

static void
snapshot_taken_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RapportRecordGroup) self = user_data;
  RapportRecordGroupPrivate *priv = rapport_record_group_get_instance_private (self);
  RapportRecordGroupClass *klass = RAPPORT_RECORD_GROUP_GET_CLASS (self);
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  Fill fill = { self, now };

  snapshot = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  /* A newer reload is under way, or the group is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || priv->list == NULL)
    return;
  g_clear_object (&priv->loading);
  /* The first rows only: a page of the snapshot, read here. */
  if (!rapport_bounded_list_fill (priv->list, priv->store, snapshot, klass->max_shown,
                                  create_row_cb, &fill, _(klass->empty), klass->describe_more,
                                  &error))
    g_warning ("%s: %s", klass->read_error, error->message);
}

/* Lists the linked rows again: the query, which may read many, in a worker
 * thread, in place of any reload under way. */
static void
reload (RapportRecordGroup *self)
{
  RapportRecordGroupPrivate *priv = rapport_record_group_get_instance_private (self);
  Query *query;

  if (priv->list == NULL)
    return;
  g_cancellable_cancel (priv->loading);
  g_clear_object (&priv->loading);
  priv->loading = g_cancellable_new ();
  query = g_new0 (Query, 1);
  query->query = RAPPORT_RECORD_GROUP_GET_CLASS (self)->query;
  query->entity = g_strdup (priv->entity);
  query->id = g_strdup (priv->id);
  rapport_store_read_async (priv->store, run_query, query, (GDestroyNotify) query_free,
                            (GDestroyNotify) rapport_snapshot_unref, priv->loading,
                            snapshot_taken_cb, g_object_ref (self));
}

static void
rows_changed_cb (RapportChangeMonitor *changes,
                 const char           *entity,
                 const char * const   *ids,
                 RapportRecordGroup   *self)
{
  reload (self);
}

static void
rapport_record_group_dispose (GObject *object)
{
  RapportRecordGroup *self = (RapportRecordGroup *) object;
  RapportRecordGroupPrivate *priv = rapport_record_group_get_instance_private (self);
  GtkWidget *child;

  g_cancellable_cancel (priv->loading);
  g_clear_object (&priv->loading);
  if (priv->changes != NULL)
    g_clear_signal_handler (&priv->changed_id, priv->changes);
  g_clear_object (&priv->changes);
  priv->list = NULL;
#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (object), G_OBJECT_TYPE (object));
#endif
  /* What the subclass's template put in the group, bound or not. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rapport_record_group_parent_class)->dispose (object);
}

static void
rapport_record_group_finalize (GObject *object)
{
  RapportRecordGroup *self = (RapportRecordGroup *) object;
  RapportRecordGroupPrivate *priv = rapport_record_group_get_instance_private (self);

  g_clear_object (&priv->store);
  g_clear_pointer (&priv->entity, g_free);
  g_clear_pointer (&priv->id, g_free);

  G_OBJECT_CLASS (rapport_record_group_parent_class)->finalize (object);
}

static void
rapport_record_group_class_init (RapportRecordGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_record_group_dispose;
  object_class->finalize = rapport_record_group_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_record_group_init (RapportRecordGroup *self)
{
}

/**
 * rapport_record_group_new:
 * @type: the group: a subclass of #RapportRecordGroup
 * @entity: "contact", "company", "deal" or "case"
 * @id: the record whose linked rows are shown
 *
 * Returns: (transfer floating): a group of @type for the record
 */
GtkWidget *
rapport_record_group_new (GType         type,
                          RapportStore *store,
                          const char   *entity,
                          const char   *id)
{
  RapportRecordGroup *self;
  RapportRecordGroupPrivate *priv;
  g_autofree char *detailed = NULL;

  g_return_val_if_fail (g_type_is_a (type, RAPPORT_TYPE_RECORD_GROUP), NULL);
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && id != NULL, NULL);

  self = g_object_new (type, NULL);
  priv = rapport_record_group_get_instance_private (self);
  priv->store = g_object_ref (store);
  priv->entity = g_strdup (entity);
  priv->id = g_strdup (id);
  detailed = g_strconcat ("changed::", RAPPORT_RECORD_GROUP_GET_CLASS (self)->row_entity, NULL);
  priv->changes = g_object_ref (rapport_change_monitor_get_for_store (store));
  priv->changed_id = g_signal_connect (priv->changes, detailed, G_CALLBACK (rows_changed_cb), self);
  reload (self);
  return GTK_WIDGET (self);
}

RapportStore *
rapport_record_group_get_store (RapportRecordGroup *self)
{
  RapportRecordGroupPrivate *priv;

  g_return_val_if_fail (RAPPORT_IS_RECORD_GROUP (self), NULL);

  priv = rapport_record_group_get_instance_private (self);
  return priv->store;
}

/**
 * rapport_record_group_get_entity:
 *
 * Returns: the record's type: "contact", "company", "deal" or "case"
 */
const char *
rapport_record_group_get_entity (RapportRecordGroup *self)
{
  RapportRecordGroupPrivate *priv;

  g_return_val_if_fail (RAPPORT_IS_RECORD_GROUP (self), NULL);

  priv = rapport_record_group_get_instance_private (self);
  return priv->entity;
}

const char *
rapport_record_group_get_id (RapportRecordGroup *self)
{
  RapportRecordGroupPrivate *priv;

  g_return_val_if_fail (RAPPORT_IS_RECORD_GROUP (self), NULL);

  priv = rapport_record_group_get_instance_private (self);
  return priv->id;
}

/**
 * rapport_record_group_set_list:
 * @list: the list box of the subclass's template that the rows go in
 *
 * For a subclass's init, once its template is built.
 */
void
rapport_record_group_set_list (RapportRecordGroup *self,
                               GtkListBox         *list)
{
  RapportRecordGroupPrivate *priv;

  g_return_if_fail (RAPPORT_IS_RECORD_GROUP (self));
  g_return_if_fail (GTK_IS_LIST_BOX (list));

  priv = rapport_record_group_get_instance_private (self);
  priv->list = list;
}
