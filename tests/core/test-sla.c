/* test-sla.c: business calendars and a case's SLA clock
 *
 * SPEC.md §8's worked examples, as written there: Dynamics' case at 10:00
 * with a 12 h target, hours 9–17 and a holiday tomorrow, due the day after
 * tomorrow at 14:00; lunch as two intervals; nights and weekends; a
 * calendar in Asia/Shanghai read from Europe/Berlin; DST; Paused →
 * Resolved counts the pause; a priority raised after a response breach
 * keeps the breach. December 7, 2026 is a Monday.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "rapport-business-time.h"
#include "rapport-json.h"
#include "rapport-sla.h"
#include "rapport-test-util.h"
#include "rapport-validate.h"

#define HOUR 3600

static RapportCalendar *
calendar (const char *zone,
          const char *hours,
          const char *holidays)
{
  g_autoptr(GError) error = NULL;
  RapportCalendar *self = rapport_calendar_new (zone, hours, holidays, &error);

  g_assert_no_error (error);
  g_assert_nonnull (self);
  return self;
}

static gint64
at (const char *text)
{
  gint64 instant = rapport_sla_parse_time (text);

  g_assert_cmpint (instant, >, 0);
  return instant;
}

static void
assert_time (gint64      instant,
             const char *expected)
{
  g_autofree char *text = rapport_sla_format_time (instant);

  g_assert_cmpstr (text, ==, expected);
}

/* Dynamics 365: a case at 10:00, 12 h, hours 9–17, tomorrow a holiday:
 * due the day after tomorrow at 14:00. */
static void
test_dynamics_example (void)
{
  g_autoptr(RapportCalendar) cal = calendar ("UTC", "mon-fri 09:00-17:00", "2026-12-08");

  assert_time (rapport_calendar_add (cal, at ("2026-12-07T10:00:00Z"), 12 * HOUR),
               "2026-12-09T14:00:00Z");
  g_assert_cmpint (rapport_calendar_between (cal, at ("2026-12-07T10:00:00Z"),
                                             at ("2026-12-09T14:00:00Z")), ==, 12 * HOUR);
}

static void
test_lunch (void)
{
  g_autoptr(RapportCalendar) cal = calendar ("UTC", "mon-fri 09:00-12:00 13:00-17:30", NULL);

  /* 11:00 + 2 h: one hour before lunch, one after it. */
  assert_time (rapport_calendar_add (cal, at ("2026-12-07T11:00:00Z"), 2 * HOUR),
               "2026-12-07T14:00:00Z");
  /* Asked during lunch, the clock starts at 13:00. */
  assert_time (rapport_calendar_add (cal, at ("2026-12-07T12:20:00Z"), 30 * 60),
               "2026-12-07T13:30:00Z");
  g_assert_cmpint (rapport_calendar_between (cal, at ("2026-12-07T00:00:00Z"),
                                             at ("2026-12-08T00:00:00Z")), ==, 7.5 * HOUR);
  /* The same calendar written as one day at a time. */
  {
    g_autoptr(RapportCalendar) split = calendar ("UTC",
                                                 "mon 13:00-17:30 09:00-12:00\ntue-fri 09:00-12:00 13:00-17:30",
                                                 NULL);

    assert_time (rapport_calendar_add (split, at ("2026-12-07T11:00:00Z"), 2 * HOUR),
                 "2026-12-07T14:00:00Z");
  }
}

static void
test_nights_and_weekends (void)
{
  g_autoptr(RapportCalendar) cal = calendar ("UTC", "mon-fri 09:00-17:00", NULL);

  /* Friday 16:00 + 2 h: Monday 10:00, not Friday 18:00. */
  assert_time (rapport_calendar_add (cal, at ("2026-12-11T16:00:00Z"), 2 * HOUR),
               "2026-12-14T10:00:00Z");
  /* A case opened on Saturday night starts on Monday morning. */
  assert_time (rapport_calendar_add (cal, at ("2026-12-12T23:00:00Z"), HOUR),
               "2026-12-14T10:00:00Z");
  g_assert_cmpint (rapport_calendar_between (cal, at ("2026-12-11T16:00:00Z"),
                                             at ("2026-12-14T10:00:00Z")), ==, 2 * HOUR);
  /* Nothing to add is the same instant, even at night. */
  assert_time (rapport_calendar_add (cal, at ("2026-12-12T23:00:00Z"), 0), "2026-12-12T23:00:00Z");
}

