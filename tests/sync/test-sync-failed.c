/* test-sync-failed.c: a change the server refused, sent again or discarded
 *
 * A rep edits, deletes or restores a manager's record; the real server
 * refuses it. Sending it again goes through once the rep may; discarding it
 * puts the record back as the server has it, even when the server changed
 * it after the refusal and the feed has nothing new to say about it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rapport-store-failed.h"
#include "rapport-store-private.h"
#include "rapport-store-sync.h"
#include "sync-test-server.h"

typedef struct
{
  TestServer *server;
  TestClient *manager;
  TestClient *rep;
  char       *manager_id;
  char       *rep_id;
  char       *contact;   /* the manager's contact, known to both */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *json = NULL;

  fixture->server = test_server_new ();
  test_server_add_user (fixture->server, "mei", "manager");
  test_server_add_user (fixture->server, "rick", "rep");
  test_server_start (fixture->server);
  fixture->manager = test_client_new (fixture->server, "manager", "mei");
  fixture->rep = test_client_new (fixture->server, "rep", "rick");
  fixture->manager_id = rapport_store_get_state (fixture->manager->store, "user_id");
  fixture->rep_id = rapport_store_get_state (fixture->rep->store, "user_id");
  g_assert_nonnull (fixture->manager_id);
  g_assert_nonnull (fixture->rep_id);

  json = g_strdup_printf ("{\"first_name\": \"丽\", \"last_name\": \"陈\", \"title\": \"Buyer\","
                          " \"owner_id\": \"%s\"}", fixture->manager_id);
  fixture->contact = test_client_create (fixture->manager, "contact", json);
  test_client_sync (fixture->manager);
  test_client_sync (fixture->rep);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->manager, test_client_free);
  g_clear_pointer (&fixture->rep, test_client_free);
  g_clear_pointer (&fixture->server, test_server_free);
  g_free (fixture->manager_id);
  g_free (fixture->rep_id);
  g_free (fixture->contact);
}

static char *
field (TestClient *client,
       const char *id,
       const char *name)
{
  g_autoptr(JsonObject) record = rapport_store_get (client->store, "contact", id, NULL);

  if (record == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (record, name, NULL));
}

/* Syncs @client, which must end with exactly one refused change, and
 * returns its op_id. */
static char *
sync_to_one_failed (TestClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) failed = NULL;

  test_client_sync (client);
  g_assert_cmpint (rapport_sync_get_state (client->sync), ==, RAPPORT_SYNC_STATE_ERROR);
  failed = rapport_store_list_failed (client->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (failed->len, ==, 1);
  g_assert_cmpuint (rapport_store_count_pending (client->store), ==, 0);
  g_test_message ("Refused: %s", json_object_get_string_member (g_ptr_array_index (failed, 0), "error"));
  return g_strdup (json_object_get_string_member (g_ptr_array_index (failed, 0), "op_id"));
}

static void
assert_settled (TestClient *client)
{
  g_assert_cmpuint (rapport_store_count_failed (client->store), ==, 0);
  g_assert_cmpuint (rapport_store_count_pending (client->store), ==, 0);
  g_assert_cmpint (rapport_sync_get_state (client->sync), ==, RAPPORT_SYNC_STATE_IDLE);
}

/* The refused edit is discarded after the manager changed the same field:
 * the rep sees the manager's value, which only the server can tell. */
