/* test-sync-identity.c: a client meets a restored server, or another one
 *
 * The two stories of issue 11, point 13, with real servers over loopback:
 * a server restored from a backup loses what it acknowledged after the
 * backup, and a fresh server answers at the address a client knew. Every
 * record must arrive on both sides, and nothing may land in a stranger
 * before the user agrees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "rapport-store-sync.h"
#include "sync-test-server.h"

static gint64
count (TestClient *client,
       const char *entity)
{
  g_autoptr(GError) error = NULL;
  gint64 n = rapport_store_count (client->store, entity, &error);

  g_assert_no_error (error);
  return n;
}

static void
assert_replicas_equal (TestClient *a,
                       TestClient *b,
                       const char *entity)
{
  g_autofree char *left = test_client_dump (a, entity);
  g_autofree char *right = test_client_dump (b, entity);

  g_assert_cmpstr (left, ==, right);
}

static char *
title_of (TestClient *client,
          const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = rapport_store_get (client->store, "contact", id, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member_with_default (record, "title", NULL));
}

/* A consistent copy of the running server's database, as the README's
 * sqlite3 .backup makes it. */
static char *
back_up (TestServer *server)
{
  char *path = g_build_filename (server->dir, "backup.db", NULL);
  sqlite3 *source = NULL, *target = NULL;
  sqlite3_backup *copy;

  g_assert_cmpint (sqlite3_open (server->database, &source), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_open (path, &target), ==, SQLITE_OK);
  copy = sqlite3_backup_init (target, "main", source, "main");
  g_assert_nonnull (copy);
  g_assert_cmpint (sqlite3_backup_step (copy, -1), ==, SQLITE_DONE);
  sqlite3_backup_finish (copy);
  sqlite3_close (source);
  sqlite3_close (target);
  return path;
}

static void
restore (TestServer *server,
         const char *backup)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              g_getenv ("RAPPORT_SERVER"), "restore", backup,
                              "--database", server->database, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

static char **
create_contacts (TestClient *client,
                 const char *prefix,
                 guint       n)
{
  char **ids = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"first_name\": \"%s %u\"}", prefix, i);

      ids[i] = test_client_create (client, "contact", json);
    }
  return ids;
}

/* A is the one who loses: 20 acknowledged writes after the backup, one
 * more offline. B writes 10 records into the restored server, under cursor
 * numbers A has passed already. */
static void
test_restored_backup (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(TestClient) a = NULL;
  g_autoptr(TestClient) b = NULL;
  g_autoptr(TestClient) c = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  g_auto(GStrv) offline = NULL;
  g_auto(GStrv) from_b = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *edited = NULL;

  test_server_add_user (server, "mei", "manager");
  test_server_add_user (server, "tom", "manager");
  test_server_start (server);
  a = test_client_new (server, "a", "mei");
  b = test_client_new (server, "b", "tom");

  before = create_contacts (a, "Before", 30);
  test_client_sync (a);
  test_client_sync (b);
  backup = back_up (server);

  after = create_contacts (a, "After", 15);
  for (guint i = 0; i < 5; i++)
    test_client_update (a, "contact", before[i], "{\"title\": \"Edited after the backup\"}");
  test_client_sync (a);
  g_assert_cmpuint (rapport_sync_get_pending (a->sync), ==, 0);
  offline = create_contacts (a, "Offline", 1);

  test_server_stop (server);
  restore (server, backup);
  test_server_start (server);
  test_client_point_at (a, server);
  test_client_point_at (b, server);

  /* B meets the restored server first and writes into it. */
  from_b = create_contacts (b, "From B", 10);
  test_client_sync (b);
  g_assert_nonnull (rapport_sync_get_notice (b->sync));
  g_assert_cmpint (count (b, "contact"), ==, 40);

  test_client_sync (a);
  g_assert_nonnull (rapport_sync_get_notice (a->sync));
  g_assert_nonnull (strstr (rapport_sync_get_notice (a->sync), "restored from a backup"));
  g_assert_nonnull (strstr (rapport_sync_get_notice (a->sync), "20 records"));
  g_assert_cmpuint (rapport_sync_get_pending (a->sync), ==, 0);
  g_assert_cmpuint (rapport_sync_get_conflicts (a->sync), ==, 0);

  /* Every record on both sides, and on a client that starts afresh. */
  c = test_client_new (server, "c", "tom");
  test_client_sync (b);
  test_client_sync (c);
  g_assert_cmpint (count (a, "contact"), ==, 30 + 15 + 1 + 10);
  assert_replicas_equal (a, b, "contact");
  assert_replicas_equal (a, c, "contact");
  edited = title_of (c, before[0]);
  g_assert_cmpstr (edited, ==, "Edited after the backup");

  /* The next run is an ordinary one. */
  test_client_sync (a);
  g_assert_null (rapport_sync_get_notice (a->sync));
}

