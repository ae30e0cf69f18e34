/* test-sync.c: several clients and a real rapport-server converge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "rapport-json.h"
#include "rapport-numbering.h"
#include "rapport-store-sync.h"
#include "rapport-test-example.h"
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
  fixture->server = test_server_new_managers ();
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

/* Runs one SQL statement on @client's database beside the store, as a
 * damaged disk or an older version of Rapport could have left it. */
static void
run_sql (TestClient *client,
         const char *sql)
{
  sqlite3 *db;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (client->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

/* "state hex(changes)" of the one outbox entry of @id, or NULL. */
static char *
outbox_row (TestClient *client,
            const char *id)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  char *row = NULL;

  g_assert_cmpint (sqlite3_open (client->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT state, hex (changes) FROM outbox"
                                           " WHERE record_id = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    row = g_strdup_printf ("%s %s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return row;
}

/* How an outbox entry's stored changes can be unusable, as written by a
 * damaged disk or an older version: the SQL expression that makes them so
 * from a title edit to "Edited". */
static const char * const outbox_damage[] = {
  "substr (changes, 1, length (changes) - 7)",                       /* cut short */
  "replace (changes, 'Edited', 'Ed' || CAST (X'FF' AS TEXT) || 'ited')", /* not UTF-8 */
  "replace (changes, 'Edited', 'Ed\\ud800ited')",                     /* half a surrogate */
  "replace (changes, 'Edited', 'Ed' || char (31) || 'ited')",        /* raw control character */
  "'{\"title\": \"Edited\"}'",                                          /* not {base, new} */
  "'[\"title\"]'",                                                     /* not an object */
};

/* An outbox entry that cannot be read or sent is kept, unsent, and
 * reported, every time; one the server refuses (the raw control character)
 * is kept and reported the same way; the entries around them still go out. */
static void
test_damaged_outbox_entries (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) damaged = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  before = test_client_create (fixture->a, "contact", "{\"first_name\": \"Before\"}");
  for (guint i = 0; i < G_N_ELEMENTS (outbox_damage); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"first_name\": \"Damaged %u\"}", i);

      g_ptr_array_add (damaged, test_client_create (fixture->a, "contact", json));
    }
  after = test_client_create (fixture->a, "contact", "{\"first_name\": \"After\"}");
  test_client_sync (fixture->a);

  test_client_update (fixture->a, "contact", before, "{\"title\": \"Edited\"}");
  for (guint i = 0; i < damaged->len; i++)
    {
      g_autofree char *sql = NULL;

      test_client_update (fixture->a, "contact", g_ptr_array_index (damaged, i),
                          "{\"title\": \"Edited\"}");
      sql = g_strdup_printf ("UPDATE outbox SET changes = %s WHERE record_id = '%s'",
                             outbox_damage[i], (char *) g_ptr_array_index (damaged, i));
      run_sql (fixture->a, sql);
      g_ptr_array_add (rows, outbox_row (fixture->a, g_ptr_array_index (damaged, i)));
    }
  test_client_update (fixture->a, "contact", after, "{\"title\": \"Edited\"}");

  for (guint run = 0; run < 2; run++)
    {
      g_autoptr(GPtrArray) outbox = NULL;

      /* The sync goes through, and says that not everything did. */
      g_assert_true (rapport_sync_run (fixture->a->sync, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (rapport_sync_get_state (fixture->a->sync), ==, RAPPORT_SYNC_STATE_ERROR);
      g_assert_nonnull (strstr (rapport_sync_get_message (fixture->a->sync),
                                "6 changes could not be sent"));
      g_assert_nonnull (strstr (rapport_sync_get_message (fixture->a->sync), "“Damaged 0”"));
      g_assert_cmpuint (rapport_store_count_pending (fixture->a->store), ==, 0);
      g_assert_cmpuint (rapport_store_count_failed (fixture->a->store), ==, damaged->len);

      /* Each is kept exactly as it was, with the reason. */
      outbox = rapport_store_list_outbox (fixture->a->store, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (outbox->len, ==, damaged->len);
      for (guint i = 0; i < damaged->len; i++)
        {
          JsonObject *change = g_ptr_array_index (outbox, i);
          g_autofree char *row = outbox_row (fixture->a, g_ptr_array_index (damaged, i));

          g_test_message ("%s: %s", outbox_damage[i],
                          json_object_get_string_member (change, "error"));
          g_assert_nonnull (row);
          g_assert_true (g_str_has_prefix (row, "failed "));
          g_assert_cmpstr (row + strlen ("failed "), ==,
                           strchr (g_ptr_array_index (rows, i), ' ') + 1);
          g_assert_cmpstr (json_object_get_string_member (change, "record_id"), ==,
                           g_ptr_array_index (damaged, i));
          g_assert_cmpstr (json_object_get_string_member (change, "state"), ==, "failed");
          g_assert_cmpstr (json_object_get_string_member (change, "error"), !=, "");
        }
      g_assert_nonnull (strstr (json_object_get_string_member (g_ptr_array_index (outbox, 0),
                                                               "error"),
                                "could not be read"));
    }

  /* The edits around them arrived; theirs did not. */
  test_client_sync (fixture->b);
  {
    g_autoptr(JsonObject) first = get (fixture->b, "contact", before);
    g_autoptr(JsonObject) last = get (fixture->b, "contact", after);

    g_assert_cmpstr (json_object_get_string_member (first, "title"), ==, "Edited");
    g_assert_cmpstr (json_object_get_string_member (last, "title"), ==, "Edited");
  }
  for (guint i = 0; i < damaged->len; i++)
    {
      g_autoptr(JsonObject) record = get (fixture->b, "contact", g_ptr_array_index (damaged, i));
      JsonNode *title = json_object_get_member (record, "title");

      g_assert_true (title == NULL || JSON_NODE_HOLDS_NULL (title));
    }
}

/* The example of @entity made on @client, with the records its required
 * references point at. */
static char *
create_example (TestClient          *client,
                const RapportEntity *entity,
                guint                n)
{
  g_autoptr(JsonObject) fields = rapport_test_example (entity, n);
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < entity->n_fields; i++)
    if (g_strcmp0 (entity->fields[i].name, entity->owner_field) == 0 &&
        (entity->fields[i].flags & RAPPORT_FIELD_REQUIRED))
      {
        /* Whose it is, when it must be someone's (a delegation): the
         * writer's own, as the server wants from anyone but an admin. */
        const char *self = rapport_store_get_user_id (client->store);

        json_object_set_string_member (fields, entity->fields[i].name, self);
      }
    else if (entity->fields[i].kind == RAPPORT_FIELD_REF && (entity->fields[i].flags & RAPPORT_FIELD_REQUIRED))
      {
        g_autofree char *target = create_example (client, rapport_entity_lookup (entity->fields[i].ref_entity),
                                                  n + 1000);

        json_object_set_string_member (fields, entity->fields[i].name, target);
      }
  record = rapport_store_create (client->store, entity->name, fields, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (record, "id"));
}

static void
edit (TestClient          *client,
      const RapportEntity *entity,
      const char          *id,
      const RapportField  *field,
      const char          *text)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (changes, field->name, text);
  record = rapport_store_update (client->store, entity->name, id, changes, &error);
  g_assert_no_error (error);
}

/* Every type a manager writes travels, merges edits of different fields,
 * and its deletion travels, with no test code of its own. */
static void
test_every_type (Fixture       *fixture,
                 gconstpointer  data)
{
  guint n;
  const RapportEntity * const *entities = rapport_entity_all (&n);

  for (guint i = 0; i < n; i++)
    {
      const RapportEntity *entity = entities[i];
      const RapportField *first = rapport_test_example_edit_field (entity);
      const RapportField *second = NULL;
      g_autofree char *id = NULL;
      g_autoptr(JsonObject) merged = NULL;
      g_autoptr(GError) error = NULL;

      /* Admins' types, and requests that only a real document and its
       * rules let anybody make (tests/server/test_approvals.py). */
      if (entity->write_role == RAPPORT_WRITE_ADMIN || entity->write_role == RAPPORT_WRITE_SERVER ||
          entity->decision_trail)
        continue;
      /* Consent is history, never edited (tests/server/test_consent.py). */
      if (g_str_equal (entity->name, "consent"))
        continue;
      g_test_message ("%s", entity->name);
      for (guint f = 0; f < entity->n_fields && second == NULL; f++)
        if (entity->fields[f].kind == RAPPORT_FIELD_TEXT && &entity->fields[f] != first &&
            !rapport_field_is_server_set (&entity->fields[f]))
          second = &entity->fields[f];

      id = create_example (fixture->a, entity, i);
      test_client_sync (fixture->a);
      test_client_sync (fixture->b);
      assert_replicas_equal (fixture->a, fixture->b, entity->name);

      edit (fixture->a, entity, id, first, rapport_test_example_new_value (first, "Changed on a"));
      if (second != NULL)
        edit (fixture->b, entity, id, second, "Changed on b");
      test_client_sync (fixture->a);
      test_client_sync (fixture->b);
      test_client_sync (fixture->a);
      merged = get (fixture->a, entity->name, id);
      g_assert_cmpstr (json_object_get_string_member (merged, first->name), ==,
                       rapport_test_example_new_value (first, "Changed on a"));
      if (second != NULL)
        g_assert_cmpstr (json_object_get_string_member (merged, second->name), ==, "Changed on b");
      assert_replicas_equal (fixture->a, fixture->b, entity->name);

      g_assert_true (rapport_store_delete (fixture->b->store, entity->name, id, NULL));
      test_client_sync (fixture->b);
      test_client_sync (fixture->a);
      g_assert_null (rapport_store_get (fixture->a->store, entity->name, id, &error));
      g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
    }
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
  ADD ("/rapport/sync/outbox/damaged-entries-kept", NULL, test_damaged_outbox_entries);
  ADD ("/rapport/sync/every-type", NULL, test_every_type);
#undef ADD

  return g_test_run ();
}
