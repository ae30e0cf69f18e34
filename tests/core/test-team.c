/* test-team.c: the signed-in user's role and each rep's open deals and tasks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-tasks.h"
#include "rapport-team.h"
#include "rapport-test-util.h"

#define MANAGER "0190f5a4-7b2c-7def-8123-00000000000a"
#define REP     "0190f5a4-7b2c-7def-8123-00000000000b"
#define ADMIN "0190f5a4-7b2c-7def-8123-00000000adad"
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
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 6, 1, 12, 0, 0);
  RapportRepSummary *row;

  add_synced (store, "user", USER (MANAGER, "Mia Manager", "manager", "true"));
  add_synced (store, "user", USER (REP, "Ray Rep", "rep", "true"));
  add_synced (store, "user", USER (LEFT, "Lee Left", "rep", "false"));
  add_synced (store, "user", USER (ADMIN, "admin", "admin", "true"));

  g_free (rapport_test_create (store, "deal", "{\"title\": \"A\", \"owner_id\": \"" REP "\"}"));
  g_free (rapport_test_create (store, "deal", "{\"title\": \"B\", \"owner_id\": \"" REP "\"}"));
  g_free (rapport_test_create (store, "deal", "{\"title\": \"C\", \"owner_id\": \"" REP "\", \"status\": \"won\"}"));
  g_free (rapport_test_create (store, "deal", "{\"title\": \"D\", \"owner_id\": \"" MANAGER "\", \"status\": \"lost\"}"));
  g_free (rapport_test_create (store, "task", "{\"title\": \"T1\", \"assignee_id\": \"" REP "\"}"));
  g_free (rapport_test_create (store, "task", "{\"title\": \"T2\", \"assignee_id\": \"" REP "\","
                         " \"done_at\": \"2024-01-02T00:00:00Z\"}"));
  g_free (rapport_test_create (store, "task", "{\"title\": \"T3\", \"assignee_id\": \"" MANAGER "\"}"));

  summary = rapport_store_team_summary (store, now, &error);
  g_assert_no_error (error);
  /* Active users only, by name; not the admin account, which sells nothing. */
  g_assert_cmpuint (summary->len, ==, 2);
  row = g_ptr_array_index (summary, 0);
  g_assert_cmpstr (row->name, ==, "Mia Manager");
  g_assert_cmpstr (row->role, ==, "manager");
  g_assert_cmpuint (row->open_deals, ==, 0);
  g_assert_cmpuint (row->open_tasks, ==, 1);
  g_assert_cmpuint (row->overdue_tasks, ==, 0);
  g_assert_cmpuint (row->totals->len, ==, 0);
  row = g_ptr_array_index (summary, 1);
  g_assert_cmpstr (row->user_id, ==, REP);
  g_assert_cmpuint (row->open_deals, ==, 2);
  g_assert_cmpuint (row->open_tasks, ==, 1);
  g_assert_cmpuint (row->overdue_tasks, ==, 0);
  /* Deals without an amount are counted, not summed. */
  g_assert_cmpuint (row->totals->len, ==, 0);

  /* Teammates are named, and sorted, by their display names. */
  add_synced (store, "user",
              "{\"id\": \"" MANAGER "\", \"version\": 2, \"created_at\": \"2024-01-01T00:00:00Z\","
              " \"updated_at\": \"2024-01-02T00:00:00Z\", \"name\": \"Mia Manager\","
              " \"display_name\": \"周敏\", \"role\": \"manager\", \"active\": true}");
  g_clear_pointer (&summary, g_ptr_array_unref);
  summary = rapport_store_team_summary (store, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->len, ==, 2);
  g_assert_cmpstr (((RapportRepSummary *) g_ptr_array_index (summary, 0))->name, ==, "Ray Rep");
  g_assert_cmpstr (((RapportRepSummary *) g_ptr_array_index (summary, 1))->name, ==, "周敏");

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

  /* The Team view is for those who oversee the team. */
  g_assert_false (rapport_role_can_see_team (NULL));
  g_assert_false (rapport_role_can_see_team (role));
  g_assert_true (rapport_role_can_see_team ("manager"));
  g_assert_true (rapport_role_can_see_team ("admin"));

  rapport_test_close_store (&store, &dir);
}

