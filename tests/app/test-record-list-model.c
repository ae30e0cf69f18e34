/* test-record-list-model.c: a list of records follows the store through its change monitor
 *
 * The model's signals are counted, as a list view would see them: a burst
 * of commits from a sync's thread is one items-changed and one
 * notify::n-items; an edited row is re-read in place without one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-record-list-model.h"
#include "rapport-test-util.h"

typedef struct
{
  char                   *dir;
  RapportStore           *store;
  RapportChangeMonitor   *changes;
  RapportRecordListModel *model;
  guint                   items_changed;
  guint                   position, removed, added;  /* of the last items-changed */
  guint                   n_items_notified;
} Fixture;

typedef struct
{
  RapportStore *store;
  guint         n;
  const char   *rename_id;
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

static void
n_items_cb (GObject    *model,
            GParamSpec *pspec,
            Fixture    *fixture)
{
  fixture->n_items_notified++;
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

/* Runs the main loop until the model has its snapshot, at most 10 s. */
static void
wait_loaded (Fixture *fixture)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (10, timed_out_cb, &timed_out);

  while (rapport_record_list_model_get_loading (fixture->model) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (source);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  fixture->dir = rapport_test_make_dir ();
  fixture->store = rapport_test_open_store (fixture->dir);
  fixture->changes = rapport_change_monitor_new (fixture->store, NULL);
  fixture->model = rapport_record_list_model_new (fixture->changes, "contact");
  wait_loaded (fixture);
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (items_changed_cb), fixture);
  g_signal_connect (fixture->model, "notify::n-items", G_CALLBACK (n_items_cb), fixture);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->model), (gpointer *) &fixture->model);
  g_object_unref (fixture->model);
  /* Nothing else holds the model: not the monitor, not a timer. */
  g_assert_null (fixture->model);
  g_clear_object (&fixture->changes);
  rapport_test_close_store (&fixture->store, &fixture->dir);
}

static gpointer
write_thread (gpointer data)
{
  Writes *writes = data;

  for (guint i = 0; i < writes->n; i++)
    g_free (rapport_test_create (writes->store, "contact", "{\"last_name\": \"Person %03u\"}", i));
  if (writes->rename_id != NULL)
    {
      g_autoptr(JsonObject) fields = rapport_test_parse_object ("{\"first_name\": \"Anna\"}");
      g_autoptr(JsonObject) record = NULL;
      g_autoptr(GError) error = NULL;

      record = rapport_store_update (writes->store, "contact", writes->rename_id, fields, &error);
      g_assert_no_error (error);
    }
  return NULL;
}

/* As a sync does: writes from a thread of its own, while the main loop
 * is busy elsewhere. */
static void
write_from_worker (Fixture    *fixture,
                   guint       n,
                   const char *rename_id)
{
  Writes writes = { fixture->store, n, rename_id };

  g_thread_join (g_thread_new ("writer", write_thread, &writes));
}

/* Forty contacts written by another thread come as one items-changed
 * (nothing removed, forty added) and one notify::n-items. */
static void
test_burst (Fixture       *fixture,
            gconstpointer  data)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 0);

  write_from_worker (fixture, 40, NULL);
  run_for (300);
  wait_loaded (fixture);
  run_for (100);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 40);
  g_assert_cmpuint (fixture->items_changed, ==, 1);
  g_assert_cmpuint (fixture->position, ==, 0);
  g_assert_cmpuint (fixture->removed, ==, 0);
  g_assert_cmpuint (fixture->added, ==, 40);
  g_assert_cmpuint (fixture->n_items_notified, ==, 1);
}

/* A contact renamed by another thread is re-read into the item a row is
 * bound to, where it stands: the list itself does not change. */
