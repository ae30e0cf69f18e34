/* test-queue.c: cases worked as a queue: status stamps, due and rank
 * orders, the unresolved filter, overdue and urgent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-query.h"
#include "rapport-queue.h"
#include "rapport-test-util.h"

typedef RapportTestStore Fixture;

static const char *
get_string (JsonObject *record,
            const char *member)
{
  return json_object_get_string_member_with_default (record, member, NULL);
}

static JsonObject *
set_status (RapportStore *store,
            const char   *id,
            const char   *status)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *record;

  json_object_set_string_member (changes, "status", status);
  record = rapport_store_update (store, "case", id, changes, &error);
  g_assert_no_error (error);
  return record;
}

/* Resolving records when, closing too, reopening clears both; and the
 * outbox carries the times, so the server keeps the time of the edit. */
static void
test_stamps (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *id = rapport_test_create (fixture->store, "case", "{\"subject\": \"Printer\"}");
  g_autoptr(JsonObject) resolved = set_status (fixture->store, id, "resolved");
  g_autoptr(JsonObject) closed = NULL;
  g_autoptr(JsonObject) reopened = NULL;
  g_autoptr(JsonObject) skipped = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *resolved_at = NULL;
  g_autofree char *other = NULL;
  JsonObject *last;

  g_assert_nonnull (get_string (resolved, "resolved_at"));
  g_assert_null (get_string (resolved, "closed_at"));
  resolved_at = g_strdup (get_string (resolved, "resolved_at"));

  closed = set_status (fixture->store, id, "closed");
  g_assert_cmpstr (get_string (closed, "resolved_at"), ==, resolved_at);
  g_assert_nonnull (get_string (closed, "closed_at"));

  outbox = rapport_store_list_outbox (fixture->store, NULL);
  g_assert_nonnull (outbox);
  last = g_ptr_array_index (outbox, outbox->len - 1);
  g_assert_true (json_object_has_member (json_object_get_object_member (last, "changes"),
                                         "closed_at"));

  reopened = set_status (fixture->store, id, "open");
  g_assert_null (get_string (reopened, "resolved_at"));
  g_assert_null (get_string (reopened, "closed_at"));

  /* Closed straight from new: resolved then too. */
  other = rapport_test_create (fixture->store, "case", "{\"subject\": \"Fax\", \"status\": \"closed\"}");
  skipped = rapport_store_get (fixture->store, "case", other, NULL);
  g_assert_nonnull (get_string (skipped, "resolved_at"));
  g_assert_nonnull (get_string (skipped, "closed_at"));
}

static char *
list_subjects (RapportStore *store,
               RapportQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, query, &error);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_no_error (error);
  rows = rapport_store_fetch (store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "",
                            get_string (g_ptr_array_index (rows, i), "subject"));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_cases (RapportStore *store)
{
  g_free (rapport_test_create (store, "case", "{\"subject\": \"Late\", \"priority\": \"low\","
                                              " \"due_at\": \"2026-12-09T10:00:00Z\"}"));
  g_free (rapport_test_create (store, "case", "{\"subject\": \"None\", \"priority\": \"urgent\"}"));
  g_free (rapport_test_create (store, "case", "{\"subject\": \"Soon\", \"priority\": \"high\","
                                              " \"due_at\": \"2026-12-07T09:00:00Z\"}"));
  g_free (rapport_test_create (store, "case", "{\"subject\": \"Done\", \"priority\": \"urgent\","
                                              " \"status\": \"resolved\","
                                              " \"due_at\": \"2026-12-01T09:00:00Z\"}"));
  g_free (rapport_test_create (store, "case", "{\"subject\": \"Waiting\", \"status\": \"pending\","
                                              " \"due_at\": \"2026-12-07T16:00:00+08:00\"}"));
}

/* Due: soonest first (time zones compared as times), none last; rank:
 * urgent first; unresolved: new, open and pending only. */
static void
test_orders (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RapportQuery) by_due = rapport_query_new ("case");
  g_autoptr(RapportQuery) by_rank = rapport_query_new ("case");
  g_autoptr(RapportQuery) unresolved = rapport_query_new ("case");
  g_autoptr(RapportQuery) contacts = rapport_query_new ("contact");
  g_autoptr(GError) error = NULL;
  g_autofree char *due = NULL, *rank = NULL, *open = NULL;

  add_cases (fixture->store);
  rapport_query_set_sort (by_due, RAPPORT_SORT_DUE);
  due = list_subjects (fixture->store, by_due);
  g_assert_cmpstr (due, ==, "Done,Waiting,Soon,Late,None");

  rapport_query_set_sort (by_rank, RAPPORT_SORT_RANK);
  rank = list_subjects (fixture->store, by_rank);
  g_assert_cmpstr (rank, ==, "Done,None,Soon,Waiting,Late");

  rapport_query_set_sort (unresolved, RAPPORT_SORT_DUE);
  rapport_query_add_filter_any (unresolved, "status",
                                (const char * const []) { "new", "open", "pending", NULL });
  open = list_subjects (fixture->store, unresolved);
  g_assert_cmpstr (open, ==, "Waiting,Soon,Late,None");

  /* A type that is no queue cannot be sorted by due time. */
  rapport_query_set_sort (contacts, RAPPORT_SORT_DUE);
  g_assert_null (rapport_store_snapshot (fixture->store, contacts, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID_QUERY);
}

static void
test_overdue_urgent (void)
{
  const RapportEntity *cases = rapport_entity_lookup ("case");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-06T08:00:00Z", NULL);
  g_autoptr(JsonObject) past = rapport_test_parse_object (
    "{\"id\": \"0190f5a4-7b2c-7def-8123-00000000abcd\", \"status\": \"open\","
    " \"priority\": \"urgent\", \"due_at\": \"2026-12-06T07:59:00Z\"}");
  g_autoptr(JsonObject) done = rapport_test_parse_object (
    "{\"status\": \"resolved\", \"priority\": \"urgent\", \"due_at\": \"2026-12-01T00:00:00Z\"}");
  g_autoptr(JsonObject) future = rapport_test_parse_object (
    "{\"status\": \"new\", \"priority\": \"high\", \"due_at\": \"2026-12-06T16:00:00+08:00\"}");

  g_assert_true (rapport_queue_is_overdue (cases, past, now));
  g_assert_true (rapport_queue_is_urgent (cases, past));
  g_assert_false (rapport_queue_is_overdue (cases, done, now));
  g_assert_false (rapport_queue_is_urgent (cases, done));
  g_assert_false (rapport_queue_is_overdue (cases, future, now));
  g_assert_false (rapport_queue_is_urgent (cases, future));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rapport/queue/stamps", Fixture, NULL, rapport_test_store_set_up, test_stamps, rapport_test_store_tear_down);
  g_test_add ("/rapport/queue/orders", Fixture, NULL, rapport_test_store_set_up, test_orders, rapport_test_store_tear_down);
  g_test_add_func ("/rapport/queue/overdue-urgent", test_overdue_urgent);
  return g_test_run ();
}
