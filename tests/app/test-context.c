/* test-context.c: what a window hands its pages
 *
 * The context gives back the store, sync, settings and clock it was made
 * with, makes a clock when given none, refuses to be changed after it is
 * made, and is freed with the last page that held it: a page given a
 * context (the Tasks page) lets go of it, and of the store, when its
 * window goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "rapport-context.h"
#include "rapport-tasks-page.h"
#include "rapport-test-util.h"

static void
test_properties (RapportTestStore *fixture,
                 gconstpointer     data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.rapportcrm.Rapport");
  g_autoptr(RapportSync) sync = rapport_sync_new (fixture->store);
  g_autoptr(RapportClock) clock = rapport_clock_new ();
  g_autoptr(RapportContext) context = rapport_context_new (fixture->store, sync, settings, clock);
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GSettings) settings_read = NULL;
  g_autoptr(RapportClock) clock_read = NULL;

  g_assert_true (rapport_context_get_store (context) == fixture->store);
  g_assert_true (rapport_context_get_sync (context) == sync);
  g_assert_true (rapport_context_get_settings (context) == settings);
  g_assert_true (rapport_context_get_clock (context) == clock);
  g_object_get (context, "store", &store, "settings", &settings_read, "clock", &clock_read, NULL);
  g_assert_true (store == fixture->store);
  g_assert_true (settings_read == settings);
  g_assert_true (clock_read == clock);

  /* What a page was given stays what it was given. */
  g_assert_true (g_object_class_find_property (G_OBJECT_GET_CLASS (context), "store")->flags &
                 G_PARAM_CONSTRUCT_ONLY);
  g_assert_true (g_object_class_find_property (G_OBJECT_GET_CLASS (context), "clock")->flags &
                 G_PARAM_CONSTRUCT_ONLY);
  g_assert_true (RAPPORT_IS_UNDO_QUEUE (rapport_context_get_undo_queue (context)));

  /* A binding to it hears of no change that is not one. */
  {
    guint n_pspecs;
    g_autofree GParamSpec **pspecs =
      g_object_class_list_properties (G_OBJECT_GET_CLASS (context), &n_pspecs);

    g_assert_cmpuint (n_pspecs, >, 0);
    for (guint i = 0; i < n_pspecs; i++)
      {
        g_test_message ("RapportContext:%s", pspecs[i]->name);
        g_assert_true (pspecs[i]->flags & G_PARAM_EXPLICIT_NOTIFY);
      }
  }
}

/* Widgets bind to properties that notify only when they change, and an
 * enum property is of its registered enum type, so that a binding or a
 * .ui file can name its values. */
static void
test_enum_properties (void)
{
  g_autoptr(GTypeClass) sync_class = g_type_class_ref (RAPPORT_TYPE_SYNC);
  GParamSpec *state = g_object_class_find_property (G_OBJECT_CLASS (sync_class), "state");
  g_autoptr(GEnumClass) states = NULL;

  g_assert_nonnull (state);
  g_assert_true (G_IS_PARAM_SPEC_ENUM (state));
  g_assert_true (state->flags & G_PARAM_EXPLICIT_NOTIFY);
  states = g_type_class_ref (G_PARAM_SPEC_VALUE_TYPE (state));
  g_assert_cmpstr (g_enum_get_value (states, RAPPORT_SYNC_STATE_OFFLINE)->value_nick, ==, "offline");
}

static void
test_own_clock (RapportTestStore *fixture,
                gconstpointer     data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.rapportcrm.Rapport");
  g_autoptr(RapportContext) context = rapport_context_new (fixture->store, NULL, settings, NULL);

  /* A page never checks for a clock: a context without one makes its own. */
  g_assert_true (RAPPORT_IS_CLOCK (rapport_context_get_clock (context)));
  g_assert_nonnull (rapport_clock_get_now (rapport_context_get_clock (context)));
  g_assert_null (rapport_context_get_sync (context));
}

static void
test_finalize (RapportTestStore *fixture,
               gconstpointer     data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.rapportcrm.Rapport");
  RapportContext *context = rapport_context_new (fixture->store, NULL, settings, NULL);
  RapportClock *clock = rapport_context_get_clock (context);

  g_object_add_weak_pointer (G_OBJECT (context), (gpointer *) &context);
  g_object_add_weak_pointer (G_OBJECT (clock), (gpointer *) &clock);
  g_object_unref (context);
  g_assert_null (context);
  g_assert_null (clock);
}

static void
test_page_lets_go (RapportTestStore *fixture,
                   gconstpointer     data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.rapportcrm.Rapport");
  RapportContext *context = rapport_context_new (fixture->store, NULL, settings, NULL);
  RapportStore *store = fixture->store;
  RapportTasksPage *page;
  GtkWidget *window;

  if (!gtk_init_check ())
    {
      g_test_skip ("No display");
      g_object_unref (context);
      return;
    }
  page = g_object_new (RAPPORT_TYPE_TASKS_PAGE, "context", context, NULL);
  g_assert_true (g_object_is_floating (page));
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  g_object_add_weak_pointer (G_OBJECT (context), (gpointer *) &context);
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_object_unref (context);
  /* The page holds the context, the context the store. */
  g_assert_nonnull (context);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (page);
  g_assert_null (context);
  /* The store is the fixture's now, and only the fixture's. */
  g_assert_nonnull (store);
  g_object_remove_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_assert_cmpuint (G_OBJECT (store)->ref_count, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  rapport_test_forbid_blocking_if_asked ();

  g_test_add_func ("/rapport/context/enum-properties", test_enum_properties);
  g_test_add ("/rapport/context/properties", RapportTestStore, NULL,
              rapport_test_store_set_up, test_properties, rapport_test_store_tear_down);
  g_test_add ("/rapport/context/own-clock", RapportTestStore, NULL,
              rapport_test_store_set_up, test_own_clock, rapport_test_store_tear_down);
  g_test_add ("/rapport/context/finalize", RapportTestStore, NULL,
              rapport_test_store_set_up, test_finalize, rapport_test_store_tear_down);
  g_test_add ("/rapport/context/page-lets-go", RapportTestStore, NULL,
              rapport_test_store_set_up, test_page_lets_go, rapport_test_store_tear_down);

  return g_test_run ();
}
