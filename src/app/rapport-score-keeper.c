/* rapport-score-keeper.c: deals' win chances kept fresh as deals change
 *
 * Lists sort and filter deals by the score kept in the store, and only
 * the CLI used to compute it. The keeper hears the store's deal changes
 * through the change monitor, which already gathers a sync's or an
 * edit's writes into bursts, and has them scored again in a worker
 * (rapport_store_rescore_changed()): an edited open deal alone, or
 * every open deal when what the models learn from changed. One rescore
 * runs at a time; deals changed meanwhile wait for the next. The scores
 * it writes are deal changes too: those it knows as its own and lets
 * pass, so that a rescore does not call for another.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-score-keeper"

#include "config.h"

#include "rapport-change-monitor.h"
#include "rapport-score-keeper.h"
#include "rapport-store-score.h"

struct _RapportScoreKeeper
{
  GObject               parent_instance;

  RapportStore         *store;     /* (owned) (nullable) */
  RapportChangeMonitor *changes;   /* (owned) (nullable) */
  gulong                changed_id;
  GCancellable         *running;   /* (owned) (nullable): the rescore under way */
  GHashTable           *pending;   /* (owned): deals changed since it began */
  gboolean              all_pending; /* a whole rescore waits (a book just opened) */
  GHashTable           *own;       /* (owned): deals whose scores the last rescore wrote */
};

G_DEFINE_FINAL_TYPE (RapportScoreKeeper, rapport_score_keeper, G_TYPE_OBJECT)

static void run (RapportScoreKeeper *self);

static void
rescored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RapportScoreKeeper) self = user_data;
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GError) error = NULL;

  written = rapport_store_rescore_changed_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->running);
  /* A score is derived again at the next change: nothing is lost. */
  if (error != NULL)
    g_warning ("Could not keep the deals’ win chances: %s", error->message);
  for (guint i = 0; written != NULL && i < written->len; i++)
    g_hash_table_add (self->own, g_strdup (written->pdata[i]));
  run (self);
}

static void
run (RapportScoreKeeper *self)
{
  g_autofree char **ids = NULL;

  if (self->store == NULL || self->running != NULL ||
      (!self->all_pending && g_hash_table_size (self->pending) == 0))
    return;
  /* NULL: every open deal, models trained anew. */
  if (!self->all_pending)
    ids = (char **) g_hash_table_get_keys_as_array (self->pending, NULL);
  self->running = g_cancellable_new ();
  rapport_store_rescore_changed_async (self->store, (const char * const *) ids, self->running,
                                       rescored_cb, g_object_ref (self));
  /* The worker has its own copy of the ids. */
  self->all_pending = FALSE;
  g_hash_table_remove_all (self->pending);
}

static void
deals_changed_cb (RapportChangeMonitor *changes,
                  const char           *entity,
                  const char * const   *ids,
                  RapportScoreKeeper   *self)
{
  for (guint i = 0; ids[i] != NULL; i++)
    if (!g_hash_table_remove (self->own, ids[i]))
      g_hash_table_add (self->pending, g_strdup (ids[i]));
  /* Its own writes come in the burst after it ends, or never (a deal
   * edited again before): what is left would hide a later change. */
  g_hash_table_remove_all (self->own);
  run (self);
}

static void
unwatch (RapportScoreKeeper *self)
{
  if (self->running != NULL)
    g_cancellable_cancel (self->running);
  g_clear_object (&self->running);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_object (&self->store);
  g_hash_table_remove_all (self->pending);
  g_hash_table_remove_all (self->own);
  self->all_pending = FALSE;
}

static void
rapport_score_keeper_dispose (GObject *object)
{
  unwatch (RAPPORT_SCORE_KEEPER (object));

  G_OBJECT_CLASS (rapport_score_keeper_parent_class)->dispose (object);
}

static void
rapport_score_keeper_finalize (GObject *object)
{
  RapportScoreKeeper *self = RAPPORT_SCORE_KEEPER (object);

  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->own, g_hash_table_unref);

  G_OBJECT_CLASS (rapport_score_keeper_parent_class)->finalize (object);
}

static void
rapport_score_keeper_class_init (RapportScoreKeeperClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_score_keeper_dispose;
  G_OBJECT_CLASS (klass)->finalize = rapport_score_keeper_finalize;
}

static void
rapport_score_keeper_init (RapportScoreKeeper *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

RapportScoreKeeper *
rapport_score_keeper_new (void)
{
  return g_object_new (RAPPORT_TYPE_SCORE_KEEPER, NULL);
}

/**
 * rapport_score_keeper_set_store:
 * @store: (nullable): the book open now, or none
 *
 * Keeps @store's deals' scores: all of them once now, for a book the app
 * never scored, then those each change calls for.
 */
void
rapport_score_keeper_set_store (RapportScoreKeeper *self,
                                RapportStore       *store)
{
  g_return_if_fail (RAPPORT_IS_SCORE_KEEPER (self));
  g_return_if_fail (store == NULL || RAPPORT_IS_STORE (store));

  if (self->store == store)
    return;
  unwatch (self);
  if (store == NULL)
    return;
  self->store = g_object_ref (store);
  self->changes = g_object_ref (rapport_change_monitor_get_for_store (store));
  self->changed_id = g_signal_connect (self->changes, "changed::deal",
                                       G_CALLBACK (deals_changed_cb), self);
  self->all_pending = TRUE;
  run (self);
}
