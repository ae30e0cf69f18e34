/* test-store.c: records, the outbox and change notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-test-util.h"
#include "rapport-validate.h"

typedef RapportTestStore Fixture;

/* For every record type: a valid new record, and one field edit. */
typedef struct
{
  const char *entity;
  const char *fields;
  const char *edit_field;
  const char *edit_json;
} EntityCase;

static const EntityCase entity_cases[] = {
  { "user", "{\"name\": \"王芳\", \"email\": \"wang.fang@example.cn\", \"role\": \"manager\", \"active\": true}",
    "role", "\"rep\"" },
  { "company", "{\"name\": \"Müller Maschinenbau GmbH\", \"domain\": \"mueller.example.de\","
    " \"employees\": 420, \"website\": \"https://mueller.example.de\", \"tags\": [\"industry\"]}",
    "employees", "450" },
  { "contact", "{\"first_name\": \"Anna\", \"last_name\": \"Lee\","
    " \"emails\": [{\"label\": \"work\", \"value\": \"anna.lee@example.com\"}], \"lifecycle\": \"prospect\"}",
    "lifecycle", "\"customer\"" },
  { "pipeline", "{\"name\": \"New business\", \"position\": 0}", "name", "\"新业务\"" },
  { "stage", "{\"pipeline_id\": \"0190f5a4-7b2c-7def-8123-456789abcdef\", \"name\": \"Proposal\","
    " \"position\": 2, \"probability\": 40, \"kind\": \"open\"}", "probability", "50" },
  { "deal", "{\"title\": \"200 licences\", \"amount\": 12500000, \"currency\": \"CNY\","
    " \"expected_close\": \"2026-12-31\"}", "amount", "13000000" },
  { "case", "{\"subject\": \"打印机无法连接\", \"priority\": \"high\", \"channel\": \"phone\"}",
    "status", "\"open\"" },
  { "activity", "{\"kind\": \"call\", \"subject\": \"Intro call\", \"duration_min\": 15,"
    " \"direction\": \"outbound\", \"occurred_at\": \"2026-11-20T09:00:00Z\"}", "duration_min", "20" },
  { "task", "{\"title\": \"Send the quote\", \"due_at\": \"2026-11-28T10:00:00+08:00\"}",
    "priority", "\"urgent\"" },
};

static guint
outbox_length (RapportStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = rapport_store_list_outbox (store, &error);

  g_assert_no_error (error);
  return outbox->len;
}

static JsonObject *
last_outbox_entry (RapportStore *store)
{
  g_autoptr(GPtrArray) outbox = rapport_store_list_outbox (store, NULL);

  g_assert_cmpuint (outbox->len, >, 0);
  return json_object_ref (g_ptr_array_index (outbox, outbox->len - 1));
}

static void
test_crud (Fixture       *fixture,
           gconstpointer  data)
{
  const EntityCase *c = data;
  g_autoptr(JsonObject) fields = rapport_test_parse_object (c->fields);
  g_autofree char *edit_text = g_strdup_printf ("{\"%s\": %s}", c->edit_field, c->edit_json);
  g_autoptr(JsonObject) edit = rapport_test_parse_object (edit_text);
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) read = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  JsonObject *change;

  created = rapport_store_create (fixture->store, c->entity, fields, &error);
  g_assert_no_error (error);
  id = g_strdup (json_object_get_string_member (created, "id"));
  g_assert_cmpint (json_object_get_int_member (created, "version"), ==, 0);

  /* Read back: every field given is stored as given (after normalisation). */
  read = rapport_store_get (fixture->store, c->entity, id, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_equal (read, created));
  entry = last_outbox_entry (fixture->store);
  g_assert_cmpstr (json_object_get_string_member (entry, "op"), ==, "create");
  g_assert_cmpstr (json_object_get_string_member (entry, "record_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (entry, "entity"), ==, c->entity);
  g_clear_pointer (&entry, json_object_unref);

  /* Update: the field changes, and the outbox says from what to what. */
  updated = rapport_store_update (fixture->store, c->entity, id, edit, &error);
  g_assert_no_error (error);
  g_clear_pointer (&read, json_object_unref);
  read = rapport_store_get (fixture->store, c->entity, id, &error);
  g_assert_true (json_node_equal (json_object_get_member (read, c->edit_field),
                                  json_object_get_member (edit, c->edit_field)));
  entry = last_outbox_entry (fixture->store);
  g_assert_cmpstr (json_object_get_string_member (entry, "op"), ==, "update");
  g_assert_cmpint (json_object_get_int_member (entry, "base_version"), ==, 0);
  change = json_object_get_object_member (json_object_get_object_member (entry, "changes"),
                                          c->edit_field);
  g_assert_nonnull (change);
  g_assert_true (json_node_equal (json_object_get_member (change, "base"),
                                  json_object_get_member (created, c->edit_field)));
  g_assert_true (json_node_equal (json_object_get_member (change, "new"),
                                  json_object_get_member (edit, c->edit_field)));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (entry, "changes")), ==, 1);
  g_clear_pointer (&entry, json_object_unref);

  /* Delete: gone, and the outbox keeps its last values to restore it. */
  g_assert_true (rapport_store_delete (fixture->store, c->entity, id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&read, json_object_unref);
  read = rapport_store_get (fixture->store, c->entity, id, &error);
  g_assert_null (read);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
  entry = last_outbox_entry (fixture->store);
  g_assert_cmpstr (json_object_get_string_member (entry, "op"), ==, "delete");
  g_assert_true (json_object_has_member (json_object_get_object_member (entry, "changes"),
                                         c->edit_field));
  g_assert_cmpuint (outbox_length (fixture->store), ==, 3);
}

