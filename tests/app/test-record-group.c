/* test-record-group.c: a record's open tasks, a list model shown a screen at a time
 *
 * The group under a record's detail view lists the first rows of a list
 * model (rapport-snapshot-model.c) whose snapshot is taken in a worker
 * thread. Its signals are counted as the list box sees them: a burst of
 * commits from another thread is one items-changed; an edited task is
 * changed in place; the note under the rows ("2 more tasks", "No open
 * tasks") follows the number of tasks; a task deleted through the undo
 * queue leaves the list and comes back on Undo. The group going frees its
 * model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "rapport-bounded-list.h"
#include "rapport-record-group.h"
#include "rapport-record-tasks-group.h"
#include "rapport-test-util.h"
#include "rapport-test-widgets.h"
#include "rapport-undo-queue.h"

typedef struct
{
  RapportTestStore      base;
  char                 *contact_id;
  GtkWidget            *group;   /* (owned): sunk */
  RapportSnapshotModel *model;   /* (unowned): the group's */
  GtkListBox           *list;    /* (unowned): in the group */
  guint                 items_changed;
  guint                 position, removed, added;  /* of the last items-changed */
  GPtrArray            *toasts;  /* (element-type AdwToast) */
} Fixture;

typedef struct
{
  RapportStore *store;
  const char   *contact_id;
  guint         first, n;
} Writes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  fixture->items_changed++;
  fixture->position = position;
  fixture->removed = removed;
  fixture->added = added;
}

static char *
create_task (RapportStore *store,
             const char   *contact_id,
             guint         i)
{
  /* Due one day after another: the group lists the soonest first. */
  return rapport_test_create (store, "task",
                              "{\"title\": \"Task %02u\", \"contact_id\": \"%s\","
                              " \"due_at\": \"2030-01-%02uT09:00:00Z\"}",
                              i, contact_id, i + 1);
}

static gpointer
write_thread (gpointer data)
{
  Writes *writes = data;

  for (guint i = writes->first; i < writes->first + writes->n; i++)
    g_free (create_task (writes->store, writes->contact_id, i));
  return NULL;
}

/* As a sync does: writes from a thread of its own. */
static void
write_from_worker (Fixture *fixture,
                   guint    first,
                   guint    n)
{
  Writes writes = { fixture->base.store, fixture->contact_id, first, n };

  g_thread_join (g_thread_new ("writer", write_thread, &writes));
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds: bursts end, snapshots come in. */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timed_out_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
settled (gpointer data)
{
  Fixture *fixture = data;

  return rapport_snapshot_model_get_ready (fixture->model) &&
         !rapport_snapshot_model_get_loading (fixture->model);
}

/* Until the burst is over and its snapshot shown. */
static void
wait_settled (Fixture *fixture)
{
  run_for (300);
  rapport_test_wait_for ("the group's snapshot", settled, fixture);
}

/* What the list box shows, row by row: "Task 00|Task 01|2 more tasks". */
static char *
shown (Fixture *fixture)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (fixture->list, i)) != NULL; i++)
    {
      if (!gtk_widget_get_visible (GTK_WIDGET (row)))
        continue;
      if (text->len > 0)
        g_string_append_c (text, '|');
      g_string_append (text, ADW_IS_PREFERENCES_ROW (row)
                       ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : "?");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The list box bound to the model: not the group's own, which holds it. */
static GtkWidget *
find_bound_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget) && rapport_bounded_list_get_shown (GTK_LIST_BOX (widget)) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_bound_list (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
make_group (Fixture *fixture)
{
  fixture->group = g_object_ref_sink (rapport_record_group_new (RAPPORT_TYPE_RECORD_TASKS_GROUP,
                                                                fixture->base.store, "contact",
                                                                fixture->contact_id));
  fixture->model = rapport_record_group_get_model (RAPPORT_RECORD_GROUP (fixture->group));
  fixture->list = GTK_LIST_BOX (find_bound_list (fixture->group));
  g_assert_nonnull (fixture->list);
  rapport_test_wait_for ("the group's first snapshot", settled, fixture);
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (items_changed_cb), fixture);
}

static void
add_toast_cb (RapportUndoQueue *queue,
              AdwToast         *toast,
              Fixture          *fixture)
{
  g_ptr_array_add (fixture->toasts, g_object_ref (toast));
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  rapport_test_store_set_up (&fixture->base, data);
  fixture->contact_id = rapport_test_create (fixture->base.store, "contact",
                                             "{\"first_name\": \"Ana\"}");
  fixture->toasts = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  if (fixture->group != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (fixture->model), (gpointer *) &fixture->model);
      g_clear_object (&fixture->group);
      /* Nothing else holds the model: not the monitor, not a read. */
      g_assert_null (fixture->model);
    }
  g_clear_pointer (&fixture->toasts, g_ptr_array_unref);
  g_free (fixture->contact_id);
  rapport_test_store_tear_down (&fixture->base, data);
}

