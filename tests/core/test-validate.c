/* test-validate.c: what a valid record is, and errors that name the field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rapport-validate.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

typedef struct
{
  const char *entity;
  const char *changes;
  const char *field;                 /* the field the error must name */
  RapportValidationError code;
} BadCase;

static const BadCase bad_cases[] = {
  { "contact", "{\"emails\": [{\"label\": \"work\", \"value\": \"bob@\"}]}", "emails", RAPPORT_VALIDATION_ERROR_INVALID },
  { "contact", "{\"emails\": [{\"value\": \"a b@example.com\"}]}", "emails", RAPPORT_VALIDATION_ERROR_INVALID },
  { "contact", "{\"emails\": \"bob@example.com\"}", "emails", RAPPORT_VALIDATION_ERROR_INVALID },
  { "contact", "{\"emails\": [{\"value\": \"b@example.com\", \"extra\": 1}]}", "emails", RAPPORT_VALIDATION_ERROR_INVALID },
  { "contact", "{\"phones\": [{\"value\": \"call me\"}]}", "phones", RAPPORT_VALIDATION_ERROR_INVALID },
  { "contact", "{\"phones\": [{\"value\": \"12\"}]}", "phones", RAPPORT_VALIDATION_ERROR_INVALID },
  { "contact", "{\"lifecycle\": \"friend\"}", "lifecycle", RAPPORT_VALIDATION_ERROR_INVALID },
  { "contact", "{\"birthday\": \"2023-02-30\"}", "birthday", RAPPORT_VALIDATION_ERROR_INVALID },
  { "contact", "{\"birthday\": \"30/01/2023\"}", "birthday", RAPPORT_VALIDATION_ERROR_INVALID },
  { "contact", "{\"company_id\": \"not-a-uuid\"}", "company_id", RAPPORT_VALIDATION_ERROR_INVALID },
  { "contact", "{\"email_consent\": \"yes\"}", "email_consent", RAPPORT_VALIDATION_ERROR_READ_ONLY },
  { "contact", "{\"tags\": [\"\"]}", "tags", RAPPORT_VALIDATION_ERROR_INVALID },
  { "contact", "{\"tags\": [1]}", "tags", RAPPORT_VALIDATION_ERROR_INVALID },
  { "contact", "{\"nickname\": \"Bo\"}", "nickname", RAPPORT_VALIDATION_ERROR_UNKNOWN_FIELD },
  { "contact", "{\"version\": 7}", "version", RAPPORT_VALIDATION_ERROR_READ_ONLY },
  { "contact", "{\"id\": \"0190f5a4-7b2c-7def-8123-456789abcdef\"}", "id", RAPPORT_VALIDATION_ERROR_READ_ONLY },
  { "contact", "{\"first_name\": 42}", "first_name", RAPPORT_VALIDATION_ERROR_INVALID },
  { "company", "{\"name\": null}", "name", RAPPORT_VALIDATION_ERROR_REQUIRED },
  { "company", "{\"website\": \"ftp://example.com\"}", "website", RAPPORT_VALIDATION_ERROR_INVALID },
  { "company", "{\"website\": \"not a site\"}", "website", RAPPORT_VALIDATION_ERROR_INVALID },
  { "company", "{\"employees\": -1}", "employees", RAPPORT_VALIDATION_ERROR_INVALID },
  { "company", "{\"employees\": 12.5}", "employees", RAPPORT_VALIDATION_ERROR_INVALID },
  { "company", "{\"phone\": \"+86 abc\"}", "phone", RAPPORT_VALIDATION_ERROR_INVALID },
  { "deal", "{\"amount\": 1.5}", "amount", RAPPORT_VALIDATION_ERROR_INVALID },
  { "deal", "{\"amount\": \"100\"}", "amount", RAPPORT_VALIDATION_ERROR_INVALID },
  { "deal", "{\"amount\": -100}", "amount", RAPPORT_VALIDATION_ERROR_INVALID },
  { "deal", "{\"currency\": \"EURO\"}", "currency", RAPPORT_VALIDATION_ERROR_INVALID },
  { "deal", "{\"currency\": \"XYZ\"}", "currency", RAPPORT_VALIDATION_ERROR_INVALID },
  { "deal", "{\"probability\": 101}", "probability", RAPPORT_VALIDATION_ERROR_INVALID },
  { "deal", "{\"expected_close\": \"next week\"}", "expected_close", RAPPORT_VALIDATION_ERROR_INVALID },
  { "deal", "{\"closed_at\": \"2026-11-25T10:00:00\"}", "closed_at", RAPPORT_VALIDATION_ERROR_INVALID },
  { "deal", "{\"status\": \"pending\"}", "status", RAPPORT_VALIDATION_ERROR_INVALID },
  { "case", "{\"satisfaction\": 6}", "satisfaction", RAPPORT_VALIDATION_ERROR_INVALID },
  { "case", "{\"priority\": \"asap\"}", "priority", RAPPORT_VALIDATION_ERROR_INVALID },
  { "case", "{\"channel\": \"pigeon\"}", "channel", RAPPORT_VALIDATION_ERROR_INVALID },
  { "case", "{\"due_at\": \"yesterday\"}", "due_at", RAPPORT_VALIDATION_ERROR_INVALID },
  { "activity", "{\"kind\": \"visit\"}", "kind", RAPPORT_VALIDATION_ERROR_INVALID },
  { "activity", "{\"duration_min\": -5}", "duration_min", RAPPORT_VALIDATION_ERROR_INVALID },
  { "activity", "{\"direction\": \"sideways\"}", "direction", RAPPORT_VALIDATION_ERROR_INVALID },
  { "task", "{\"title\": null}", "title", RAPPORT_VALIDATION_ERROR_REQUIRED },
  { "task", "{\"remind_at\": \"2026-13-01T00:00:00Z\"}", "remind_at", RAPPORT_VALIDATION_ERROR_INVALID },
  { "stage", "{\"kind\": \"maybe\"}", "kind", RAPPORT_VALIDATION_ERROR_INVALID },
  { "user", "{\"role\": \"boss\"}", "role", RAPPORT_VALIDATION_ERROR_INVALID },
  { "user", "{\"email\": \"boss\"}", "email", RAPPORT_VALIDATION_ERROR_INVALID },
};