static void
test_edited (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RapportRecordItem) item = NULL;
  g_autofree char *id = NULL;
  g_autofree char *before = NULL;

  write_from_worker (fixture, 3, NULL);
  run_for (300);
  wait_loaded (fixture);
  item = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);
  g_assert_nonnull (item);
  id = g_strdup (rapport_record_item_get_id (item));
  before = g_strdup (rapport_record_item_get_title (item));
  fixture->items_changed = fixture->n_items_notified = 0;

  write_from_worker (fixture, 0, id);
  run_for (300);
  wait_loaded (fixture);
  run_for (100);

  g_assert_cmpstr (rapport_record_item_get_title (item), !=, before);
  g_assert_nonnull (strstr (rapport_record_item_get_title (item), "Anna"));
  g_assert_cmpuint (fixture->items_changed, ==, 0);
  g_assert_cmpuint (fixture->n_items_notified, ==, 0);
}

typedef struct
{
  RapportStore *store;
  gint64        until_us;
  guint         n;
  gboolean      done;  /* atomic */
} Stream;

static gpointer
stream_thread (gpointer data)
{
  Stream *stream = data;

  while (g_get_monotonic_time () < stream->until_us)
    g_free (rapport_test_create (stream->store, "contact", "{\"last_name\": \"Streamed %05u\"}",
                                 stream->n++));
  g_atomic_int_set (&stream->done, TRUE);
  return NULL;
}

static void
count_growth_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 GHashTable *sizes)
{
  g_hash_table_add (sizes, GUINT_TO_POINTER (g_list_model_get_n_items (model)));
}

/* Contacts written for a second and a half without a pause (a long first
 * sync) show up as they come, not only at the end, and all of them. */
static void
test_stream (Fixture       *fixture,
             gconstpointer  data)
{
  Stream stream = { fixture->store, g_get_monotonic_time () + 1500 * G_TIME_SPAN_MILLISECOND };
  g_autoptr(GHashTable) sizes = g_hash_table_new (NULL, NULL);
  GThread *thread;

  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (count_growth_cb), sizes);
  thread = g_thread_new ("stream", stream_thread, &stream);
  while (!g_atomic_int_get (&stream.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);
  g_test_message ("%u contacts written, %u sizes shown on the way",
                  stream.n, g_hash_table_size (sizes));
  /* Sizes seen while the writer was still at it. */
  g_assert_cmpuint (g_hash_table_size (sizes), >=, 3);

  run_for (300);
  wait_loaded (fixture);
  run_for (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, stream.n);
}

typedef struct
{
  RapportStore *store;
  const char   *entity;
  const char   *id;     /* (nullable): the record to update, else one is created */
  const char   *json;
  char         *made;   /* (owned): the id created */
} Write;

static gpointer
one_write_thread (gpointer data)
{
  Write *write = data;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;

  if (write->id == NULL)
    {
      write->made = rapport_test_create (write->store, write->entity, "%s", write->json);
      return NULL;
    }
  fields = rapport_test_parse_object (write->json);
  record = rapport_store_update (write->store, write->entity, write->id, fields, &error);
  g_assert_no_error (error);
  return NULL;
}

/* Creates (@id %NULL) or updates one record from a worker, as a sync does;
 * returns the id created. */
static char *
write_one (Fixture    *fixture,
           const char *entity,
           const char *id,
           const char *json)
{
  Write write = { fixture->store, entity, id, json, NULL };

  g_thread_join (g_thread_new ("writer", one_write_thread, &write));
  return write.made;
}

/* Customers at a retailer: a contact enters the list when it becomes a
 * customer, and leaves it when its company turns to another trade (a
 * change to another type's record), each as one items-changed of one
 * row; the others are never shown. */
