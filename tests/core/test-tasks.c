/* test-tasks.c: task buckets around midnight, reminders, marking done
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>

#include "rapport-tasks.h"
#include "rapport-test-util.h"

#define ME    "0190f5a4-7b2c-7def-8123-00000000000a"
#define OTHER "0190f5a4-7b2c-7def-8123-00000000000b"

typedef struct
{
  char         *dir;
  RapportStore *store;
  GTimeZone    *zone;  /* the user's: UTC+8, so local midnight is 16:00 UTC */
  char         *late;  /* due 23:55 local on the 10th, reminder at 23:45 */
  char         *early; /* due 00:05 local on the 11th, reminder at midnight */
} Fixture;

G_GNUC_PRINTF (2, 3) static char *
create_task (RapportStore *store,
             const char   *format,
             ...)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);

  fields = rapport_test_parse_object (json);
  record = rapport_store_create (store, "task", fields, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (record, "id"));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = rapport_test_make_dir ();
  f->store = rapport_test_open_store (f->dir);
  f->zone = g_time_zone_new_identifier ("+08:00");
  g_assert_nonnull (f->zone);

  g_free (create_task (f->store, "{\"title\": \"Missed\", \"assignee_id\": \"" ME "\","
                       " \"due_at\": \"2024-03-10T23:00:00+08:00\"}"));
  f->late = create_task (f->store, "{\"title\": \"Late\", \"assignee_id\": \"" ME "\","
                         " \"due_at\": \"2024-03-10T23:55:00+08:00\","
                         " \"remind_at\": \"2024-03-10T23:45:00+08:00\"}");
  f->early = create_task (f->store, "{\"title\": \"Early\", \"assignee_id\": \"" ME "\","
                          " \"due_at\": \"2024-03-11T00:05:00+08:00\","
                          " \"remind_at\": \"2024-03-11T00:00:00+08:00\"}");
  g_free (create_task (f->store, "{\"title\": \"Someday\", \"assignee_id\": \"" ME "\"}"));
  g_free (create_task (f->store, "{\"title\": \"Next week\", \"assignee_id\": \"" ME "\","
                       " \"due_at\": \"2024-03-17T09:00:00+08:00\"}"));
  g_free (create_task (f->store, "{\"title\": \"Finished\", \"assignee_id\": \"" ME "\","
                       " \"due_at\": \"2024-03-09T09:00:00+08:00\","
                       " \"remind_at\": \"2024-03-09T08:00:00+08:00\","
                       " \"done_at\": \"2024-03-09T10:00:00+08:00\"}"));
  g_free (create_task (f->store, "{\"title\": \"Theirs\", \"assignee_id\": \"" OTHER "\","
                       " \"due_at\": \"2024-03-10T23:58:00+08:00\","
                       " \"remind_at\": \"2024-03-10T23:30:00+08:00\"}"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  rapport_test_close_store (&f->store, &f->dir);
  g_free (f->late);
  g_free (f->early);
  g_time_zone_unref (f->zone);
}

static GDateTime *
local_time (Fixture *f,
            int      day,
            int      hour,
            int      minute)
{
  return g_date_time_new (f->zone, 2024, 3, day, hour, minute, 0);
}

/* The titles of a bucket, in order, and checks that rapport_task_get_bucket()
 * puts each of them there too. */
static char *
bucket (Fixture           *f,
        RapportTaskBucket  which,
        const char        *assignee,
        GDateTime         *now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSnapshot) snapshot = rapport_store_tasks (f->store, which, assignee, now, &error);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  rows = rapport_store_fetch (f->store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot),
                              &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *task = g_ptr_array_index (rows, i);

      g_assert_cmpint (rapport_task_get_bucket (task, now), ==, which);
      g_string_append_printf (out, "%s%s", i ? "," : "",
                              json_object_get_string_member (task, "title"));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_bucket (Fixture           *f,
               RapportTaskBucket  which,
               const char        *assignee,
               GDateTime         *now,
               const char        *expected)
{
  g_autofree char *titles = bucket (f, which, assignee, now);

  g_assert_cmpstr (titles, ==, expected);
}

static void
test_before_midnight (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GDateTime) now = local_time (f, 10, 23, 50);

  assert_bucket (f, RAPPORT_TASK_BUCKET_OVERDUE, ME, now, "Missed");
  assert_bucket (f, RAPPORT_TASK_BUCKET_TODAY, ME, now, "Late");
  /* Five past midnight is tomorrow; no due date comes last. */
  assert_bucket (f, RAPPORT_TASK_BUCKET_UPCOMING, ME, now, "Early,Next week,Someday");
  assert_bucket (f, RAPPORT_TASK_BUCKET_DONE, ME, now, "Finished");
  /* Everyone's. */
  assert_bucket (f, RAPPORT_TASK_BUCKET_TODAY, NULL, now, "Late,Theirs");
}

