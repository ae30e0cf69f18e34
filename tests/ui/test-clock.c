/* test-clock.c: minute-changed and day-changed as the wall clock moves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-clock-private.h"

typedef struct
{
  GDateTime *now;      /* (owned): what the time source says */
  guint      minutes;  /* minute-changed emissions */
  guint      days;     /* day-changed emissions */
  gboolean   day_first;
} Fixture;

static GDateTime *
now_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_date_time_ref (fixture->now);
}

static void
minute_cb (RapportClock *clock,
           Fixture      *fixture)
{
  fixture->minutes++;
}

static void
day_cb (RapportClock *clock,
        Fixture      *fixture)
{
  /* Views that sort by day hear of it before they redraw the minute. */
  if (fixture->minutes == 0)
    fixture->day_first = TRUE;
  fixture->days++;
}

/* Sets the source's time (in UTC+8, as a team in Shanghai) and looks. */
static void
set_and_check (Fixture      *fixture,
               RapportClock *clock,
               const char   *iso)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+08:00");

  g_date_time_unref (fixture->now);
  fixture->now = g_date_time_new_from_iso8601 (iso, zone);
  g_assert_nonnull (fixture->now);
  fixture->minutes = fixture->days = 0;
  fixture->day_first = FALSE;
  rapport_clock_check (clock);
}

static RapportClock *
clock_new (Fixture *fixture)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+08:00");
  RapportClock *clock;

  fixture->now = g_date_time_new_from_iso8601 ("2026-12-10T23:58:10", zone);
  clock = rapport_clock_new_with_source (now_cb, fixture);
  g_signal_connect (clock, "minute-changed", G_CALLBACK (minute_cb), fixture);
  g_signal_connect (clock, "day-changed", G_CALLBACK (day_cb), fixture);
  return clock;
}

/* Seconds pass: nothing; the next minute: minute-changed only. */
static void
test_minute (void)
{
  Fixture fixture = { 0 };
  g_autoptr(RapportClock) clock = clock_new (&fixture);

  set_and_check (&fixture, clock, "2026-12-10T23:58:59");
  g_assert_cmpuint (fixture.minutes, ==, 0);
  g_assert_cmpuint (fixture.days, ==, 0);

  set_and_check (&fixture, clock, "2026-12-10T23:59:00");
  g_assert_cmpuint (fixture.minutes, ==, 1);
  g_assert_cmpuint (fixture.days, ==, 0);

  /* Looking again in the same minute says nothing more. */
  rapport_clock_check (clock);
  g_assert_cmpuint (fixture.minutes, ==, 1);
  g_date_time_unref (fixture.now);
}

/* Local midnight (16:00 UTC) is a new day: day-changed, then the minute. */
static void
test_midnight (void)
{
  Fixture fixture = { 0 };
  g_autoptr(RapportClock) clock = clock_new (&fixture);

  set_and_check (&fixture, clock, "2026-12-11T00:00:01");
  g_assert_cmpuint (fixture.days, ==, 1);
  g_assert_cmpuint (fixture.minutes, ==, 1);
  g_assert_true (fixture.day_first);
  g_date_time_unref (fixture.now);
}

/* A laptop asleep over a long weekend wakes to one day-changed, not three;
 * a clock set back a day (or a time zone west of ours) is another day too;
 * the same minute a year later is not "the same minute". */
static void
test_jumps (void)
{
  Fixture fixture = { 0 };
  g_autoptr(RapportClock) clock = clock_new (&fixture);

  set_and_check (&fixture, clock, "2026-12-14T08:30:00");
  g_assert_cmpuint (fixture.days, ==, 1);
  g_assert_cmpuint (fixture.minutes, ==, 1);

  set_and_check (&fixture, clock, "2026-12-13T08:30:00");
  g_assert_cmpuint (fixture.days, ==, 1);
  g_assert_cmpuint (fixture.minutes, ==, 1);

  set_and_check (&fixture, clock, "2027-12-13T08:30:00");
  g_assert_cmpuint (fixture.days, ==, 1);
  g_assert_cmpuint (fixture.minutes, ==, 1);
  g_date_time_unref (fixture.now);
}

/* The real clock gives the local time now and goes without a trace. */
static void
test_real (void)
{
  RapportClock *clock = rapport_clock_new ();
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GDateTime) now = rapport_clock_dup_now (clock);

  g_assert_cmpint (g_date_time_difference (now, before), >=, 0);
  g_assert_cmpint (g_date_time_difference (now, before), <, 5 * G_TIME_SPAN_SECOND);
  g_object_add_weak_pointer (G_OBJECT (clock), (gpointer *) &clock);
  g_object_unref (clock);
  g_assert_null (clock);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/clock/minute", test_minute);
  g_test_add_func ("/rapport/clock/midnight", test_midnight);
  g_test_add_func ("/rapport/clock/jumps", test_jumps);
  g_test_add_func ("/rapport/clock/real", test_real);
  return g_test_run ();
}
