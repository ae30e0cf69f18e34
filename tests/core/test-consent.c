/* test-consent.c: consent kept as history, and what is in force
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "rapport-consent.h"
#include "rapport-json.h"
#include "rapport-store-consent.h"
#include "rapport-store-private.h"
#include "rapport-test-util.h"
#include "rapport-validate.h"

/* One record: "purpose status captured_at". */
static JsonArray *
history (const char * const *records)
{
  JsonArray *consents = json_array_new ();

  for (guint i = 0; records[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (records[i], " ", 3);
      JsonObject *consent = json_object_new ();

      json_object_set_string_member (consent, "channel", "email");
      json_object_set_string_member (consent, "purpose", parts[0]);
      json_object_set_string_member (consent, "status", parts[1]);
      json_object_set_string_member (consent, "captured_at", parts[2]);
      json_array_add_object_element (consents, consent);
    }
  return consents;
}

/* clang-format off */
#define RECORDS(...) (const char * const []) { __VA_ARGS__, NULL }
/* clang-format on */

static void
test_effective (void)
{
  /* clang-format off */
  const struct {
    const char * const *records;
    const char         *purpose;
    RapportConsentStatus want;
  } cases[] = {
    { RECORDS ("marketing granted 2026-01-01T00:00:00Z"), "marketing", RAPPORT_CONSENT_GRANTED },
    /* the latest record is in force, whatever the order they came in */
    { RECORDS ("marketing denied 2026-02-01T00:00:00Z", "marketing granted 2026-01-01T00:00:00Z"),
      "marketing", RAPPORT_CONSENT_DENIED },
    { RECORDS ("marketing denied 2026-01-01T00:00:00Z", "marketing granted 2026-02-01T00:00:00Z"),
      "marketing", RAPPORT_CONSENT_GRANTED },
    /* two devices, the same second: the denial wins, whichever synced first */
    { RECORDS ("marketing granted 2026-03-01T10:00:00Z", "marketing denied 2026-03-01T10:00:00Z"),
      "marketing", RAPPORT_CONSENT_DENIED },
    { RECORDS ("marketing denied 2026-03-01T10:00:00Z", "marketing granted 2026-03-01T10:00:00Z"),
      "marketing", RAPPORT_CONSENT_DENIED },
    /* the same instant in another zone is the same instant */
    { RECORDS ("marketing denied 2026-03-01T18:00:00+08:00", "marketing granted 2026-03-01T10:00:00Z"),
      "marketing", RAPPORT_CONSENT_DENIED },
    /* a global unsubscribe denies every topic granted before it */
    { RECORDS ("newsletter:tea granted 2026-01-01T00:00:00Z", "marketing denied 2026-02-01T00:00:00Z"),
      "newsletter:tea", RAPPORT_CONSENT_DENIED },
    /* a topic unsubscribe leaves the other topics and marketing granted */
    { RECORDS ("marketing granted 2026-01-01T00:00:00Z", "newsletter:tea granted 2026-01-01T00:00:00Z",
               "newsletter:coffee granted 2026-01-01T00:00:00Z", "newsletter:tea denied 2026-02-01T00:00:00Z"),
      "newsletter:coffee", RAPPORT_CONSENT_GRANTED },
    { RECORDS ("marketing granted 2026-01-01T00:00:00Z", "newsletter:tea denied 2026-02-01T00:00:00Z"),
      "marketing", RAPPORT_CONSENT_GRANTED },
    { RECORDS ("marketing granted 2026-01-01T00:00:00Z", "newsletter:tea denied 2026-02-01T00:00:00Z"),
      "newsletter:tea", RAPPORT_CONSENT_DENIED },
    /* a later global grant does not undo a topic's own denial */
    { RECORDS ("newsletter:tea denied 2026-01-01T00:00:00Z", "marketing granted 2026-02-01T00:00:00Z"),
      "newsletter:tea", RAPPORT_CONSENT_DENIED },
    /* a topic granted again after a global unsubscribe */
    { RECORDS ("marketing denied 2026-01-01T00:00:00Z", "newsletter:tea granted 2026-02-01T00:00:00Z"),
      "newsletter:tea", RAPPORT_CONSENT_GRANTED },
    /* a topic nobody asked about follows marketing */
    { RECORDS ("marketing granted 2026-01-01T00:00:00Z"), "newsletter:tea", RAPPORT_CONSENT_GRANTED },
    /* transactional ignores marketing denials */
    { RECORDS ("marketing denied 2026-01-01T00:00:00Z"), "transactional", RAPPORT_CONSENT_UNKNOWN },
    { RECORDS ("transactional denied 2026-01-01T00:00:00Z"), "transactional", RAPPORT_CONSENT_DENIED },
  };
  /* clang-format on */

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonArray) consents = history (cases[i].records);

      g_test_message ("case %u", i);
      g_assert_cmpint (rapport_consent_effective (consents, "email", cases[i].purpose), ==,
                       cases[i].want);
    }
}

