/* test-undo-queue.c: one Undo for every deletion of a book
 *
 * A contact, a task and an activity go through the same queue: each
 * stays in the store, withheld from every list the store gives, while its
 * toast offers Undo; Undo gives it back, the toast going deletes it, and so
 * does the window closing (commit_all) or the book closing (the context
 * going). Without a window to show the toast, it is deleted at once. A
 * list model follows it through the store's changes, hiding nothing itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-app-enums.h"
#include "rapport-context.h"
#include "rapport-query.h"
#include "rapport-record-list-model.h"
#include "rapport-store-withheld.h"
#include "rapport-test-util.h"

typedef struct
{
  RapportTestStore  base;
  GSettings        *settings;
  RapportContext   *context;
  GPtrArray        *toasts;   /* (element-type AdwToast) */
  GString          *changes;  /* "hidden:ID undone:ID …" */
  guint             n_changes;
} Fixture;

static void
add_toast_cb (RapportUndoQueue *queue,
              AdwToast         *toast,
              Fixture          *fixture)
{
  g_ptr_array_add (fixture->toasts, g_object_ref (toast));
}

static void
changed_cb (RapportUndoQueue  *queue,
            const char        *entity,
            const char        *id,
            RapportUndoChange  change,
            Fixture           *fixture)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (RAPPORT_TYPE_UNDO_CHANGE);

  fixture->n_changes++;
  g_string_append_printf (fixture->changes, "%s%s:%s:%s", fixture->changes->len > 0 ? " " : "",
                          g_enum_get_value (klass, change)->value_nick, entity, id);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  rapport_test_store_set_up (&fixture->base, data);
  fixture->settings = g_settings_new ("io.github.rapportcrm.Rapport");
  fixture->context = rapport_context_new (fixture->base.store, NULL, fixture->settings, NULL);
  fixture->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->changes = g_string_new (NULL);
  g_signal_connect (rapport_context_get_undo_queue (fixture->context), "changed",
                    G_CALLBACK (changed_cb), fixture);
  /* As the window does. */
  if (data == NULL)
    g_signal_connect (rapport_context_get_undo_queue (fixture->context), "add-toast",
                      G_CALLBACK (add_toast_cb), fixture);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->toasts, g_ptr_array_unref);
  g_string_free (fixture->changes, TRUE);
  rapport_test_store_tear_down (&fixture->base, data);
}

/* Until the store's writer thread has answered @n changes in all. */
static void
wait_for_changes (Fixture *fixture,
                  guint    n)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (fixture->n_changes < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fixture->n_changes, ==, n);
}

static gboolean
in_store (Fixture    *fixture,
          const char *entity,
          const char *id)
{
  g_autoptr(JsonObject) record = rapport_store_get (fixture->base.store, entity, id, NULL);

  return record != NULL;
}

/* How many records of @entity a list shows. */
static guint
listed (Fixture    *fixture,
        const char *entity)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (fixture->base.store, query, &error);

  g_assert_no_error (error);
  return rapport_snapshot_get_n_rows (snapshot);
}

static void
wait_for_n_items (GListModel *model,
                  guint       n)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_list_model_get_n_items (model) != n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
}

static void
test_undo (Fixture       *fixture,
           gconstpointer  data)
{
  RapportUndoQueue *queue = rapport_context_get_undo_queue (fixture->context);
  g_autofree char *contact = rapport_test_create (fixture->base.store, "contact",
                                                  "{\"first_name\": \"Nora\", \"last_name\": \"Undo\"}");
  g_autofree char *task = rapport_test_create (fixture->base.store, "task", "{\"title\": \"Call Nora\"}");
  g_autofree char *expected = NULL;

  rapport_undo_queue_delete (queue, "contact", contact, "Nora Undo");
  rapport_undo_queue_delete (queue, "task", task, "Call Nora");
  g_assert_cmpuint (fixture->toasts->len, ==, 2);
  g_assert_cmpstr (adw_toast_get_button_label (g_ptr_array_index (fixture->toasts, 0)), ==, "_Undo");
  g_assert_cmpstr (adw_toast_get_title (g_ptr_array_index (fixture->toasts, 0)), ==,
                   "“Nora Undo” deleted");
  /* Left out of every list, still in the store. */
  g_assert_true (rapport_undo_queue_has (queue, contact));
  g_assert_cmpuint (listed (fixture, "contact"), ==, 0);
  g_assert_cmpuint (listed (fixture, "task"), ==, 0);
  g_assert_true (in_store (fixture, "contact", contact));
  g_assert_true (in_store (fixture, "task", task));

  g_signal_emit_by_name (g_ptr_array_index (fixture->toasts, 0), "button-clicked");
  g_signal_emit_by_name (g_ptr_array_index (fixture->toasts, 1), "button-clicked");
  g_assert_false (rapport_undo_queue_has (queue, contact));
  g_assert_cmpuint (listed (fixture, "contact"), ==, 1);
  g_assert_cmpuint (listed (fixture, "task"), ==, 1);
  g_assert_true (in_store (fixture, "contact", contact));
  g_assert_true (in_store (fixture, "task", task));
  expected = g_strdup_printf ("hidden:contact:%s hidden:task:%s undone:contact:%s undone:task:%s",
                              contact, task, contact, task);
  g_assert_cmpstr (fixture->changes->str, ==, expected);
}