static void
test_bad_create_changes_nothing (Fixture       *fixture,
                                 gconstpointer  data)
{
  static const struct { const char *entity, *fields, *field; int code; } cases[] = {
    { "contact", "{\"first_name\": \"Bo\", \"emails\": [{\"value\": \"bo@\"}]}", "emails",
      RAPPORT_VALIDATION_ERROR_INVALID },
    { "contact", "{\"title\": \"CTO\"}", "first_name", RAPPORT_VALIDATION_ERROR_REQUIRED },
    { "company", "{\"domain\": \"example.com\"}", "name", RAPPORT_VALIDATION_ERROR_REQUIRED },
    { "deal", "{\"title\": \"Big\", \"amount\": 100}", "currency", RAPPORT_VALIDATION_ERROR_REQUIRED },
    { "deal", "{\"title\": \"Big\", \"amount\": 100, \"currency\": \"DOLLARS\"}", "currency",
      RAPPORT_VALIDATION_ERROR_INVALID },
    { "task", "{\"title\": \"Call\", \"due_at\": \"tomorrow\"}", "due_at",
      RAPPORT_VALIDATION_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) fields = rapport_test_parse_object (cases[i].fields);
      g_autoptr(JsonObject) created = NULL;
      g_autoptr(GError) error = NULL;

      created = rapport_store_create (fixture->store, cases[i].entity, fields, &error);
      g_assert_null (created);
      g_assert_error (error, RAPPORT_VALIDATION_ERROR, cases[i].code);
      g_assert_cmpstr (rapport_validation_error_get_field (error), ==, cases[i].field);
      g_assert_cmpint (rapport_store_count (fixture->store, cases[i].entity, NULL), ==, 0);
    }
  g_assert_cmpuint (outbox_length (fixture->store), ==, 0);
}

