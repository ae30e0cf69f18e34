/* test-sync-crash.c: crashes on either side lose nothing and duplicate nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rapport-json.h"
#include "rapport-store-sync.h"
#include "rapport-sync-http.h"
#include "sync-test-server.h"

#define N_CONTACTS 300
#define N_CLIENT_KILLS 50
#define N_RESTART_SYNCS 96
#define N_RESTART_CONTACTS 8
#define N_RESTARTS 24

typedef struct
{
  RapportSync *sync;
  gboolean     ok;
} SyncThread;

static gpointer
sync_thread (gpointer data)
{
  SyncThread *run = data;

  run->ok = rapport_sync_run (run->sync, NULL, NULL);
  return NULL;
}

static void
assert_versions (TestClient *reader,
                 GPtrArray  *ids,
                 gint64      version,
                 guint       round)
{
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) record = rapport_store_get (reader->store, "contact",
                                                        g_ptr_array_index (ids, i), &error);
      g_autofree char *title = g_strdup_printf ("Title %u-%u", round, i);

      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (record, "version"), ==, version);
      g_assert_cmpstr (json_object_get_string_member (record, "title"), ==, title);
    }
}

/* The server dies (SIGKILL) while a push is under way and comes back. The
 * client's retry must apply every edit exactly once: an edit applied twice
 * would show as one version too many. */
static void
test_server_killed_during_push (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(TestClient) a = NULL;
  g_autoptr(TestClient) b = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  test_server_add_user (server, "mei", "manager");
  test_server_add_user (server, "tom", "manager");
  test_server_start (server);
  a = test_client_new (server, "a", "mei");
  b = test_client_new (server, "b", "tom");

  for (guint i = 0; i < N_CONTACTS; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"first_name\": \"Person %u\"}", i);

      g_ptr_array_add (ids, test_client_create (a, "contact", json));
    }
  test_client_sync (a);

  for (guint round = 1; round <= 3; round++)
    {
      SyncThread run = { a->sync, FALSE };
      GThread *thread;
      guint delay_ms = g_rand_int_range (rand, 5, 60);

      for (guint i = 0; i < ids->len; i++)
        {
          g_autofree char *json = g_strdup_printf ("{\"title\": \"Title %u-%u\"}", round, i);

          test_client_update (a, "contact", g_ptr_array_index (ids, i), json);
        }

      thread = g_thread_new ("sync", sync_thread, &run);
      g_usleep (delay_ms * 1000);
      test_server_kill (server);
      g_thread_join (thread);
      g_test_message ("round %u: killed after %u ms; the push %s", round, delay_ms,
                      run.ok ? "had finished" : "broke off");

      test_server_start (server);
      test_client_point_at (a, server);
      test_client_point_at (b, server);
      test_client_sync (a);
      g_assert_cmpuint (rapport_store_count_pending (a->store), ==, 0);
      test_client_sync (b);
      assert_versions (b, ids, round + 1, round);
      assert_versions (a, ids, round + 1, round);
    }
}

typedef struct
{
  TestServer *server;
  GRand      *rand;
  gint        done;      /* (atomic) */
  gint64      longest_us;
} Restarter;

static gpointer
restart_thread (gpointer data)
{
  Restarter *restarter = data;

  for (guint i = 0; i < N_RESTARTS; i++)
    {
      gint64 started;

      g_usleep (g_rand_int_range (restarter->rand, 50, 250) * 1000);
      started = g_get_monotonic_time ();
      test_server_restart (restarter->server);
      restarter->longest_us = MAX (restarter->longest_us, g_get_monotonic_time () - started);
    }
  g_atomic_int_set (&restarter->done, 1);
  return NULL;
}

/* The server is killed and started again on the same port, in well under a
 * second, over and over while a client edits and syncs: every sync must
 * still succeed, as the client retries a refused, reset or cut connection,
 * and no edit may be applied twice by a retried push (the versions count
 * the edits). */
