/* test-sync-links.c: links between two clients and the server
 *
 * Two managers put the same contact on the same deal offline: everyone ends
 * with one link (a conflict only if they gave different roles), and a link
 * goes everywhere when either of its records is deleted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-json.h"
#include "rapport-store-sync.h"
#include "sync-test-server.h"

typedef struct
{
  TestServer *server;
  TestClient *a;
  TestClient *b;
  char       *deal;
  char       *contact;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = test_server_new_managers ();
  fixture->a = test_client_new (fixture->server, "a", "mei");
  fixture->b = test_client_new (fixture->server, "b", "tom");
  fixture->deal = test_client_create (fixture->a, "deal", "{\"title\": \"Fleet renewal\"}");
  fixture->contact = test_client_create (fixture->a, "contact", "{\"last_name\": \"王\"}");
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
  g_free (fixture->deal);
  g_free (fixture->contact);
}

static char *
add_link (Fixture    *fixture,
          TestClient *client,
          const char *role)
{
  g_autofree char *json = g_strdup_printf ("{\"deal_id\": \"%s\", \"contact_id\": \"%s\","
                                           " \"role\": \"%s\"}", fixture->deal, fixture->contact,
                                           role);

  return test_client_create (client, "deal_contact", json);
}

static guint
n_conflicts (TestClient *client)
{
  g_autoptr(GPtrArray) conflicts = rapport_store_list_conflicts (client->store, NULL);

  return conflicts->len;
}

static void
test_same_pair_offline_is_one_link (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *mine = add_link (fixture, fixture->a, "decision_maker");
  g_autofree char *theirs = add_link (fixture, fixture->b, "decision_maker");
  g_autofree char *left = NULL;
  g_autofree char *right = NULL;

  test_client_sync (fixture->a);
  test_client_sync (fixture->b);
  test_client_sync (fixture->a);

  g_assert_cmpstr (mine, ==, theirs);
  g_assert_cmpint (rapport_store_count (fixture->a->store, "deal_contact", NULL), ==, 1);
  g_assert_cmpint (rapport_store_count (fixture->b->store, "deal_contact", NULL), ==, 1);
  g_assert_cmpuint (n_conflicts (fixture->a) + n_conflicts (fixture->b), ==, 0);
  g_assert_cmpuint (rapport_store_count_failed (fixture->b->store), ==, 0);
  g_assert_cmpuint (rapport_store_count_pending (fixture->b->store), ==, 0);
  left = test_client_dump (fixture->a, "deal_contact");
  right = test_client_dump (fixture->b, "deal_contact");
  g_assert_cmpstr (left, ==, right);
}

static void
test_same_pair_other_role_conflicts (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *mine = add_link (fixture, fixture->a, "decision_maker");
  g_autofree char *theirs = add_link (fixture, fixture->b, "influencer");
  g_autoptr(GPtrArray) conflicts = NULL;
  JsonObject *fields;

  test_client_sync (fixture->a);
  test_client_sync (fixture->b);

  /* Still one link; the role is the question. */
  g_assert_cmpint (rapport_store_count (fixture->b->store, "deal_contact", NULL), ==, 1);
  conflicts = rapport_store_list_conflicts (fixture->b->store, NULL);
  g_assert_cmpuint (conflicts->len, ==, 1);
  fields = json_object_get_object_member (g_ptr_array_index (conflicts, 0), "fields");
  g_assert_cmpuint (json_object_get_size (fields), ==, 1);
  g_assert_true (json_object_has_member (fields, "role"));
}

static void
test_link_goes_with_either_side (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_link (fixture, fixture->a, "user");

  test_client_sync (fixture->a);
  test_client_sync (fixture->b);
  g_assert_cmpint (rapport_store_count (fixture->b->store, "deal_contact", NULL), ==, 1);

  g_assert_true (rapport_store_delete (fixture->b->store, "contact", fixture->contact, &error));
  g_assert_no_error (error);
  test_client_sync (fixture->b);
  test_client_sync (fixture->a);
  g_assert_cmpint (rapport_store_count (fixture->a->store, "deal_contact", NULL), ==, 0);
  g_assert_cmpint (rapport_store_count (fixture->a->store, "deal", NULL), ==, 1);
  g_assert_cmpuint (n_conflicts (fixture->a) + n_conflicts (fixture->b), ==, 0);
  g_assert_cmpuint (rapport_store_count_failed (fixture->b->store), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rapport/sync/links/same-pair-offline-is-one-link", test_same_pair_offline_is_one_link);
  ADD ("/rapport/sync/links/same-pair-other-role-conflicts", test_same_pair_other_role_conflicts);
  ADD ("/rapport/sync/links/goes-with-either-side", test_link_goes_with_either_side);
#undef ADD

  return g_test_run ();
}