static void
test_discard_update (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *op_id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;
  g_auto(GStrv) refetch = NULL;
  g_autoptr(GError) error = NULL;

  test_client_update (fixture->rep, "contact", fixture->contact, "{\"title\": \"Rep's title\"}");
  op_id = sync_to_one_failed (fixture->rep);
  /* Until the user decides, what they typed is what they see. */
  title = field (fixture->rep, fixture->contact, "title");
  g_assert_cmpstr (title, ==, "Rep's title");

  test_client_update (fixture->manager, "contact", fixture->contact,
                      "{\"title\": \"Head of purchasing\"}");
  test_client_sync (fixture->manager);
  test_client_sync (fixture->rep);
  g_assert_cmpuint (rapport_store_count_failed (fixture->rep->store), ==, 1);

  g_assert_true (rapport_store_discard_failed (fixture->rep->store, op_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_store_count_failed (fixture->rep->store), ==, 0);
  /* Discarded once: a second time there is nothing to discard. */
  g_assert_false (rapport_store_discard_failed (fixture->rep->store, op_id, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);

  test_client_sync (fixture->rep);
  assert_settled (fixture->rep);
  shown = field (fixture->rep, fixture->contact, "title");
  g_assert_cmpstr (shown, ==, "Head of purchasing");
  refetch = rapport_store_list_refetch (fixture->rep->store);
  g_assert_cmpuint (g_strv_length (refetch), ==, 0);
}

/* The manager hands the record to the rep; the refused edit, sent again,
 * goes through, and the manager receives it. */
static void
test_retry_after_permission (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *op_id = NULL;
  g_autofree char *json = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GError) error = NULL;

  test_client_update (fixture->rep, "contact", fixture->contact, "{\"title\": \"Rep's title\"}");
  op_id = sync_to_one_failed (fixture->rep);

  /* Sent again as it is, it meets the same refusal. */
  g_assert_true (rapport_store_retry_failed (fixture->rep->store, op_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_store_count_pending (fixture->rep->store), ==, 1);
  g_free (op_id);
  op_id = sync_to_one_failed (fixture->rep);

  json = g_strdup_printf ("{\"owner_id\": \"%s\"}", fixture->rep_id);
  test_client_update (fixture->manager, "contact", fixture->contact, json);
  test_client_sync (fixture->manager);

  g_assert_true (rapport_store_retry_failed (fixture->rep->store, op_id, &error));
  g_assert_no_error (error);
  test_client_sync (fixture->rep);
  assert_settled (fixture->rep);

  test_client_sync (fixture->manager);
  title = field (fixture->manager, fixture->contact, "title");
  g_assert_cmpstr (title, ==, "Rep's title");
}

/* A refused deletion, discarded: the record is back at once, and after the
 * sync exactly as the server has it. */
static void
test_discard_delete (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *op_id = NULL;
  g_autofree char *name = NULL;
  g_autoptr(JsonObject) mine = NULL;
  g_autoptr(JsonObject) theirs = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_delete (fixture->rep->store, "contact", fixture->contact, &error));
  g_assert_no_error (error);
  op_id = sync_to_one_failed (fixture->rep);
  g_assert_null (rapport_store_get (fixture->rep->store, "contact", fixture->contact, NULL));

  g_assert_true (rapport_store_discard_failed (fixture->rep->store, op_id, &error));
  g_assert_no_error (error);
  name = field (fixture->rep, fixture->contact, "first_name");
  g_assert_cmpstr (name, ==, "丽");

  test_client_sync (fixture->rep);
  assert_settled (fixture->rep);
  mine = rapport_store_get (fixture->rep->store, "contact", fixture->contact, &error);
  g_assert_no_error (error);
  theirs = rapport_store_get (fixture->manager->store, "contact", fixture->contact, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_equal (mine, theirs));
}

/* The manager deletes the record while the rep edits it; the rep restores
 * it, which the server refuses (it was not the rep's). Discarding the
 * restore leaves it deleted, here as on the server. */
static void
test_discard_create (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *op_id = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_delete (fixture->manager->store, "contact", fixture->contact, &error));
  g_assert_no_error (error);
  test_client_sync (fixture->manager);
  test_client_update (fixture->rep, "contact", fixture->contact, "{\"title\": \"Rep's title\"}");
  test_client_sync (fixture->rep);
  conflicts = rapport_store_list_conflicts (fixture->rep->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_true (rapport_store_resolve_conflict_keep (fixture->rep->store,
                                                      json_object_get_string_member (g_ptr_array_index (conflicts, 0), "id"),
                                                      RAPPORT_KEEP_MINE, &error));
  g_assert_no_error (error);
  op_id = sync_to_one_failed (fixture->rep);
  g_assert_nonnull (rapport_store_get (fixture->rep->store, "contact", fixture->contact, NULL));

  g_assert_true (rapport_store_discard_failed (fixture->rep->store, op_id, &error));
  g_assert_no_error (error);
  g_assert_null (rapport_store_get (fixture->rep->store, "contact", fixture->contact, NULL));
  test_client_sync (fixture->rep);
  assert_settled (fixture->rep);
  g_assert_null (rapport_store_get (fixture->rep->store, "contact", fixture->contact, NULL));
}

static void
count_changed_cb (RapportStore       *store,
                  const char         *entity,
                  const char * const *ids,
                  guint              *count)
{
  (*count)++;
}

/* An edit whose stored changes were cut short cannot be sent again, only
 * discarded; discarding it tells the user's view of the record. */
static void
test_damaged_only_discarded (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *op_id = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  guint changed = 0;

  test_client_update (fixture->rep, "contact", fixture->contact, "{\"title\": \"Edited\"}");
  g_assert_cmpint (sqlite3_open (fixture->rep->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE outbox SET changes = substr (changes, 1, 9)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  op_id = sync_to_one_failed (fixture->rep);
  failed = rapport_store_list_failed (fixture->rep->store, &error);
  g_assert_true (json_object_get_boolean_member (g_ptr_array_index (failed, 0), "damaged"));

  g_signal_connect (fixture->rep->store, "changed", G_CALLBACK (count_changed_cb), &changed);
  g_assert_false (rapport_store_retry_failed (fixture->rep->store, op_id, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_cmpuint (rapport_store_count_failed (fixture->rep->store), ==, 1);
  g_assert_cmpuint (changed, ==, 0);

  g_assert_true (rapport_store_discard_failed (fixture->rep->store, op_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);
  test_client_sync (fixture->rep);
  assert_settled (fixture->rep);
  title = field (fixture->rep, fixture->contact, "title");
  g_assert_cmpstr (title, ==, "Buyer");
}

/* Where the store announced its commits: on its writer thread or not. */
typedef struct
{
  guint on_writer;
  guint elsewhere;
} Announced;

static void
announced_cb (RapportStore       *store,
              const char         *entity,
              const char * const *ids,
              Announced          *announced)
{
  if (rapport_store_writer_is_current (rapport_store_get_writer (store)))
    g_atomic_int_inc (&announced->on_writer);
  else
    g_atomic_int_inc (&announced->elsewhere);
}

/* The sync engine's own writes (a pulled page, the push results with an
 * acknowledged create and a kept conflict, a refusal) and the user's
 * settlement of a conflict and of a failed change are all written by the
 * store's writer thread, the only owner of the write connection: each
 * commit is announced there, never on the thread that asked for it. */
static void
test_written_by_the_writer (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *own = NULL;
  g_autofree char *op_id = NULL;
  g_autoptr(GError) error = NULL;
  Announced announced = { 0 };

  g_assert_true (rapport_store_delete (fixture->manager->store, "contact", fixture->contact, &error));
  g_assert_no_error (error);
  test_client_sync (fixture->manager);

  g_signal_connect (fixture->rep->store, "changed", G_CALLBACK (announced_cb), &announced);
  own = test_client_create (fixture->rep, "contact", "{\"first_name\": \"Rick's own\"}");
  test_client_update (fixture->rep, "contact", fixture->contact, "{\"title\": \"Rep's title\"}");
  test_client_sync (fixture->rep);
  conflicts = rapport_store_list_conflicts (fixture->rep->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_true (rapport_store_resolve_conflict_keep (fixture->rep->store,
                                                      json_object_get_string_member (g_ptr_array_index (conflicts, 0), "id"),
                                                      RAPPORT_KEEP_MINE, &error));
  g_assert_no_error (error);
  op_id = sync_to_one_failed (fixture->rep);
  g_assert_true (rapport_store_retry_failed (fixture->rep->store, op_id, &error));
  g_assert_no_error (error);
  g_free (op_id);
  op_id = sync_to_one_failed (fixture->rep);
  g_assert_true (rapport_store_discard_failed (fixture->rep->store, op_id, &error));
  g_assert_no_error (error);
  g_signal_handlers_disconnect_by_data (fixture->rep->store, &announced);

  g_assert_cmpuint (g_atomic_int_get (&announced.elsewhere), ==, 0);
  /* Create, update, the push's results twice, the settlement, the retry
   * and the discard at least. */
  g_assert_cmpuint (g_atomic_int_get (&announced.on_writer), >=, 7);
  g_assert_nonnull (rapport_store_get (fixture->rep->store, "contact", own, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sync/failed/discard-update", test_discard_update);
  ADD ("/sync/failed/retry-after-permission", test_retry_after_permission);
  ADD ("/sync/failed/written-by-the-writer", test_written_by_the_writer);
  ADD ("/sync/failed/discard-delete", test_discard_delete);
  ADD ("/sync/failed/discard-create", test_discard_create);
  ADD ("/sync/failed/damaged-only-discarded", test_damaged_only_discarded);

#undef ADD
  return g_test_run ();
}