static void
test_server_restarts_during_syncs (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(TestClient) a = NULL;
  g_autoptr(TestClient) b = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  Restarter restarter = { server, rand, 0, 0 };
  guint edits[N_RESTART_CONTACTS] = { 0, };
  guint last[N_RESTART_CONTACTS] = { 0, };
  guint failed = 0, round;
  GThread *thread;

  /* A PostgreSQL server's start forks a database backend too: on a loaded
   * machine ~0.3 s, more than this test's shortened retries wait. */
  if (server->pg_name != NULL)
    {
      g_test_skip ("SQLite only: its retries are tuned to a server that starts in a few ms");
      return;
    }
  test_server_add_user (server, "mei", "manager");
  test_server_add_user (server, "tom", "manager");
  test_server_start (server);
  a = test_client_new (server, "a", "mei");
  b = test_client_new (server, "b", "tom");
  /* The engine's own backoff, shortened less than in the other tests: a
   * restart must fit in it, as it does with the default (500 ms). At 100 ms
   * the five tries spanned ~0.75 s, and on a loaded CI machine one sync of
   * 179 met the server down at each, between two restarts 50 ms apart. */
  g_object_set (a->sync, "retry-base-ms", 200, NULL);

  for (guint i = 0; i < N_RESTART_CONTACTS; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"first_name\": \"Restart %u\"}", i);

      g_ptr_array_add (ids, test_client_create (a, "contact", json));
    }
  test_client_sync (a);

  /* At least N_RESTART_SYNCS syncs, and on until the last restart. */
  thread = g_thread_new ("restart", restart_thread, &restarter);
  for (round = 0; round < N_RESTART_SYNCS || !g_atomic_int_get (&restarter.done); round++)
    {
      g_autoptr(GError) error = NULL;
      guint which = round % N_RESTART_CONTACTS;
      g_autofree char *json = g_strdup_printf ("{\"title\": \"Title %u\"}", round);

      test_client_update (a, "contact", g_ptr_array_index (ids, which), json);
      edits[which]++;
      last[which] = round;
      if (!rapport_sync_run (a->sync, NULL, &error))
        {
          g_test_message ("sync %u failed: %s", round, error->message);
          failed++;
        }
    }
  g_thread_join (thread);
  g_test_message ("%u restarts, the longest %" G_GINT64_FORMAT " ms; %u of %u syncs failed",
                  N_RESTARTS, restarter.longest_us / 1000, failed, round);
  g_assert_cmpuint (failed, ==, 0);

  /* Everything arrived, each edit once. */
  test_client_sync (a);
  g_assert_cmpuint (rapport_store_count_pending (a->store), ==, 0);
  g_assert_cmpuint (rapport_store_count_failed (a->store), ==, 0);
  test_client_sync (b);
  for (guint i = 0; i < N_RESTART_CONTACTS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) record = rapport_store_get (b->store, "contact",
                                                        g_ptr_array_index (ids, i), &error);
      g_autofree char *title = g_strdup_printf ("Title %u", last[i]);

      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (record, "title"), ==, title);
      g_assert_cmpint (json_object_get_int_member (record, "version"), ==, 1 + edits[i]);
    }
}

/* The writer child: edits contacts and syncs, forever, printing each
 * committed edit as "<id> <field> <value>" after the store has it, and
 * "try …" just before, so the parent knows which edit may be in flight. */
static int
run_child (const char *db_path,
           const char *token,
           guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStore) store = rapport_store_open (db_path, &error);
  g_autoptr(RapportSync) sync = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint serial = 0;

  if (store == NULL)
    g_error ("%s", error->message);
  sync = rapport_sync_new (store);
  rapport_sync_set_token (sync, token);
  g_object_set (sync, "retry-base-ms", 5, NULL);

  /* Edit what earlier children made too. */
  {
    sqlite3 *db;
    sqlite3_stmt *stmt;

    sqlite3_open (db_path, &db);
    sqlite3_prepare_v2 (db, "SELECT id FROM contacts", -1, &stmt, NULL);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  for (;;)
    {
      g_autofree char *value = g_strdup_printf ("v%08x-%u", seed, serial++);
      g_autofree char *line = NULL;

      if (ids->len < 20 || g_rand_int_range (rand, 0, 10) == 0)
        {
          g_autoptr(JsonObject) fields = json_object_new ();
          g_autoptr(JsonObject) record = NULL;

          json_object_set_string_member (fields, "first_name", value);
          line = g_strdup_printf ("try new first_name %s\n", value);
          write (STDOUT_FILENO, line, strlen (line));
          record = rapport_store_create (store, "contact", fields, &error);
          if (record == NULL)
            g_error ("%s", error->message);
          g_ptr_array_add (ids, g_strdup (json_object_get_string_member (record, "id")));
          g_free (line);
          line = g_strdup_printf ("%s first_name %s\n",
                                  json_object_get_string_member (record, "id"), value);
        }
      else
        {
          const char *id = g_ptr_array_index (ids, g_rand_int_range (rand, 0, ids->len));
          const char *field = g_rand_boolean (rand) ? "title" : "last_name";
          g_autoptr(JsonObject) changes = json_object_new ();
          g_autoptr(JsonObject) record = NULL;

          json_object_set_string_member (changes, field, value);
          line = g_strdup_printf ("try %s %s %s\n", id, field, value);
          write (STDOUT_FILENO, line, strlen (line));
          record = rapport_store_update (store, "contact", id, changes, &error);
          if (record == NULL)
            g_error ("%s", error->message);
          g_free (line);
          line = g_strdup_printf ("%s %s %s\n", id, field, value);
        }
      write (STDOUT_FILENO, line, strlen (line));

      if (g_rand_int_range (rand, 0, 4) == 0)
        rapport_sync_run (sync, NULL, NULL);
    }
  return 0;
}

