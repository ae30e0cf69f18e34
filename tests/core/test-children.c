/* test-children.c: child records in the local store
 *
 * A price list and its items: written together in one transaction and one
 * outbox group, deleted together, pulled and cascaded, and kept in order
 * by position keys.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rapport-json.h"
#include "rapport-position.h"
#include "rapport-store-children.h"
#include "rapport-store-sync.h"
#include "rapport-test-util.h"
#include "rapport-uuid.h"
#include "rapport-validate.h"

typedef RapportTestStore Fixture;

static JsonArray *
parse_array (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_array_ref (json_node_get_array (node));
}

static JsonObject *
save (RapportStore *store,
      const char   *id,
      const char   *fields,
      const char   *children,
      GError      **error)
{
  g_autoptr(JsonObject) values = fields ? rapport_test_parse_object (fields) : NULL;
  g_autoptr(JsonArray) edits = children ? parse_array (children) : NULL;

  return rapport_store_save_with_children (store, "price_list", id, values, edits, error);
}

/* The names of a list's items, in their order, joined by "|". */
static char *
item_names (RapportStore *store,
            const char   *list_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = rapport_store_list_children (store, "price_list_item", list_id, &error);
  g_autoptr(GString) names = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (names, "%s%s", i ? "|" : "",
                            json_object_get_string_member (g_ptr_array_index (items, i), "name"));
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static char *
item_id (RapportStore *store,
         const char   *list_id,
         guint         index)
{
  g_autoptr(GPtrArray) items = rapport_store_list_children (store, "price_list_item", list_id, NULL);

  g_assert_cmpuint (items->len, >, index);
  return g_strdup (json_object_get_string_member (g_ptr_array_index (items, index), "id"));
}

static GPtrArray *
outbox (RapportStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = rapport_store_list_outbox (store, &error);

  g_assert_no_error (error);
  return entries;
}

static const char *
entry_text (GPtrArray  *entries,
            guint       index,
            const char *member)
{
  return json_object_get_string_member_with_default (g_ptr_array_index (entries, index), member,
                                                     NULL);
}

/* A refused save leaves no list, no line and nothing to send. */
static void
assert_nothing_written (RapportStore *store)
{
  g_autoptr(GPtrArray) entries = outbox (store);

  g_assert_cmpint (rapport_store_count (store, "price_list", NULL), ==, 0);
  g_assert_cmpint (rapport_store_count (store, "price_list_item", NULL), ==, 0);
  g_assert_cmpuint (entries->len, ==, 0);
}

static void
test_position_between (void)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *middle = NULL;

  /* Inserting anywhere, many times, keeps every key strictly between its
   * neighbours and never ends one in the lowest digit. */
  g_ptr_array_add (keys, rapport_position_between (NULL, NULL));
  for (guint i = 0; i < 2000; i++)
    {
      guint at = g_test_rand_int_range (0, keys->len + 1);
      const char *before = at > 0 ? g_ptr_array_index (keys, at - 1) : NULL;
      const char *after = at < keys->len ? g_ptr_array_index (keys, at) : NULL;
      char *key = rapport_position_between (before, after);

      if (before != NULL)
        g_assert_cmpstr (before, <, key);
      if (after != NULL)
        g_assert_cmpstr (key, <, after);
      g_assert_cmpint (key[strlen (key) - 1], !=, '0');
      g_ptr_array_insert (keys, at, key);
    }
  /* The same neighbours give the same key on every client: ties are then
   * ordered by id. */
  middle = rapport_position_between ("A", "B");
  g_assert_cmpstr (middle, ==, "AV");
}

static void
test_create_with_items (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) list = save (fixture->store, NULL,
                                     "{\"name\": \"经销商价格 2027\", \"currency\": \"CNY\"}",
                                     "[{\"op\": \"create\", \"entity\": \"price_list_item\","
                                     "  \"fields\": {\"name\": \"Base\", \"unit_price\": 9900,"
                                     "               \"currency\": \"CNY\"}},"
                                     " {\"op\": \"create\", \"entity\": \"price_list_item\","
                                     "  \"fields\": {\"name\": \"10+\", \"min_qty_milli\": 10000,"
                                     "               \"discount_ppm\": 100000}}]",
                                     &error);
  const char *id;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *names = NULL;

  g_assert_no_error (error);
  id = json_object_get_string_member (list, "id");
  names = item_names (fixture->store, id);
  g_assert_cmpstr (names, ==, "Base|10+");

  /* One group of three entries, the list first. */
  entries = outbox (fixture->store);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_cmpstr (entry_text (entries, 0, "entity"), ==, "price_list");
  g_assert_nonnull (entry_text (entries, 0, "group"));
  g_assert_true (rapport_uuid_is_valid (entry_text (entries, 0, "group")));
  g_assert_cmpstr (entry_text (entries, 1, "group"), ==, entry_text (entries, 0, "group"));
  g_assert_cmpstr (entry_text (entries, 2, "group"), ==, entry_text (entries, 0, "group"));
  g_assert_cmpstr (entry_text (entries, 2, "entity"), ==, "price_list_item");
}

