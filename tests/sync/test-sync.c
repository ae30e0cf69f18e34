/* test-sync.c: several clients and a real rapport-server converge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-json.h"
#include "rapport-store-sync.h"
#include "sync-test-server.h"

typedef struct
{
  TestServer *server;
  TestClient *a;
  TestClient *b;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = test_server_new ();
  test_server_add_user (fixture->server, "mei", "manager");
  test_server_add_user (fixture->server, "tom", "manager");
  test_server_start (fixture->server);
  fixture->a = test_client_new (fixture->server, "a", "mei");
  fixture->b = test_client_new (fixture->server, "b", "tom");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->a, test_client_free);
  g_clear_pointer (&fixture->b, test_client_free);
  g_clear_pointer (&fixture->server, test_server_free);
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

static JsonObject *
get (TestClient *client,
     const char *entity,
     const char *id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *record = rapport_store_get (client->store, entity, id, &error);

  g_assert_no_error (error);
  return record;
}

/* The client's one open conflict, asserted to be the only one. */
static JsonObject *
only_conflict (TestClient *client)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = rapport_store_list_conflicts (client->store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  return json_object_ref (g_ptr_array_index (conflicts, 0));
}

static void
settle (TestClient  *client,
        JsonObject  *conflict,
        RapportKeep  keep)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_resolve_conflict_keep (client->store,
                                                      json_object_get_string_member (conflict, "id"),
                                                      keep, &error));
  g_assert_no_error (error);
}

