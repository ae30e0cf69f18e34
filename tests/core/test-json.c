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

/* The writer makes the very text that json-glib's generator, repaired,
 * made before it: stored rows and pages read the same as ever. */
static void
test_writer_matches_generator (void)
{
  static const char *texts[] = {
    "{}", "[]", "[[]]", "{\"a\":{}}", "null", "true", "\"x\"", "0", "-9223372036854775807",
    "1.5", "-0.000123", "1e300",
    "[{\"label\":\"work\",\"value\":\"anna@example.com\"},"
    " {\"label\":\"home\",\"value\":\"+49 170 555\"}]",
    "[\"vip\",\"张三\",\"müller\",\"quote \\\" back \\\\ slash /\"]",
    "{\"z\":1,\"a\":[true,false,null],\"m\":{\"nested\":[1,[2,[3]]]}}",
    "{\"tab\":\"\\t\\n\\r\\b\\f\\u0001\\u001f\\u007f\\u2028\"}",
    "{\"\\u0002key\":\"\\ud83e\\udd1d\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (texts[i], NULL);
      g_autofree char *generated = json_to_string (node, FALSE);
      g_autofree char *safe = rapport_json_make_safe (generated, strlen (generated));
      g_autofree char *written = rapport_json_to_string (node);

      g_assert_nonnull (node);
      g_assert_cmpstr (written, ==, safe ? safe : generated);
    }

  /* Text that is not UTF-8 is written as make_safe() repairs it. */
  {
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
    g_autoptr(JsonArray) array = json_array_new ();
    g_autofree char *generated = NULL;
    g_autofree char *safe = NULL;
    g_autofree char *written = NULL;

    json_array_add_string_element (array, "bad \xed\xa0\x80 bytes \xc0\xaf!");
    json_array_add_string_element (array, "x\x01y");
    json_node_set_array (node, array);
    generated = json_to_string (node, FALSE);
    safe = rapport_json_make_safe (generated, strlen (generated));
    written = rapport_json_to_string (node);
    g_assert_cmpstr (written, ==, safe);
  }
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

/* One member of each kind, for the accessors: what is not of the asked
 * type reads as absent, never as a warning or a converted value. */
#define MEMBERS "{\"text\": \"Wang Fang\", \"empty\": \"\", \"int\": 7, " \
                "\"big\": 9007199254740993, \"fraction\": 2.9, \"yes\": true, " \
                "\"null\": null, \"object\": {\"a\": 1}, \"array\": [1]}"

static const char *const not_text[] = { "int", "big", "fraction", "yes", "null", "object", "array", "missing" };

static void
test_get_string (void)
{
  g_autoptr(JsonNode) root = parse (MEMBERS);
  JsonObject *object = json_node_get_object (root);

  g_assert_cmpstr (rapport_json_get_string (object, "text"), ==, "Wang Fang");
  g_assert_cmpstr (rapport_json_get_string (object, "empty"), ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (not_text); i++)
    g_assert_null (rapport_json_get_string (object, not_text[i]));
  g_assert_null (rapport_json_get_string (NULL, "text"));
}

static void
test_get_int (void)
{
  static const char *const not_int[] = { "text", "empty", "fraction", "yes", "null", "object", "array", "missing" };
  g_autoptr(JsonNode) root = parse (MEMBERS);
  JsonObject *object = json_node_get_object (root);
  gint64 value = 0;

  g_assert_true (rapport_json_lookup_int (object, "int", &value));
  g_assert_cmpint (value, ==, 7);
  g_assert_true (rapport_json_lookup_int (object, "big", &value));
  g_assert_cmpint (value, ==, G_GINT64_CONSTANT (9007199254740993));
  g_assert_cmpint (rapport_json_get_int (object, "int", -1), ==, 7);
  for (guint i = 0; i < G_N_ELEMENTS (not_int); i++)
    {
      value = 42;
      g_assert_false (rapport_json_lookup_int (object, not_int[i], &value));
      g_assert_cmpint (value, ==, 42);
      g_assert_cmpint (rapport_json_get_int (object, not_int[i], -1), ==, -1);
    }
  g_assert_false (rapport_json_lookup_int (NULL, "int", &value));
  g_assert_cmpint (rapport_json_get_int (NULL, "int", 5), ==, 5);
}

static void
test_get_object_array (void)
{
  g_autoptr(JsonNode) root = parse (MEMBERS);
  JsonObject *object = json_node_get_object (root);

  g_assert_cmpint (json_object_get_int_member (rapport_json_get_object (object, "object"), "a"), ==, 1);
  g_assert_cmpuint (json_array_get_length (rapport_json_get_array (object, "array")), ==, 1);
  g_assert_null (rapport_json_get_object (object, "array"));
  g_assert_null (rapport_json_get_array (object, "object"));
  for (guint i = 0; i < G_N_ELEMENTS (not_text); i++)
    {
      if (!g_str_equal (not_text[i], "object"))
        g_assert_null (rapport_json_get_object (object, not_text[i]));
      if (!g_str_equal (not_text[i], "array"))
        g_assert_null (rapport_json_get_array (object, not_text[i]));
    }
  g_assert_null (rapport_json_get_object (NULL, "object"));
  g_assert_null (rapport_json_get_array (NULL, "array"));
}

/* A missing member copies as null; a present one as a node of its own
 * holding the same value. */
static void
test_dup_member (void)
{
  g_autoptr(JsonNode) root = parse (MEMBERS);
  JsonObject *object = json_node_get_object (root);
  g_autoptr(JsonNode) copy = rapport_json_dup_member (object, "object");
  g_autoptr(JsonNode) missing = rapport_json_dup_member (object, "missing");
  g_autoptr(JsonNode) from_nothing = rapport_json_dup_member (NULL, "object");
  g_autoptr(JsonNode) null = rapport_json_dup_member (object, "null");

  g_assert_true (copy != json_object_get_member (object, "object"));
  g_assert_true (json_node_equal (copy, json_object_get_member (object, "object")));
  g_assert_true (JSON_NODE_HOLDS_NULL (missing));
  g_assert_true (JSON_NODE_HOLDS_NULL (from_nothing));
  g_assert_true (JSON_NODE_HOLDS_NULL (null));
}

/* A field that is missing and one that is null are the same empty field;
 * an empty text is not. */
static void
test_node_equal (void)
{
  g_autoptr(JsonNode) root = parse (MEMBERS);
  g_autoptr(JsonNode) again = parse (MEMBERS);
  JsonObject *object = json_node_get_object (root);
  JsonObject *other = json_node_get_object (again);
  JsonNode *null = json_object_get_member (object, "null");
  JsonNode *empty = json_object_get_member (object, "empty");
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_assert_true (rapport_json_node_equal (NULL, NULL));
  g_assert_true (rapport_json_node_equal (NULL, null));
  g_assert_true (rapport_json_node_equal (null, NULL));
  g_assert_false (rapport_json_node_equal (NULL, empty));
  g_assert_false (rapport_json_node_equal (empty, null));
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    g_assert_true (rapport_json_node_equal (node, json_object_get_member (other, name)));
  g_assert_false (rapport_json_node_equal (json_object_get_member (object, "int"),
                                           json_object_get_member (object, "big")));
  json_object_set_int_member (rapport_json_get_object (other, "object"), "a", 2);
  g_assert_false (rapport_json_node_equal (json_object_get_member (object, "object"),
                                           json_object_get_member (other, "object")));
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
  g_test_add_func ("/rapport/json/write/as-generator", test_writer_matches_generator);
  g_test_add_func ("/rapport/json/get/string", test_get_string);
  g_test_add_func ("/rapport/json/get/int", test_get_int);
  g_test_add_func ("/rapport/json/get/object-array", test_get_object_array);
  g_test_add_func ("/rapport/json/get/dup-member", test_dup_member);
  g_test_add_func ("/rapport/json/get/node-equal", test_node_equal);
  return g_test_run ();
}
