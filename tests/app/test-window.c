/* test-window.c: the pages of the main window, declared in its template
 *
 * A window made on a context from a temporary book has its record pane,
 * deal board, Tasks and Team pages, each given that context through the
 * template's binding; a page's context is set once (another one is a
 * critical, the same one again no notification); the board's toggle and
 * the Team entry of the sidebar follow their pages; and every page is
 * freed with the window, and the context with the last of them.
 *
 * Pages are found by their type's name, so that the test builds and fails
 * on a window that makes them in code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "rapport-context.h"
#include "rapport-test-util.h"
#include "rapport-window.h"

static const char * const page_types[] = {
  "RapportDetailView",
  "RapportDealBoardPage",
  "RapportTasksPage",
  "RapportTeamPage",
};

typedef gboolean (*Match) (GtkWidget  *widget,
                           const char *data);

static GtkWidget *
find (GtkWidget  *widget,
      Match       match,
      const char *data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget  *widget,
            const char *type_name)
{
  return g_strcmp0 (G_OBJECT_TYPE_NAME (widget), type_name) == 0;
}

/* A sidebar row that shows the main stack's page @name. */
static gboolean
is_page_row (GtkWidget  *widget,
             const char *name)
{
  GVariant *target;

  if (!GTK_IS_LIST_BOX_ROW (widget) ||
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.show-page") != 0)
    return FALSE;
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return g_strcmp0 (g_variant_get_string (target, NULL), name) == 0;
}

static gboolean
is_toggle (GtkWidget  *widget,
           const char *icon_name)
{
  return GTK_IS_TOGGLE_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon_name) == 0;
}

static GtkWidget *
find_widget (GtkWidget  *widget,
             const char *type_name)
{
  return find (widget, is_of_type, type_name);
}

static RapportContext *
context_new (RapportStore *store)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.rapportcrm.Rapport");

  return rapport_context_new (store, NULL, settings, NULL);
}

static GtkWidget *
window_new (RapportContext *context)
{
  return g_object_new (RAPPORT_TYPE_WINDOW, "context", context, NULL);
}

