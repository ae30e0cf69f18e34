/* test-links.c: link records (a deal's contacts) in the local store
 *
 * One link per pair: its id follows from the two records, a second link of
 * the same pair is refused, its two records never change, and it goes when
 * either record goes, locally or by a pulled tombstone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-store-sync.h"
#include "rapport-test-util.h"
#include "rapport-uuid.h"
#include "rapport-validate.h"

typedef struct
{
  char         *dir;
  RapportStore *store;
  char         *deal;
  char         *contact;
  char         *other;     /* another contact */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = rapport_test_make_dir ();
  fixture->store = rapport_test_open_store (fixture->dir);
  fixture->deal = rapport_test_create (fixture->store, "deal", "{\"title\": \"Fleet renewal\"}");
  fixture->contact = rapport_test_create (fixture->store, "contact", "{\"last_name\": \"王\"}");
  fixture->other = rapport_test_create (fixture->store, "contact", "{\"last_name\": \"Lee\"}");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  rapport_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->deal);
  g_free (fixture->contact);
  g_free (fixture->other);
}

static char *
add_link (Fixture    *fixture,
          const char *contact,
          const char *role)
{
  return rapport_test_create (fixture->store, "deal_contact",
                              "{\"deal_id\": \"%s\", \"contact_id\": \"%s\", \"role\": \"%s\"}",
                              fixture->deal, contact, role);
}

static guint
outbox_length (RapportStore *store)
{
  g_autoptr(GPtrArray) outbox = rapport_store_list_outbox (store, NULL);

  return outbox->len;
}

static void
test_one_link_per_pair (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = add_link (fixture, fixture->contact, "decision_maker");
  g_autofree char *again = g_strdup_printf ("{\"deal_id\": \"%s\", \"contact_id\": \"%s\","
                                            " \"role\": \"user\"}", fixture->deal, fixture->contact);
  g_autoptr(JsonObject) values = rapport_test_parse_object (again);
  g_autoptr(JsonObject) second = NULL;
  g_autofree char *other = add_link (fixture, fixture->other, "user");
  guint before = outbox_length (fixture->store);

  /* The id is the pair's, the same on every client. */
  g_assert_true (rapport_uuid_is_valid (first));
  g_assert_cmpstr (first, !=, other);
  second = rapport_store_create (fixture->store, "deal_contact", values, &error);
  g_assert_null (second);
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "contact_id");
  g_assert_cmpint (rapport_store_count (fixture->store, "deal_contact", NULL), ==, 2);
  g_assert_cmpuint (outbox_length (fixture->store), ==, before);
}

static void
test_pair_never_changes (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_link (fixture, fixture->contact, "influencer");
  g_autofree char *json = g_strdup_printf ("{\"contact_id\": \"%s\"}", fixture->other);
  g_autoptr(JsonObject) move = rapport_test_parse_object (json);
  g_autoptr(JsonObject) role = rapport_test_parse_object ("{\"role\": \"decision_maker\"}");
  g_autoptr(JsonObject) record = rapport_store_update (fixture->store, "deal_contact", id, move, &error);

  g_assert_null (record);
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_READ_ONLY);
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "contact_id");
  g_clear_error (&error);
  record = rapport_store_update (fixture->store, "deal_contact", id, role, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (record, "role"), ==, "decision_maker");
}

static void
test_deleted_with_either_side (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = add_link (fixture, fixture->contact, "user");
  g_autofree char *second = add_link (fixture, fixture->other, "user");
  g_autoptr(GPtrArray) outbox = NULL;
  JsonObject *last, *before_last;

  /* The contact goes: its link with it, in one group. */
  g_assert_true (rapport_store_delete (fixture->store, "contact", fixture->contact, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_store_count (fixture->store, "deal_contact", NULL), ==, 1);
  outbox = rapport_store_list_outbox (fixture->store, NULL);
  last = g_ptr_array_index (outbox, outbox->len - 1);
  before_last = g_ptr_array_index (outbox, outbox->len - 2);
  g_assert_cmpstr (json_object_get_string_member (before_last, "record_id"), ==, first);
  g_assert_cmpstr (json_object_get_string_member (before_last, "op"), ==, "delete");
  g_assert_nonnull (json_object_get_string_member (last, "group"));
  g_assert_cmpstr (json_object_get_string_member (before_last, "group"), ==,
                   json_object_get_string_member (last, "group"));

  /* The deal goes: every link of it. */
  g_assert_true (rapport_store_delete (fixture->store, "deal", fixture->deal, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_store_count (fixture->store, "deal_contact", NULL), ==, 0);
}

static void
test_pulled_tombstone_takes_links (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contact = rapport_uuid_v7_new ();
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) tombstone = NULL;
  g_autofree char *dead = NULL;
  g_autoptr(JsonObject) values = NULL;
  g_autoptr(JsonObject) pulled_link = NULL;
  g_autofree char *link_id = NULL;

  /* A link the server sent, to a contact the server then deleted. */
  dead = g_strdup_printf ("{\"deal_id\": \"%s\", \"contact_id\": \"%s\"}", fixture->deal, contact);
  values = rapport_test_parse_object (dead);
  link_id = rapport_entity_link_id (rapport_entity_lookup ("deal_contact"), values);
  json = g_strdup_printf (
    "[{\"entity\": \"deal_contact\", \"id\": \"%1$s\", \"record\": {\"id\": \"%1$s\", \"version\": 1,"
    "  \"created_at\": \"2026-12-01T00:00:00Z\", \"updated_at\": \"2026-12-01T00:00:00Z\","
    "  \"deal_id\": \"%2$s\", \"contact_id\": \"%3$s\", \"role\": \"user\"}}]",
    link_id, fixture->deal, contact);
  page = json_from_string (json, NULL);
  g_assert_true (rapport_store_apply_pull_page (fixture->store, json_node_get_array (page), "1", &error));
  g_assert_no_error (error);
  pulled_link = rapport_store_get (fixture->store, "deal_contact", link_id, &error);
  g_assert_no_error (error);

  g_free (json);
  json = g_strdup_printf ("[{\"entity\": \"contact\", \"id\": \"%s\", \"deleted\": true}]", contact);
  tombstone = json_from_string (json, NULL);
  g_assert_true (rapport_store_apply_pull_page (fixture->store, json_node_get_array (tombstone), "2",
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_store_count (fixture->store, "deal_contact", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rapport/links/one-per-pair", test_one_link_per_pair);
  ADD ("/rapport/links/pair-never-changes", test_pair_never_changes);
  ADD ("/rapport/links/deleted-with-either-side", test_deleted_with_either_side);
  ADD ("/rapport/links/pulled-tombstone-takes-links", test_pulled_tombstone_takes_links);
#undef ADD

  return g_test_run ();
}
