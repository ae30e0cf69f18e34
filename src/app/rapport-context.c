/* rapport-context.c: what every page of a window works with
 *
 * The book's store and its sync engine, the settings, the wall clock and
 * the queue of deletions that can be undone, in one object that the
 * application makes when it opens a book and hands to the window as its
 * construct-only "context". The window's template binds each page's
 * "context" to its own; a page takes it once (rapport_context_set_once())
 * and reaches for none of them through the application, object data or a
 * global: what it is given is all it uses, so a test can give it a store
 * and a clock of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-context"

#include "config.h"

#include "rapport-context.h"

struct _RapportContext
{
  GObject       parent_instance;

  RapportStore *store;     /* (owned) */
  RapportSync  *sync;      /* (owned) (nullable): none in a test */
  GSettings    *settings;  /* (owned) */
  RapportClock *clock;     /* (owned) */
  RapportChangeMonitor *changes; /* (owned): the store's */
  RapportUndoQueue *undo_queue; /* (owned) */
};

G_DEFINE_FINAL_TYPE (RapportContext, rapport_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SYNC,
  PROP_SETTINGS,
  PROP_CLOCK,
  PROP_UNDO_QUEUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rapport_context_constructed (GObject *object)
{
  RapportContext *self = (RapportContext *) object;

  G_OBJECT_CLASS (rapport_context_parent_class)->constructed (object);

  g_assert (RAPPORT_IS_STORE (self->store));
  g_assert (G_IS_SETTINGS (self->settings));
  /* A page never checks for a clock: one is always there. */
  if (self->clock == NULL)
    self->clock = rapport_clock_new ();
  self->changes = g_object_ref (rapport_change_monitor_get_for_store (self->store));
  self->undo_queue = rapport_undo_queue_new (self->store);
}

static void
rapport_context_dispose (GObject *object)
{
  RapportContext *self = (RapportContext *) object;

  /* First: what nobody undid is deleted from the store. */
  if (self->undo_queue != NULL)
    rapport_undo_queue_commit_all (self->undo_queue);
  g_clear_object (&self->undo_queue);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->clock);
  g_clear_object (&self->changes);

  G_OBJECT_CLASS (rapport_context_parent_class)->dispose (object);
}

static void
rapport_context_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RapportContext *self = RAPPORT_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    case PROP_UNDO_QUEUE:
      g_value_set_object (value, self->undo_queue);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_context_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RapportContext *self = RAPPORT_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SYNC:
      self->sync = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_context_class_init (RapportContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                      G_PARAM_STATIC_STRINGS;

  object_class->constructed = rapport_context_constructed;
  object_class->dispose = rapport_context_dispose;
  object_class->get_property = rapport_context_get_property;
  object_class->set_property = rapport_context_set_property;

  /** RapportContext:store: the book's local database */
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, RAPPORT_TYPE_STORE, flags);
  /** RapportContext:sync: (nullable): the book's sync engine */
  properties[PROP_SYNC] = g_param_spec_object ("sync", NULL, NULL, RAPPORT_TYPE_SYNC, flags);
  /** RapportContext:settings: the app's settings */
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS, flags);
  /** RapportContext:clock: the wall clock; a new one when none is given */
  properties[PROP_CLOCK] = g_param_spec_object ("clock", NULL, NULL, RAPPORT_TYPE_CLOCK, flags);
  /** RapportContext:undo-queue: the book's deletions that can be undone */
  properties[PROP_UNDO_QUEUE] =
    g_param_spec_object ("undo-queue", NULL, NULL, RAPPORT_TYPE_UNDO_QUEUE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_context_init (RapportContext *self)
{
}

/**
 * rapport_context_new:
 * @sync: (nullable): the book's sync engine
 * @clock: (nullable): the wall clock; %NULL for a new one
 *
 * Returns: (transfer full): a context for the pages of a window on @store
 */
RapportContext *
rapport_context_new (RapportStore *store,
                     RapportSync  *sync,
                     GSettings    *settings,
                     RapportClock *clock)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (sync == NULL || RAPPORT_IS_SYNC (sync), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (clock == NULL || RAPPORT_IS_CLOCK (clock), NULL);

  return g_object_new (RAPPORT_TYPE_CONTEXT,
                       "store", store,
                       "sync", sync,
                       "settings", settings,
                       "clock", clock,
                       NULL);
}

/**
 * rapport_context_get_store:
 *
 * Returns: (transfer none): the book's local database
 */
RapportStore *
rapport_context_get_store (RapportContext *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (self), NULL);

  return self->store;
}

/**
 * rapport_context_get_sync:
 *
 * Returns: (transfer none) (nullable): the book's sync engine
 */
RapportSync *
rapport_context_get_sync (RapportContext *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (self), NULL);

  return self->sync;
}

/**
 * rapport_context_get_settings:
 *
 * Returns: (transfer none): the app's settings
 */
GSettings *
rapport_context_get_settings (RapportContext *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (self), NULL);

  return self->settings;
}

/**
 * rapport_context_get_clock:
 *
 * Returns: (transfer none): the wall clock the pages show times against
 */
RapportClock *
rapport_context_get_clock (RapportContext *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (self), NULL);

  return self->clock;
}

/**
 * rapport_context_get_changes:
 *
 * Returns: (transfer none): the store's changes, told once per burst on the
 *   main context
 */
RapportChangeMonitor *
rapport_context_get_changes (RapportContext *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (self), NULL);

  return self->changes;
}

/**
 * rapport_context_get_undo_queue:
 *
 * Returns: (transfer none): the book's deletions that can be undone
 */
RapportUndoQueue *
rapport_context_get_undo_queue (RapportContext *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (self), NULL);

  return self->undo_queue;
}

/**
 * rapport_context_param_spec:
 *
 * A page's "context": a property that is set once, from a binding to its
 * window's (a template child cannot be given a construct-only value).
 *
 * Returns: (transfer full): the property's spec, for a page's class
 */
GParamSpec *
rapport_context_param_spec (void)
{
  return g_param_spec_object ("context", NULL, NULL, RAPPORT_TYPE_CONTEXT,
                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

/**
 * rapport_context_set_once:
 * @page: the object whose "context" is set
 * @slot: (inout) (nullable): its context field
 * @context: (nullable): the new value
 *
 * Sets a page's context the first time it is given one. %NULL before then
 * is what a binding passes while the window has none yet; another context
 * afterwards is a programming error, and is refused with a critical.
 *
 * Returns: whether @slot took @context: the page sets itself up and
 *   notifies
 */
gboolean
rapport_context_set_once (GObject         *page,
                          RapportContext **slot,
                          RapportContext  *context)
{
  g_return_val_if_fail (G_IS_OBJECT (page), FALSE);
  g_return_val_if_fail (context == NULL || RAPPORT_IS_CONTEXT (context), FALSE);

  if (context == *slot)
    return FALSE;
  if (*slot != NULL)
    {
      g_critical ("%s: the context of a page is set only once", G_OBJECT_TYPE_NAME (page));
      return FALSE;
    }
  if (context == NULL)
    return FALSE;
  *slot = g_object_ref (context);
  return TRUE;
}
