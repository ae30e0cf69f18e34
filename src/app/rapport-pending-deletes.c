/* rapport-pending-deletes.c: tasks and activities deleted while Undo is offered
 *
 * As with a record deleted in the window, a task or an activity the user
 * deletes stays in the store while a toast offers Undo: the views that
 * list them leave it out (rapport_pending_deletes_has()) and are told
 * through ::changed when it comes back. It is deleted from the store when
 * the toast goes, or when its window closes. One per store, so that every
 * view of that store sees the same deletions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-pending-deletes"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-pending-deletes.h"
#include "rapport-plain-text.h"
#include "rapport-window.h"

#define DATA_KEY "rapport-pending-deletes"

typedef struct
{
  RapportPendingDeletes *self;    /* (unowned) */
  AdwToast              *toast;   /* (owned) */
  GtkWindow             *window;  /* (unowned): weak */
  gulong                 close_id;
  char                  *entity;  /* (owned) */
  char                  *id;      /* (owned) */
} Pending;

struct _RapportPendingDeletes
{
  GObject       parent_instance;

  RapportStore *store;    /* (unowned): owns this object */
  GPtrArray    *pending;  /* (owned) (element-type Pending) */
};

G_DEFINE_FINAL_TYPE (RapportPendingDeletes, rapport_pending_deletes, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
window_gone_cb (gpointer  data,
                GObject  *where_the_window_was)
{
  Pending *pending = data;

  pending->window = NULL;
  pending->close_id = 0;
}

static void
pending_free (Pending *pending)
{
  g_signal_handlers_disconnect_by_data (pending->toast, pending);
  g_object_unref (pending->toast);
  if (pending->window != NULL)
    {
      g_clear_signal_handler (&pending->close_id, pending->window);
      g_object_weak_unref (G_OBJECT (pending->window), window_gone_cb, pending);
    }
  g_free (pending->entity);
  g_free (pending->id);
  g_free (pending);
}

/* A deletion on its way to the store's writer thread. */
typedef struct
{
  RapportPendingDeletes *self;    /* (owned) */
  GtkWindow             *window;  /* (owned) (nullable) */
  char                  *entity;  /* (owned) */
} Deleting;

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  Deleting *deleting = data;
  g_autoptr(GError) error = NULL;

  if (!rapport_store_delete_finish (RAPPORT_STORE (object), result, &error))
    {
      g_warning ("Could not delete the %s: %s", deleting->entity, error->message);
      if (RAPPORT_IS_WINDOW (deleting->window))
        rapport_window_add_toast (RAPPORT_WINDOW (deleting->window),
                                  rapport_toast_new_plain (error->message));
      /* Not deleted after all: the views show it again. */
      g_signal_emit (deleting->self, signals[SIGNAL_CHANGED], 0, deleting->entity);
    }
  g_object_unref (deleting->self);
  g_clear_object (&deleting->window);
  g_free (deleting->entity);
  g_free (deleting);
}

/* Deletes @id without waiting; a failure is told in @window (nullable). */
static void
delete_now (RapportPendingDeletes *self,
            const char            *entity,
            const char            *id,
            GtkWindow             *window)
{
  Deleting *deleting = g_new0 (Deleting, 1);

  deleting->self = g_object_ref (self);
  deleting->window = window ? g_object_ref (window) : NULL;
  deleting->entity = g_strdup (entity);
  rapport_store_delete_async (self->store, entity, id, NULL, deleted_cb, deleting);
}

static void
finish (Pending  *pending,
        gboolean  undo)
{
  RapportPendingDeletes *self = pending->self;
  g_autofree char *entity = g_strdup (pending->entity);

  if (!undo)
    delete_now (self, pending->entity, pending->id, pending->window);
  /* Frees @pending. */
  g_ptr_array_remove (self->pending, pending);
  /* Undone: the views show it again. A deletion tells them through the
   * store. */
  if (undo)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, entity);
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

/* No Undo once the window is gone: the deletions happen now. */
static gboolean
close_request_cb (GtkWindow *window,
                  Pending   *pending)
{
  finish (pending, FALSE);
  return FALSE;
}

static void
rapport_pending_deletes_finalize (GObject *object)
{
  RapportPendingDeletes *self = (RapportPendingDeletes *) object;

  g_clear_pointer (&self->pending, g_ptr_array_unref);

  G_OBJECT_CLASS (rapport_pending_deletes_parent_class)->finalize (object);
}

static void
rapport_pending_deletes_class_init (RapportPendingDeletesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rapport_pending_deletes_finalize;

  /**
   * RapportPendingDeletes::changed:
   * @entity: "task" or "activity"
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
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
}

/**
 * rapport_pending_deletes_get:
 *
 * Returns: (transfer none): the pending deletions of @store
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
      self->store = store;
      g_object_set_data_full (G_OBJECT (store), DATA_KEY, self, g_object_unref);
    }
  return self;
}

/**
 * rapport_pending_deletes_add:
 * @window: (nullable): the main window, which shows the toast
 * @entity: "task" or "activity"
 * @id: the record
 * @title: what the toast calls it
 *
 * Hides the record and offers Undo in a toast on @window; without a main
 * window to offer it in, the record is deleted at once.
 */
void
rapport_pending_deletes_add (RapportPendingDeletes *self,
                             GtkWindow             *window,
                             const char            *entity,
                             const char            *id,
                             const char            *title)
{
  g_autofree char *message = NULL;
  Pending *pending;

  g_return_if_fail (RAPPORT_IS_PENDING_DELETES (self));
  g_return_if_fail (entity != NULL && id != NULL);

  if (!RAPPORT_IS_WINDOW (window))
    {
      delete_now (self, entity, id, NULL);
      return;
    }

  /* Translators: %s is a record's name */
  message = g_strdup_printf (_("“%s” deleted"), title != NULL ? title : "");
  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->entity = g_strdup (entity);
  pending->id = g_strdup (id);
  pending->window = window;
  g_object_weak_ref (G_OBJECT (window), window_gone_cb, pending);
  pending->close_id = g_signal_connect (window, "close-request", G_CALLBACK (close_request_cb),
                                        pending);
  pending->toast = rapport_toast_new_plain (message);
  adw_toast_set_button_label (pending->toast, _("_Undo"));
  adw_toast_set_priority (pending->toast, ADW_TOAST_PRIORITY_HIGH);
  /* As long as the window's: a deletion is what people reach back for. */
  adw_toast_set_timeout (pending->toast, 10);
  g_signal_connect (pending->toast, "button-clicked", G_CALLBACK (undo_cb), pending);
  g_signal_connect (pending->toast, "dismissed", G_CALLBACK (dismissed_cb), pending);
  g_ptr_array_add (self->pending, pending);

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, entity);
  rapport_window_add_toast (RAPPORT_WINDOW (window), g_object_ref (pending->toast));
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

  for (guint i = 0; i < self->pending->len; i++)
    if (g_strcmp0 (((Pending *) g_ptr_array_index (self->pending, i))->id, id) == 0)
      return TRUE;
  return FALSE;
}

/**
 * rapport_pending_deletes_commit_all:
 *
 * Deletes every pending record now.
 */
void
rapport_pending_deletes_commit_all (RapportPendingDeletes *self)
{
  g_return_if_fail (RAPPORT_IS_PENDING_DELETES (self));

  while (self->pending->len > 0)
    finish (g_ptr_array_index (self->pending, 0), FALSE);
}
