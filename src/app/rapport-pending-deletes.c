/* rapport-pending-deletes.c: the undo queue, for views that have only the store
 *
 * Deletions that can be undone are the context's undo queue
 * (rapport-undo-queue.c). The views that list tasks and activities
 * (rapport-bounded-list.c, rapport-change-watch.c) are given only the
 * store: this tells them, per store, what the book's queue hides
 * (rapport_pending_deletes_has()) and when a record is hidden or back
 * (::changed). It keeps no deletion of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-pending-deletes"

#include "config.h"

#include "rapport-pending-deletes.h"

#define DATA_KEY "rapport-pending-deletes"

struct _RapportPendingDeletes
{
  GObject           parent_instance;

  RapportUndoQueue *queue;  /* (unowned) (nullable): weak */
};

G_DEFINE_FINAL_TYPE (RapportPendingDeletes, rapport_pending_deletes, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A deletion tells the views through the store; the rest through here. */
static void
queue_changed_cb (RapportUndoQueue      *queue,
                  const char            *entity,
                  const char            *id,
                  RapportUndoChange      change,
                  RapportPendingDeletes *self)
{
  if (change != RAPPORT_UNDO_CHANGE_DELETED)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, entity);
}

static void
unfollow (RapportPendingDeletes *self)
{
  if (self->queue == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->queue, self);
  g_object_remove_weak_pointer (G_OBJECT (self->queue), (gpointer *) &self->queue);
  self->queue = NULL;
}

static void
rapport_pending_deletes_finalize (GObject *object)
{
  unfollow (RAPPORT_PENDING_DELETES (object));

  G_OBJECT_CLASS (rapport_pending_deletes_parent_class)->finalize (object);
}

static void
rapport_pending_deletes_class_init (RapportPendingDeletesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rapport_pending_deletes_finalize;

  /**
   * RapportPendingDeletes::changed:
   * @entity: the record type
   *
   * A record of @entity was hidden or shown again: lists of them reload.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rapport_pending_deletes_init (RapportPendingDeletes *self)
{
}

/**
 * rapport_pending_deletes_get:
 *
 * Returns: (transfer none): what the undo queue of @store's book hides
 */
RapportPendingDeletes *
rapport_pending_deletes_get (RapportStore *store)
{
  RapportPendingDeletes *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  self = g_object_get_data (G_OBJECT (store), DATA_KEY);
  if (self == NULL)
    {
      self = g_object_new (RAPPORT_TYPE_PENDING_DELETES, NULL);
      g_object_set_data_full (G_OBJECT (store), DATA_KEY, self, g_object_unref);
    }
  return self;
}

/**
 * rapport_pending_deletes_follow:
 * @queue: the undo queue of the store's book
 *
 * Tells from now on what @queue hides.
 */
void
rapport_pending_deletes_follow (RapportPendingDeletes *self,
                                RapportUndoQueue      *queue)
{
  g_return_if_fail (RAPPORT_IS_PENDING_DELETES (self));
  g_return_if_fail (RAPPORT_IS_UNDO_QUEUE (queue));

  unfollow (self);
  self->queue = queue;
  g_object_add_weak_pointer (G_OBJECT (queue), (gpointer *) &self->queue);
  g_signal_connect (queue, "changed", G_CALLBACK (queue_changed_cb), self);
}

/**
 * rapport_pending_deletes_has:
 *
 * Returns: whether the record @id is deleted while Undo is offered
 */
gboolean
rapport_pending_deletes_has (RapportPendingDeletes *self,
                             const char            *id)
{
  g_return_val_if_fail (RAPPORT_IS_PENDING_DELETES (self), FALSE);

  return self->queue != NULL && rapport_undo_queue_has (self->queue, id);
}