static void
test_partial_holiday (void)
{
  g_autoptr(RapportCalendar) cal = calendar ("UTC", "mon-fri 09:00-17:00",
                                             "2026-12-24 12:00-24:00; 2026-12-25");

  /* Christmas Eve morning only, then Christmas Day, then the weekend. */
  assert_time (rapport_calendar_add (cal, at ("2026-12-24T10:00:00Z"), 4 * HOUR),
               "2026-12-28T11:00:00Z");
}

/* "Due in 2 business days" (automation, SPEC.md §9.3): the close of the
 * second working day after the day of the write, weekends and holidays
 * skipped, in the calendar's zone. */
static void
test_business_days (void)
{
  g_autoptr(RapportCalendar) cal = calendar ("Asia/Shanghai", "mon-fri 09:00-12:00 13:00-17:30",
                                             "2026-12-14; 2026-12-31 12:00-24:00");

  /* Friday 15:00 in Shanghai: Monday 14th is a holiday, so Tuesday (1)
   * and Wednesday (2): Wednesday 17:30 +08:00. */
  assert_time (rapport_calendar_add_days (cal, at ("2026-12-11T07:00:00Z"), 2),
               "2026-12-16T09:30:00Z");
  /* Friday 23:30 UTC is already Saturday in Shanghai: the same days. */
  assert_time (rapport_calendar_add_days (cal, at ("2026-12-11T23:30:00Z"), 2),
               "2026-12-16T09:30:00Z");
  /* A half holiday is still a working day, closing at its morning's end. */
  assert_time (rapport_calendar_add_days (cal, at ("2026-12-30T02:00:00Z"), 1),
               "2026-12-31T04:00:00Z");
}

static gint64
shanghai_due (const char *local_zone)
{
  g_autoptr(RapportCalendar) cal = NULL;

  g_setenv ("TZ", local_zone, TRUE);
  tzset ();
  cal = calendar ("Asia/Shanghai", "mon-fri 09:00-12:00 13:00-18:00", NULL);
  /* Monday 17:00 in Shanghai is 09:00 UTC and 10:00 in Berlin. */
  return rapport_calendar_add (cal, at ("2026-12-07T09:00:00Z"), 3 * HOUR);
}

/* An agent in Berlin sees the instant a Shanghai team's calendar gives:
 * the computer's own zone plays no part. */
static void
test_other_zone (void)
{
  gint64 berlin = shanghai_due ("Europe/Berlin");
  gint64 shanghai = shanghai_due ("Asia/Shanghai");
  gint64 utc = shanghai_due ("UTC");

  g_unsetenv ("TZ");
  tzset ();
  /* One hour on Monday (17:00–18:00), two on Tuesday: 11:00 in Shanghai. */
  assert_time (berlin, "2026-12-08T03:00:00Z");
  g_assert_cmpint (berlin, ==, shanghai);
  g_assert_cmpint (berlin, ==, utc);
}

/* Berlin's clocks go forward on March 29, 2026 and back on October 25. */
static void
test_dst (void)
{
  g_autoptr(RapportCalendar) office = calendar ("Europe/Berlin", "mon-fri 09:00-17:00", NULL);
  g_autoptr(RapportCalendar) always = calendar ("Europe/Berlin", "mon-sun 00:00-24:00", NULL);

  /* Friday 16:00 CET + 2 h is Monday 10:00 CEST: 08:00 UTC, not 09:00. */
  assert_time (rapport_calendar_add (office, at ("2026-03-27T15:00:00Z"), 2 * HOUR),
               "2026-03-30T08:00:00Z");
  /* The short day has 23 working hours, the long one 25. */
  g_assert_cmpint (rapport_calendar_between (always, at ("2026-03-28T23:00:00Z"),
                                             at ("2026-03-29T22:00:00Z")), ==, 23 * HOUR);
  g_assert_cmpint (rapport_calendar_between (always, at ("2026-10-24T22:00:00Z"),
                                             at ("2026-10-25T23:00:00Z")), ==, 25 * HOUR);
  assert_time (rapport_calendar_add (always, at ("2026-03-28T23:00:00Z"), 24 * HOUR),
               "2026-03-29T23:00:00Z");
}

