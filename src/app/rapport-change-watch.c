/* rapport-change-watch.c: one record type's changes, told on the main thread
 *
 * A view that lists records of a type (tasks, a company's cases) is
 * re-read when one of them is written, whoever wrote it, and when one is
 * hidden or shown again while Undo is offered for its deletion (rapport-pending-deletes.c). The store
 * says so in whichever thread wrote, a sync's worker included; the watch
 * calls its function from the main loop, where widgets may be touched,
 * and at once for a pending deletion. Its owner frees it when it goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-change-watch"

#include "config.h"

#include "rapport-change-watch.h"
#include "rapport-pending-deletes.h"

struct _RapportChangeWatch
{
  RapportStore      *store;   /* (owned) */
  char              *entity;  /* (owned) */
  GObject           *target;  /* (unowned): owns the watch */
  RapportTargetFunc  func;
  gulong             changed_id;
  gulong             pending_id;
};

/* Emitted by whichever thread wrote: a sync writes from its worker. */
static void
store_changed_cb (RapportStore       *store,
                  const char         *entity,
                  const char * const *ids,
                  RapportChangeWatch *self)
{
  if (g_strcmp0 (entity, self->entity) != 0)
    return;
  rapport_run_on_main_thread (self->target, NULL, self->func, NULL, NULL);
}

static void
pending_changed_cb (RapportPendingDeletes *pending,
                    const char            *entity,
                    RapportChangeWatch    *self)
{
  if (g_strcmp0 (entity, self->entity) == 0)
    self->func (self->target, NULL);
}

/**
 * rapport_change_watch_new:
 * @entity: the record type to watch, e.g. "task"
 * @target: the object @func is for, which frees the watch when it goes
 * @func: called with @target when a record of @entity changes
 *
 * Returns: (transfer full): a watch on @store's records of @entity
 */
RapportChangeWatch *
rapport_change_watch_new (RapportStore      *store,
                          const char        *entity,
                          GObject           *target,
                          RapportTargetFunc  func)
{
  RapportChangeWatch *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (G_IS_OBJECT (target), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (RapportChangeWatch, 1);
  self->store = g_object_ref (store);
  self->entity = g_strdup (entity);
  self->target = target;
  self->func = func;
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  self->pending_id = g_signal_connect (rapport_pending_deletes_get (store), "changed",
                                       G_CALLBACK (pending_changed_cb), self);
  return self;
}

void
rapport_change_watch_free (RapportChangeWatch *self)
{
  if (self == NULL)
    return;
  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_signal_handler (&self->pending_id, rapport_pending_deletes_get (self->store));
  g_clear_object (&self->store);
  g_free (self->entity);
  g_free (self);
}
