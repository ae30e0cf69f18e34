/* test-store-threads.c: reads never wait for a write; writes run in order
 *
 * A pull holds a write transaction open for a whole page of records; a list
 * shown meanwhile must still get its rows, as they were last committed. The
 * app's saves are queued to the store's writer thread and never block the
 * main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-query.h"
#include "rapport-store-bulk.h"
#include "rapport-store-private.h"
#include "rapport-test-util.h"

/* What a reading thread saw, handed back under the lock. */
typedef struct
{
  RapportStore *store;
  GMutex        lock;
  GCond         cond;
  gboolean      done;
  guint         n_rows;
  char         *first_name;
  char         *got_name;
  char         *searched;
  const char   *id;
} Reading;

static gpointer
read_list (gpointer data)
{
  Reading *reading = data;
  g_autoptr(RapportQuery) query = rapport_query_new ("contact");
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;

  snapshot = rapport_store_snapshot (reading->store, query, &error);
  g_assert_no_error (error);
  rows = rapport_store_fetch (reading->store, snapshot, 0, 50, &error);
  g_assert_no_error (error);
  record = rapport_store_get (reading->store, "contact", reading->id, &error);
  g_assert_no_error (error);
  hits = rapport_store_search (reading->store, "Ada", 10, &error);
  g_assert_no_error (error);

  g_mutex_lock (&reading->lock);
  reading->n_rows = rows->len;
  reading->first_name = g_strdup (json_object_get_string_member (g_ptr_array_index (rows, 0),
                                                                 "first_name"));
  reading->got_name = g_strdup (json_object_get_string_member (record, "first_name"));
  reading->searched = hits->len > 0 ? g_strdup (((RapportSearchHit *) g_ptr_array_index (hits, 0))->title)
                                    : NULL;
  reading->done = TRUE;
  g_cond_signal (&reading->cond);
  g_mutex_unlock (&reading->lock);
  return NULL;
}

/* Holds a pull's transaction open on the writer thread, as a long page
 * does, until a reading thread has read or the bound has passed. */
static gboolean
read_while_writing (RapportStore *store,
                    gpointer      data,
                    GError      **error)
{
  Reading *reading = data;
  g_autoptr(JsonObject) values = rapport_test_parse_object ("{\"first_name\": \"Zed\"}");
  g_autoptr(JsonObject) written = NULL;
  g_autoptr(GThread) thread = NULL;
  gint64 deadline;
  gboolean finished = TRUE;

  g_assert_true (rapport_store_begin (store, error));
  written = rapport_store_create_in_transaction (store, rapport_entity_lookup ("contact"),
                                                 "0190f5a4-7b2c-7def-8123-0000000000ff", values,
                                                 error);
  g_assert_nonnull (written);

  thread = g_thread_new ("reader", read_list, reading);
  /* The bound only turns a hang into a failure: a read that waits for the
   * writer never finishes while the transaction is open. */
  deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;
  g_mutex_lock (&reading->lock);
  while (!reading->done && finished)
    finished = g_cond_wait_until (&reading->cond, &reading->lock, deadline);
  g_mutex_unlock (&reading->lock);

  rapport_store_rollback (store);
  g_thread_join (g_steal_pointer (&thread));
  return finished;
}

/* A page of a list, a record and a search are read while the writer thread
 * holds a write transaction open, and show what was committed before it. */