static void
test_allows (void)
{
  g_autoptr(JsonArray) denied = history (RECORDS ("marketing denied 2026-01-01T00:00:00Z"));
  g_autoptr(JsonArray) none = json_array_new ();

  /* marketing needs a consent in force; transactional only no refusal */
  g_assert_false (rapport_consent_allows (denied, "email", "marketing"));
  g_assert_false (rapport_consent_allows (none, "email", "marketing"));
  g_assert_true (rapport_consent_allows (denied, "email", "transactional"));
  /* another channel knows nothing of this one */
  g_assert_false (rapport_consent_allows (denied, "sms", "marketing"));
  g_assert_cmpint (rapport_consent_effective (denied, "sms", "marketing"), ==,
                   RAPPORT_CONSENT_UNKNOWN);
}

static void
assert_refused (const char *json,
                const char *field)
{
  g_autoptr(JsonObject) consent = rapport_test_parse_object (json);
  g_autoptr(GError) error = NULL;

  g_assert_false (rapport_consent_check (consent, &error));
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, error->code);
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, field);
}

static void
test_check (void)
{
  g_autoptr(JsonObject) denial = rapport_test_parse_object (
    "{\"purpose\": \"marketing\", \"status\": \"denied\"}");
  g_autoptr(JsonObject) grant = rapport_test_parse_object (
    "{\"purpose\": \"newsletter:tea\", \"status\": \"granted\", \"source\": \"web_form\","
    " \"proof\": \"Form 12, box ticked\"}");

  /* a denial needs no proof; a grant needs both source and proof */
  g_assert_true (rapport_consent_check (denial, NULL));
  g_assert_true (rapport_consent_check (grant, NULL));
  assert_refused ("{\"purpose\": \"marketing\", \"status\": \"granted\", \"proof\": \"Form 12\"}",
                  "source");
  assert_refused ("{\"purpose\": \"marketing\", \"status\": \"granted\", \"source\": \"web\","
                  " \"proof\": \"  \"}", "proof");
  assert_refused ("{\"purpose\": \"newsletter:\", \"status\": \"denied\"}", "purpose");
  assert_refused ("{\"purpose\": \"spam\", \"status\": \"denied\"}", "purpose");
}

static gboolean
read_consent (RapportStore *store,
              const char   *contact_id,
              gboolean     *out_null)
{
  g_autoptr(JsonObject) contact = rapport_store_get (store, "contact", contact_id, NULL);
  JsonNode *value = json_object_get_member (contact, "email_consent");

  *out_null = value == NULL || JSON_NODE_HOLDS_NULL (value);
  return !*out_null && json_node_get_boolean (value);
}

