/* test-dates.c: dates typed and read in the locale's order, and the
 * unlikely ones questioned
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "rapport-dates.h"
#include "rapport-entity.h"
#include "rapport-plausible.h"

/* Switches to @locale; a locale the system lacks is compiled from the
 * system's sources into a temporary directory when it can be. */
static gboolean
use_locale (const char *locale)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *target = NULL;
  g_auto(GStrv) parts = NULL;
  int status = -1;

  g_unsetenv ("LOCPATH");
  g_unsetenv ("LANGUAGE");
  g_setenv ("TZ", "UTC", TRUE);
  if (setlocale (LC_ALL, locale) != NULL)
    return TRUE;
  parts = g_strsplit (locale, ".", 2);
  dir = g_build_filename (g_get_tmp_dir (), "rapport-test-locales", NULL);
  target = g_build_filename (dir, locale, NULL);
  g_mkdir_with_parents (dir, 0700);
  if (!g_file_test (target, G_FILE_TEST_IS_DIR))
    {
      const char *argv[] = { "localedef", "-i", parts[0], "-f", "UTF-8", target, NULL };

      if (!g_spawn_sync (NULL, (char **) argv, NULL,
                         G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                         NULL, NULL, NULL, NULL, &status, NULL))
        status = -1;
    }
  g_setenv ("LOCPATH", dir, TRUE);
  if (setlocale (LC_ALL, locale) != NULL)
    return TRUE;
  g_unsetenv ("LOCPATH");
  g_test_skip_printf ("the %s locale is not installed and could not be made", locale);
  return FALSE;
}

static void
check_parse (const char *text,
             const char *expected)
{
  g_autofree char *parsed = rapport_dates_parse_date (text);

  g_assert_cmpstr (parsed, ==, expected);
}

static void
check_round_trip (int y, int m, int d)
{
  g_autofree char *shown = rapport_dates_format_day (y, m, d);
  g_autofree char *parsed = rapport_dates_parse_date (shown);
  g_autofree char *iso = g_strdup_printf ("%04d-%02d-%02d", y, m, d);

  g_assert_cmpstr (parsed, ==, iso);
}

static void
test_chinese (void)
{
  g_autofree char *shown = NULL;

  if (!use_locale ("zh_CN.UTF-8"))
    return;
  check_parse ("2026/12/24", "2026-12-24");
  check_parse ("2026年12月6日", "2026-12-06");
  check_parse (" 2026年12月06日 ", "2026-12-06");
  check_parse ("2026-12-24", "2026-12-24");
  check_round_trip (2026, 12, 24);
  shown = rapport_dates_format_day (2026, 12, 24);
  g_assert_cmpstr (shown, ==, "2026年12月24日");
}

static void
test_us (void)
{
  g_autoptr(GDateTime) time = NULL;

  if (!use_locale ("en_US.UTF-8"))
    return;
  check_parse ("12/06/2026", "2026-12-06");
  check_parse ("2026-12-06", "2026-12-06");
  check_round_trip (2026, 2, 28);
  time = rapport_dates_parse_local ("12/24/2026 09:30");
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_get_day_of_month (time), ==, 24);
  g_assert_cmpint (g_date_time_get_hour (time), ==, 9);
  g_assert_cmpint (g_date_time_get_minute (time), ==, 30);
}

static void
test_day_first (void)
{
  if (!use_locale ("de_DE.UTF-8"))
    return;
  check_parse ("06.12.2026", "2026-12-06");
  check_parse ("6.12.2026", "2026-12-06");
  check_round_trip (2026, 12, 6);
  if (!use_locale ("en_GB.UTF-8"))
    return;
  check_parse ("06/12/2026", "2026-12-06");
  check_round_trip (2026, 1, 31);
}

/* Anything but a whole, real date is refused, not guessed. */
static void
test_refused (void)
{
  const char *bad[] = {
    "", "2026", "2026-12", "12/06/26", "2026-02-30", "2026-13-01", "31/31/2026", "2026-12-06x",
    "2026--12-06", "tomorrow", "2026年12月", "2026-12-06 25:00", "0000-01-01", "２０２６-12-06",
  };

  if (!use_locale ("C.UTF-8"))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *parsed = rapport_dates_parse_date (bad[i]);
      g_autoptr(GDateTime) time = rapport_dates_parse_local (bad[i]);

      if (parsed != NULL || time != NULL)
        g_error ("“%s” was read as a date", bad[i]);
    }
}

