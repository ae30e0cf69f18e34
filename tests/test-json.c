/* test-json.c: JSON from the network, and JSON we write, always valid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rapport-json.h"
#include "rapport-validate.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = rapport_json_parse (text, strlen (text), 1 << 20, 64, &error);

  g_assert_no_error (error);
  return node;
}

/* A NUL or half a surrogate pair arrives as a control character that
 * validation refuses at its field, never as cut or broken text. */
static void
test_unstorable_escapes (void)
{
  static const struct
  {
    const char *json;
    const char *field;
  } cases[] = {
    { "{\"first_name\": \"a\\u0000b\"}", "first_name" },
    { "{\"first_name\": \"\\u0000\"}", "first_name" },
    { "{\"first_name\": \"x\\ud800\"}", "first_name" },
    { "{\"first_name\": \"x\\ud800y\"}", "first_name" },
    { "{\"first_name\": \"x\\ud800\\u0041\"}", "first_name" },
    { "{\"first_name\": \"x\\udfffy\"}", "first_name" },
    { "{\"last_name\": \"x\\uDBFF\\uDBFF\\uDC00\"}", "last_name" },
    { "{\"emails\": [{\"value\": \"a\\ud800b@x.example\"}]}", "emails" },
    { "{\"notes\": \"a\\u001fb\"}", "notes" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].json);
      g_autoptr(GError) error = NULL;

      g_assert_false (rapport_validate_changes (rapport_entity_lookup ("contact"),
                                                json_node_get_object (node), &error));
      g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_INVALID);
      g_assert_cmpstr (rapport_validation_error_get_field (error), ==, cases[i].field);
      /* Stored text that holds one is not JSON we serve as it is. */
      if (strstr (cases[i].json, "\\u001f") == NULL)
        g_assert_false (rapport_json_validate (cases[i].json, strlen (cases[i].json), 8, NULL));
    }
}

static void
test_text_kept (void)
{
  static const char *texts[] = {
    "tab\\there\\nand\\r\\n", "\\ud83e\\udd1d deal", "\\u007f\\u0085", "\\u2028\\u2029",
    "\\ufeff\\ufffe\\uffff", "\\udbff\\udffd",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"notes\": \"%s\"}", texts[i]);
      g_autoptr(JsonNode) node = parse (json);
      g_autoptr(GError) error = NULL;
      g_autofree char *written = NULL;
      g_autoptr(JsonNode) again = NULL;

      g_assert_true (rapport_validate_changes (rapport_entity_lookup ("contact"),
                                               json_node_get_object (node), &error));
      g_assert_no_error (error);
      written = rapport_json_to_string (node);
      g_assert_true (rapport_json_validate (written, strlen (written), 8, NULL));
      again = parse (written);
      g_assert_true (json_node_equal (node, again));
    }
}

/* json-glib 1.6 writes U+0001…U+001F raw; what we write never is. */
static void
test_written_text_is_json (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *raw = NULL;

  json_object_set_string_member (object, "a", "x\x01y\x1fz\"\\\t");
  json_object_set_string_member (object, "b\x02", "bad \xed\xa0\x80 bytes \xc0\xaf!");
  node = json_node_init_object (json_node_alloc (), json_object_ref (object));
  raw = json_to_string (node, FALSE);
  g_assert_false (rapport_json_validate (raw, strlen (raw), 8, NULL));

  text = rapport_json_to_string (node);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (rapport_json_validate (text, strlen (text), 8, NULL));
  again = parse (text);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (again), "a"), ==,
                   "x\x01y\x1fz\"\\\t");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (again), "b\x02"), ==,
                   "bad \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd bytes \xef\xbf\xbd\xef\xbf\xbd!");
}

static void
test_make_safe (void)
{
  static const struct
  {
    const char *in;
    const char *out; /* NULL: already safe */
  } cases[] = {
    { "{\"a\":\"plain\"}", NULL },
    { "{\n  \"a\" : [\n    1,\n    \"b\"\n  ]\n}", NULL },
    { "{\"a\":\"\\\"\x01\"}", "{\"a\":\"\\\"\\u0001\"}" },
    { "{\"a\":\"\\u0000x\"}", "{\"a\":\"\\ufffdx\"}" },
    { "{\"a\":\"\\ud800\\udc00\"}", NULL },
    { "{\"a\":\"\\udc00\\ud800\"}", "{\"a\":\"\\ufffd\\ufffd\"}" },
    { "{\"a\":\"\\\\u0000\"}", NULL },
    { "{\"a\":\"\xff\"}", "{\"a\":\"\xef\xbf\xbd\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *safe = rapport_json_make_safe (cases[i].in, strlen (cases[i].in));

      g_assert_cmpstr (safe, ==, cases[i].out);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rapport/json/parse/unstorable-escapes", test_unstorable_escapes);
  g_test_add_func ("/rapport/json/parse/text-kept", test_text_kept);
  g_test_add_func ("/rapport/json/write/always-json", test_written_text_is_json);
  g_test_add_func ("/rapport/json/write/make-safe", test_make_safe);
  return g_test_run ();
}
