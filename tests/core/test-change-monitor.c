/* test-change-monitor.c: the store's changes, once per burst on the main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-change-monitor.h"
#include "rapport-test-util.h"

/* What "changed" said, in order. */
typedef struct
{
  GPtrArray *entities;  /* (element-type utf8) */
  GPtrArray *ids;       /* (element-type GStrv) */
  GArray    *times;     /* (element-type gint64): monotonic, when emitted */
  guint      companies; /* emissions seen through "changed::company" */
} Seen;

typedef struct
{
  RapportStore *store;
  const char   *entity;
  guint         n;
  GPtrArray    *ids;     /* (element-type utf8): what the worker created */
} Writes;

static void
seen_init (Seen *seen)
{
  seen->entities = g_ptr_array_new_with_free_func (g_free);
  seen->ids = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  seen->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  seen->companies = 0;
}

static void
seen_clear (Seen *seen)
{
  g_ptr_array_unref (seen->entities);
  g_ptr_array_unref (seen->ids);
  g_array_unref (seen->times);
}

static void
changed_cb (RapportChangeMonitor *monitor,
            const char           *entity,
            const char * const   *ids,
            Seen                 *seen)
{
  gint64 now = g_get_monotonic_time ();

  /* Only ever on the main context, the test's thread. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_ptr_array_add (seen->entities, g_strdup (entity));
  g_ptr_array_add (seen->ids, g_strdupv ((char **) ids));
  g_array_append_val (seen->times, now);
}

static void
company_changed_cb (RapportChangeMonitor *monitor,
                    const char           *entity,
                    const char * const   *ids,
                    Seen                 *seen)
{
  g_assert_cmpstr (entity, ==, "company");
  seen->companies++;
}

static gpointer
write_thread (gpointer data)
{
  Writes *writes = data;

  for (guint i = 0; i < writes->n; i++)
    {
      if (g_str_equal (writes->entity, "company"))
        g_ptr_array_add (writes->ids,
                         rapport_test_create (writes->store, "company", "{\"name\": \"Firm %u\"}", i));
      else
        g_ptr_array_add (writes->ids,
                         rapport_test_create (writes->store, "contact",
                                              "{\"first_name\": \"Person %u\"}", i));
    }
  return NULL;
}

/* Writes @n records of @entity from a thread of their own, and waits. */
static GPtrArray *
write_from_worker (RapportStore *store,
                   const char   *entity,
                   guint         n)
{
  Writes writes = { store, entity, n, g_ptr_array_new_with_free_func (g_free) };

  g_thread_join (g_thread_new ("writer", write_thread, &writes));
  return writes.ids;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Runs the main context for @ms milliseconds. */
static void
run_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_cb, loop);
  g_main_loop_run (loop);
}

static void
assert_same_ids (GPtrArray          *expected,
                 const char * const *ids)
{
  g_assert_nonnull (ids);
  g_assert_cmpuint (g_strv_length ((char **) ids), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_true (g_strv_contains (ids, g_ptr_array_index (expected, i)));
}

/* Fifty commits from a worker while the main loop is busy are one
 * emission on the main context, with every id once. */
static void
test_burst (RapportTestStore *fixture,
            gconstpointer     data)
{
  g_autoptr(RapportChangeMonitor) monitor = rapport_change_monitor_new (fixture->store, NULL);
  g_autoptr(GPtrArray) ids = NULL;
  Seen seen;

  seen_init (&seen);
  g_signal_connect (monitor, "changed", G_CALLBACK (changed_cb), &seen);
  ids = write_from_worker (fixture->store, "contact", 50);
  g_assert_cmpuint (seen.entities->len, ==, 0);

  run_for (300);
  g_assert_cmpuint (seen.entities->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen.entities, 0), ==, "contact");
  assert_same_ids (ids, g_ptr_array_index (seen.ids, 0));

  /* Nothing more comes of it. */
  run_for (100);
  g_assert_cmpuint (seen.entities->len, ==, 1);
  seen_clear (&seen);
}

/* Contacts and companies in one burst: one emission each, and a handler
 * of "changed::company" hears only the companies. */
static void
test_two_entities (RapportTestStore *fixture,
                   gconstpointer     data)
{
  g_autoptr(RapportChangeMonitor) monitor = rapport_change_monitor_new (fixture->store, NULL);
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) companies = NULL;
  Seen seen;

  seen_init (&seen);
  g_signal_connect (monitor, "changed", G_CALLBACK (changed_cb), &seen);
  g_signal_connect (monitor, "changed::company", G_CALLBACK (company_changed_cb), &seen);
  contacts = write_from_worker (fixture->store, "contact", 3);
  companies = write_from_worker (fixture->store, "company", 2);

  run_for (300);
  g_assert_cmpuint (seen.entities->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen.entities, 0), ==, "contact");
  assert_same_ids (contacts, g_ptr_array_index (seen.ids, 0));
  g_assert_cmpstr (g_ptr_array_index (seen.entities, 1), ==, "company");
  assert_same_ids (companies, g_ptr_array_index (seen.ids, 1));
  g_assert_cmpuint (seen.companies, ==, 1);
  seen_clear (&seen);
}