/* The client's edit of a record the server holds at an older version is
 * kept, with the edits the server lost, and no conflict is made up. */
static void
test_restored_with_pending_edit (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autoptr(TestClient) a = NULL;
  g_autoptr(TestClient) b = NULL;
  g_autofree char *id = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;

  test_server_add_user (server, "mei", "manager");
  test_server_start (server);
  a = test_client_new (server, "a", "mei");
  id = test_client_create (a, "contact", "{\"first_name\": \"Ada\", \"title\": \"Buyer\"}");
  test_client_sync (a);
  backup = back_up (server);
  test_client_update (a, "contact", id, "{\"title\": \"Head buyer\", \"last_name\": \"Lovelace\"}");
  test_client_sync (a);
  test_client_update (a, "contact", id, "{\"title\": \"Director\"}");

  test_server_stop (server);
  restore (server, backup);
  test_server_start (server);
  test_client_point_at (a, server);
  test_client_sync (a);
  g_assert_cmpuint (rapport_sync_get_conflicts (a->sync), ==, 0);
  g_assert_cmpuint (rapport_sync_get_pending (a->sync), ==, 0);

  b = test_client_new (server, "b", "mei");
  test_client_sync (b);
  record = rapport_store_get (b->store, "contact", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (record, "title"), ==, "Director");
  g_assert_cmpstr (json_object_get_string_member (record, "last_name"), ==, "Lovelace");
  assert_replicas_equal (a, b, "contact");
}

/* A fresh server answers where the old one was. Nothing of A's goes to it
 * until A adopts it; then A's book goes, and the new book comes. */
static void
test_fresh_server (void)
{
  g_autoptr(TestServer) old_server = test_server_new ();
  g_autoptr(TestServer) new_server = test_server_new ();
  g_autoptr(TestClient) a = NULL;
  g_autoptr(TestClient) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) me = NULL;
  g_auto(GStrv) mine = NULL;
  g_auto(GStrv) theirs = NULL;
  g_auto(GStrv) offline = NULL;

  test_server_add_user (old_server, "mei", "manager");
  test_server_start (old_server);
  a = test_client_new (old_server, "a", "mei");
  mine = create_contacts (a, "Mine", 5);
  test_client_sync (a);

  test_server_add_user (new_server, "mei", "manager");
  test_server_start (new_server);
  c = test_client_new (new_server, "c", "mei");
  theirs = create_contacts (c, "Theirs", 40);
  test_client_sync (c);

  offline = create_contacts (a, "Offline", 1);
  test_server_stop (old_server);
  me = rapport_sync_login (a->sync, new_server->url, "mei", TEST_PASSWORD, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (rapport_sync_run (a->sync, NULL, &error));
  g_assert_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_OTHER_SERVER);
  g_assert_nonnull (strstr (rapport_sync_get_message (a->sync), "not the one this database"));
  g_clear_error (&error);
  /* Nothing went, nothing came, nothing of A's was lost. */
  test_client_sync (c);
  g_assert_cmpint (count (c, "contact"), ==, 40);
  g_assert_cmpint (count (a, "contact"), ==, 6);
  g_assert_cmpuint (rapport_sync_get_pending (a->sync), ==, 1);
  /* And it stays so on the next try. */
  g_assert_false (rapport_sync_run (a->sync, NULL, &error));
  g_assert_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_OTHER_SERVER);
  g_clear_error (&error);

  rapport_sync_set_adopt_server (a->sync, TRUE);
  test_client_sync (a);
  g_assert_nonnull (strstr (rapport_sync_get_notice (a->sync), "new server"));
  g_assert_cmpuint (rapport_sync_get_pending (a->sync), ==, 0);
  test_client_sync (c);
  g_assert_cmpint (count (a, "contact"), ==, 46);
  assert_replicas_equal (a, c, "contact");

  /* Adopting was for that run only; the server is now A's own. */
  test_client_sync (a);
  g_assert_null (rapport_sync_get_notice (a->sync));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/sync/identity/restored-backup", test_restored_backup);
  g_test_add_func ("/rapport/sync/identity/restored-with-pending-edit",
                   test_restored_with_pending_edit);
  g_test_add_func ("/rapport/sync/identity/fresh-server", test_fresh_server);
  return g_test_run ();
}