static void
test_store (RapportTestStore *fixture,
            gconstpointer     data)
{
  g_autofree char *id = rapport_test_create (fixture->store, "contact",
                                             "{\"first_name\": \"Li\", \"last_name\": \"Na\"}");
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) granted = NULL;
  g_autoptr(JsonObject) denied = NULL;
  g_autoptr(JsonObject) edit = rapport_test_parse_object ("{\"email_consent\": true}");
  g_autoptr(JsonArray) consents = NULL;
  g_autoptr(GError) error = NULL;
  gboolean is_null;

  /* nobody knows yet */
  g_assert_false (read_consent (fixture->store, id, &is_null));
  g_assert_true (is_null);

  /* the boolean is derived: it cannot be typed into a grant */
  g_assert_null (rapport_store_update (fixture->store, "contact", id, edit, &error));
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_READ_ONLY);
  g_clear_error (&error);

  /* a grant without proof is refused, and nothing is kept */
  refused = rapport_store_record_consent (fixture->store, id, "marketing", RAPPORT_CONSENT_GRANTED,
                                          "web_form", NULL, &error);
  g_assert_null (refused);
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "proof");
  g_clear_error (&error);
  consents = rapport_store_consents (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (consents), ==, 0);
  g_clear_pointer (&consents, json_array_unref);

  granted = rapport_store_record_consent (fixture->store, id, "marketing", RAPPORT_CONSENT_GRANTED,
                                          "web_form", "Sign-up form 7", &error);
  g_assert_no_error (error);
  g_assert_true (read_consent (fixture->store, id, &is_null));

  denied = rapport_store_record_consent (fixture->store, id, "marketing", RAPPORT_CONSENT_DENIED,
                                         "unsubscribe", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (read_consent (fixture->store, id, &is_null));
  g_assert_false (is_null);

  /* both are kept, as history */
  consents = rapport_store_consents (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (consents), ==, 2);
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static int
count (sqlite3    *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* A database of before consent records: each email_consent set becomes a
 * consent record; those of contacts the server never saw are pushed. */
static void
test_migration (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "rapport.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(JsonArray) synced = NULL;
  g_autoptr(JsonObject) yes = NULL;
  g_autoptr(JsonObject) no = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (rapport_store_migrate (db, 28, &error));
  g_assert_no_error (error);
  exec_sql (db,
            "INSERT INTO contacts (id, version, created_at, updated_at, first_name, email_consent)"
            "  VALUES ('0190a000-0000-7000-8000-000000000001', 3, '2025-05-01T08:00:00Z',"
            "          '2025-06-01T08:00:00Z', 'Synced', 1),"
            "         ('0190a000-0000-7000-8000-000000000002', 0, '2025-05-02T08:00:00Z',"
            "          '2025-05-02T08:00:00Z', 'Local', 0),"
            "         ('0190a000-0000-7000-8000-000000000003', 2, '2025-05-03T08:00:00Z',"
            "          '2025-05-03T08:00:00Z', 'Unknown', NULL);");
  sqlite3_close (db);

  store = rapport_store_open (path, &error);
  g_assert_no_error (error);
  synced = rapport_store_consents (store, "0190a000-0000-7000-8000-000000000001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (synced), ==, 1);
  g_assert_cmpstr (rapport_json_get_string (json_array_get_object_element (synced, 0), "source"),
                   ==, "migrated");
  g_assert_cmpint (rapport_consent_effective (synced, "email", "marketing"), ==,
                   RAPPORT_CONSENT_GRANTED);
  yes = rapport_store_get (store, "contact", "0190a000-0000-7000-8000-000000000001", &error);
  g_assert_true (json_object_get_boolean_member (yes, "email_consent"));
  no = rapport_store_get (store, "contact", "0190a000-0000-7000-8000-000000000002", &error);
  g_assert_false (json_object_get_boolean_member (no, "email_consent"));
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (count (db, "SELECT count(*) FROM consents"), ==, 2);
  /* only the contact the server never had pushes its record: the server
   * migrates its own into the same ids */
  g_assert_cmpint (count (db, "SELECT count(*) FROM outbox WHERE entity = 'consent'"), ==, 1);
  g_assert_cmpint (count (db, "SELECT count(*) FROM consents JOIN outbox ON outbox.record_id ="
                              " consents.id WHERE consents.status = 'denied'"), ==, 1);
  sqlite3_close (db);
  rapport_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/consent/effective", test_effective);
  g_test_add_func ("/rapport/consent/allows", test_allows);
  g_test_add_func ("/rapport/consent/check", test_check);
  g_test_add ("/rapport/consent/store", RapportTestStore, NULL, rapport_test_store_set_up,
              test_store, rapport_test_store_tear_down);
  g_test_add_func ("/rapport/consent/migration", test_migration);
  return g_test_run ();
}
