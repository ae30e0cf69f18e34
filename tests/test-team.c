/* test-team.c: the signed-in user's role and each rep's open deals and tasks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-team.h"
#include "rapport-test-util.h"

#define MANAGER "0190f5a4-7b2c-7def-8123-00000000000a"
#define REP     "0190f5a4-7b2c-7def-8123-00000000000b"
#define LEFT    "0190f5a4-7b2c-7def-8123-00000000000c"

static void
add_synced (RapportStore *store,
            const char   *entity,
            const char   *json)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (records, rapport_test_parse_object (json));
  g_assert_true (rapport_store_write_synced (store, entity, records, &error));
  g_assert_no_error (error);
}

#define USER(id, name, role, active) \
  "{\"id\": \"" id "\", \"version\": 1, \"created_at\": \"2024-01-01T00:00:00Z\"," \
  " \"updated_at\": \"2024-01-01T00:00:00Z\", \"name\": \"" name "\", \"role\": \"" role "\"," \
  " \"active\": " active "}"

static void
test_summary_and_role (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_autoptr(GPtrArray) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *no_role = NULL;
  g_autofree char *role = NULL;
  RapportRepSummary *row;

  add_synced (store, "user", USER (MANAGER, "Mia Manager", "manager", "true"));
  add_synced (store, "user", USER (REP, "Ray Rep", "rep", "true"));
  add_synced (store, "user", USER (LEFT, "Lee Left", "rep", "false"));

  g_free (rapport_test_create (store, "deal", "{\"title\": \"A\", \"owner_id\": \"" REP "\"}"));
  g_free (rapport_test_create (store, "deal", "{\"title\": \"B\", \"owner_id\": \"" REP "\"}"));
  g_free (rapport_test_create (store, "deal", "{\"title\": \"C\", \"owner_id\": \"" REP "\", \"status\": \"won\"}"));
  g_free (rapport_test_create (store, "deal", "{\"title\": \"D\", \"owner_id\": \"" MANAGER "\", \"status\": \"lost\"}"));
  g_free (rapport_test_create (store, "task", "{\"title\": \"T1\", \"assignee_id\": \"" REP "\"}"));
  g_free (rapport_test_create (store, "task", "{\"title\": \"T2\", \"assignee_id\": \"" REP "\","
                         " \"done_at\": \"2024-01-02T00:00:00Z\"}"));
  g_free (rapport_test_create (store, "task", "{\"title\": \"T3\", \"assignee_id\": \"" MANAGER "\"}"));

  summary = rapport_store_team_summary (store, &error);
  g_assert_no_error (error);
  /* Active users only, by name. */
  g_assert_cmpuint (summary->len, ==, 2);
  row = g_ptr_array_index (summary, 0);
  g_assert_cmpstr (row->name, ==, "Mia Manager");
  g_assert_cmpstr (row->role, ==, "manager");
  g_assert_cmpuint (row->open_deals, ==, 0);
  g_assert_cmpuint (row->open_tasks, ==, 1);
  row = g_ptr_array_index (summary, 1);
  g_assert_cmpstr (row->user_id, ==, REP);
  g_assert_cmpuint (row->open_deals, ==, 2);
  g_assert_cmpuint (row->open_tasks, ==, 1);

  /* Nobody signed in: no role, nothing to manage. */
  no_role = rapport_store_get_signed_in_role (store);
  g_assert_null (no_role);
  g_assert_false (rapport_role_can_manage_pipelines (no_role));

  g_assert_true (rapport_store_set_state (store, "user_id", REP, &error));
  role = rapport_store_get_signed_in_role (store);
  g_assert_cmpstr (role, ==, "rep");
  g_assert_false (rapport_role_can_manage_pipelines (role));
  g_assert_true (rapport_role_can_manage_pipelines ("manager"));
  g_assert_true (rapport_role_can_manage_pipelines ("admin"));

  g_clear_object (&store);
  rapport_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/team/summary-and-role", test_summary_and_role);

  return g_test_run ();
}