typedef struct
{
  GHashTable *last;      /* "id field" -> last reported value */
  char       *in_flight; /* "id field value" of an edit that may have committed */
} Reported;

static void
read_child_output (const char *text,
                   Reported   *reported)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit (lines[i], " ", 4);

      if (g_strv_length (words) == 4 && g_str_equal (words[0], "try"))
        {
          g_free (reported->in_flight);
          reported->in_flight = g_strdup_printf ("%s %s %s", words[1], words[2], words[3]);
        }
      else if (g_strv_length (words) == 3)
        {
          g_hash_table_replace (reported->last, g_strdup_printf ("%s %s", words[0], words[1]),
                                g_strdup (words[2]));
          g_clear_pointer (&reported->in_flight, g_free);
        }
    }
}

/* Every record of the changes feed: "entity/id" -> {seq, version, record}. */
static GHashTable *
fetch_feed (TestServer *server,
            const char *token)
{
  g_autoptr(SoupSession) session = rapport_sync_http_session_new (10);
  GHashTable *feed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) json_object_unref);
  g_autofree char *cursor = g_strdup ("0");
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *url = g_strdup_printf ("%s/api/v1/changes?since=%s&limit=1000",
                                              server->url, cursor);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) answer = NULL;
      JsonArray *changes;
      guint retry_after;

      answer = rapport_sync_http_request (session, "GET", url, token, NULL, NULL, NULL,
                                          &retry_after, &error);
      g_assert_no_error (error);
      changes = rapport_json_get_array (json_node_get_object (answer), "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *change = rapport_json_array_get_object (changes, i);

          g_hash_table_replace (feed, g_strdup_printf ("%s/%s",
                                                       json_object_get_string_member (change, "entity"),
                                                       json_object_get_string_member (change, "id")),
                                json_object_ref (change));
        }
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (json_node_get_object (answer), "cursor"));
      more = json_object_get_boolean_member (json_node_get_object (answer), "more");
    }
  return feed;
}

static gboolean
in_flight_matches (Reported   *reported,
                   const char *id,
                   const char *field,
                   const char *value)
{
  g_autofree char *key = NULL;

  if (reported->in_flight == NULL)
    return FALSE;
  key = g_strdup_printf ("%s %s %s", id, field, value);
  if (g_str_equal (reported->in_flight, key))
    return TRUE;
  /* A creation in flight has no id yet. */
  key = g_strdup_printf ("new %s %s", field, value);
  return g_str_equal (reported->in_flight, key);
}

static void
check_after_kill (const char *db_path,
                  TestServer *server,
                  const char *token,
                  Reported   *reported)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GHashTable) feed = NULL;
  g_autofree char *cursor = NULL;
  GHashTableIter iter;
  gpointer key, value;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 cursor_seq;

  /* The file is intact. */
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  store = rapport_store_open (db_path, &error);
  g_assert_no_error (error);

  /* The cursor is never ahead of the data: every record the feed had
   * delivered up to the cursor is here in that version. */
  feed = fetch_feed (server, token);
  cursor = rapport_store_get_state (store, "cursor");
  cursor_seq = cursor ? g_ascii_strtoll (cursor, NULL, 10) : 0;
  g_hash_table_iter_init (&iter, feed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *change = value;
      JsonObject *record = rapport_json_get_object (change, "record");
      g_autoptr(JsonObject) local = NULL;

      if (json_object_get_int_member (change, "seq") > cursor_seq || record == NULL)
        continue;
      if (!g_str_equal (json_object_get_string_member (change, "entity"), "contact"))
        continue;
      local = rapport_store_get (store, "contact", json_object_get_string_member (change, "id"),
                                 &error);
      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (local, "version"), >=,
                       json_object_get_int_member (record, "version"));
    }

  /* Every edit reported as committed is still what the user sees, and is
   * either waiting in the outbox or already on the server. */
  g_hash_table_iter_init (&iter, reported->last);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto(GStrv) id_field = g_strsplit (key, " ", 2);
      g_autoptr(JsonObject) local = rapport_store_get (store, "contact", id_field[0], &error);
      const char *shown;

      g_assert_no_error (error);
      shown = json_object_get_string_member_with_default (local, id_field[1], "");
      if (g_str_equal (shown, value))
        continue;
      /* The edit in flight when the child died did commit: from now on it
       * is the one that must never be lost. */
      g_assert_true (in_flight_matches (reported, id_field[0], id_field[1], shown));
      g_hash_table_iter_replace (&iter, g_strdup (shown));
    }
}