static void
test_bad_changes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *bad = &bad_cases[i];
      g_autoptr(JsonObject) changes = parse_object (bad->changes);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s %s", bad->entity, bad->changes);
      g_assert_false (rapport_validate_changes (rapport_entity_lookup (bad->entity), changes,
                                                &error));
      g_assert_error (error, RAPPORT_VALIDATION_ERROR, (int) bad->code);
      g_assert_cmpstr (rapport_validation_error_get_field (error), ==, bad->field);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_text_length (void)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_name = g_string_new (NULL);

  for (guint i = 0; i < 201; i++)
    g_string_append (long_name, "名");
  json_object_set_string_member (changes, "first_name", long_name->str);

  g_assert_false (rapport_validate_changes (rapport_entity_lookup ("contact"), changes, &error));
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "first_name");

  /* 200 characters of three bytes each are fine: limits count characters. */
  g_string_truncate (long_name, 200 * 3);
  json_object_set_string_member (changes, "first_name", long_name->str);
  g_assert_true (rapport_validate_changes (rapport_entity_lookup ("contact"), changes, NULL));
}

static void
test_normalization (void)
{
  g_autoptr(JsonObject) deal = parse_object ("{\"currency\": \"cny\","
                                             " \"closed_at\": \"2026-11-25T20:30:00+08:00\"}");
  g_autoptr(JsonObject) company = parse_object ("{\"website\": \"example.cn\"}");

  g_assert_true (rapport_validate_changes (rapport_entity_lookup ("deal"), deal, NULL));
  g_assert_cmpstr (json_object_get_string_member (deal, "currency"), ==, "CNY");
  g_assert_cmpstr (json_object_get_string_member (deal, "closed_at"), ==, "2026-11-25T12:30:00Z");

  g_assert_true (rapport_validate_changes (rapport_entity_lookup ("company"), company, NULL));
  g_assert_cmpstr (json_object_get_string_member (company, "website"), ==, "https://example.cn");
}

/* Dates are ISO 8601 calendar dates and RFC 3339 date-times with four-digit
 * years 0001–9999, also once converted to UTC, and are written that way. */