static void
test_after_midnight (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) now = local_time (f, 11, 0, 1);

  assert_bucket (f, RAPPORT_TASK_BUCKET_OVERDUE, ME, now, "Missed,Late");
  assert_bucket (f, RAPPORT_TASK_BUCKET_TODAY, ME, now, "Early");
  assert_bucket (f, RAPPORT_TASK_BUCKET_UPCOMING, ME, now, "Next week,Someday");
}

static void
test_same_instant_other_zone (Fixture       *f,
                              gconstpointer  data)
{
  /* 23:50 in UTC+8 is 16:50 in Paris: all of the 10th's and the 11th's
   * early tasks are "today" there, for Paris's midnight is hours away. */
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("+01:00");
  g_autoptr(GDateTime) here = local_time (f, 10, 23, 50);
  g_autoptr(GDateTime) now = g_date_time_to_timezone (here, paris);

  assert_bucket (f, RAPPORT_TASK_BUCKET_TODAY, ME, now, "Late,Early");
}

static char *
titles_of (GPtrArray *tasks)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < tasks->len; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "",
                            json_object_get_string_member (g_ptr_array_index (tasks, i),
                                                           "title"));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_reminders (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = local_time (f, 10, 23, 50);
  g_autoptr(GDateTime) later = local_time (f, 11, 0, 0);
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) after_shown = NULL;
  g_autoptr(GPtrArray) at_midnight = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_autofree char *titles = NULL;

  /* Due: Late's reminder has passed; the done task's never rings again. */
  due = rapport_store_due_reminders (f->store, ME, NULL, now, &error);
  g_assert_no_error (error);
  titles = titles_of (due);
  g_assert_cmpstr (titles, ==, "Late");
  g_clear_pointer (&titles, g_free);

  all = rapport_store_due_reminders (f->store, NULL, NULL, now, &error);
  g_assert_no_error (error);
  titles = titles_of (all);
  g_assert_cmpstr (titles, ==, "Theirs,Late");
  g_clear_pointer (&titles, g_free);

  /* Shown up to 23:45 local: nothing new. */
  after_shown = rapport_store_due_reminders (f->store, ME, "2024-03-10T15:45:00Z", now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after_shown->len, ==, 0);

  next = rapport_store_next_reminder (f->store, ME, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (next, ==, "2024-03-10T16:00:00Z");

  /* At midnight Early rings, exactly on time. */
  at_midnight = rapport_store_due_reminders (f->store, ME, "2024-03-10T15:45:00Z", later, &error);
  g_assert_no_error (error);
  titles = titles_of (at_midnight);
  g_assert_cmpstr (titles, ==, "Early");
}

static void
test_mark_done (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GDateTime) now = local_time (f, 10, 23, 50);
  g_autoptr(JsonObject) done = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) open = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;

  done = rapport_task_set_done (f->store, f->late, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_object_get_string_member (done, "done_at"));
  assert_bucket (f, RAPPORT_TASK_BUCKET_TODAY, ME, now, "");
  assert_bucket (f, RAPPORT_TASK_BUCKET_DONE, ME, now, "Late,Finished");

  /* A done task's reminder no longer rings. */
  due = rapport_store_due_reminders (f->store, ME, NULL, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 0);

  /* Marking it done again keeps when it was done. */
  again = rapport_task_set_done (f->store, f->late, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (again, "done_at"), ==,
                   json_object_get_string_member (done, "done_at"));

  open = rapport_task_set_done (f->store, f->late, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_null_member (open, "done_at"));
  assert_bucket (f, RAPPORT_TASK_BUCKET_TODAY, ME, now, "Late");
}