static void
test_calendar_errors (void)
{
  static const struct
  {
    const char *zone, *hours, *holidays, *field;
  } cases[] = {
    { "Mars/Olympus", "mon-fri 09:00-17:00", NULL, "time_zone" },
    { "", "mon-fri 09:00-17:00", NULL, "time_zone" },
    { "UTC", "", NULL, "weekly_hours" },
    { "UTC", "mon-fri 9-17", NULL, "weekly_hours" },
    { "UTC", "someday 09:00-17:00", NULL, "weekly_hours" },
    { "UTC", "mon 17:00-09:00", NULL, "weekly_hours" },
    { "UTC", "mon 09:00-12:00 11:00-13:00", NULL, "weekly_hours" },
    { "UTC", "mon 09:00-25:00", NULL, "weekly_hours" },
    { "UTC", "mon-fri 09:00-17:00", "2026-02-30", "holidays" },
    { "UTC", "mon-fri 09:00-17:00", "christmas", "holidays" },
    { "UTC", "mon-fri 09:00-17:00", "2026-12-24 noon", "holidays" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportCalendar) cal = rapport_calendar_new (cases[i].zone, cases[i].hours,
                                                             cases[i].holidays, &error);

      g_assert_null (cal);
      g_assert_nonnull (error);
      g_assert_cmpstr (rapport_validation_error_get_field (error), ==, cases[i].field);
    }
}

#define POLICY                                                                    \
  "{\"id\": \"p1\", \"calendar_id\": \"c1\","                                    \
  " \"low_first_response_secs\": 28800, \"low_resolution_secs\": 115200,"        \
  " \"normal_first_response_secs\": 14400, \"normal_resolution_secs\": 28800,"   \
  " \"high_first_response_secs\": 7200, \"high_resolution_secs\": 14400,"        \
  " \"urgent_first_response_secs\": 3600, \"urgent_resolution_secs\": 7200}"

/* A case at Monday 09:00, normal: first response in 4 h, resolved in 8 h.
 * Pending from 10:00 until Tuesday 12:00 (10 working hours), then
 * resolved at once: due Wednesday 11:00 with the pause counted, so met;
 * without it, due Monday 17:00 and breached. */
static void
test_paused_then_resolved (void)
{
  g_autoptr(RapportCalendar) cal = calendar ("UTC", "mon-fri 09:00-17:00", NULL);
  g_autoptr(JsonObject) policy = rapport_test_parse_object (POLICY);
  g_autoptr(JsonObject) record = rapport_test_parse_object (
    "{\"id\": \"k1\", \"status\": \"new\", \"priority\": \"normal\","
    " \"created_at\": \"2026-12-07T09:00:00Z\"}");

  rapport_case_sla_compute (record, policy, cal, "2026-12-07T09:00:00Z", TRUE);
  g_assert_cmpstr (rapport_json_get_string (record, "sla_status"), ==, "response_due");
  g_assert_cmpstr (rapport_json_get_string (record, "first_response_due"), ==, "2026-12-07T13:00:00Z");
  g_assert_cmpstr (rapport_json_get_string (record, "resolution_due"), ==, "2026-12-07T17:00:00Z");
  g_assert_true (rapport_case_sla_first_response (record, "2026-12-07T09:30:00Z",
                                                  "2026-12-07T09:31:00Z"));

  json_object_set_string_member (record, "status", "pending");
  rapport_case_sla_compute (record, policy, cal, "2026-12-07T10:00:00Z", TRUE);
  g_assert_cmpstr (rapport_json_get_string (record, "sla_status"), ==, "paused");
  g_assert_cmpstr (rapport_json_get_string (record, "paused_since"), ==, "2026-12-07T10:00:00Z");
  /* The minute job passing Monday 17:00 while paused records nothing. */
  rapport_case_sla_compute (record, policy, cal, "2026-12-07T18:00:00Z", TRUE);
  g_assert_null (rapport_json_get_string (record, "resolution_breached_at"));

  json_object_set_string_member (record, "status", "resolved");
  json_object_set_string_member (record, "resolved_at", "2026-12-08T12:00:00Z");
  rapport_case_sla_compute (record, policy, cal, "2026-12-08T12:00:00Z", TRUE);
  g_assert_cmpint (rapport_json_get_int (record, "paused_total_secs", -1), ==, 10 * HOUR);
  g_assert_null (rapport_json_get_string (record, "paused_since"));
  g_assert_cmpstr (rapport_json_get_string (record, "resolution_due"), ==, "2026-12-09T11:00:00Z");
  g_assert_null (rapport_json_get_string (record, "resolution_breached_at"));
  g_assert_cmpstr (rapport_json_get_string (record, "sla_status"), ==, "met");
  /* Computing again (a pulled copy) changes nothing. */
  rapport_case_sla_compute (record, policy, cal, "2026-12-08T12:00:00Z", FALSE);
  g_assert_cmpint (rapport_json_get_int (record, "paused_total_secs", -1), ==, 10 * HOUR);
  g_assert_cmpstr (rapport_json_get_string (record, "sla_status"), ==, "met");
}