static void
test_times (void)
{
  g_autoptr(GDateTime) iso = NULL;
  g_autoptr(GDateTime) seconds = NULL;

  if (!use_locale ("C.UTF-8"))
    return;
  iso = rapport_dates_parse_local ("2026-12-24 14:30");
  g_assert_nonnull (iso);
  g_assert_cmpint (g_date_time_get_hour (iso), ==, 14);
  seconds = rapport_dates_parse_local ("2026-12-24T14:30:15");
  g_assert_nonnull (seconds);
  g_assert_cmpint (g_date_time_get_second (seconds), ==, 15);
  g_assert_null (rapport_dates_parse_local ("2026-12-24 14"));
  g_assert_null (rapport_dates_parse_local ("2026-12-24 14:3"));
}

static guint
count_doubts (const char *entity_name,
              const char *json,
              const char *field)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 6, 9, 0, 0);
  g_autoptr(GPtrArray) doubts = rapport_plausible_check (rapport_entity_lookup (entity_name),
                                                         json_node_get_object (node), now);
  guint n = 0;

  for (guint i = 0; i < doubts->len; i++)
    {
      RapportDoubt *doubt = g_ptr_array_index (doubts, i);

      g_assert_true (doubt->message != NULL && *doubt->message != '\0');
      if (g_str_equal (doubt->field, field))
        n++;
    }
  return n;
}

static void
test_plausible (void)
{
  if (!use_locale ("C.UTF-8"))
    return;
  /* Birthdays: not before 1900, not in the future. */
  g_assert_cmpuint (count_doubts ("contact", "{\"birthday\":\"1850-05-01\"}", "birthday"), ==, 1);
  g_assert_cmpuint (count_doubts ("contact", "{\"birthday\":\"2026-12-07\"}", "birthday"), ==, 1);
  g_assert_cmpuint (count_doubts ("contact", "{\"birthday\":\"1980-05-01\"}", "birthday"), ==, 0);
  g_assert_cmpuint (count_doubts ("contact", "{\"birthday\":\"2026-12-06\"}", "birthday"), ==, 0);
  /* An open deal closes from 2000 to 20 years ahead; a closed one is history. */
  g_assert_cmpuint (count_doubts ("deal", "{\"expected_close\":\"1901-01-01\"}", "expected_close"), ==, 1);
  g_assert_cmpuint (count_doubts ("deal", "{\"expected_close\":\"1901-01-01\",\"status\":\"open\"}",
                                  "expected_close"), ==, 1);
  g_assert_cmpuint (count_doubts ("deal", "{\"expected_close\":\"2046-12-07\"}", "expected_close"), ==, 1);
  g_assert_cmpuint (count_doubts ("deal", "{\"expected_close\":\"2046-12-06\"}", "expected_close"), ==, 0);
  g_assert_cmpuint (count_doubts ("deal", "{\"expected_close\":\"1999-01-01\",\"status\":\"won\"}",
                                  "expected_close"), ==, 0);
  /* A reminder after the due time. */
  g_assert_cmpuint (count_doubts ("task", "{\"due_at\":\"2026-12-06T09:00:00Z\","
                                  "\"remind_at\":\"2026-12-06T10:00:00Z\"}", "remind_at"), ==, 1);
  g_assert_cmpuint (count_doubts ("task", "{\"due_at\":\"2026-12-06T09:00:00Z\","
                                  "\"remind_at\":\"2026-12-06T08:45:00Z\"}", "remind_at"), ==, 0);
  g_assert_cmpuint (count_doubts ("task", "{\"remind_at\":\"2026-12-06T10:00:00Z\"}", "remind_at"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/dates/chinese", test_chinese);
  g_test_add_func ("/rapport/dates/us", test_us);
  g_test_add_func ("/rapport/dates/day-first", test_day_first);
  g_test_add_func ("/rapport/dates/refused", test_refused);
  g_test_add_func ("/rapport/dates/times", test_times);
  g_test_add_func ("/rapport/dates/plausible", test_plausible);

  return g_test_run ();
}