#define ANA     "0190f5a4-7b2c-7def-8123-0000000000c1"
#define BRUNO   "0190f5a4-7b2c-7def-8123-0000000000c2"
#define ACME    "0190f5a4-7b2c-7def-8123-0000000000d1"

static char *
record_task_titles (Fixture    *f,
                    const char *entity,
                    const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSnapshot) snapshot = rapport_store_record_tasks (f->store, entity, id, &error);
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_no_error (error);
  rows = rapport_store_fetch (f->store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot),
                              &error);
  g_assert_no_error (error);
  return titles_of (rows);
}

static void
test_record_tasks (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSnapshot) none = NULL;
  g_autoptr(JsonObject) moved = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autofree char *later = NULL;
  g_autofree char *done = NULL;
  g_autofree char *titles = NULL;

  g_free (create_task (f->store, "{\"title\": \"Someday\", \"contact_id\": \"" ANA "\","
                       " \"company_id\": \"" ACME "\"}"));
  later = create_task (f->store, "{\"title\": \"Send the quote\", \"contact_id\": \"" ANA "\","
                       " \"company_id\": \"" ACME "\", \"due_at\": \"2024-03-12T09:00:00Z\"}");
  g_free (create_task (f->store, "{\"title\": \"Call back\", \"contact_id\": \"" ANA "\","
                       " \"due_at\": \"2024-03-11T09:00:00Z\"}"));
  done = create_task (f->store, "{\"title\": \"Intro\", \"contact_id\": \"" ANA "\","
                      " \"due_at\": \"2024-03-01T09:00:00Z\"}");
  g_free (create_task (f->store, "{\"title\": \"Bruno's\", \"contact_id\": \"" BRUNO "\","
                       " \"due_at\": \"2024-03-10T09:00:00Z\"}"));
  g_free (create_task (f->store, "{\"title\": \"Renewal\", \"company_id\": \"" ACME "\","
                       " \"due_at\": \"2024-04-01T09:00:00Z\"}"));
  json_object_unref (rapport_task_set_done (f->store, done, TRUE, &error));
  g_assert_no_error (error);

  /* Soonest due first, no due date last; done ones and other people's not at all. */
  titles = record_task_titles (f, "contact", ANA);
  g_assert_cmpstr (titles, ==, "Call back,Send the quote,Someday");
  g_clear_pointer (&titles, g_free);

  /* The company's own and those of its people that are linked to it. */
  titles = record_task_titles (f, "company", ACME);
  g_assert_cmpstr (titles, ==, "Send the quote,Renewal,Someday");
  g_clear_pointer (&titles, g_free);

  /* An edited due date moves the task. */
  changes = rapport_test_parse_object ("{\"due_at\": \"2024-03-10T09:00:00Z\"}");
  moved = rapport_store_update (f->store, "task", later, changes, &error);
  g_assert_no_error (error);
  titles = record_task_titles (f, "contact", ANA);
  g_assert_cmpstr (titles, ==, "Send the quote,Call back,Someday");
  g_clear_pointer (&titles, g_free);

  titles = record_task_titles (f, "deal", ANA);
  g_assert_cmpstr (titles, ==, "");

  /* Only the records tasks are linked to have them. */
  none = rapport_store_record_tasks (f->store, "user", ME, &error);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID_QUERY);
  g_assert_null (none);
}

/* A time is stored with a four-digit year, or validation refuses it. */
static void
test_timestamp_four_digit_year (void)
{
  g_autoptr(GTimeZone) plus_two = g_time_zone_new_offset (7200);
  g_autoptr(GDateTime) early = g_date_time_new (plus_two, 999, 3, 1, 1, 2, 3);
  g_autofree char *text = rapport_format_timestamp (early);

  g_assert_cmpstr (text, ==, "0999-02-28T23:02:03Z");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rapport/tasks/timestamp/four-digit-year", test_timestamp_four_digit_year);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/rapport/tasks/buckets/before-midnight", test_before_midnight);
  ADD ("/rapport/tasks/buckets/after-midnight", test_after_midnight);
  ADD ("/rapport/tasks/buckets/other-zone", test_same_instant_other_zone);
  ADD ("/rapport/tasks/reminders", test_reminders);
  ADD ("/rapport/tasks/mark-done", test_mark_done);
  ADD ("/rapport/tasks/record", test_record_tasks);

#undef ADD

  return g_test_run ();
}
