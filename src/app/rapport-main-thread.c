/* rapport-main-thread.c: running work on the main loop for an object that may go away
 *
 * The store emits "changed" in whichever thread wrote, a sync's worker
 * included, while widgets may only be touched from the main loop. Holding
 * only a weak reference until then lets a window close in between.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-main-thread"

#include "config.h"

#include "rapport-main-thread.h"

typedef struct
{
  GWeakRef           target;
  RapportTargetFunc  func;
  gpointer           data;
  GDestroyNotify     data_free;
} Call;

static void
call_free (Call *call)
{
  g_weak_ref_clear (&call->target);
  if (call->data_free != NULL)
    call->data_free (call->data);
  g_free (call);
}

static gboolean
call_cb (gpointer user_data)
{
  Call *call = user_data;
  g_autoptr(GObject) target = g_weak_ref_get (&call->target);

  if (target != NULL)
    call->func (target, call->data);
  return G_SOURCE_REMOVE;
}

/**
 * rapport_run_on_main_thread:
 * @target: the object @func is for; it is only weakly referenced meanwhile
 * @context: (nullable): where to run @func; %NULL for the global default
 * @func: called with @target and @data, unless @target is gone by then
 * @data: (nullable) (transfer full): passed to @func
 * @data_free: (nullable): frees @data, whether @func ran or not
 *
 * Calls @func from the main loop of @context, always later: even from the
 * main thread, so a caller never re-enters itself.
 */
void
rapport_run_on_main_thread (GObject           *target,
                            GMainContext      *context,
                            RapportTargetFunc  func,
                            gpointer           data,
                            GDestroyNotify     data_free)
{
  g_autoptr(GSource) source = NULL;
  Call *call;

  g_return_if_fail (G_IS_OBJECT (target));
  g_return_if_fail (func != NULL);

  call = g_new0 (Call, 1);
  g_weak_ref_init (&call->target, target);
  call->func = func;
  call->data = data;
  call->data_free = data_free;
  /* Not g_main_context_invoke(): from a worker thread with no context of
   * its own it may run @func right there, while the main loop is idle. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, call_cb, call, (GDestroyNotify) call_free);
  g_source_set_static_name (source, "[rapport] run on main thread");
  g_source_attach (source, context);
}

RapportStoreChange *
rapport_store_change_new (const char         *entity,
                          const char * const *ids)
{
  RapportStoreChange *change = g_new0 (RapportStoreChange, 1);

  change->entity = g_strdup (entity);
  change->ids = g_strdupv ((char **) ids);
  return change;
}

void
rapport_store_change_free (RapportStoreChange *change)
{
  g_free (change->entity);
  g_strfreev (change->ids);
  g_free (change);
}

gboolean
rapport_store_change_has (const RapportStoreChange *change,
                          const char               *id)
{
  return id != NULL && change->ids != NULL &&
         g_strv_contains ((const char * const *) change->ids, id);
}
