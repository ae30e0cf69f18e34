/* test-labels.c: dates as the app shows them: the locale's order, the whole year
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "rapport-labels.h"
#include "rapport-when.h"

static void
check_date (const char *locale,
            const char *value,
            const char *expected)
{
  g_autofree char *shown = NULL;

  if (setlocale (LC_ALL, locale) == NULL)
    {
      g_test_skip_printf ("the %s locale is not installed", locale);
      return;
    }
  g_setenv ("TZ", "UTC", TRUE);
  g_unsetenv ("LANGUAGE");
  shown = rapport_labels_format_date (value);
  g_assert_cmpstr (shown, ==, expected);
}

static void
test_c_locale (void)
{
  check_date ("C.UTF-8", "2026-12-06", "12/06/2026");
  check_date ("C.UTF-8", "2026-12-06T14:30:00Z", "12/06/2026 14:30");
}

static void
test_chinese (void)
{
  check_date ("zh_CN.UTF-8", "2026-12-06", "2026年12月06日");
  check_date ("zh_CN.UTF-8", "2026-12-06T14:30:00Z", "2026年12月06日 14:30");
}

static void
check_near (const char *value,
            const char *expected)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 6, 9, 0, 0);  /* a Sunday */
  g_autofree char *shown = rapport_when_near (value, now);

  g_assert_cmpstr (shown, ==, expected);
}

/* Due, reminder and activity times near now read as words. */
static void
test_near (void)
{
  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    {
      g_test_skip ("the C.UTF-8 locale is not installed");
      return;
    }
  g_setenv ("TZ", "UTC", TRUE);
  g_unsetenv ("LANGUAGE");
  check_near ("2026-12-06T14:00:00Z", "Today 14:00");
  check_near ("2026-12-06T00:00:00Z", "Today 00:00");
  check_near ("2026-12-07T09:30:00Z", "Tomorrow 09:30");
  check_near ("2026-12-05T23:59:00Z", "Yesterday 23:59");
  check_near ("2026-12-09T10:00:00Z", "Wednesday 10:00");
  /* A weekday alone would read as the coming one: a past one has its date. */
  check_near ("2026-12-01T10:00:00Z", "12/01/2026 10:00");
  check_near ("2026-12-13T10:00:00Z", "12/13/2026 10:00");
  check_near ("2025-12-06T10:00:00Z", "12/06/2025 10:00");
  g_assert_null (rapport_when_near ("not a time", NULL));
}

/* What is shown can be typed back. */
static void
test_round_trip (void)
{
  const char *locales[] = { "C.UTF-8", "en_US.UTF-8", "zh_CN.UTF-8" };

  g_setenv ("TZ", "UTC", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 12, 24, 14, 30, 0);
      g_autofree char *shown = NULL;
      g_autoptr(GDateTime) back = NULL;

      if (setlocale (LC_ALL, locales[i]) == NULL)
        continue;
      shown = rapport_when_format_local (time);
      back = rapport_when_parse_local (shown);
      g_assert_nonnull (back);
      g_assert_true (g_date_time_equal (time, back));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rapport/labels/date/c-locale", test_c_locale);
  g_test_add_func ("/rapport/labels/date/zh-cn", test_chinese);
  g_test_add_func ("/rapport/labels/when/near", test_near);
  g_test_add_func ("/rapport/labels/when/round-trip", test_round_trip);
  return g_test_run ();
}