static void
test_bad_update_changes_nothing (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(JsonObject) fields = rapport_test_parse_object (
    "{\"first_name\": \"Li\", \"last_name\": \"Na\", \"phones\": [{\"value\": \"+86 10 1234 5678\"}]}");
  g_autoptr(JsonObject) bad = rapport_test_parse_object (
    "{\"last_name\": \"Wang\", \"phones\": [{\"value\": \"not a phone\"}]}");
  g_autoptr(JsonObject) nameless = rapport_test_parse_object (
    "{\"first_name\": \"\", \"last_name\": null}");
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) read = NULL;
  g_autoptr(GError) error = NULL;
  const char *id;

  created = rapport_store_create (fixture->store, "contact", fields, &error);
  g_assert_no_error (error);
  id = json_object_get_string_member (created, "id");

  g_assert_null (rapport_store_update (fixture->store, "contact", id, bad, &error));
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "phones");
  g_clear_error (&error);

  g_assert_null (rapport_store_update (fixture->store, "contact", id, nameless, &error));
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_REQUIRED);
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "first_name");
  g_clear_error (&error);

  /* Neither the surname of the first edit nor the blanked names landed. */
  read = rapport_store_get (fixture->store, "contact", id, &error);
  g_assert_true (json_object_equal (read, created));
  g_assert_cmpuint (outbox_length (fixture->store), ==, 1);

  g_assert_null (rapport_store_update (fixture->store, "contact",
                                       "0190f5a4-7b2c-7def-8123-456789abcdef", fields, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (rapport_store_delete (fixture->store, "planet", id, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_UNKNOWN_ENTITY);
}

static void
test_update_without_change (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(JsonObject) fields = rapport_test_parse_object ("{\"name\": \"Acme\", \"employees\": 5}");
  g_autoptr(JsonObject) same = rapport_test_parse_object ("{\"name\": \"Acme\"}");
  g_autoptr(JsonObject) created = rapport_store_create (fixture->store, "company", fields, NULL);
  g_autoptr(JsonObject) updated = NULL;

  updated = rapport_store_update (fixture->store, "company",
                                  json_object_get_string_member (created, "id"), same, NULL);
  g_assert_nonnull (updated);
  g_assert_cmpstr (json_object_get_string_member (updated, "updated_at"), ==,
                   json_object_get_string_member (created, "updated_at"));
  g_assert_cmpuint (outbox_length (fixture->store), ==, 1);
}

static void
test_user_stamps (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) fields = rapport_test_parse_object ("{\"title\": \"Follow up\"}");
  g_autoptr(JsonObject) created = NULL;

  rapport_store_set_user_id (fixture->store, "0190f5a4-7b2c-7def-8123-000000000001");
  created = rapport_store_create (fixture->store, "task", fields, NULL);
  g_assert_cmpstr (json_object_get_string_member (created, "created_by"), ==,
                   "0190f5a4-7b2c-7def-8123-000000000001");
  g_assert_cmpstr (json_object_get_string_member (created, "priority"), ==, "normal");
}

#define ME "0190f5a4-7b2c-7def-8123-000000000001"

/* New records belong to whoever makes them, in every type that has an
 * owner, unless the caller says nobody. */
static void
test_new_records_are_mine (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) unowned = rapport_test_parse_object ("{\"name\": \"Nobody's\", \"owner_id\": null}");
  g_autoptr(JsonObject) record = NULL;

  rapport_store_set_user_id (fixture->store, ME);
  for (guint i = 0; i < G_N_ELEMENTS (entity_cases); i++)
    {
      const RapportEntity *entity = rapport_entity_lookup (entity_cases[i].entity);
      g_autoptr(JsonObject) fields = rapport_test_parse_object (entity_cases[i].fields);
      g_autoptr(JsonObject) created = NULL;
      g_autoptr(GError) error = NULL;

      created = rapport_store_create (fixture->store, entity->name, fields, &error);
      g_assert_no_error (error);
      if (entity->owner_field != NULL)
        g_assert_cmpstr (json_object_get_string_member (created, entity->owner_field), ==, ME);
    }

  record = rapport_store_create (fixture->store, "company", unowned, NULL);
  g_assert_true (json_object_get_null_member (record, "owner_id"));
}

typedef struct
{
  guint  count;
  char  *entity;
  char  *first_id;
} ChangeLog;

static void
changed_cb (RapportStore       *store,
            const char         *entity,
            const char * const *ids,
            ChangeLog          *log)
{
  g_autoptr(JsonObject) record = NULL;

  log->count++;
  g_free (log->entity);
  log->entity = g_strdup (entity);
  g_free (log->first_id);
  log->first_id = g_strdup (ids[0]);

  /* Emitted after the commit: the change is visible to a reader already. */
  record = rapport_store_get (store, entity, ids[0], NULL);
  g_assert_true (record != NULL || log->count == 3);
}

static void
test_changed_signal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) fields = rapport_test_parse_object ("{\"name\": \"Acme\"}");
  g_autoptr(JsonObject) bad = rapport_test_parse_object ("{\"name\": \"\"}");
  g_autoptr(JsonObject) rename = rapport_test_parse_object ("{\"name\": \"Acme Ltd\"}");
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) updated = NULL;
  ChangeLog log = { 0 };
  const char *id;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), &log);

  created = rapport_store_create (fixture->store, "company", fields, NULL);
  id = json_object_get_string_member (created, "id");
  g_assert_cmpuint (log.count, ==, 1);
  g_assert_cmpstr (log.entity, ==, "company");
  g_assert_cmpstr (log.first_id, ==, id);

  g_assert_null (rapport_store_update (fixture->store, "company", id, bad, NULL));
  g_assert_cmpuint (log.count, ==, 1);

  updated = rapport_store_update (fixture->store, "company", id, rename, NULL);
  g_assert_cmpuint (log.count, ==, 2);

  g_assert_true (rapport_store_delete (fixture->store, "company", id, NULL));
  g_assert_cmpuint (log.count, ==, 3);
  g_assert_cmpstr (log.first_id, ==, id);

  g_free (log.entity);
  g_free (log.first_id);
}