static void
test_refused_line_writes_nothing (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) list = save (fixture->store, NULL,
                                     "{\"name\": \"Retail\", \"currency\": \"EUR\"}",
                                     "[{\"op\": \"create\", \"entity\": \"price_list_item\","
                                     "  \"fields\": {\"name\": \"Good\"}},"
                                     " {\"op\": \"create\", \"entity\": \"price_list_item\","
                                     "  \"fields\": {\"name\": \"Bad\", \"discount_ppm\": 2000000}}]",
                                     &error);

  g_assert_null (list);
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "discount_ppm");
  assert_nothing_written (fixture->store);
}

/* A line edit whose "op" or "entity" is not text (a caller's slip, or JSON
 * typed by hand) is refused with an error naming it, not a warning. */
static void
test_wrong_typed_edit_refused (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) list = save (fixture->store, NULL,
                                     "{\"name\": \"Retail\", \"currency\": \"EUR\"}",
                                     "[{\"op\": [\"create\"], \"entity\": \"price_list_item\","
                                     "  \"fields\": {\"name\": \"Base\"}}]",
                                     &error);
  g_autoptr(JsonObject) again = NULL;

  g_assert_null (list);
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "op");
  g_clear_error (&error);

  again = save (fixture->store, NULL, "{\"name\": \"Retail\", \"currency\": \"EUR\"}",
                "[{\"op\": \"create\", \"entity\": {\"name\": \"price_list_item\"},"
                "  \"fields\": {\"name\": \"Base\"}}]",
                &error);
  g_assert_null (again);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_UNKNOWN_ENTITY);

  assert_nothing_written (fixture->store);
}