static void
test_create_edit_delete_travel (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) seen = NULL;
  g_autoptr(JsonObject) edited = NULL;
  g_autoptr(GError) error = NULL;

  id = test_client_create (fixture->a, "contact",
                           "{\"last_name\": \"张\", \"first_name\": \"三丰\", \"lifecycle\": \"lead\"}");
  g_assert_cmpuint (rapport_store_count_pending (fixture->a->store), ==, 1);
  test_client_sync (fixture->a);
  g_assert_cmpuint (rapport_store_count_pending (fixture->a->store), ==, 0);

  test_client_sync (fixture->b);
  seen = get (fixture->b, "contact", id);
  g_assert_cmpstr (json_object_get_string_member (seen, "first_name"), ==, "三丰");
  g_assert_cmpint (json_object_get_int_member (seen, "version"), ==, 1);
  assert_replicas_equal (fixture->a, fixture->b, "contact");

  test_client_update (fixture->b, "contact", id, "{\"lifecycle\": \"customer\"}");
  test_client_sync (fixture->b);
  test_client_sync (fixture->a);
  edited = get (fixture->a, "contact", id);
  g_assert_cmpstr (json_object_get_string_member (edited, "lifecycle"), ==, "customer");
  g_assert_cmpint (json_object_get_int_member (edited, "version"), ==, 2);
  assert_replicas_equal (fixture->a, fixture->b, "contact");

  g_assert_true (rapport_store_delete (fixture->a->store, "contact", id, NULL));
  test_client_sync (fixture->a);
  test_client_sync (fixture->b);
  g_assert_null (rapport_store_get (fixture->b->store, "contact", id, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (rapport_store_count (fixture->b->store, "contact", NULL), ==, 0);
}

static void
test_offline_edits_merge (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *id = test_client_create (fixture->a, "deal",
                                            "{\"title\": \"ERP rollout\", \"amount\": 500000,"
                                            " \"currency\": \"EUR\"}");
  g_autoptr(JsonObject) merged = NULL;

  test_client_sync (fixture->a);
  test_client_sync (fixture->b);

  /* Both offline, each edits another field, twice. */
  test_client_update (fixture->a, "deal", id, "{\"amount\": 450000}");
  test_client_update (fixture->a, "deal", id, "{\"amount\": 480000}");
  test_client_update (fixture->b, "deal", id, "{\"expected_close\": \"2027-03-31\"}");

  test_client_sync (fixture->a);
  test_client_sync (fixture->b);
  test_client_sync (fixture->a);

  merged = get (fixture->b, "deal", id);
  g_assert_cmpint (json_object_get_int_member (merged, "amount"), ==, 480000);
  g_assert_cmpstr (json_object_get_string_member (merged, "expected_close"), ==, "2027-03-31");
  g_assert_cmpuint (rapport_store_count_conflicts (fixture->a->store), ==, 0);
  g_assert_cmpuint (rapport_store_count_conflicts (fixture->b->store), ==, 0);
  assert_replicas_equal (fixture->a, fixture->b, "deal");
}

/* Both edit the same field offline; @keep settles it on b. */
static void
test_same_field_conflict (Fixture       *fixture,
                          gconstpointer  data)
{
  RapportKeep keep = GPOINTER_TO_INT (data);
  g_autofree char *id = test_client_create (fixture->a, "company",
                                            "{\"name\": \"Wudang Tea\", \"industry\": \"Food\"}");
  g_autoptr(JsonObject) conflict = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) settled = NULL;
  JsonObject *field;

  test_client_sync (fixture->a);
  test_client_sync (fixture->b);

  test_client_update (fixture->a, "company", id, "{\"name\": \"Wudang Tea Co.\"}");
  test_client_update (fixture->b, "company", id, "{\"name\": \"武当茶业\", \"industry\": \"Tea\"}");
  test_client_sync (fixture->a);
  test_client_sync (fixture->b);

  /* b's name clashed: kept as a conflict, and b still sees its own value. */
  conflict = only_conflict (fixture->b);
  g_assert_cmpstr (json_object_get_string_member (conflict, "kind"), ==, "edit");
  field = json_object_get_object_member (json_object_get_object_member (conflict, "fields"), "name");
  g_assert_cmpstr (json_object_get_string_member (field, "base"), ==, "Wudang Tea");
  g_assert_cmpstr (json_object_get_string_member (field, "mine"), ==, "武当茶业");
  g_assert_cmpstr (json_object_get_string_member (field, "theirs"), ==, "Wudang Tea Co.");
  shown = get (fixture->b, "company", id);
  g_assert_cmpstr (json_object_get_string_member (shown, "name"), ==, "武当茶业");

  settle (fixture->b, conflict, keep);
  g_assert_cmpuint (rapport_store_count_conflicts (fixture->b->store), ==, 0);

  test_client_sync (fixture->b);
  test_client_sync (fixture->a);
  settled = get (fixture->a, "company", id);
  g_assert_cmpstr (json_object_get_string_member (settled, "name"), ==,
                   keep == RAPPORT_KEEP_MINE ? "武当茶业" : "Wudang Tea Co.");
  /* The field that did not clash was merged either way. */
  g_assert_cmpstr (json_object_get_string_member (settled, "industry"), ==, "Tea");
  assert_replicas_equal (fixture->a, fixture->b, "company");
  g_assert_cmpuint (rapport_store_count_pending (fixture->a->store), ==, 0);
  g_assert_cmpuint (rapport_store_count_pending (fixture->b->store), ==, 0);
}

/* a deletes what b edits offline; b restores it with its changes. */
static void
test_edit_versus_delete (Fixture       *fixture,
                         gconstpointer  data)
{
  RapportKeep keep = GPOINTER_TO_INT (data);
  g_autofree char *id = test_client_create (fixture->a, "case",
                                            "{\"subject\": \"Printer offline\", \"priority\": \"low\"}");
  g_autoptr(JsonObject) conflict = NULL;
  g_autoptr(JsonObject) kept = NULL;

  test_client_sync (fixture->a);
  test_client_sync (fixture->b);

  g_assert_true (rapport_store_delete (fixture->a->store, "case", id, NULL));
  test_client_update (fixture->b, "case", id, "{\"priority\": \"urgent\"}");
  test_client_sync (fixture->a);
  test_client_sync (fixture->b);

  conflict = only_conflict (fixture->b);
  g_assert_cmpstr (json_object_get_string_member (conflict, "kind"), ==, "delete");
  g_assert_true (json_object_get_null_member (conflict, "theirs"));
  /* Until settled, b keeps its edited record. */
  kept = get (fixture->b, "case", id);
  g_assert_cmpstr (json_object_get_string_member (kept, "priority"), ==, "urgent");

  settle (fixture->b, conflict, keep);
  test_client_sync (fixture->b);
  test_client_sync (fixture->a);

  if (keep == RAPPORT_KEEP_MINE)
    {
      g_autoptr(JsonObject) restored = get (fixture->a, "case", id);

      g_assert_cmpstr (json_object_get_string_member (restored, "priority"), ==, "urgent");
      g_assert_cmpstr (json_object_get_string_member (restored, "subject"), ==, "Printer offline");
    }
  else
    g_assert_cmpint (rapport_store_count (fixture->b->store, "case", NULL), ==, 0);
  assert_replicas_equal (fixture->a, fixture->b, "case");
}

