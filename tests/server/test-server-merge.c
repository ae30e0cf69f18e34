/* test-server-merge.c: the three-way merge, table-driven, and the JSON guard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-server-merge"

#include "config.h"

#include <string.h>

#include "rapport-json.h"
#include "rapport-server-merge.h"

typedef struct
{
  const char        *name;
  RapportOpKind      kind;
  gint64             base_version;
  const char        *changes;  /* {"field": {"base", "new"}} */
  const char        *current;  /* NULL: the record never existed */
  gboolean           deleted;
  gint64             version;
  RapportMergeStatus status;
  const char        *apply;     /* what is written */
  const char        *conflicts; /* sorted by field */
} MergeCase;

static const MergeCase merge_cases[] = {
  { "create-new", RAPPORT_OP_CREATE, 0, "{\"title\":{\"base\":null,\"new\":\"A\"}}",
    NULL, FALSE, 0, RAPPORT_MERGE_APPLIED, "{\"title\":\"A\"}", "[]" },
  { "same-base", RAPPORT_OP_UPDATE, 3, "{\"title\":{\"base\":\"A\",\"new\":\"B\"}}",
    "{\"title\":\"Z\"}", FALSE, 3, RAPPORT_MERGE_APPLIED, "{\"title\":\"B\"}", "[]" },
  { "disjoint", RAPPORT_OP_UPDATE, 1, "{\"title\":{\"base\":\"A\",\"new\":\"B\"}}",
    "{\"title\":\"A\",\"notes\":\"theirs\"}", FALSE, 2, RAPPORT_MERGE_MERGED, "{\"title\":\"B\"}", "[]" },
  { "same-value", RAPPORT_OP_UPDATE, 1, "{\"title\":{\"base\":\"A\",\"new\":\"B\"}}",
    "{\"title\":\"B\"}", FALSE, 2, RAPPORT_MERGE_MERGED, "{}", "[]" },
  { "conflict", RAPPORT_OP_UPDATE, 1,
    "{\"title\":{\"base\":\"A\",\"new\":\"B\"},\"notes\":{\"base\":null,\"new\":\"n\"}}",
    "{\"title\":\"C\"}", FALSE, 2, RAPPORT_MERGE_CONFLICT, "{}",
    "[{\"field\":\"title\",\"base\":\"A\",\"mine\":\"B\",\"theirs\":\"C\"}]" },
  { "conflict-with-missing", RAPPORT_OP_UPDATE, 1, "{\"title\":{\"base\":\"A\",\"new\":\"B\"}}",
    "{}", FALSE, 2, RAPPORT_MERGE_CONFLICT, "{}",
    "[{\"field\":\"title\",\"base\":\"A\",\"mine\":\"B\",\"theirs\":null}]" },
  { "lists-compare-by-value", RAPPORT_OP_UPDATE, 1,
    "{\"tags\":{\"base\":[\"a\"],\"new\":[\"a\",\"b\"]}}",
    "{\"tags\":[\"a\"]}", FALSE, 4, RAPPORT_MERGE_MERGED, "{\"tags\":[\"a\",\"b\"]}", "[]" },
  { "clear-a-field", RAPPORT_OP_UPDATE, 1, "{\"title\":{\"base\":\"A\",\"new\":null}}",
    "{\"title\":\"A\"}", FALSE, 2, RAPPORT_MERGE_MERGED, "{\"title\":null}", "[]" },
  { "create-existing-equal", RAPPORT_OP_CREATE, 0, "{\"title\":{\"base\":null,\"new\":\"A\"}}",
    "{\"title\":\"A\"}", FALSE, 1, RAPPORT_MERGE_MERGED, "{}", "[]" },
  { "delete-same-base", RAPPORT_OP_DELETE, 2, NULL,
    "{\"title\":\"A\"}", FALSE, 2, RAPPORT_MERGE_APPLIED, "{}", "[]" },
  { "delete-vs-edit", RAPPORT_OP_DELETE, 1, NULL,
    "{\"title\":\"A\"}", FALSE, 2, RAPPORT_MERGE_CONFLICT, "{}",
    "[{\"field\":\"_deleted\",\"base\":false,\"mine\":true,\"theirs\":false}]" },
  { "edit-vs-delete", RAPPORT_OP_UPDATE, 1, "{\"title\":{\"base\":\"A\",\"new\":\"B\"}}",
    NULL, TRUE, 2, RAPPORT_MERGE_CONFLICT, "{}",
    "[{\"field\":\"_deleted\",\"base\":false,\"mine\":false,\"theirs\":true}]" },
  { "delete-deleted", RAPPORT_OP_DELETE, 1, NULL, NULL, TRUE, 2, RAPPORT_MERGE_APPLIED, "{}", "[]" },
  { "create-restores-deleted", RAPPORT_OP_CREATE, 0, "{\"title\":{\"base\":null,\"new\":\"B\"}}",
    NULL, TRUE, 2, RAPPORT_MERGE_APPLIED, "{\"title\":\"B\"}", "[]" },
};

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = rapport_json_parse (text, strlen (text), 1 << 20, 64, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_merge_case (gconstpointer data)
{
  const MergeCase *c = data;
  g_autoptr(JsonNode) changes = c->changes != NULL ? parse (c->changes) : NULL;
  g_autoptr(JsonNode) current = c->current != NULL ? parse (c->current) : NULL;
  g_autoptr(JsonNode) expected_apply = parse (c->apply);
  g_autoptr(JsonNode) expected_conflicts = parse (c->conflicts);
  g_autoptr(JsonObject) apply = json_object_new ();
  g_autoptr(JsonArray) conflicts = json_array_new ();
  g_autoptr(JsonNode) apply_node = NULL;
  g_autoptr(JsonNode) conflicts_node = NULL;
  RapportMergeStatus status;

  status = rapport_server_merge (c->kind, c->base_version,
                                 changes != NULL ? json_node_get_object (changes) : NULL,
                                 current != NULL ? json_node_get_object (current) : NULL,
                                 c->deleted, c->version, apply, conflicts);
  g_assert_cmpstr (rapport_server_merge_status_name (status), ==,
                   rapport_server_merge_status_name (c->status));

  apply_node = json_node_init_object (json_node_alloc (), apply);
  conflicts_node = json_node_init_array (json_node_alloc (), conflicts);
  if (!json_node_equal (apply_node, expected_apply))
    g_error ("applied %s, expected %s", json_to_string (apply_node, FALSE), c->apply);
  if (!json_node_equal (conflicts_node, expected_conflicts))
    g_error ("conflicts %s, expected %s", json_to_string (conflicts_node, FALSE), c->conflicts);
}

static gboolean
validate_text (const char *text,
               guint       max_depth)
{
  return rapport_json_validate (text, strlen (text), max_depth, NULL);
}

static void
test_json_depth (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  node = rapport_json_parse (deep->str, deep->len, G_MAXSIZE, 64, &error);
  g_assert_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_TOO_DEEP);
  g_assert_null (node);
  g_clear_error (&error);

  g_assert_true (validate_text ("[[[]]]", 3));
  g_assert_false (validate_text ("[[[[]]]]", 3));
  /* Brackets in strings, escaped quotes included, do not nest. */
  g_assert_true (validate_text ("[\"[[[[\\\"[[[[\"]", 1));
  g_assert_true (validate_text ("{\"a\":{\"b\":1},\"c\":{\"d\":2}}", 2));
}