static void
test_read_during_write (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_autofree char *id = rapport_test_create (store, "contact", "{\"first_name\": \"Ada\"}");
  g_autoptr(GError) error = NULL;
  Reading reading = { .store = store, .id = id };

  g_mutex_init (&reading.lock);
  g_cond_init (&reading.cond);

  g_assert_true (rapport_store_run_write (store, read_while_writing, &reading, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (reading.n_rows, ==, 1);
  g_assert_cmpstr (reading.first_name, ==, "Ada");
  g_assert_cmpstr (reading.got_name, ==, "Ada");
  g_assert_cmpstr (reading.searched, ==, "Ada");

  g_free (reading.first_name);
  g_free (reading.got_name);
  g_free (reading.searched);
  g_cond_clear (&reading.cond);
  g_mutex_clear (&reading.lock);
  g_clear_object (&store);
  rapport_test_remove_dir (dir);
}

/* What a write committed is what the next read sees. */
static void
test_read_after_commit (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_autofree char *id = rapport_test_create (store, "contact", "{\"first_name\": \"Ada\"}");
  g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"first_name\": \"Grace\"}");
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;

  updated = rapport_store_update (store, "contact", id, changes, &error);
  g_assert_no_error (error);
  record = rapport_store_get (store, "contact", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (record, "first_name"), ==, "Grace");
  g_assert_cmpint (rapport_store_count (store, "contact", &error), ==, 1);
  g_clear_object (&store);
  rapport_test_remove_dir (dir);
}

typedef struct
{
  GMainLoop  *loop;
  JsonObject *created;
  JsonObject *updated;
  gboolean    deleted;
  GError     *error;
  guint       pending;
  GMutex      lock;
  GPtrArray  *events;  /* (locked): each ::changed and each finish, with its thread */
} Saving;

static void
add_event (Saving     *saving,
           const char *what)
{
  gboolean main = g_main_context_is_owner (g_main_context_default ());

  g_mutex_lock (&saving->lock);
  g_ptr_array_add (saving->events, g_strdup_printf ("%s on %s", what, main ? "main" : "writer"));
  g_mutex_unlock (&saving->lock);
}

/* Where @event happened among the events, or -1. */
static int
event_index (Saving     *saving,
             const char *event)
{
  guint index;

  return g_ptr_array_find_with_equal_func (saving->events, event, g_str_equal, &index) ? (int) index
                                                                                       : -1;
}

static void
changed_cb (RapportStore *store,
            const char   *entity,
            char        **ids,
            Saving       *saving)
{
  g_autofree char *what = g_strdup_printf ("changed %s", entity);

  add_event (saving, what);
}

static void
done (Saving     *saving,
      const char *what)
{
  add_event (saving, what);
  if (--saving->pending == 0)
    g_main_loop_quit (saving->loop);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  Saving *saving = data;

  saving->created = rapport_store_create_finish (RAPPORT_STORE (object), result, &saving->error);
  g_assert_no_error (saving->error);
  done (saving, "created");
}

static void
updated_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  Saving *saving = data;

  saving->updated = rapport_store_update_finish (RAPPORT_STORE (object), result, &saving->error);
  g_assert_no_error (saving->error);
  done (saving, "updated");
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  Saving *saving = data;

  saving->deleted = rapport_store_delete_finish (RAPPORT_STORE (object), result, &saving->error);
  done (saving, "deleted");
}

/* Saves queued from the main thread run in order on the writer thread; each
 * answers on the main thread after its commit was announced, and the record
 * reads back as saved. */
static void
test_async_writes (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_autofree char *id = rapport_test_create (store, "contact", "{\"first_name\": \"Ada\"}");
  g_autoptr(JsonObject) fields = rapport_test_parse_object ("{\"name\": \"Acme\"}");
  g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"last_name\": \"Lovelace\"}");
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  Saving saving = { .loop = g_main_loop_new (NULL, FALSE), .pending = 3,
                    .events = g_ptr_array_new_with_free_func (g_free) };

  rapport_store_forbid_blocking_on_main_thread ();
  g_signal_connect (store, "changed", G_CALLBACK (changed_cb), &saving);
  rapport_store_create_async (store, "company", fields, NULL, created_cb, &saving);
  /* What the caller does with its object after queueing is not saved. */
  json_object_set_string_member (fields, "name", "Changed after queueing");
  rapport_store_update_async (store, "contact", id, changes, NULL, updated_cb, &saving);
  rapport_store_delete_async (store, "contact", "0190f5a4-7b2c-7def-8123-0000000000aa", NULL,
                              deleted_cb, &saving);
  g_main_loop_run (saving.loop);
  g_signal_handlers_disconnect_by_data (store, &saving);

  /* Announced by the writer after each commit, answered on the main thread
   * after that, in the order queued; a failed delete announces nothing. */
  g_assert_cmpuint (saving.events->len, ==, 5);
  g_assert_cmpint (event_index (&saving, "changed company on writer"), <,
                   event_index (&saving, "created on main"));
  g_assert_cmpint (event_index (&saving, "changed contact on writer"), <,
                   event_index (&saving, "updated on main"));
  g_assert_cmpint (event_index (&saving, "changed company on writer"), >=, 0);
  g_assert_cmpint (event_index (&saving, "changed contact on writer"), >=, 0);
  g_assert_cmpint (event_index (&saving, "created on main"), <,
                   event_index (&saving, "updated on main"));
  g_assert_cmpint (event_index (&saving, "updated on main"), <,
                   event_index (&saving, "deleted on main"));
  g_assert_cmpstr (json_object_get_string_member (saving.created, "name"), ==, "Acme");
  g_assert_cmpstr (json_object_get_string_member (saving.updated, "last_name"), ==, "Lovelace");
  /* A delete of a record that is not there fails, and says why. */
  g_assert_false (saving.deleted);
  g_assert_error (saving.error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);

  record = rapport_store_get (store, "contact", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (record, "last_name"), ==, "Lovelace");

  g_clear_error (&saving.error);
  g_clear_pointer (&saving.created, json_object_unref);
  g_clear_pointer (&saving.updated, json_object_unref);
  g_ptr_array_unref (saving.events);
  g_main_loop_unref (saving.loop);
  g_clear_object (&store);
  rapport_test_remove_dir (dir);
}

/* Once the app forbids it, a write that blocks the main thread is a
 * critical warning, which fails the app's tests. */