static void
test_edit_lines_and_delete_with_parent (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) list = save (fixture->store, NULL, "{\"name\": \"Partner\", \"currency\": \"USD\"}",
                                     "[{\"op\": \"create\", \"entity\": \"price_list_item\", \"fields\": {\"name\": \"A\"}},"
                                     " {\"op\": \"create\", \"entity\": \"price_list_item\", \"fields\": {\"name\": \"B\"}},"
                                     " {\"op\": \"create\", \"entity\": \"price_list_item\", \"fields\": {\"name\": \"C\"}}]",
                                     &error);
  const char *id = json_object_get_string_member (list, "id");
  g_autofree char *a = item_id (fixture->store, id, 0);
  g_autofree char *c = item_id (fixture->store, id, 2);
  g_autofree char *edits = g_strdup_printf ("[{\"op\": \"update\", \"entity\": \"price_list_item\","
                                            "  \"id\": \"%s\", \"fields\": {\"name\": \"A2\"}},"
                                            " {\"op\": \"delete\", \"entity\": \"price_list_item\", \"id\": \"%s\"},"
                                            " {\"op\": \"create\", \"entity\": \"price_list_item\","
                                            "  \"after\": \"%s\", \"fields\": {\"name\": \"A½\"}}]",
                                            a, c, a);
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(GPtrArray) before = outbox (fixture->store);
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *names = NULL;
  g_autoptr(JsonObject) other = NULL;

  g_assert_no_error (error);
  again = save (fixture->store, id, NULL, edits, &error);
  g_assert_no_error (error);
  names = item_names (fixture->store, id);
  g_assert_cmpstr (names, ==, "A2|A½|B");
  entries = outbox (fixture->store);
  g_assert_cmpuint (entries->len, ==, before->len + 3);
  g_assert_cmpstr (entry_text (entries, before->len, "group"), !=, entry_text (entries, 0, "group"));
  g_assert_cmpstr (entry_text (entries, before->len + 2, "group"), ==,
                   entry_text (entries, before->len, "group"));

  /* A line of another list cannot be edited through this one. */
  other = save (fixture->store, NULL, "{\"name\": \"Other\", \"currency\": \"USD\"}", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&again, json_object_unref);
  g_free (edits);
  edits = g_strdup_printf ("[{\"op\": \"delete\", \"entity\": \"price_list_item\", \"id\": \"%s\"}]", a);
  again = save (fixture->store, json_object_get_string_member (other, "id"), NULL, edits, &error);
  g_assert_null (again);
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (rapport_store_count (fixture->store, "price_list_item", NULL), ==, 3);

  /* Deleting the list deletes its lines, in one group, lines first. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  g_clear_pointer (&before, g_ptr_array_unref);
  before = outbox (fixture->store);
  g_assert_true (rapport_store_delete (fixture->store, "price_list", id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_store_count (fixture->store, "price_list_item", NULL), ==, 0);
  g_assert_cmpint (rapport_store_count (fixture->store, "price_list", NULL), ==, 1);
  entries = outbox (fixture->store);
  g_assert_cmpuint (entries->len, ==, before->len + 4);
  g_assert_cmpstr (entry_text (entries, entries->len - 1, "entity"), ==, "price_list");
  g_assert_cmpstr (entry_text (entries, entries->len - 1, "op"), ==, "delete");
  g_assert_cmpstr (entry_text (entries, before->len, "group"), ==,
                   entry_text (entries, entries->len - 1, "group"));
}

static void
test_push_batch_keeps_groups_whole (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) list = save (fixture->store, NULL, "{\"name\": \"Bulk\", \"currency\": \"JPY\"}",
                                     "[{\"op\": \"create\", \"entity\": \"price_list_item\", \"fields\": {\"name\": \"1\"}},"
                                     " {\"op\": \"create\", \"entity\": \"price_list_item\", \"fields\": {\"name\": \"2\"}}]",
                                     &error);
  g_autofree char *contact = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;

  g_assert_no_error (error);
  contact = rapport_test_create (fixture->store, "contact", "{\"last_name\": \"Wu\"}");
  first = rapport_store_take_push_batch (fixture->store, 2, &error);
  g_assert_no_error (error);
  /* The group's three entries come first; a batch of two holds only part
   * of it, which goes when it is all the batch has. */
  g_assert_cmpuint (first->len, ==, 2);

  second = rapport_store_take_push_batch (fixture->store, 4, &error);
  g_assert_no_error (error);
  /* Nothing was answered yet, so the batch starts over: the whole group,
   * then the contact that does not belong to it. */
  g_assert_cmpuint (second->len, ==, 4);
}

static void
test_group_waits_for_next_batch (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contact = rapport_test_create (fixture->store, "contact", "{\"last_name\": \"Wu\"}");
  g_autoptr(JsonObject) list = save (fixture->store, NULL, "{\"name\": \"Bulk\", \"currency\": \"JPY\"}",
                                     "[{\"op\": \"create\", \"entity\": \"price_list_item\", \"fields\": {\"name\": \"1\"}},"
                                     " {\"op\": \"create\", \"entity\": \"price_list_item\", \"fields\": {\"name\": \"2\"}}]",
                                     &error);
  g_autoptr(GPtrArray) batch = NULL;

  g_assert_no_error (error);
  /* Three ops fit, but the third would split the group: only the contact goes. */
  batch = rapport_store_take_push_batch (fixture->store, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (batch, 0), "entity"), ==,
                   "contact");
  g_assert_false (json_object_has_member (g_ptr_array_index (batch, 0), "group"));
}

static JsonArray *
page (const char *format,
      ...)
{
  va_list args;
  g_autofree char *json = NULL;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  return parse_array (json);
}