typedef struct
{
  const char *field;     /* a contact's date or a task's date-time */
  const char *value;
  const char *stored;    /* NULL: refused */
} DateCase;

static const DateCase date_cases[] = {
  { "birthday", "1990-02-28", "1990-02-28" },
  { "birthday", "2024-02-29", "2024-02-29" },
  { "birthday", "0001-01-01", "0001-01-01" },
  { "birthday", "9999-12-31", "9999-12-31" },
  { "birthday", "+999-01-01", NULL },
  { "birthday", "-001-01-01", NULL },
  { "birthday", "2024-+1-+1", NULL },
  { "birthday", "2024- 1- 1", NULL },
  { "birthday", "0000-01-01", NULL },
  { "birthday", "2023-02-29", NULL },
  { "birthday", "2024-00-10", NULL },
  { "birthday", "2024-1-1", NULL },
  { "birthday", "12024-01-01", NULL },
  { "birthday", "+12024-01-01", NULL },
  { "birthday", "2024-01-01T00:00:00Z", NULL },
  { "birthday", "2024-01-01 ", NULL },
  { "birthday", "20240101", NULL },
  { "birthday", "2024-W01-1", NULL },
  { "birthday", "2024-001", NULL },
  { "birthday", "２０２４-01-01", NULL },
  { "due_at", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z" },
  { "due_at", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z" },
  { "due_at", "9999-12-31T23:59:59+01:00", "9999-12-31T22:59:59Z" },
  { "due_at", "0001-01-01T00:30:00-00:30", "0001-01-01T01:00:00Z" },
  { "due_at", "2026-11-25T20:30:00+08:00", "2026-11-25T12:30:00Z" },
  { "due_at", "2026-03-01T01:00:00+23:59", "2026-02-28T01:01:00Z" },
  { "due_at", "2024-02-28T23:00:00-01:00", "2024-02-29T00:00:00Z" },
  { "due_at", "2026-11-25t20:30:00.123456z", "2026-11-25T20:30:00Z" },
  { "due_at", "2026-11-25 20:30:00-00:00", "2026-11-25T20:30:00Z" },
  { "due_at", "9999-12-31T23:59:59-01:00", NULL },
  { "due_at", "0001-01-01T00:00:00+00:01", NULL },
  { "due_at", "2026-11-25T20:30:00+24:00", NULL },
  { "due_at", "2026-11-25T20:30:00+08:60", NULL },
  { "due_at", "2026-11-25T20:30:00+0800", NULL },
  { "due_at", "2026-11-25T20:30:00+08", NULL },
  { "due_at", "2026-11-25T24:00:00Z", NULL },
  { "due_at", "2026-11-25T23:60:00Z", NULL },
  { "due_at", "2026-12-31T23:59:60Z", NULL },
  { "due_at", "2026-11-25T20:30Z", NULL },
  { "due_at", "2026-11-25T20:30:00.Z", NULL },
  { "due_at", "2026-11-25T20:30:00", NULL },
  { "due_at", "2026-11-25T20:30:00Z ", NULL },
  { "due_at", "2026-11-25X20:30:00Z", NULL },
  { "due_at", "2026-11-25", NULL },
  { "due_at", "+2026-11-25T20:30:00Z", NULL },
  { "due_at", "0000-12-31T23:00:00-02:00", NULL },
  { "due_at", "2026-W48-3T20:30:00Z", NULL },
  { "due_at", "2026-329T20:30:00Z", NULL },
  { "due_at", "20261125T203000Z", NULL },
  { "due_at", "2026-11-25T+1:30:00Z", NULL },
};

static void
test_dates (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (date_cases); i++)
    {
      const DateCase *date = &date_cases[i];
      const char *entity = strcmp (date->field, "birthday") == 0 ? "contact" : "task";
      g_autoptr(JsonObject) changes = json_object_new ();
      g_autoptr(GError) error = NULL;
      gboolean valid;

      g_test_message ("%s %s", date->field, date->value);
      json_object_set_string_member (changes, date->field, date->value);
      valid = rapport_validate_changes (rapport_entity_lookup (entity), changes, &error);
      if (date->stored != NULL)
        {
          g_assert_no_error (error);
          g_assert_true (valid);
          g_assert_cmpstr (json_object_get_string_member (changes, date->field), ==,
                           date->stored);
        }
      else
        {
          g_assert_false (valid);
          g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_INVALID);
          g_assert_cmpstr (rapport_validation_error_get_field (error), ==, date->field);
        }
    }
}