static void
test_filter (Fixture       *fixture,
             gconstpointer  data)
{
  const char *filter = "{\"all\": [{\"field\": \"lifecycle\", \"op\": \"=\", "
                       "\"value\": \"customer\"}, {\"field\": \"company.industry\", "
                       "\"op\": \"=\", \"value\": \"Retail\"}]}";
  g_autofree char *shop = write_one (fixture, "company", NULL,
                                     "{\"name\": \"Corner Shop\", \"industry\": \"Retail\"}");
  g_autofree char *anna_json = g_strdup_printf ("{\"last_name\": \"Anna\", \"lifecycle\": "
                                                "\"customer\", \"company_id\": \"%s\"}", shop);
  g_autofree char *bo_json = g_strdup_printf ("{\"last_name\": \"Bo\", \"lifecycle\": \"lead\", "
                                              "\"company_id\": \"%s\"}", shop);
  g_autofree char *anna = write_one (fixture, "contact", NULL, anna_json);
  g_autofree char *bo = write_one (fixture, "contact", NULL, bo_json);
  g_autoptr(RapportRecordItem) item = NULL;
  g_autoptr(GError) error = NULL;

  g_free (write_one (fixture, "contact", NULL, "{\"last_name\": \"Cy\", \"lifecycle\": \"customer\"}"));
  run_for (300);
  wait_loaded (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 3);

  /* A filter of another type, or not a filter, leaves the list alone. */
  g_assert_false (rapport_record_list_model_set_filter_json (
                    fixture->model, "{\"field\": \"industry\", \"op\": \"=\", \"value\": \"x\"}",
                    &error));
  g_assert_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_FIELD);
  g_clear_error (&error);
  g_assert_false (rapport_record_list_model_set_filter_json (fixture->model, "{\"all\": ", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (rapport_record_list_model_is_filtered (fixture->model));

  g_assert_true (rapport_record_list_model_set_filter_json (fixture->model, filter, &error));
  g_assert_no_error (error);
  g_assert_true (rapport_record_list_model_is_filtered (fixture->model));
  wait_loaded (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 1);
  item = g_list_model_get_item (G_LIST_MODEL (fixture->model), 0);
  g_assert_cmpstr (rapport_record_item_get_id (item), ==, anna);
  g_clear_object (&item);

  /* Bo becomes a customer: enters, after Anna by name. */
  fixture->items_changed = fixture->n_items_notified = 0;
  write_one (fixture, "contact", bo, "{\"lifecycle\": \"customer\"}");
  run_for (300);
  wait_loaded (fixture);
  run_for (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 2);
  g_assert_cmpuint (fixture->items_changed, ==, 1);
  g_assert_cmpuint (fixture->position, ==, 1);
  g_assert_cmpuint (fixture->removed, ==, 0);
  g_assert_cmpuint (fixture->added, ==, 1);
  g_assert_cmpuint (fixture->n_items_notified, ==, 1);

  /* The shop turns wholesaler: both leave, in one change. */
  fixture->items_changed = fixture->n_items_notified = 0;
  write_one (fixture, "company", shop, "{\"industry\": \"Wholesale\"}");
  run_for (300);
  wait_loaded (fixture);
  run_for (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 0);
  g_assert_cmpuint (fixture->items_changed, ==, 1);
  g_assert_cmpuint (fixture->removed, ==, 2);
  g_assert_cmpuint (fixture->added, ==, 0);

  /* No filter: every contact again. */
  g_assert_true (rapport_record_list_model_set_filter_json (fixture->model, NULL, NULL));
  wait_loaded (fixture);
  run_for (300);
  g_assert_false (rapport_record_list_model_get_loading (fixture->model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  rapport_test_forbid_blocking_if_asked ();

  g_test_add ("/rapport/record-list-model/burst", Fixture, NULL, set_up, test_burst, tear_down);
  g_test_add ("/rapport/record-list-model/edited", Fixture, NULL, set_up, test_edited, tear_down);
  g_test_add ("/rapport/record-list-model/stream", Fixture, NULL, set_up, test_stream, tear_down);
  g_test_add ("/rapport/record-list-model/filter", Fixture, NULL, set_up, test_filter, tear_down);
  return g_test_run ();
}