/* An urgent-less case misses its first response; raising the priority
 * moves the due times and keeps the breach. A client never records one. */
static void
test_priority_after_breach (void)
{
  g_autoptr(RapportCalendar) cal = calendar ("UTC", "mon-fri 09:00-17:00", NULL);
  g_autoptr(JsonObject) policy = rapport_test_parse_object (POLICY);
  g_autoptr(JsonObject) record = rapport_test_parse_object (
    "{\"id\": \"k2\", \"status\": \"open\", \"priority\": \"low\","
    " \"created_at\": \"2026-12-07T09:00:00Z\"}");
  g_autoptr(JsonObject) client = NULL;

  rapport_case_sla_compute (record, policy, cal, "2026-12-07T09:00:00Z", TRUE);
  g_assert_cmpstr (rapport_json_get_string (record, "first_response_due"), ==, "2026-12-07T17:00:00Z");

  client = rapport_json_object_copy (record);
  rapport_case_sla_compute (client, policy, cal, "2026-12-08T09:30:00Z", FALSE);
  g_assert_null (rapport_json_get_string (client, "response_breached_at"));

  rapport_case_sla_compute (record, policy, cal, "2026-12-08T09:30:00Z", TRUE);
  g_assert_cmpstr (rapport_json_get_string (record, "response_breached_at"), ==, "2026-12-07T17:00:00Z");
  g_assert_cmpstr (rapport_json_get_string (record, "sla_status"), ==, "breached_response");

  json_object_set_string_member (record, "priority", "urgent");
  rapport_case_sla_compute (record, policy, cal, "2026-12-08T09:31:00Z", TRUE);
  g_assert_cmpstr (rapport_json_get_string (record, "first_response_due"), ==, "2026-12-07T10:00:00Z");
  g_assert_cmpstr (rapport_json_get_string (record, "resolution_due"), ==, "2026-12-07T11:00:00Z");
  g_assert_cmpstr (rapport_json_get_string (record, "response_breached_at"), ==, "2026-12-07T17:00:00Z");

  /* Lowered again, the due time is later than the response, and still the
   * breach stays recorded. */
  json_object_set_string_member (record, "priority", "low");
  rapport_case_sla_first_response (record, "2026-12-08T09:40:00Z", "2026-12-08T09:41:00Z");
  rapport_case_sla_compute (record, policy, cal, "2026-12-08T09:41:00Z", TRUE);
  g_assert_cmpstr (rapport_json_get_string (record, "response_breached_at"), ==, "2026-12-07T17:00:00Z");
}

/* Time alone turns a clock to warning and overdue; clients count down
 * from the fields, without the calendar. */
static void
test_clock (void)
{
  g_autoptr(RapportCalendar) cal = calendar ("UTC", "mon-fri 09:00-17:00", NULL);
  g_autoptr(JsonObject) policy = rapport_test_parse_object (POLICY);
  g_autoptr(JsonObject) record = rapport_test_parse_object (
    "{\"id\": \"k3\", \"status\": \"new\", \"priority\": \"normal\","
    " \"created_at\": \"2026-12-07T09:00:00Z\"}");
  RapportSlaClock clock;

  rapport_case_sla_compute (record, policy, cal, "2026-12-07T09:00:00Z", FALSE);
  /* 75 % of 4 h is 3 h: warned from 12:00. */
  g_assert_cmpstr (rapport_json_get_string (record, "sla_warn_at"), ==, "2026-12-07T12:00:00Z");
  rapport_case_sla_clock (record, at ("2026-12-07T10:45:00Z"), &clock);
  g_assert_cmpint (clock.state, ==, RAPPORT_SLA_RUNNING);
  g_assert_true (clock.responding);
  g_assert_cmpint (clock.left, ==, 2 * HOUR + 15 * 60);
  rapport_case_sla_clock (record, at ("2026-12-07T12:30:00Z"), &clock);
  g_assert_cmpint (clock.state, ==, RAPPORT_SLA_WARNING);
  rapport_case_sla_clock (record, at ("2026-12-08T13:00:00Z"), &clock);
  g_assert_cmpint (clock.state, ==, RAPPORT_SLA_OVERDUE);
  g_assert_cmpint (clock.left, ==, -24 * HOUR);
}

