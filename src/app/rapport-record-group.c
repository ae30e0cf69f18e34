/* rapport-record-group.c: rows linked to the record in a detail view
 *
 * The base of a detail view's groups that list what is linked to the
 * record in view: its open tasks (rapport-record-tasks-group.c), its
 * timeline (rapport-timeline-group.c). A detail view is read a screen at a
 * time, so a group shows the first rows of a list model and says how many
 * more there are (rapport-bounded-list.c). The model
 * (rapport-snapshot-model.c) runs the query in a worker thread and takes it
 * again when a row of its type changes, whoever wrote it, leaving out one
 * deleted while Undo is offered: the store's change monitor tells it of
 * both.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-record-group"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-bounded-list.h"
#include "rapport-record-group.h"

typedef struct
{
  RapportStore         *store;   /* (owned) */
  char                 *entity;  /* (owned) */
  char                 *id;      /* (owned) */
  RapportSnapshotModel *model;   /* (owned) (nullable): until the group is made */
  GtkListBox           *list;    /* (unowned) (nullable): in the subclass's template */
} RapportRecordGroupPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (RapportRecordGroup, rapport_record_group, GTK_TYPE_WIDGET)

static GtkWidget *
create_row_cb (JsonObject *row,
               gpointer    user_data)
{
  RapportRecordGroup *self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return RAPPORT_RECORD_GROUP_GET_CLASS (self)->create_row (self, row, now);
}

/* What the snapshot is taken of, in a worker thread. */
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

static RapportSnapshot *
run_query (RapportStore  *store,
           gpointer       data,
           GError       **error)
{
  Query *query = data;

  return query->query (store, query->entity, query->id, error);
}

static void
rapport_record_group_dispose (GObject *object)
{
  RapportRecordGroup *self = (RapportRecordGroup *) object;
  RapportRecordGroupPrivate *priv = rapport_record_group_get_instance_private (self);
  GtkWidget *child;

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

  g_clear_object (&priv->model);
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
  RapportRecordGroupClass *klass;
  Query *query;

  g_return_val_if_fail (g_type_is_a (type, RAPPORT_TYPE_RECORD_GROUP), NULL);
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && id != NULL, NULL);

  self = g_object_new (type, NULL);
  priv = rapport_record_group_get_instance_private (self);
  priv->store = g_object_ref (store);
  priv->entity = g_strdup (entity);
  priv->id = g_strdup (id);
  klass = RAPPORT_RECORD_GROUP_GET_CLASS (self);
  priv->model = rapport_snapshot_model_new (rapport_change_monitor_get_for_store (store),
                                            klass->row_entity);
  query = g_new0 (Query, 1);
  query->query = klass->query;
  query->entity = g_strdup (entity);
  query->id = g_strdup (id);
  rapport_snapshot_model_set_query (priv->model, run_query, query, (GDestroyNotify) query_free,
                                    FALSE);
  if (priv->list != NULL)
    rapport_bounded_list_bind (priv->list, priv->model, klass->max_shown, _(klass->empty),
                               klass->describe_more, create_row_cb, self);
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
 * rapport_record_group_get_model:
 *
 * Returns: (transfer none): every row linked to the record, of which the
 *   group shows the first
 */
RapportSnapshotModel *
rapport_record_group_get_model (RapportRecordGroup *self)
{
  RapportRecordGroupPrivate *priv;

  g_return_val_if_fail (RAPPORT_IS_RECORD_GROUP (self), NULL);

  priv = rapport_record_group_get_instance_private (self);
  return priv->model;
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