static void
test_write_synced (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) read = NULL;
  g_autoptr(GError) error = NULL;
  const char *id = "0190f5a4-7b2c-7def-8123-456789abcdef";

  g_ptr_array_add (records, rapport_test_parse_object (
    "{\"id\": \"0190f5a4-7b2c-7def-8123-456789abcdef\", \"version\": 3,"
    " \"created_at\": \"2026-01-01T00:00:00Z\", \"updated_at\": \"2026-01-02T00:00:00Z\","
    " \"first_name\": \"José\", \"last_name\": \"García\"}"));
  g_assert_true (rapport_store_write_synced (fixture->store, "contact", records, &error));
  g_assert_no_error (error);

  /* A newer version of the same record replaces it. */
  g_ptr_array_set_size (records, 0);
  g_ptr_array_add (records, rapport_test_parse_object (
    "{\"id\": \"0190f5a4-7b2c-7def-8123-456789abcdef\", \"version\": 4,"
    " \"created_at\": \"2026-01-01T00:00:00Z\", \"updated_at\": \"2026-01-03T00:00:00Z\","
    " \"first_name\": \"José\", \"last_name\": \"García López\"}"));
  g_assert_true (rapport_store_write_synced (fixture->store, "contact", records, &error));

  read = rapport_store_get (fixture->store, "contact", id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (read, "version"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (read, "last_name"), ==, "García López");
  g_assert_cmpint (rapport_store_count (fixture->store, "contact", NULL), ==, 1);
  g_assert_cmpuint (outbox_length (fixture->store), ==, 0);
}

static void
test_reopen_keeps_everything (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(JsonObject) fields = rapport_test_parse_object ("{\"first_name\": \"张\", \"last_name\": \"三丰\"}");
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) read = NULL;
  RapportStore *store = rapport_test_open_store (dir);

  created = rapport_store_create (store, "contact", fields, NULL);
  g_assert_true (rapport_store_set_state (store, "cursor", "42", NULL));
  g_object_unref (store);

  store = rapport_test_open_store (dir);
  read = rapport_store_get (store, "contact", json_object_get_string_member (created, "id"), NULL);
  g_assert_true (json_object_equal (read, created));
  g_assert_cmpuint (outbox_length (store), ==, 1);
  g_assert_cmpstr (rapport_store_get_state (store, "cursor"), ==, "42");
  g_object_unref (store);
  rapport_test_remove_dir (dir);
}

/* Several sync state keys written in one commit read back as written; a
 * key written before keeps its place. */
static void
test_set_states (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *keys[] = { "last_sync", "last_sync_sent", "last_sync_received" };
  const char *values[] = { "2026-12-06T14:00:00Z", "3", "500" };
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_set_state (fixture->store, "last_sync", "yesterday", &error));
  g_assert_true (rapport_store_set_states (fixture->store, G_N_ELEMENTS (keys), keys, values,
                                           &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = rapport_store_get_state (fixture->store, keys[i]);

      g_assert_cmpstr (value, ==, values[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (entity_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rapport/store/%s/crud", entity_cases[i].entity);

      g_test_add (path, Fixture, &entity_cases[i], rapport_test_store_set_up, test_crud, rapport_test_store_tear_down);
    }
  g_test_add ("/rapport/store/validation/bad-create", Fixture, NULL,
              rapport_test_store_set_up, test_bad_create_changes_nothing, rapport_test_store_tear_down);
  g_test_add ("/rapport/store/validation/bad-update", Fixture, NULL,
              rapport_test_store_set_up, test_bad_update_changes_nothing, rapport_test_store_tear_down);
  g_test_add ("/rapport/store/outbox/no-change", Fixture, NULL,
              rapport_test_store_set_up, test_update_without_change, rapport_test_store_tear_down);
  g_test_add ("/rapport/store/user-stamps", Fixture, NULL,
              rapport_test_store_set_up, test_user_stamps, rapport_test_store_tear_down);
  g_test_add ("/rapport/store/owner/new-records-are-mine", Fixture, NULL,
              rapport_test_store_set_up, test_new_records_are_mine, rapport_test_store_tear_down);
  g_test_add ("/rapport/store/changed-signal", Fixture, NULL,
              rapport_test_store_set_up, test_changed_signal, rapport_test_store_tear_down);
  g_test_add ("/rapport/store/write-synced", Fixture, NULL,
              rapport_test_store_set_up, test_write_synced, rapport_test_store_tear_down);
  g_test_add ("/rapport/store/set-states", Fixture, NULL,
              rapport_test_store_set_up, test_set_states, rapport_test_store_tear_down);
  g_test_add_func ("/rapport/store/reopen", test_reopen_keeps_everything);

  return g_test_run ();
}
