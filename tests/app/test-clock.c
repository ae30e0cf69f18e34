/* test-clock.c: the clock tells the minute and the day as the wall shows them
 *
 * A fake time source stands for the wall clock: a minute on, an hour on,
 * past midnight, a jump back (the clock set, a resume that changed
 * nothing) and another time zone whose date is another day; each emits
 * exactly the signals a page needs, and nothing when the minute is the
 * same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-clock-private.h"

typedef struct
{
  GDateTime *now;  /* (owned): what the fake wall clock reads */
  guint      minutes;
  guint      days;
  guint      notifies;
  GSList    *order;  /* signal names, newest first */
} Fixture;

static GDateTime *
fake_now (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_date_time_ref (fixture->now);
}

static void
set_now (Fixture   *fixture,
         GDateTime *now)
{
  g_date_time_unref (fixture->now);
  fixture->now = now;
}

static void
minute_cb (RapportClock *clock,
           Fixture      *fixture)
{
  fixture->minutes++;
  fixture->order = g_slist_prepend (fixture->order, (gpointer) "minute");
}

static void
day_cb (RapportClock *clock,
        Fixture      *fixture)
{
  fixture->days++;
  fixture->order = g_slist_prepend (fixture->order, (gpointer) "day");
}

static void
notify_cb (RapportClock *clock,
           GParamSpec   *pspec,
           Fixture      *fixture)
{
  fixture->notifies++;
}

static RapportClock *
fake_clock (Fixture   *fixture,
            GDateTime *start)
{
  RapportClock *clock = rapport_clock_new ();

  fixture->now = start;
  rapport_clock_set_now_func (clock, fake_now, fixture);
  g_signal_connect (clock, "minute-changed", G_CALLBACK (minute_cb), fixture);
  g_signal_connect (clock, "day-changed", G_CALLBACK (day_cb), fixture);
  g_signal_connect (clock, "notify::now", G_CALLBACK (notify_cb), fixture);
  return clock;
}

static void
fixture_clear (Fixture *fixture)
{
  g_clear_pointer (&fixture->now, g_date_time_unref);
  g_clear_pointer (&fixture->order, g_slist_free);
}

static GDateTime *
utc (int year, int month, int day, int hour, int minute, double seconds)
{
  return g_date_time_new_utc (year, month, day, hour, minute, seconds);
}

static void
test_same_minute (void)
{
  Fixture fixture = { 0 };
  g_autoptr(RapportClock) clock = fake_clock (&fixture, utc (2026, 12, 6, 11, 40, 1));

  /* A wake within the same minute (a spurious one, or a resume after a
   * few seconds) tells nothing. */
  set_now (&fixture, utc (2026, 12, 6, 11, 40, 59.5));
  rapport_clock_check (clock);
  g_assert_cmpuint (fixture.minutes, ==, 0);
  g_assert_cmpuint (fixture.days, ==, 0);
  g_assert_cmpuint (fixture.notifies, ==, 0);
  fixture_clear (&fixture);
}

static void
test_minute (void)
{
  Fixture fixture = { 0 };
  g_autoptr(RapportClock) clock = fake_clock (&fixture, utc (2026, 12, 6, 11, 40, 59));

  set_now (&fixture, utc (2026, 12, 6, 11, 41, 0.02));
  rapport_clock_check (clock);
  g_assert_cmpuint (fixture.minutes, ==, 1);
  g_assert_cmpuint (fixture.days, ==, 0);
  g_assert_cmpuint (fixture.notifies, ==, 1);
  g_assert_cmpint (g_date_time_get_minute (rapport_clock_get_now (clock)), ==, 41);

  /* An hour later in one go (a laptop that slept): one minute-changed. */
  set_now (&fixture, utc (2026, 12, 6, 12, 41, 30));
  rapport_clock_check (clock);
  g_assert_cmpuint (fixture.minutes, ==, 2);
  g_assert_cmpuint (fixture.days, ==, 0);
  fixture_clear (&fixture);
}

static void
test_midnight (void)
{
  Fixture fixture = { 0 };
  g_autoptr(RapportClock) clock = fake_clock (&fixture, utc (2026, 12, 31, 23, 59, 40));

  set_now (&fixture, utc (2027, 1, 1, 0, 0, 0.02));
  rapport_clock_check (clock);
  g_assert_cmpuint (fixture.minutes, ==, 1);
  g_assert_cmpuint (fixture.days, ==, 1);
  /* Pages redo their minutes before they redo their days. */
  g_assert_cmpstr (g_slist_nth_data (fixture.order, 1), ==, "minute");
  g_assert_cmpstr (g_slist_nth_data (fixture.order, 0), ==, "day");

  /* The same day of another year is another day too. */
  set_now (&fixture, utc (2028, 1, 1, 0, 0, 0.02));
  rapport_clock_check (clock);
  g_assert_cmpuint (fixture.days, ==, 2);
  fixture_clear (&fixture);
}

static void
test_set_back (void)
{
  Fixture fixture = { 0 };
  g_autoptr(RapportClock) clock = fake_clock (&fixture, utc (2026, 12, 7, 0, 5, 0));

  /* The clock set back across midnight: another day, the day before. */
  set_now (&fixture, utc (2026, 12, 6, 23, 58, 0));
  rapport_clock_check (clock);
  g_assert_cmpuint (fixture.minutes, ==, 1);
  g_assert_cmpuint (fixture.days, ==, 1);
  g_assert_cmpint (g_date_time_get_day_of_month (rapport_clock_get_now (clock)), ==, 6);
  fixture_clear (&fixture);
}

static void
test_time_zone (void)
{
  Fixture fixture = { 0 };
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) start = utc (2026, 12, 6, 20, 30, 0);
  g_autoptr(RapportClock) clock = fake_clock (&fixture, g_date_time_ref (start));

  g_assert_nonnull (shanghai);
  /* The same instant read in Shanghai is 04:30 the next day. */
  set_now (&fixture, g_date_time_to_timezone (start, shanghai));
  rapport_clock_check (clock);
  g_assert_cmpuint (fixture.minutes, ==, 1);
  g_assert_cmpuint (fixture.days, ==, 1);
  g_assert_cmpint (g_date_time_get_hour (rapport_clock_get_now (clock)), ==, 4);
  fixture_clear (&fixture);
}

static void
test_finalize (void)
{
  RapportClock *clock = rapport_clock_new ();

  g_assert_nonnull (rapport_clock_get_now (clock));
  g_object_add_weak_pointer (G_OBJECT (clock), (gpointer *) &clock);
  g_object_unref (clock);
  /* Its timer and its watch of the time zone hold no reference. */
  g_assert_null (clock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/clock/same-minute", test_same_minute);
  g_test_add_func ("/rapport/clock/minute", test_minute);
  g_test_add_func ("/rapport/clock/midnight", test_midnight);
  g_test_add_func ("/rapport/clock/set-back", test_set_back);
  g_test_add_func ("/rapport/clock/time-zone", test_time_zone);
  g_test_add_func ("/rapport/clock/finalize", test_finalize);

  return g_test_run ();
}
