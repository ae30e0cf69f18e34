/* rapport-undo-queue.c: deletions that can still be undone
 *
 * One queue per book, owned by the context: a contact deleted in the
 * window, a task or an activity deleted in its dialog go through it alike.
 * The record stays in the store while a toast offers Undo, so that Undo
 * gives it back as it was, id and all; the store withholds it from every
 * list meanwhile (rapport_store_withhold()), and the queue says what became
 * of it through ::changed.
 * It asks for the toast through ::add-toast, which the window on the book
 * answers; with no window to offer Undo in, the record is deleted at once.
 * The deletion is queued on the store's writer thread when the toast goes,
 * or when the window closes (rapport_undo_queue_commit_all()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-undo-queue"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-app-enums.h"
#include "rapport-plain-text.h"
#include "rapport-store-withheld.h"
#include "rapport-undo-queue.h"

typedef struct
{
  RapportUndoQueue *self;    /* (unowned) */
  AdwToast         *toast;   /* (owned) */
  char             *entity;  /* (owned) */
  char             *id;      /* (owned) */
} Pending;

struct _RapportUndoQueue
{
  GObject       parent_instance;

  RapportStore *store;    /* (owned) */
  GPtrArray    *pending;  /* (owned) (element-type Pending) */
};

G_DEFINE_FINAL_TYPE (RapportUndoQueue, rapport_undo_queue, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  SIGNAL_ADD_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pending_free (Pending *pending)
{
  g_signal_handlers_disconnect_by_data (pending->toast, pending);
  g_object_unref (pending->toast);
  g_free (pending->entity);
  g_free (pending->id);
  g_free (pending);
}

/* A deletion on its way to the store's writer thread. */
typedef struct
{
  RapportUndoQueue *self;    /* (owned) */
  char             *entity;  /* (owned) */
  char             *id;      /* (owned) */
} Deleting;

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  Deleting *deleting = data;
  RapportUndoQueue *self = deleting->self;
  g_autoptr(GError) error = NULL;

  /* Gone from the store, or back in its lists if the store refused. */
  rapport_store_give_back (RAPPORT_STORE (object), deleting->entity, deleting->id);
  if (rapport_store_delete_finish (RAPPORT_STORE (object), result, &error))
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, deleting->entity, deleting->id,
                   RAPPORT_UNDO_CHANGE_DELETED);
  else
    {
      g_autoptr(AdwToast) toast = rapport_toast_new_plain (error->message);

      g_warning ("Could not delete the %s: %s", deleting->entity, error->message);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0, deleting->entity, deleting->id,
                     RAPPORT_UNDO_CHANGE_KEPT);
      g_signal_emit (self, signals[SIGNAL_ADD_TOAST], 0, toast);
    }
  g_object_unref (deleting->self);
  g_free (deleting->entity);
  g_free (deleting->id);
  g_free (deleting);
}

static void
finish (Pending  *pending,
        gboolean  undo)
{
  RapportUndoQueue *self = pending->self;
  g_autofree char *entity = g_strdup (pending->entity);
  g_autofree char *id = g_strdup (pending->id);

  /* Frees @pending: lists asking the queue from now on show the record,
   * unless it is deleted. */
  g_ptr_array_remove (self->pending, pending);
  if (undo)
    {
      rapport_store_give_back (self->store, entity, id);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0, entity, id, RAPPORT_UNDO_CHANGE_UNDONE);
    }
  else
    {
      Deleting *deleting = g_new0 (Deleting, 1);

      /* The queue stays until the store has answered, even with its book
       * closed; the store finishes queued writes before it closes. */
      deleting->self = g_object_ref (self);
      deleting->entity = g_steal_pointer (&entity);
      deleting->id = g_steal_pointer (&id);
      rapport_store_delete_async (self->store, deleting->entity, deleting->id, NULL, deleted_cb,
                                  deleting);
    }
}

static void
undo_cb (AdwToast *toast,
         Pending  *pending)
{
  finish (pending, TRUE);
}

static void
dismissed_cb (AdwToast *toast,
              Pending  *pending)
{
  finish (pending, FALSE);
}