static void
test_toast_goes (Fixture       *fixture,
                 gconstpointer  data)
{
  RapportUndoQueue *queue = rapport_context_get_undo_queue (fixture->context);
  g_autofree char *activity = rapport_test_create (fixture->base.store, "activity",
                                                   "{\"kind\": \"call\", \"subject\": \"Called Nora\","
                                                   " \"occurred_at\": \"2026-12-01T10:00:00Z\"}");
  g_autofree char *expected = NULL;

  rapport_undo_queue_delete (queue, "activity", activity, "Called Nora");
  g_assert_true (in_store (fixture, "activity", activity));
  g_signal_emit_by_name (g_ptr_array_index (fixture->toasts, 0), "dismissed");
  /* Gone from the queue at once, from the store once the writer is done. */
  g_assert_false (rapport_undo_queue_has (queue, activity));
  wait_for_changes (fixture, 2);
  g_assert_false (in_store (fixture, "activity", activity));
  g_assert_false (rapport_undo_queue_has (queue, activity));
  g_assert_false (rapport_store_is_withheld (fixture->base.store, "activity", activity));
  g_assert_cmpuint (listed (fixture, "activity"), ==, 0);
  expected = g_strdup_printf ("hidden:activity:%s deleted:activity:%s", activity, activity);
  g_assert_cmpstr (fixture->changes->str, ==, expected);
}

static void
test_window_closes (Fixture       *fixture,
                    gconstpointer  data)
{
  RapportUndoQueue *queue = rapport_context_get_undo_queue (fixture->context);
  g_autofree char *first = rapport_test_create (fixture->base.store, "task", "{\"title\": \"One\"}");
  g_autofree char *second = rapport_test_create (fixture->base.store, "company", "{\"name\": \"Two\"}");

  rapport_undo_queue_delete (queue, "task", first, "One");
  rapport_undo_queue_delete (queue, "company", second, "Two");
  rapport_undo_queue_commit_all (queue);
  wait_for_changes (fixture, 4);
  g_assert_false (in_store (fixture, "task", first));
  g_assert_false (in_store (fixture, "company", second));
}

static void
test_book_closes (Fixture       *fixture,
                  gconstpointer  data)
{
  RapportUndoQueue *queue = rapport_context_get_undo_queue (fixture->context);
  g_autofree char *task = rapport_test_create (fixture->base.store, "task", "{\"title\": \"Left\"}");

  rapport_undo_queue_delete (queue, "task", task, "Left");
  g_object_add_weak_pointer (G_OBJECT (queue), (gpointer *) &queue);
  g_clear_object (&fixture->context);
  /* The queue lives on until the store has answered, then goes. */
  {
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (queue != NULL && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_null (queue);
  g_assert_false (in_store (fixture, "task", task));
  g_assert_false (rapport_store_is_withheld (fixture->base.store, "task", task));
}

static void
test_no_window (Fixture       *fixture,
                gconstpointer  data)
{
  RapportUndoQueue *queue = rapport_context_get_undo_queue (fixture->context);
  g_autofree char *task = rapport_test_create (fixture->base.store, "task", "{\"title\": \"Gone\"}");

  rapport_undo_queue_delete (queue, "task", task, "Gone");
  g_assert_false (rapport_undo_queue_has (queue, task));
  wait_for_changes (fixture, 2);
  g_assert_false (in_store (fixture, "task", task));
  g_assert_false (rapport_undo_queue_has (queue, task));
}

/* The contacts list goes from one row to none and back through the store's
 * changes. */
static void
test_list_follows (Fixture       *fixture,
                   gconstpointer  data)
{
  RapportUndoQueue *queue = rapport_context_get_undo_queue (fixture->context);
  g_autofree char *contact = rapport_test_create (fixture->base.store, "contact",
                                                  "{\"first_name\": \"Nora\", \"last_name\": \"Listed\"}");
  g_autoptr(RapportRecordListModel) model =
    rapport_record_list_model_new (rapport_context_get_changes (fixture->context), "contact");

  wait_for_n_items (G_LIST_MODEL (model), 1);
  rapport_undo_queue_delete (queue, "contact", contact, "Nora Listed");
  wait_for_n_items (G_LIST_MODEL (model), 0);
  g_signal_emit_by_name (g_ptr_array_index (fixture->toasts, 0), "button-clicked");
  wait_for_n_items (G_LIST_MODEL (model), 1);

  /* A record that is not in the store is not withheld. */
  rapport_store_withhold (fixture->base.store, "contact", "0190f5a4-7b2c-7def-8123-00000000dead");
  g_assert_false (rapport_store_is_withheld (fixture->base.store, "contact",
                                             "0190f5a4-7b2c-7def-8123-00000000dead"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  rapport_test_forbid_blocking_if_asked ();

  g_test_add ("/rapport/undo-queue/undo", Fixture, NULL, set_up, test_undo, tear_down);
  g_test_add ("/rapport/undo-queue/toast-goes", Fixture, NULL, set_up, test_toast_goes, tear_down);
  g_test_add ("/rapport/undo-queue/window-closes", Fixture, NULL, set_up, test_window_closes,
              tear_down);
  g_test_add ("/rapport/undo-queue/book-closes", Fixture, NULL, set_up, test_book_closes, tear_down);
  g_test_add ("/rapport/undo-queue/list-follows", Fixture, NULL, set_up, test_list_follows,
              tear_down);
  g_test_add ("/rapport/undo-queue/no-window", Fixture, "no window", set_up, test_no_window,
              tear_down);

  return g_test_run ();
}