static void
test_good_values (void)
{
  g_autoptr(JsonObject) contact = parse_object (
    "{\"first_name\": \"丰\", \"last_name\": \"张三\","
    " \"emails\": [{\"label\": \"work\", \"value\": \"zhang.sf@wudang.example.cn\"}],"
    " \"phones\": [{\"label\": \"mobile\", \"value\": \"+86 138 0013 8000\"},"
    "              {\"value\": \"(030) 1234-567 ext. 12\"}],"
    " \"birthday\": \"1990-02-28\", \"lifecycle\": \"customer\", \"tags\": [\"vip\", \"北京\"],"
    " \"title\": null}");

  g_assert_true (rapport_validate_changes (rapport_entity_lookup ("contact"), contact, NULL));
  g_assert_true (rapport_validate_record (rapport_entity_lookup ("contact"), contact, NULL));
}

static void
test_record_rules (void)
{
  g_autoptr(JsonObject) nameless = parse_object ("{\"title\": \"CTO\", \"emails\": []}");
  g_autoptr(JsonObject) only_email = parse_object ("{\"emails\": [{\"value\": \"a@b.cn\"}]}");
  g_autoptr(JsonObject) blank_company = parse_object ("{\"name\": \"   \"}");
  g_autoptr(JsonObject) amount_only = parse_object ("{\"title\": \"Renewal\", \"amount\": 5000}");
  g_autoptr(GError) error = NULL;

  g_assert_false (rapport_validate_record (rapport_entity_lookup ("contact"), nameless, &error));
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_REQUIRED);
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "first_name");
  g_clear_error (&error);

  g_assert_true (rapport_validate_record (rapport_entity_lookup ("contact"), only_email, NULL));

  g_assert_false (rapport_validate_record (rapport_entity_lookup ("company"), blank_company,
                                           &error));
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "name");
  g_clear_error (&error);

  g_assert_false (rapport_validate_record (rapport_entity_lookup ("deal"), amount_only, &error));
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "currency");
}

/* A required field left empty is said as its descriptor says it, in the
 * app, from the CLI and from the server alike; others by the general rule. */
static void
test_missing_message (void)
{
  g_autoptr(JsonObject) untitled = parse_object ("{\"notes\": \"Call back\"}");
  g_autoptr(JsonObject) emptied = parse_object ("{\"title\": null}");
  g_autoptr(JsonObject) nameless = parse_object ("{\"domain\": \"example.com\"}");
  g_autoptr(GError) error = NULL;

  g_assert_false (rapport_validate_record (rapport_entity_lookup ("task"), untitled, &error));
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_REQUIRED);
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "title");
  g_assert_cmpstr (error->message, ==, "A task needs a title.");
  g_clear_error (&error);

  g_assert_false (rapport_validate_changes (rapport_entity_lookup ("task"), emptied, &error));
  g_assert_cmpstr (error->message, ==, "A task needs a title.");
  g_clear_error (&error);

  g_assert_false (rapport_validate_record (rapport_entity_lookup ("company"), nameless, &error));
  g_assert_cmpstr (error->message, ==, "This field is required");
}

static void
test_error_copy_keeps_field (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;

  rapport_set_validation_error (&error, RAPPORT_VALIDATION_ERROR_INVALID, "amount", "bad");
  copy = g_error_copy (error);
  g_assert_cmpstr (rapport_validation_error_get_field (copy), ==, "amount");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/validate/bad-changes", test_bad_changes);
  g_test_add_func ("/rapport/validate/text-length", test_text_length);
  g_test_add_func ("/rapport/validate/normalization", test_normalization);
  g_test_add_func ("/rapport/validate/dates", test_dates);
  g_test_add_func ("/rapport/validate/good-values", test_good_values);
  g_test_add_func ("/rapport/validate/record-rules", test_record_rules);
  g_test_add_func ("/rapport/validate/missing-message", test_missing_message);
  g_test_add_func ("/rapport/validate/error-copy", test_error_copy_keeps_field);

  return g_test_run ();
}