/* b keeps editing a record the server deleted, and syncs, before settling:
 * still one question, and its answer holds for every edit. */
static void
test_edits_while_deleted (Fixture       *fixture,
                          gconstpointer  data)
{
  RapportKeep keep = GPOINTER_TO_INT (data);
  g_autofree char *id = test_client_create (fixture->a, "contact", "{\"first_name\": \"Lena\"}");
  g_autoptr(JsonObject) conflict = NULL;

  test_client_sync (fixture->a);
  test_client_sync (fixture->b);
  g_assert_true (rapport_store_delete (fixture->a->store, "contact", id, NULL));
  test_client_sync (fixture->a);

  test_client_update (fixture->b, "contact", id, "{\"title\": \"Buyer\"}");
  test_client_sync (fixture->b);
  test_client_update (fixture->b, "contact", id, "{\"last_name\": \"Vogt\"}");
  test_client_sync (fixture->b);
  test_client_update (fixture->b, "contact", id, "{\"title\": \"Head buyer\"}");

  conflict = only_conflict (fixture->b);
  g_assert_nonnull (rapport_json_get_object (rapport_json_get_object (conflict, "fields"), "last_name"));
  settle (fixture->b, conflict, keep);
  test_client_sync (fixture->b);
  test_client_sync (fixture->a);
  test_client_sync (fixture->b);

  g_assert_cmpuint (rapport_store_count_conflicts (fixture->b->store), ==, 0);
  g_assert_cmpuint (rapport_store_count_pending (fixture->b->store), ==, 0);
  if (keep == RAPPORT_KEEP_MINE)
    {
      g_autoptr(JsonObject) restored = get (fixture->a, "contact", id);

      g_assert_cmpstr (json_object_get_string_member (restored, "title"), ==, "Head buyer");
      g_assert_cmpstr (json_object_get_string_member (restored, "last_name"), ==, "Vogt");
    }
  else
    g_assert_cmpint (rapport_store_count (fixture->b->store, "contact", NULL), ==, 0);
  assert_replicas_equal (fixture->a, fixture->b, "contact");
}

/* b types a new value into a field it is being asked about: settling the
 * conflict "mine" sends what b typed last, not what first clashed. */
static void
test_edit_during_conflict (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *id = test_client_create (fixture->a, "contact", "{\"first_name\": \"Ada\"}");
  g_autoptr(JsonObject) conflict = NULL;
  g_autoptr(JsonObject) settled = NULL;

  test_client_sync (fixture->a);
  test_client_sync (fixture->b);
  test_client_update (fixture->a, "contact", id, "{\"title\": \"CFO\"}");
  test_client_update (fixture->b, "contact", id, "{\"title\": \"CTO\"}");
  test_client_sync (fixture->a);
  test_client_sync (fixture->b);
  g_assert_cmpuint (rapport_store_count_conflicts (fixture->b->store), ==, 1);

  test_client_update (fixture->b, "contact", id, "{\"title\": \"Chief Architect\"}");
  test_client_sync (fixture->b);
  conflict = only_conflict (fixture->b);
  settle (fixture->b, conflict, RAPPORT_KEEP_MINE);
  test_client_sync (fixture->b);
  test_client_sync (fixture->a);

  settled = get (fixture->a, "contact", id);
  g_assert_cmpstr (json_object_get_string_member (settled, "title"), ==, "Chief Architect");
  assert_replicas_equal (fixture->a, fixture->b, "contact");
}