typedef struct
{
  char         *dir;
  RapportStore *store;
  GDateTime    *now;
  char         *lead;    /* a stage at 10 % */
  char         *early;   /* REP's deal closing first */
  char         *late;    /* REP's task due last */
  char         *overdue; /* REP's overdue task */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *pipeline = NULL;
  g_autofree char *won = NULL;

  f->dir = rapport_test_make_dir ();
  f->store = rapport_test_open_store (f->dir);
  /* Noon on 1 June 2024. */
  f->now = g_date_time_new_utc (2024, 6, 1, 12, 0, 0);

  add_synced (f->store, "user", USER (MANAGER, "Mia Manager", "manager", "true"));
  add_synced (f->store, "user", USER (REP, "Ray Rep", "rep", "true"));

  pipeline = rapport_test_create (f->store, "pipeline", "{\"name\": \"Sales\", \"position\": 0}");
  f->lead = rapport_test_create (f->store, "stage", "{\"pipeline_id\": \"%s\", \"name\": \"Lead\","
                                 " \"position\": 0, \"probability\": 10}", pipeline);
  won = rapport_test_create (f->store, "stage", "{\"pipeline_id\": \"%s\", \"name\": \"Won\","
                             " \"position\": 1, \"probability\": 100, \"kind\": \"won\"}", pipeline);

  /* REP: 1000.00 EUR at the stage's 10 %, 500.00 EUR at its own 40 %,
   * 700.00 CNY at 10 %, 333.33 EUR won (not open), and a deal without an
   * amount. */
  g_free (rapport_test_create (f->store, "deal", "{\"title\": \"Big\", \"amount\": 100000,"
                               " \"currency\": \"EUR\", \"expected_close\": \"2024-09-01\","
                               " \"pipeline_id\": \"%s\", \"stage_id\": \"%s\","
                               " \"owner_id\": \"" REP "\"}", pipeline, f->lead));
  f->early = rapport_test_create (f->store, "deal", "{\"title\": \"Zebra\", \"amount\": 50000,"
                                  " \"currency\": \"EUR\", \"probability\": 40,"
                                  " \"expected_close\": \"2024-07-01\","
                                  " \"pipeline_id\": \"%s\", \"stage_id\": \"%s\","
                                  " \"owner_id\": \"" REP "\"}", pipeline, f->lead);
  g_free (rapport_test_create (f->store, "deal", "{\"title\": \"Yuan\", \"amount\": 70000,"
                               " \"currency\": \"CNY\", \"pipeline_id\": \"%s\", \"stage_id\": \"%s\","
                               " \"owner_id\": \"" REP "\"}", pipeline, f->lead));
  g_free (rapport_test_create (f->store, "deal", "{\"title\": \"Done deal\", \"amount\": 33333,"
                               " \"currency\": \"EUR\", \"status\": \"won\","
                               " \"pipeline_id\": \"%s\", \"stage_id\": \"%s\","
                               " \"owner_id\": \"" REP "\"}", pipeline, won));
  g_free (rapport_test_create (f->store, "deal", "{\"title\": \"No amount\","
                               " \"owner_id\": \"" REP "\"}"));
  /* MANAGER: one open deal, someone else's business. */
  g_free (rapport_test_create (f->store, "deal", "{\"title\": \"Mine\", \"amount\": 1000,"
                               " \"currency\": \"USD\", \"pipeline_id\": \"%s\", \"stage_id\": \"%s\","
                               " \"owner_id\": \"" MANAGER "\"}", pipeline, f->lead));

  /* REP: overdue since yesterday, due tonight, without a due date, and an
   * overdue one that is done. */
  f->overdue = rapport_test_create (f->store, "task", "{\"title\": \"Late\", \"assignee_id\": \"" REP "\","
                                    " \"due_at\": \"2024-05-31T09:00:00Z\"}");
  g_free (rapport_test_create (f->store, "task", "{\"title\": \"Tonight\", \"assignee_id\": \"" REP "\","
                               " \"due_at\": \"2024-06-01T20:00:00Z\"}"));
  f->late = rapport_test_create (f->store, "task", "{\"title\": \"Someday\", \"assignee_id\": \"" REP "\"}");
  g_free (rapport_test_create (f->store, "task", "{\"title\": \"Was late\", \"assignee_id\": \"" REP "\","
                               " \"due_at\": \"2024-05-30T09:00:00Z\","
                               " \"done_at\": \"2024-05-30T10:00:00Z\"}"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  rapport_test_close_store (&f->store, &f->dir);
  g_date_time_unref (f->now);
  g_free (f->lead);
  g_free (f->early);
  g_free (f->late);
  g_free (f->overdue);
}

static RapportMoneyTotal *
total_at (RapportRepSummary *row,
          guint              i)
{
  g_assert_cmpuint (i, <, row->totals->len);
  return g_ptr_array_index (row->totals, i);
}

static void
check_rep (RapportRepSummary *row)
{
  g_assert_cmpstr (row->user_id, ==, REP);
  g_assert_cmpuint (row->open_deals, ==, 4);
  g_assert_cmpuint (row->open_tasks, ==, 3);
  g_assert_cmpuint (row->overdue_tasks, ==, 1);
  /* One total per currency, never added together: CNY, then EUR. */
  g_assert_cmpuint (row->totals->len, ==, 2);
  g_assert_cmpstr (total_at (row, 0)->currency, ==, "CNY");
  g_assert_cmpuint (total_at (row, 0)->count, ==, 1);
  g_assert_cmpint (total_at (row, 0)->amount, ==, 70000);
  g_assert_cmpint (total_at (row, 0)->weighted, ==, 7000);
  g_assert_cmpstr (total_at (row, 1)->currency, ==, "EUR");
  g_assert_cmpuint (total_at (row, 1)->count, ==, 2);
  g_assert_cmpint (total_at (row, 1)->amount, ==, 150000);
  /* 1000.00 × 10 % + 500.00 × 40 % */
  g_assert_cmpint (total_at (row, 1)->weighted, ==, 30000);
}

static void
test_totals (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) summary = NULL;
  g_autoptr(GError) error = NULL;
  RapportRepSummary *row;

  summary = rapport_store_team_summary (f->store, f->now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->len, ==, 2);
  row = g_ptr_array_index (summary, 0);
  g_assert_cmpstr (row->user_id, ==, MANAGER);
  g_assert_cmpuint (row->open_deals, ==, 1);
  g_assert_cmpuint (row->totals->len, ==, 1);
  g_assert_cmpstr (total_at (row, 0)->currency, ==, "USD");
  g_assert_cmpint (total_at (row, 0)->weighted, ==, 100);
  check_rep (g_ptr_array_index (summary, 1));
}

static void
summary_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) summary = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) later = g_date_time_add_days (f->now, 1);

  /* A day later the task due tonight is overdue too. */
  rapport_store_team_summary_async (f->store, later, NULL, summary_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  summary = rapport_store_team_summary_finish (f->store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->len, ==, 2);
  g_assert_cmpuint (((RapportRepSummary *) g_ptr_array_index (summary, 1))->overdue_tasks, ==, 2);
  g_clear_object (&result);
  g_clear_pointer (&summary, g_ptr_array_unref);

  /* Cancelled before it ran: an error, no rows. */
  g_cancellable_cancel (cancellable);
  rapport_store_team_summary_async (f->store, f->now, cancellable, summary_ready_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  summary = rapport_store_team_summary_finish (f->store, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (summary);
}

static const char *
title_of (GPtrArray *rows,
          guint      i)
{
  return json_object_get_string_member (g_ptr_array_index (rows, i), "title");
}

static void
test_rep_lists (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(RapportSnapshot) deals = NULL;
  g_autoptr(RapportSnapshot) tasks = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  /* Open deals only, closing soonest first, undated last (by name). */
  deals = rapport_store_rep_open_deals (f->store, REP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_snapshot_get_n_rows (deals), ==, 4);
  rows = rapport_store_fetch (f->store, deals, 0, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (title_of (rows, 0), ==, "Zebra");
  g_assert_cmpstr (title_of (rows, 1), ==, "Big");
  g_assert_cmpstr (title_of (rows, 2), ==, "No amount");
  g_assert_cmpstr (title_of (rows, 3), ==, "Yuan");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Open tasks only, overdue first, undated last. */
  tasks = rapport_store_rep_open_tasks (f->store, REP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_snapshot_get_n_rows (tasks), ==, 3);
  rows = rapport_store_fetch (f->store, tasks, 0, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (title_of (rows, 0), ==, "Late");
  g_assert_cmpstr (title_of (rows, 1), ==, "Tonight");
  g_assert_cmpstr (title_of (rows, 2), ==, "Someday");
  g_clear_pointer (&rows, g_ptr_array_unref);
  g_clear_pointer (&tasks, rapport_snapshot_unref);
  g_clear_pointer (&deals, rapport_snapshot_unref);

  /* The manager has none of the rep's. */
  tasks = rapport_store_rep_open_tasks (f->store, MANAGER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_snapshot_get_n_rows (tasks), ==, 0);
}

static void
test_changes_counted (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) summary = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) deal = NULL;
  g_autoptr(JsonObject) task = NULL;
  g_autoptr(GError) error = NULL;
  RapportRepSummary *row;

  /* The early deal goes to the manager and the overdue task is done. */
  json_object_set_string_member (changes, "owner_id", MANAGER);
  deal = rapport_store_update (f->store, "deal", f->early, changes, &error);
  g_assert_no_error (error);
  task = rapport_task_set_done (f->store, f->overdue, TRUE, &error);
  g_assert_no_error (error);

  summary = rapport_store_team_summary (f->store, f->now, &error);
  g_assert_no_error (error);
  row = g_ptr_array_index (summary, 0);
  g_assert_cmpuint (row->open_deals, ==, 2);
  /* USD and EUR side by side. */
  g_assert_cmpuint (row->totals->len, ==, 2);
  g_assert_cmpstr (total_at (row, 0)->currency, ==, "EUR");
  g_assert_cmpint (total_at (row, 0)->amount, ==, 50000);
  g_assert_cmpstr (total_at (row, 1)->currency, ==, "USD");
  row = g_ptr_array_index (summary, 1);
  g_assert_cmpuint (row->open_deals, ==, 3);
  g_assert_cmpuint (row->open_tasks, ==, 2);
  g_assert_cmpuint (row->overdue_tasks, ==, 0);
  g_assert_cmpint (total_at (row, 1)->amount, ==, 100000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/team/summary-and-role", test_summary_and_role);
  g_test_add ("/rapport/team/totals", Fixture, NULL, fixture_set_up, test_totals,
              fixture_tear_down);
  g_test_add ("/rapport/team/async", Fixture, NULL, fixture_set_up, test_async,
              fixture_tear_down);
  g_test_add ("/rapport/team/rep-lists", Fixture, NULL, fixture_set_up, test_rep_lists,
              fixture_tear_down);
  g_test_add ("/rapport/team/changes-counted", Fixture, NULL, fixture_set_up,
              test_changes_counted, fixture_tear_down);

  return g_test_run ();
}