static RapportContext *
get_context (GtkWidget *page)
{
  g_autoptr(RapportContext) context = NULL;
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (page), "context");

  g_assert_nonnull (pspec);
  g_assert_true (pspec->value_type == RAPPORT_TYPE_CONTEXT);
  g_object_get (page, "context", &context, NULL);
  return context;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_pages_have_context (RapportTestStore *fixture,
                         gconstpointer     data)
{
  g_autoptr(RapportContext) context = context_new (fixture->store);
  GtkWidget *window = window_new (context);

  g_assert_true (rapport_window_get_context (RAPPORT_WINDOW (window)) == context);
  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    {
      GtkWidget *page = find_widget (window, page_types[i]);
      GParamSpec *pspec;

      g_test_message ("%s", page_types[i]);
      g_assert_nonnull (page);
      g_assert_true (get_context (page) == context);
      /* Set by a binding, not at construction; it notifies only when it
       * changes. */
      pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (page), "context");
      g_assert_false (pspec->flags & G_PARAM_CONSTRUCT_ONLY);
      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The same context again is no change; the window's never changes. */
static void
test_same_context_again (RapportTestStore *fixture,
                         gconstpointer     data)
{
  g_autoptr(RapportContext) context = context_new (fixture->store);
  GtkWidget *window = window_new (context);
  GtkWidget *page = find_widget (window, "RapportTasksPage");
  guint count = 0;

  g_assert_nonnull (page);
  g_signal_connect (page, "notify::context", G_CALLBACK (count_cb), &count);
  g_object_set (page, "context", context, NULL);
  g_assert_cmpuint (count, ==, 0);
  g_assert_true (get_context (page) == context);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_context_set_twice (RapportTestStore *fixture,
                        gconstpointer     data)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rapport/window/context-set-twice/subprocess/%u", i);

      g_test_trap_subprocess (path, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_failed ();
      g_test_trap_assert_stderr ("*CRITICAL*the context of a page is set only once*");
    }
}

static void
context_set_twice_subprocess (RapportTestStore *fixture,
                              gconstpointer     data)
{
  g_autoptr(RapportContext) context = context_new (fixture->store);
  g_autoptr(RapportContext) other = context_new (fixture->store);
  GtkWidget *window = window_new (context);
  GtkWidget *page = find_widget (window, page_types[GPOINTER_TO_UINT (data)]);

  g_assert_nonnull (page);
  /* Criticals are fatal under the tests' G_DEBUG. */
  g_object_set (page, "context", other, NULL);
}

/* The deal list's toggle shows the board and comes back with it; the Team
 * entry is there only with the page, which is for managers. */
static void
test_bound_to_pages (RapportTestStore *fixture,
                     gconstpointer     data)
{
  g_autoptr(RapportContext) context = context_new (fixture->store);
  GtkWidget *window = window_new (context);
  GtkWidget *board = find_widget (window, "RapportDealBoardPage");
  GtkWidget *team = find_widget (window, "RapportTeamPage");
  GtkWidget *team_row = find (window, is_page_row, "team");
  GtkWidget *toggle = find (window, is_toggle, "view-grid-symbolic");
  GtkStack *stack = GTK_STACK (gtk_widget_get_parent (board));
  guint count = 0;

  g_assert_nonnull (toggle);
  g_assert_nonnull (find (window, is_page_row, "tasks"));
  g_assert_nonnull (team_row);
  /* Nobody is signed in: no manager. */
  g_assert_false (gtk_widget_get_visible (team));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (team_row)));

  gtk_stack_set_visible_child_name (stack, "main");
  g_signal_connect (board, "notify::active", G_CALLBACK (count_cb), &count);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_assert_true (gtk_stack_get_visible_child (stack) == board);
  g_assert_cmpuint (count, ==, 1);
  /* Once for one change. */
  g_object_set (board, "active", TRUE, NULL);
  g_assert_cmpuint (count, ==, 1);
  g_object_set (board, "active", FALSE, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "main");
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_cmpuint (count, ==, 2);
  /* The window goes elsewhere by itself: the toggle says so. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  gtk_stack_set_visible_child_name (stack, "tasks");
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  g_assert_cmpuint (count, ==, 4);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_pages_finalized (RapportTestStore *fixture,
                      gconstpointer     data)
{
  RapportContext *context = context_new (fixture->store);
  GtkWidget *window = window_new (context);
  GtkWidget *pages[G_N_ELEMENTS (page_types)];

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_add_weak_pointer (G_OBJECT (context), (gpointer *) &context);
  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    {
      pages[i] = find_widget (window, page_types[i]);
      g_assert_nonnull (pages[i]);
      g_object_add_weak_pointer (G_OBJECT (pages[i]), (gpointer *) &pages[i]);
    }
  g_object_unref (context);
  /* The window and its pages hold it. */
  g_assert_nonnull (context);

  gtk_window_destroy (GTK_WINDOW (window));
  for (guint n = 0; n < 100 && g_main_context_iteration (NULL, FALSE); n++)
    ;
  g_assert_null (window);
  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    {
      g_test_message ("%s", page_types[i]);
      g_assert_null (pages[i]);
    }
  g_assert_null (context);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("No display");
      return g_test_run ();
    }
  adw_init ();

  g_test_add ("/rapport/window/pages-have-context", RapportTestStore, NULL,
              rapport_test_store_set_up, test_pages_have_context, rapport_test_store_tear_down);
  g_test_add ("/rapport/window/same-context-again", RapportTestStore, NULL,
              rapport_test_store_set_up, test_same_context_again, rapport_test_store_tear_down);
  g_test_add ("/rapport/window/context-set-twice", RapportTestStore, NULL,
              NULL, test_context_set_twice, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rapport/window/context-set-twice/subprocess/%u", i);

      g_test_add (path, RapportTestStore, GUINT_TO_POINTER (i),
                  rapport_test_store_set_up, context_set_twice_subprocess,
                  rapport_test_store_tear_down);
    }
  g_test_add ("/rapport/window/bound-to-pages", RapportTestStore, NULL,
              rapport_test_store_set_up, test_bound_to_pages, rapport_test_store_tear_down);
  g_test_add ("/rapport/window/pages-finalized", RapportTestStore, NULL,
              rapport_test_store_set_up, test_pages_finalized, rapport_test_store_tear_down);

  return g_test_run ();
}