static void
test_pull_child_first_and_cascade (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *list = rapport_uuid_v7_new ();
  g_autofree char *item = rapport_uuid_v7_new ();
  g_autoptr(JsonArray) first = page (
    "[{\"entity\": \"price_list_item\", \"id\": \"%2$s\", \"record\": {\"id\": \"%2$s\","
    "  \"version\": 1, \"created_at\": \"2026-12-01T00:00:00Z\", \"updated_at\": \"2026-12-01T00:00:00Z\","
    "  \"price_list_id\": \"%1$s\", \"name\": \"Early line\", \"position\": \"V\"}}]", list, item);
  g_autoptr(JsonArray) second = page (
    "[{\"entity\": \"price_list\", \"id\": \"%1$s\", \"record\": {\"id\": \"%1$s\","
    "  \"version\": 2, \"created_at\": \"2026-12-01T00:00:00Z\", \"updated_at\": \"2026-12-01T00:00:00Z\","
    "  \"name\": \"Late list\", \"currency\": \"CNY\"}}]", list);
  g_autoptr(JsonArray) tombstone = page ("[{\"entity\": \"price_list\", \"id\": \"%s\", \"deleted\": true}]",
                                         list);
  g_autofree char *names = NULL;
  g_autoptr(JsonObject) kept = NULL;

  /* A line that arrives before its list is kept. */
  g_assert_true (rapport_store_apply_pull_page (fixture->store, first, "1", &error));
  g_assert_no_error (error);
  kept = rapport_store_get (fixture->store, "price_list_item", item, &error);
  g_assert_no_error (error);
  g_assert_true (rapport_store_apply_pull_page (fixture->store, second, "2", &error));
  g_assert_no_error (error);
  names = item_names (fixture->store, list);
  g_assert_cmpstr (names, ==, "Early line");

  /* The list's tombstone takes its lines, before their own arrive. */
  g_assert_true (rapport_store_apply_pull_page (fixture->store, tombstone, "3", &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_store_count (fixture->store, "price_list", NULL), ==, 0);
  g_assert_cmpint (rapport_store_count (fixture->store, "price_list_item", NULL), ==, 0);
}

static void
test_pull_cascade_keeps_edited_line (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *list = rapport_uuid_v7_new ();
  g_autofree char *item = rapport_uuid_v7_new ();
  g_autoptr(JsonArray) first = page (
    "[{\"entity\": \"price_list\", \"id\": \"%1$s\", \"record\": {\"id\": \"%1$s\","
    "  \"version\": 1, \"created_at\": \"2026-12-01T00:00:00Z\", \"updated_at\": \"2026-12-01T00:00:00Z\","
    "  \"name\": \"List\", \"currency\": \"CNY\"}},"
    " {\"entity\": \"price_list_item\", \"id\": \"%2$s\", \"record\": {\"id\": \"%2$s\","
    "  \"version\": 1, \"created_at\": \"2026-12-01T00:00:00Z\", \"updated_at\": \"2026-12-01T00:00:00Z\","
    "  \"price_list_id\": \"%1$s\", \"name\": \"Line\", \"position\": \"V\"}}]", list, item);
  g_autoptr(JsonArray) tombstone = page ("[{\"entity\": \"price_list\", \"id\": \"%s\", \"deleted\": true}]",
                                         list);
  g_autoptr(JsonObject) edit = rapport_test_parse_object ("{\"name\": \"My line\"}");
  g_autoptr(JsonObject) edited = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  JsonObject *conflict;

  g_assert_true (rapport_store_apply_pull_page (fixture->store, first, "1", &error));
  g_assert_no_error (error);
  edited = rapport_store_update (fixture->store, "price_list_item", item, edit, &error);
  g_assert_no_error (error);
  g_assert_true (rapport_store_apply_pull_page (fixture->store, tombstone, "2", &error));
  g_assert_no_error (error);

  /* The user's edit of the line is not lost: it is a conflict naming the
   * line and its list. */
  conflicts = rapport_store_list_conflicts (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (json_object_get_string_member (conflict, "kind"), ==, "delete");
  g_assert_cmpstr (json_object_get_string_member (conflict, "record_id"), ==, item);
  g_assert_cmpstr (json_object_get_string_member (conflict, "title"), ==, "My line");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, rapport_test_store_set_up, func, rapport_test_store_tear_down)
  g_test_add_func ("/rapport/children/position-between", test_position_between);
  ADD ("/rapport/children/create-with-items", test_create_with_items);
  ADD ("/rapport/children/refused-line-writes-nothing", test_refused_line_writes_nothing);
  ADD ("/rapport/children/wrong-typed-edit-refused", test_wrong_typed_edit_refused);
  ADD ("/rapport/children/edit-lines-and-delete-with-parent", test_edit_lines_and_delete_with_parent);
  ADD ("/rapport/children/push-batch-keeps-groups-whole", test_push_batch_keeps_groups_whole);
  ADD ("/rapport/children/group-waits-for-next-batch", test_group_waits_for_next_batch);
  ADD ("/rapport/children/pull-child-first-and-cascade", test_pull_child_first_and_cascade);
  ADD ("/rapport/children/pull-cascade-keeps-edited-line", test_pull_cascade_keeps_edited_line);
#undef ADD

  return g_test_run ();
}