static void
test_client_killed_during_sync (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(TestClient) a = NULL;
  g_autoptr(TestClient) other = NULL;
  g_autoptr(JsonObject) me = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GError) error = NULL;
  Reported reported = { g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free), NULL };
  const char *token;
  guint kills_in_sync = 0;

  test_server_add_user (server, "mei", "manager");
  test_server_add_user (server, "tom", "manager");
  test_server_start (server);
  a = test_client_new (server, "a", "mei");
  other = test_client_new (server, "other", "tom");
  me = rapport_sync_login (a->sync, server->url, "mei", TEST_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  token = json_object_get_string_member (me, "token");
  g_clear_pointer (&a->sync, g_object_unref);
  g_clear_object (&a->store);

  for (guint kill = 0; kill < N_CLIENT_KILLS; kill++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autofree char *seed = g_strdup_printf ("%u", g_rand_int (rand));
      g_autoptr(GBytes) output = NULL;
      g_autofree char *text = NULL;
      const char *data;
      gsize length;

      /* Someone else edits too, so every pull has work to do. */
      for (guint i = 0; i < 5; i++)
        {
          g_autofree char *json = g_strdup_printf ("{\"first_name\": \"Other %u-%u\"}", kill, i);
          g_autofree char *id = test_client_create (other, "contact", json);
        }
      test_client_sync (other);

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                &error, "/proc/self/exe", "--child", a->path, token, seed, NULL);
      g_assert_no_error (error);
      g_usleep (g_rand_int_range (rand, 20, 150) * 1000);
      g_subprocess_force_exit (child);
      g_subprocess_communicate (child, NULL, NULL, &output, NULL, &error);
      g_assert_no_error (error);
      g_assert_false (g_subprocess_get_if_exited (child));

      /* A child killed before it printed anything gives an empty output,
       * whose data GBytes may give as NULL. */
      data = g_bytes_get_data (output, &length);
      text = g_strndup (data != NULL ? data : "", length);
      read_child_output (text, &reported);
      kills_in_sync += reported.in_flight == NULL;
      check_after_kill (a->path, server, token, &reported);
    }
  g_test_message ("%u kills, %u edits reported", N_CLIENT_KILLS,
                  g_hash_table_size (reported.last));

  /* Finally a clean sync: the server has the last value of every edit. */
  {
    g_autoptr(RapportStore) store = rapport_store_open (a->path, &error);
    g_autoptr(RapportSync) sync = rapport_sync_new (store);
    GHashTableIter iter;
    gpointer key, value;

    rapport_sync_set_token (sync, token);
    g_assert_true (rapport_sync_run (sync, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (rapport_store_count_pending (store), ==, 0);
    g_assert_cmpuint (rapport_store_count_failed (store), ==, 0);
    test_client_sync (other);

    g_hash_table_iter_init (&iter, reported.last);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_auto(GStrv) id_field = g_strsplit (key, " ", 2);
        g_autoptr(JsonObject) there = rapport_store_get (other->store, "contact", id_field[0],
                                                         &error);
        const char *got;

        g_assert_no_error (error);
        got = json_object_get_string_member_with_default (there, id_field[1], "");
        if (!g_str_equal (got, value))
          g_assert_true (in_flight_matches (&reported, id_field[0], id_field[1], got));
      }
  }

  g_hash_table_unref (reported.last);
  g_free (reported.in_flight);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 5 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], argv[3], (guint32) g_ascii_strtoull (argv[4], NULL, 10));

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/sync/crash/server-killed-during-push", test_server_killed_during_push);
  g_test_add_func ("/rapport/sync/crash/client-killed-during-sync", test_client_killed_during_sync);
  g_test_add_func ("/rapport/sync/crash/server-restarts-during-syncs",
                   test_server_restarts_during_syncs);

  return g_test_run ();
}