/* Twelve tasks: the first ten, and a note for the other two. Five more
 * written by another thread are one items-changed, after the first ten,
 * and the note says seven. */
static void
test_burst (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  write_from_worker (fixture, 0, 12);
  make_group (fixture);
  before = shown (fixture);
  g_assert_cmpstr (before, ==,
                   "Task 00|Task 01|Task 02|Task 03|Task 04|Task 05|Task 06|Task 07|Task 08|Task 09|"
                   "2 more tasks");

  write_from_worker (fixture, 12, 5);
  wait_settled (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 17);
  g_assert_cmpuint (fixture->items_changed, ==, 1);
  g_assert_cmpuint (fixture->position, ==, 12);
  g_assert_cmpuint (fixture->removed, ==, 0);
  g_assert_cmpuint (fixture->added, ==, 5);
  after = shown (fixture);
  g_assert_cmpstr (after, ==,
                   "Task 00|Task 01|Task 02|Task 03|Task 04|Task 05|Task 06|Task 07|Task 08|Task 09|"
                   "7 more tasks");
}

/* No tasks: the group says so; one task: its row, and no note. */
static void
test_notes (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *empty = NULL;
  g_autofree char *one = NULL;
  g_autofree char *none_again = NULL;
  g_autofree char *task = NULL;

  make_group (fixture);
  empty = shown (fixture);
  g_assert_cmpstr (empty, ==, "No open tasks");

  task = create_task (fixture->base.store, fixture->contact_id, 0);
  wait_settled (fixture);
  one = shown (fixture);
  g_assert_cmpstr (one, ==, "Task 00");

  /* Done: no longer open. */
  {
    g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"done_at\": \"2030-01-01T10:00:00Z\"}");
    g_autoptr(JsonObject) stored = NULL;
    g_autoptr(GError) error = NULL;

    stored = rapport_store_update (fixture->base.store, "task", task, changes, &error);
    g_assert_no_error (error);
  }
  wait_settled (fixture);
  none_again = shown (fixture);
  g_assert_cmpstr (none_again, ==, "No open tasks");
}

/* A renamed task is changed in place: one items-changed of its row alone. */
static void
test_edit (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *second = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"title\": \"Call Ana back\"}");
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(GError) error = NULL;

  g_free (create_task (fixture->base.store, fixture->contact_id, 0));
  second = create_task (fixture->base.store, fixture->contact_id, 1);
  g_free (create_task (fixture->base.store, fixture->contact_id, 2));
  make_group (fixture);

  stored = rapport_store_update (fixture->base.store, "task", second, changes, &error);
  g_assert_no_error (error);
  wait_settled (fixture);
  g_assert_cmpuint (fixture->items_changed, ==, 1);
  g_assert_cmpuint (fixture->position, ==, 1);
  g_assert_cmpuint (fixture->removed, ==, 1);
  g_assert_cmpuint (fixture->added, ==, 1);
  after = shown (fixture);
  g_assert_cmpstr (after, ==, "Task 00|Call Ana back|Task 02");
}

/* Deleted through the undo queue: gone from the group while Undo is
 * offered, back in its place on Undo. */
static void
test_undo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(RapportUndoQueue) queue = rapport_undo_queue_new (fixture->base.store);
  g_autofree char *second = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *undone = NULL;

  g_signal_connect (queue, "add-toast", G_CALLBACK (add_toast_cb), fixture);
  g_free (create_task (fixture->base.store, fixture->contact_id, 0));
  second = create_task (fixture->base.store, fixture->contact_id, 1);
  g_free (create_task (fixture->base.store, fixture->contact_id, 2));
  make_group (fixture);

  rapport_undo_queue_delete (queue, "task", second, "Task 01");
  g_assert_cmpuint (fixture->toasts->len, ==, 1);
  wait_settled (fixture);
  deleted = shown (fixture);
  g_assert_cmpstr (deleted, ==, "Task 00|Task 02");
  g_assert_cmpuint (fixture->items_changed, ==, 1);
  g_assert_cmpuint (fixture->removed, ==, 1);
  g_assert_cmpuint (fixture->added, ==, 0);

  g_signal_emit_by_name (g_ptr_array_index (fixture->toasts, 0), "button-clicked");
  wait_settled (fixture);
  undone = shown (fixture);
  g_assert_cmpstr (undone, ==, "Task 00|Task 01|Task 02");
  g_assert_cmpuint (fixture->items_changed, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  rapport_test_forbid_blocking_if_asked ();
  gtk_init ();
  adw_init ();

  g_test_add ("/rapport/record-group/burst", Fixture, NULL, set_up, test_burst, tear_down);
  g_test_add ("/rapport/record-group/notes", Fixture, NULL, set_up, test_notes, tear_down);
  g_test_add ("/rapport/record-group/edit", Fixture, NULL, set_up, test_edit, tear_down);
  g_test_add ("/rapport/record-group/undo", Fixture, NULL, set_up, test_undo, tear_down);

  return g_test_run ();
}
