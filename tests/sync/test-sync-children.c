/* test-sync-children.c: a record's lines between two clients and the server
 *
 * A price list and its items, edited by two managers offline: lines travel
 * with their list, are deleted with it everywhere, merge line by line and
 * field by field, conflict only on the same field of the same line (the
 * conflict naming that line), and keep one order on every client when both
 * insert between the same two lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rapport-json.h"
#include "rapport-store-children.h"
#include "rapport-store-sync.h"
#include "sync-test-server.h"

typedef struct
{
  TestServer *server;
  TestClient *a;
  TestClient *b;
  char       *list;       /* a price list both clients have, with lines A, B, C */
} Fixture;

static JsonArray *
parse_array (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_array_ref (json_node_get_array (node));
}

static char *
save (TestClient *client,
      const char *id,
      const char *fields,
      const char *children)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) values = fields ? test_parse_object (fields) : NULL;
  g_autoptr(JsonArray) edits = children ? parse_array (children) : NULL;
  g_autoptr(JsonObject) record = rapport_store_save_with_children (client->store, "price_list", id,
                                                                   values, edits, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (record, "id"));
}

static GPtrArray *
items (TestClient *client,
       const char *list)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *records = rapport_store_list_children (client->store, "price_list_item", list, &error);

  g_assert_no_error (error);
  return records;
}

/* "name=unit_price|…" of a list's lines, in order. */
static char *
describe (TestClient *client,
          const char *list)
{
  g_autoptr(GPtrArray) records = items (client, list);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *item = g_ptr_array_index (records, i);

      g_string_append_printf (text, "%s%s=%" G_GINT64_FORMAT, i ? "|" : "",
                              json_object_get_string_member (item, "name"),
                              json_object_get_int_member_with_default (item, "unit_price", 0));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
line_id (TestClient *client,
         const char *list,
         const char *name)
{
  g_autoptr(GPtrArray) records = items (client, list);

  for (guint i = 0; i < records->len; i++)
    if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (records, i), "name"), name) == 0)
      return g_strdup (json_object_get_string_member (g_ptr_array_index (records, i), "id"));
  g_assert_not_reached ();
}

static guint
n_conflicts (TestClient *client)
{
  g_autoptr(GPtrArray) conflicts = rapport_store_list_conflicts (client->store, NULL);

  return conflicts->len;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = test_server_new_managers ();
  fixture->a = test_client_new (fixture->server, "a", "mei");
  fixture->b = test_client_new (fixture->server, "b", "tom");

  fixture->list = save (fixture->a, NULL, "{\"name\": \"经销商价格\", \"currency\": \"CNY\"}",
                        "[{\"op\": \"create\", \"entity\": \"price_list_item\","
                        "  \"fields\": {\"name\": \"A\", \"unit_price\": 100, \"currency\": \"CNY\"}},"
                        " {\"op\": \"create\", \"entity\": \"price_list_item\","
                        "  \"fields\": {\"name\": \"B\", \"unit_price\": 200, \"currency\": \"CNY\"}},"
                        " {\"op\": \"create\", \"entity\": \"price_list_item\","
                        "  \"fields\": {\"name\": \"C\", \"unit_price\": 300, \"currency\": \"CNY\"}}]");
  test_client_sync (fixture->a);
  test_client_sync (fixture->b);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->a, test_client_free);
  g_clear_pointer (&fixture->b, test_client_free);
  g_clear_pointer (&fixture->server, test_server_free);
  g_free (fixture->list);
}

static void
assert_same_lines (Fixture    *fixture,
                   const char *expected)
{
  g_autofree char *left = describe (fixture->a, fixture->list);
  g_autofree char *right = describe (fixture->b, fixture->list);

  g_assert_cmpstr (left, ==, expected);
  g_assert_cmpstr (right, ==, expected);
}

static void
test_lines_travel_and_die_with_list (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *b_line = line_id (fixture->b, fixture->list, "B");
  g_autofree char *edits = g_strdup_printf ("[{\"op\": \"update\", \"entity\": \"price_list_item\","
                                            "  \"id\": \"%s\", \"fields\": {\"unit_price\": 250}}]",
                                            b_line);
  g_autofree char *again = NULL;

  assert_same_lines (fixture, "A=100|B=200|C=300");
  g_assert_cmpuint (rapport_store_count_pending (fixture->a->store), ==, 0);

  again = save (fixture->b, fixture->list, "{\"name\": \"经销商价格 2027\"}", edits);
  test_client_sync (fixture->b);
  test_client_sync (fixture->a);
  assert_same_lines (fixture, "A=100|B=250|C=300");

  /* Deleting the list on one client deletes its lines on the other. */
  g_assert_true (rapport_store_delete (fixture->a->store, "price_list", fixture->list, &error));
  g_assert_no_error (error);
  test_client_sync (fixture->a);
  test_client_sync (fixture->b);
  g_assert_cmpint (rapport_store_count (fixture->b->store, "price_list", NULL), ==, 0);
  g_assert_cmpint (rapport_store_count (fixture->b->store, "price_list_item", NULL), ==, 0);
  g_assert_cmpuint (n_conflicts (fixture->a), ==, 0);
  g_assert_cmpuint (n_conflicts (fixture->b), ==, 0);
  g_assert_cmpuint (rapport_store_count_failed (fixture->a->store), ==, 0);
}