/* A change a view makes known (a record hidden while Undo is offered)
 * comes the same way, and an id told twice comes once. */
static void
test_added (RapportTestStore *fixture,
            gconstpointer     data)
{
  g_autoptr(RapportChangeMonitor) monitor = rapport_change_monitor_new (fixture->store, NULL);
  const char *ids[] = { "0190f5a4-7b2c-7def-8123-000000000001", NULL };
  const char * const *got;
  Seen seen;

  seen_init (&seen);
  g_signal_connect (monitor, "changed", G_CALLBACK (changed_cb), &seen);
  rapport_change_monitor_add (monitor, "task", ids);
  rapport_change_monitor_add (monitor, "task", ids);
  rapport_change_monitor_add (monitor, "activity", NULL);
  run_for (200);
  g_assert_cmpuint (seen.entities->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen.entities, 0), ==, "task");
  got = g_ptr_array_index (seen.ids, 0);
  g_assert_cmpuint (g_strv_length ((char **) got), ==, 1);
  g_assert_true (rapport_change_monitor_has_id (got, ids[0]));
  g_assert_cmpstr (g_ptr_array_index (seen.entities, 1), ==, "activity");
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (seen.ids, 1)), ==, 0);
  seen_clear (&seen);
}

/* Once the monitor is gone, what it had collected is never emitted, and
 * later commits reach nobody. */
static void
test_gone (RapportTestStore *fixture,
           gconstpointer     data)
{
  RapportChangeMonitor *monitor = rapport_change_monitor_new (fixture->store, NULL);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  Seen seen;

  seen_init (&seen);
  g_signal_connect (monitor, "changed", G_CALLBACK (changed_cb), &seen);
  g_object_add_weak_pointer (G_OBJECT (monitor), (gpointer *) &monitor);
  before = write_from_worker (fixture->store, "contact", 5);
  g_object_unref (monitor);
  g_assert_null (monitor);

  after = write_from_worker (fixture->store, "contact", 5);
  run_for (300);
  g_assert_cmpuint (seen.entities->len, ==, 0);
  seen_clear (&seen);
}

typedef struct
{
  RapportChangeMonitor *monitor;
  gint64                until_us;
  guint                 n;
} Stream;

static gpointer
stream_thread (gpointer data)
{
  Stream *stream = data;

  while (g_get_monotonic_time () < stream->until_us)
    {
      g_autofree char *id = g_strdup_printf ("0190f5a4-7b2c-7def-8123-%012u", stream->n++);
      const char *ids[] = { id, NULL };

      rapport_change_monitor_add (stream->monitor, "contact", ids);
      g_usleep (2000);
    }
  return NULL;
}

/* Changes that never pause for a second and a half (a long sync) are
 * still shown as they go, at most a quarter of a second apart, and are
 * not told one by one. */
static void
test_stream (RapportTestStore *fixture,
             gconstpointer     data)
{
  g_autoptr(RapportChangeMonitor) monitor = rapport_change_monitor_new (fixture->store, NULL);
  Stream stream = { monitor, g_get_monotonic_time () + 1500 * G_TIME_SPAN_MILLISECOND, 0 };
  GThread *thread;
  guint n_ids = 0;
  Seen seen;

  seen_init (&seen);
  g_signal_connect (monitor, "changed", G_CALLBACK (changed_cb), &seen);
  thread = g_thread_new ("stream", stream_thread, &stream);
  run_for (1500);
  g_thread_join (thread);
  run_for (300);

  g_test_message ("%u changes, %u emissions", stream.n, seen.entities->len);
  /* Every 250 ms over 1.5 s: about six; a busy machine adds a few. */
  g_assert_cmpuint (seen.entities->len, >=, 5);
  g_assert_cmpuint (seen.entities->len, <, stream.n / 4);
  for (guint i = 1; i + 1 < seen.times->len; i++)
    {
      gint64 gap = g_array_index (seen.times, gint64, i) - g_array_index (seen.times, gint64, i - 1);

      /* 250 ms, and a margin for a loaded machine. */
      g_assert_cmpint (gap, <=, 450 * G_TIME_SPAN_MILLISECOND);
    }
  for (guint i = 0; i < seen.ids->len; i++)
    n_ids += g_strv_length (g_ptr_array_index (seen.ids, i));
  g_assert_cmpuint (n_ids, ==, stream.n);
  seen_clear (&seen);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rapport/change-monitor/burst", RapportTestStore, NULL,
              rapport_test_store_set_up, test_burst, rapport_test_store_tear_down);
  g_test_add ("/rapport/change-monitor/two-entities", RapportTestStore, NULL,
              rapport_test_store_set_up, test_two_entities, rapport_test_store_tear_down);
  g_test_add ("/rapport/change-monitor/added", RapportTestStore, NULL,
              rapport_test_store_set_up, test_added, rapport_test_store_tear_down);
  g_test_add ("/rapport/change-monitor/gone", RapportTestStore, NULL,
              rapport_test_store_set_up, test_gone, rapport_test_store_tear_down);
  g_test_add ("/rapport/change-monitor/stream", RapportTestStore, NULL,
              rapport_test_store_set_up, test_stream, rapport_test_store_tear_down);
  return g_test_run ();
}
