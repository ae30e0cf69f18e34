/* test-labels.c: dates as the app shows them: the locale's order, the whole year
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "rapport-labels.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rapport/labels/date/c-locale", test_c_locale);
  g_test_add_func ("/rapport/labels/date/zh-cn", test_chinese);
  return g_test_run ();
}