/* json-glib takes all of these; the network may not send them. */
static const char * const not_json[] = {
  "{'a': 1}", "01", "[1,]", "{\"a\": 1,}", "/* c */ {}", "\"\\x\"", "1 2", "{\"a\" 1}",
  "[1 2]", "{1: 2}", "tru", "nul", "-", "1.", ".5", "1e", "\"\x01\"", "\"\\u12\"", "", " ",
  "[", "]", "{\"a\":}", "NaN", "Infinity", "{\"a\": 1}}", "[}", "{]",
};

static const char * const json[] = {
  "0", "-0.5e+3", "\"\\u00e9\\n\"", "true", "null", "[]", "{}", " { \"a\" : [ 1 , -2.5E-3 , true , null , {} ] } ",
  "[[],[[]],{\"b\":[{}]}]", "\"[{\\\"\"",
};

static void
test_json_strict (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (not_json); i++)
    {
      g_autoptr(GError) error = NULL;

      if (rapport_json_validate (not_json[i], strlen (not_json[i]), 8, &error))
        g_error ("“%s” passed as JSON", not_json[i]);
      g_assert_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_INVALID);
    }
  for (guint i = 0; i < G_N_ELEMENTS (json); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!rapport_json_validate (json[i], strlen (json[i]), 8, &error))
        g_error ("“%s” refused: %s", json[i], error->message);
    }
}

static void
test_json_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = rapport_json_parse ("{\"a\": 1}", 8, 4, 64, &error);
  g_assert_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_TOO_LARGE);
  g_clear_error (&error);

  node = rapport_json_parse ("\"\xff\"", 3, 100, 64, &error);
  g_assert_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_INVALID_UTF8);
  g_clear_error (&error);

  node = rapport_json_parse ("{\"a\": ", 6, 100, 64, &error);
  g_assert_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_INVALID);
  g_clear_error (&error);

  node = rapport_json_parse ("{\"a\": [1, 2]}", 13, 100, 64, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  /* The tree is mutable: validation normalises values in place. */
  json_object_set_int_member (json_node_get_object (node), "b", 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (merge_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rapport/server/merge/%s", merge_cases[i].name);

      g_test_add_data_func (path, &merge_cases[i], test_merge_case);
    }
  g_test_add_func ("/rapport/json/depth", test_json_depth);
  g_test_add_func ("/rapport/json/limits", test_json_limits);
  g_test_add_func ("/rapport/json/strict", test_json_strict);

  return g_test_run ();
}