static void
test_blocking_write_on_main_thread (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = rapport_test_make_dir ();
      g_autoptr(RapportStore) store = rapport_test_open_store (dir);
      g_autoptr(GMainContext) context = g_main_context_ref (g_main_context_default ());

      rapport_store_forbid_blocking_on_main_thread ();
      g_main_context_acquire (context);
      g_free (rapport_test_create (store, "contact", "{\"first_name\": \"Ada\"}"));
      g_main_context_release (context);
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*blocks the main thread*");
}

/* The same write from another thread (the sync, a worker, rapport-cli)
 * waits for the writer and is no warning. */
static gpointer
write_from_thread (gpointer data)
{
  return rapport_test_create (data, "contact", "{\"first_name\": \"Grace\"}");
}

static void
test_blocking_write_off_main_thread (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;

  rapport_store_forbid_blocking_on_main_thread ();
  id = g_thread_join (g_thread_new ("worker", write_from_thread, store));
  record = rapport_store_get (store, "contact", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (record, "first_name"), ==, "Grace");
  g_clear_object (&store);
  rapport_test_remove_dir (dir);
}

static gint64
count_contacts (RapportStoreConnection *reader)
{
  sqlite3_stmt *stmt = rapport_store_connection_prepare (reader, "SELECT count(*) FROM contacts",
                                                         NULL);
  gint64 count;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

/* A read-only connection handed back in the middle of a read transaction
 * (a read that failed half-way) does not keep its next user on the old
 * snapshot: the next read sees what was committed since. */
static void
test_reader_handed_back_in_transaction (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_autofree char *first = rapport_test_create (store, "contact", "{\"first_name\": \"Ada\"}");
  g_autofree char *second = NULL;
  RapportStoreConnection *reader;

  reader = rapport_store_begin_read (store, NULL);
  g_assert_nonnull (reader);
  g_assert_true (rapport_store_connection_exec (reader, "BEGIN", NULL));
  g_assert_cmpint (count_contacts (reader), ==, 1);
  rapport_store_end_read (store, reader);

  second = rapport_test_create (store, "contact", "{\"first_name\": \"Grace\"}");
  /* The idle connection just handed back is the one taken again. */
  reader = rapport_store_begin_read (store, NULL);
  g_assert_cmpint (count_contacts (reader), ==, 2);
  rapport_store_end_read (store, reader);
  g_clear_object (&store);
  rapport_test_remove_dir (dir);
}

/* The app opens its store on the main thread once it has forbidden
 * blocking writes there: finishing a first sync that was cut short (its
 * indexes) is done by the opening thread itself, before the writer thread
 * starts, with no wait and no warning. */
static void
test_open_on_main_thread (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = rapport_test_make_dir ();
      g_autoptr(RapportStore) store = rapport_test_open_store (dir);
      g_autoptr(GMainContext) context = g_main_context_ref (g_main_context_default ());
      g_autoptr(GError) error = NULL;
      RapportStoreConnection *reader;
      sqlite3_stmt *stmt;

      g_assert_true (rapport_store_begin_bulk_load (store, &error));
      g_assert_no_error (error);
      g_clear_object (&store);

      rapport_store_forbid_blocking_on_main_thread ();
      g_main_context_acquire (context);
      store = rapport_test_open_store (dir);
      g_main_context_release (context);
      /* The deferred indexes were built. */
      reader = rapport_store_begin_read (store, &error);
      g_assert_no_error (error);
      stmt = rapport_store_connection_prepare (reader, "SELECT count(*) FROM deferred_work", &error);
      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
      sqlite3_reset (stmt);
      rapport_store_end_read (store, reader);
      g_clear_object (&store);
      rapport_test_remove_dir (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*CRITICAL*");
}

/* The write connection is the writer thread's alone: a write begun on any
 * other thread is refused with a critical warning, so a write path that
 * forgot to go through the writer fails its tests. */
static void
test_write_off_writer_thread (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = rapport_test_make_dir ();
      g_autoptr(RapportStore) store = rapport_test_open_store (dir);

      rapport_store_begin (store, NULL);
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*on_writer_thread*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/store/readers/read-during-write", test_read_during_write);
  g_test_add_func ("/rapport/store/readers/read-after-commit", test_read_after_commit);
  g_test_add_func ("/rapport/store/readers/handed-back-in-transaction",
                   test_reader_handed_back_in_transaction);
  g_test_add_func ("/rapport/store/writer/async", test_async_writes);
  g_test_add_func ("/rapport/store/writer/blocking-main-thread", test_blocking_write_on_main_thread);
  g_test_add_func ("/rapport/store/writer/blocking-other-thread", test_blocking_write_off_main_thread);
  g_test_add_func ("/rapport/store/writer/write-off-writer-thread", test_write_off_writer_thread);
  g_test_add_func ("/rapport/store/writer/open-on-main-thread", test_open_on_main_thread);

  return g_test_run ();
}