/* An answer made offline counts from when it was made, if that is after
 * the case began and not after the server got it. */
static void
test_offline_response (void)
{
  g_autoptr(JsonObject) record = rapport_test_parse_object (
    "{\"sla_start\": \"2026-12-07T09:00:00Z\"}");

  g_assert_false (rapport_case_sla_first_response (record, "2026-12-07T08:59:59Z",
                                                   "2026-12-07T12:00:00Z"));
  g_assert_false (rapport_case_sla_first_response (record, "2026-12-07T12:00:01Z",
                                                   "2026-12-07T12:00:00Z"));
  g_assert_null (rapport_json_get_string (record, "first_responded_at"));
  g_assert_true (rapport_case_sla_first_response (record, "2026-12-07T10:00:00Z",
                                                  "2026-12-07T12:00:00Z"));
  g_assert_false (rapport_case_sla_first_response (record, "2026-12-07T09:30:00Z",
                                                   "2026-12-07T12:00:00Z"));
  g_assert_cmpstr (rapport_json_get_string (record, "first_responded_at"), ==, "2026-12-07T10:00:00Z");
}

static void
test_policy_check (void)
{
  g_autoptr(JsonObject) policy = rapport_test_parse_object (POLICY);
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_sla_policy_check (policy, NULL));
  json_object_set_int_member (policy, "high_first_response_secs", 20000);
  g_assert_false (rapport_sla_policy_check (policy, &error));
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "high_first_response_secs");
  g_assert_nonnull (strstr (error->message, "high-priority"));
  g_clear_error (&error);

  json_object_set_int_member (policy, "high_first_response_secs", 7200);
  json_object_set_array_member (policy, "pause_statuses", json_array_new ());
  json_array_add_string_element (json_object_get_array_member (policy, "pause_statuses"), "resolved");
  g_assert_false (rapport_sla_policy_check (policy, &error));
  g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "pause_statuses");
}

/* The store's times are read and written without GDateTime: the same
 * instants as GDateTime's, over two centuries, and other forms still read. */
static void
test_times (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  for (gint64 instant = -2208988800; instant < G_GINT64_CONSTANT (4102444800); instant += 7777777)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (instant);
      g_autofree char *expected = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
      g_autofree char *written = rapport_sla_format_time (instant);

      g_assert_cmpstr (written, ==, expected);
      g_assert_cmpint (rapport_sla_parse_time (written), ==, instant);
    }
  g_assert_cmpint (rapport_sla_parse_time ("2024-02-29T23:59:59Z"), ==, 1709251199);
  g_assert_cmpint (rapport_sla_parse_time ("2026-12-07T09:00:00+08:00"), ==,
                   rapport_sla_parse_time ("2026-12-07T01:00:00Z"));
  g_assert_cmpint (rapport_sla_parse_time ("2026-12-07T01:00:00.250Z"), ==,
                   rapport_sla_parse_time ("2026-12-07T01:00:00Z"));
  g_assert_cmpint (rapport_sla_parse_time ("2026-02-30T00:00:00Z"), ==, 0);
  g_assert_cmpint (rapport_sla_parse_time ("2026-12-07T24:00:00Z"), ==, 0);
  g_assert_cmpint (rapport_sla_parse_time ("yesterday"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/sla/calendar/dynamics-example", test_dynamics_example);
  g_test_add_func ("/rapport/sla/calendar/lunch", test_lunch);
  g_test_add_func ("/rapport/sla/calendar/nights-and-weekends", test_nights_and_weekends);
  g_test_add_func ("/rapport/sla/calendar/partial-holiday", test_partial_holiday);
  g_test_add_func ("/rapport/sla/calendar/other-zone", test_other_zone);
  g_test_add_func ("/rapport/sla/calendar/business-days", test_business_days);
  g_test_add_func ("/rapport/sla/calendar/dst", test_dst);
  g_test_add_func ("/rapport/sla/calendar/errors", test_calendar_errors);
  g_test_add_func ("/rapport/sla/case/paused-then-resolved", test_paused_then_resolved);
  g_test_add_func ("/rapport/sla/case/priority-after-breach", test_priority_after_breach);
  g_test_add_func ("/rapport/sla/case/clock", test_clock);
  g_test_add_func ("/rapport/sla/case/offline-response", test_offline_response);
  g_test_add_func ("/rapport/sla/policy/check", test_policy_check);
  g_test_add_func ("/rapport/sla/times", test_times);
  return g_test_run ();
}