static void
edit_line (TestClient *client,
           const char *list,
           const char *name,
           const char *fields)
{
  g_autofree char *id = line_id (client, list, name);
  g_autofree char *edits = g_strdup_printf ("[{\"op\": \"update\", \"entity\": \"price_list_item\","
                                            "  \"id\": \"%s\", \"fields\": %s}]", id, fields);
  g_autofree char *saved = save (client, list, NULL, edits);
}

static void
test_different_lines_merge (Fixture       *fixture,
                            gconstpointer  data)
{
  /* Both offline: one edits line A's price, the other line C's name and
   * line A's minimum quantity: another field of the same line. */
  edit_line (fixture->a, fixture->list, "A", "{\"unit_price\": 110}");
  edit_line (fixture->b, fixture->list, "C", "{\"name\": \"C (10+)\"}");
  edit_line (fixture->b, fixture->list, "A", "{\"min_qty_milli\": 5000}");
  test_client_sync (fixture->a);
  test_client_sync (fixture->b);
  test_client_sync (fixture->a);

  g_assert_cmpuint (n_conflicts (fixture->a), ==, 0);
  g_assert_cmpuint (n_conflicts (fixture->b), ==, 0);
  assert_same_lines (fixture, "A=110|B=200|C (10+)=300");
  {
    g_autofree char *id = line_id (fixture->a, fixture->list, "A");
    g_autoptr(JsonObject) line = rapport_store_get (fixture->a->store, "price_list_item", id, NULL);

    g_assert_cmpint (json_object_get_int_member (line, "min_qty_milli"), ==, 5000);
  }
}

static void
test_same_line_conflicts_naming_it (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  JsonObject *conflict;
  JsonObject *fields;

  edit_line (fixture->a, fixture->list, "B", "{\"unit_price\": 180}");
  edit_line (fixture->b, fixture->list, "B", "{\"unit_price\": 190}");
  edit_line (fixture->b, fixture->list, "C", "{\"unit_price\": 310}");
  test_client_sync (fixture->a);
  test_client_sync (fixture->b);

  conflicts = rapport_store_list_conflicts (fixture->b->store, NULL);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (json_object_get_string_member (conflict, "entity"), ==, "price_list_item");
  g_assert_cmpstr (json_object_get_string_member (conflict, "title"), ==, "B");
  g_assert_cmpstr (json_object_get_string_member (conflict, "parent_title"), ==, "经销商价格");
  fields = json_object_get_object_member (conflict, "fields");
  g_assert_cmpuint (json_object_get_size (fields), ==, 1);
  g_assert_true (json_object_has_member (fields, "unit_price"));

  /* The other line of the same save went through. */
  test_client_sync (fixture->a);
  {
    g_autofree char *text = describe (fixture->a, fixture->list);

    g_assert_cmpstr (text, ==, "A=100|B=180|C=310");
  }
}

static void
test_concurrent_inserts_keep_one_order (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autofree char *after_a = line_id (fixture->a, fixture->list, "A");
  g_autofree char *after_b = line_id (fixture->b, fixture->list, "A");
  g_autofree char *first = g_strdup_printf ("[{\"op\": \"create\", \"entity\": \"price_list_item\","
                                            "  \"after\": \"%s\", \"fields\": {\"name\": \"A+mei\"}}]",
                                            after_a);
  g_autofree char *second = g_strdup_printf ("[{\"op\": \"create\", \"entity\": \"price_list_item\","
                                             "  \"after\": \"%s\", \"fields\": {\"name\": \"A+tom\"}}]",
                                             after_b);
  g_autofree char *saved_a = save (fixture->a, fixture->list, NULL, first);
  g_autofree char *saved_b = save (fixture->b, fixture->list, NULL, second);
  g_autofree char *left = NULL;
  g_autofree char *right = NULL;

  test_client_sync (fixture->a);
  test_client_sync (fixture->b);
  test_client_sync (fixture->a);

  /* Both lines are kept, between A and B, in the same order on both. */
  left = describe (fixture->a, fixture->list);
  right = describe (fixture->b, fixture->list);
  g_assert_cmpstr (left, ==, right);
  g_assert_true (g_str_equal (left, "A=100|A+mei=0|A+tom=0|B=200|C=300") ||
                 g_str_equal (left, "A=100|A+tom=0|A+mei=0|B=200|C=300"));
  g_assert_cmpuint (n_conflicts (fixture->a) + n_conflicts (fixture->b), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rapport/sync/children/travel-and-die-with-list", test_lines_travel_and_die_with_list);
  ADD ("/rapport/sync/children/different-lines-merge", test_different_lines_merge);
  ADD ("/rapport/sync/children/same-line-conflicts", test_same_line_conflicts_naming_it);
  ADD ("/rapport/sync/children/concurrent-inserts", test_concurrent_inserts_keep_one_order);
#undef ADD

  return g_test_run ();
}