static void
rapport_undo_queue_dispose (GObject *object)
{
  RapportUndoQueue *self = (RapportUndoQueue *) object;

  /* The context commits what nobody undid before it lets go of the queue;
   * a deletion in flight holds the queue until the store has answered. */
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rapport_undo_queue_parent_class)->dispose (object);
}

static void
rapport_undo_queue_class_init (RapportUndoQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_undo_queue_dispose;

  /**
   * RapportUndoQueue::changed:
   * @entity: the record type
   * @id: the record
   * @change: what became of it
   *
   * A record was deleted while Undo is offered, undone, kept after all, or
   * deleted from the store: lists of @entity show it, or not.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, RAPPORT_TYPE_UNDO_CHANGE);

  /**
   * RapportUndoQueue::add-toast:
   * @toast: the Undo, or why a deletion failed
   *
   * The queue asks the window on its book to show @toast.
   */
  signals[SIGNAL_ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);
}

static void
rapport_undo_queue_init (RapportUndoQueue *self)
{
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
}

/**
 * rapport_undo_queue_new:
 *
 * Returns: (transfer full): an empty queue of deletions from @store
 */
RapportUndoQueue *
rapport_undo_queue_new (RapportStore *store)
{
  RapportUndoQueue *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  self = g_object_new (RAPPORT_TYPE_UNDO_QUEUE, NULL);
  self->store = g_object_ref (store);
  return self;
}

/**
 * rapport_undo_queue_delete:
 * @entity: the record type: a contact, a task, an activity
 * @id: the record
 * @title: (nullable): what the toast calls it
 *
 * Hides the record and asks for a toast that offers Undo; when nobody
 * shows it (no window), the record is deleted at once.
 */
void
rapport_undo_queue_delete (RapportUndoQueue *self,
                           const char       *entity,
                           const char       *id,
                           const char       *title)
{
  g_autofree char *message = NULL;
  Pending *pending;

  g_return_if_fail (RAPPORT_IS_UNDO_QUEUE (self));
  g_return_if_fail (entity != NULL && id != NULL);

  /* Translators: %s is a record's name */
  message = g_strdup_printf (_("“%s” deleted"), title != NULL ? title : "");
  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->entity = g_strdup (entity);
  pending->id = g_strdup (id);
  pending->toast = rapport_toast_new_plain (message);
  adw_toast_set_button_label (pending->toast, _("_Undo"));
  adw_toast_set_priority (pending->toast, ADW_TOAST_PRIORITY_HIGH);
  /* Twice the default: a deletion is the one thing people reach back for. */
  adw_toast_set_timeout (pending->toast, 10);
  g_signal_connect (pending->toast, "button-clicked", G_CALLBACK (undo_cb), pending);
  g_signal_connect (pending->toast, "dismissed", G_CALLBACK (dismissed_cb), pending);
  g_ptr_array_add (self->pending, pending);

  rapport_store_withhold (self->store, entity, id);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, entity, id, RAPPORT_UNDO_CHANGE_HIDDEN);
  if (!g_signal_has_handler_pending (self, signals[SIGNAL_ADD_TOAST], 0, FALSE))
    {
      finish (pending, FALSE);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_ADD_TOAST], 0, pending->toast);
}

/**
 * rapport_undo_queue_has:
 *
 * Returns: whether the record @id is deleted while Undo is offered
 */
gboolean
rapport_undo_queue_has (RapportUndoQueue *self,
                        const char       *id)
{
  g_return_val_if_fail (RAPPORT_IS_UNDO_QUEUE (self), FALSE);

  for (guint i = 0; id != NULL && i < self->pending->len; i++)
    if (g_strcmp0 (((Pending *) g_ptr_array_index (self->pending, i))->id, id) == 0)
      return TRUE;
  return FALSE;
}

/**
 * rapport_undo_queue_commit_all:
 *
 * Deletes every record in the queue now: no Undo once its window is gone.
 */
void
rapport_undo_queue_commit_all (RapportUndoQueue *self)
{
  g_return_if_fail (RAPPORT_IS_UNDO_QUEUE (self));

  while (self->pending->len > 0)
    finish (g_ptr_array_index (self->pending, 0), FALSE);
}