/* a deletes, b and a third client both edit; the third restores it. b's
 * question is no longer whether to keep the record, only whose values. */
static void
test_restored_elsewhere (Fixture       *fixture,
                         gconstpointer  data)
{
  RapportKeep keep = GPOINTER_TO_INT (data);
  g_autoptr(TestClient) c = test_client_new (fixture->server, "c", "mei");
  g_autofree char *id = test_client_create (fixture->a, "deal", "{\"title\": \"Boilers\"}");
  g_autoptr(JsonObject) restoring = NULL;
  g_autoptr(JsonObject) conflict = NULL;

  test_client_sync (fixture->a);
  test_client_sync (fixture->b);
  test_client_sync (c);
  g_assert_true (rapport_store_delete (fixture->a->store, "deal", id, NULL));
  test_client_sync (fixture->a);
  test_client_update (fixture->b, "deal", id, "{\"title\": \"Boilers, 12 units\"}");
  test_client_update (c, "deal", id, "{\"title\": \"Boilers and pumps\"}");
  test_client_sync (fixture->b);
  test_client_sync (c);
  restoring = only_conflict (c);
  settle (c, restoring, RAPPORT_KEEP_MINE);
  test_client_sync (c);
  test_client_sync (fixture->b);

  conflict = only_conflict (fixture->b);
  g_assert_cmpstr (json_object_get_string_member (conflict, "kind"), ==, "edit");
  settle (fixture->b, conflict, keep);
  test_client_sync (fixture->b);
  test_client_sync (fixture->a);
  test_client_sync (c);

  {
    g_autoptr(JsonObject) settled = get (fixture->a, "deal", id);

    g_assert_cmpstr (json_object_get_string_member (settled, "title"), ==,
                     keep == RAPPORT_KEEP_MINE ? "Boilers, 12 units" : "Boilers and pumps");
  }
  assert_replicas_equal (fixture->a, fixture->b, "deal");
  assert_replicas_equal (fixture->a, c, "deal");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/rapport/sync/create-edit-delete", NULL, test_create_edit_delete_travel);
  ADD ("/rapport/sync/offline-edits-merge", NULL, test_offline_edits_merge);
  ADD ("/rapport/sync/conflict/keep-mine", GINT_TO_POINTER (RAPPORT_KEEP_MINE),
       test_same_field_conflict);
  ADD ("/rapport/sync/conflict/keep-theirs", GINT_TO_POINTER (RAPPORT_KEEP_THEIRS),
       test_same_field_conflict);
  ADD ("/rapport/sync/edit-versus-delete/restore", GINT_TO_POINTER (RAPPORT_KEEP_MINE),
       test_edit_versus_delete);
  ADD ("/rapport/sync/edit-versus-delete/accept", GINT_TO_POINTER (RAPPORT_KEEP_THEIRS),
       test_edit_versus_delete);
  ADD ("/rapport/sync/edit-versus-delete/edits-meanwhile/restore",
       GINT_TO_POINTER (RAPPORT_KEEP_MINE), test_edits_while_deleted);
  ADD ("/rapport/sync/edit-versus-delete/edits-meanwhile/accept",
       GINT_TO_POINTER (RAPPORT_KEEP_THEIRS), test_edits_while_deleted);
  ADD ("/rapport/sync/conflict/edited-meanwhile", NULL, test_edit_during_conflict);
  ADD ("/rapport/sync/edit-versus-delete/restored-elsewhere/keep-mine",
       GINT_TO_POINTER (RAPPORT_KEEP_MINE), test_restored_elsewhere);
  ADD ("/rapport/sync/edit-versus-delete/restored-elsewhere/keep-theirs",
       GINT_TO_POINTER (RAPPORT_KEEP_THEIRS), test_restored_elsewhere);
#undef ADD

  return g_test_run ();
}
