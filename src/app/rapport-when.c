/* rapport-when.c: times as the user types and reads them
 *
 * The store keeps RFC 3339 times in UTC; the user types and reads them in
 * local time, as "2024-05-17 14:30" (seconds optional), a form that sorts
 * and reads the same in every language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-when"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "rapport-when.h"

/**
 * rapport_when_parse_local:
 * @text: "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DD"
 *
 * Returns: (transfer full) (nullable): the local time, or %NULL if @text is
 *   not one
 */
GDateTime *
rapport_when_parse_local (const char *text)
{
  int year, month, day, hour = 0, minute = 0, second = 0, n = 0, end = 0;
  g_autofree char *trimmed = NULL;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  n = sscanf (trimmed, "%4d-%2d-%2d%n %2d:%2d%n:%2d%n", &year, &month, &day, &end,
              &hour, &minute, &end, &second, &end);
  /* Whatever follows a valid prefix makes it something else. */
  if ((n != 3 && n != 5 && n != 6) || trimmed[end] != '\0')
    return NULL;
  if (hour > 23 || minute > 59 || second > 59)
    return NULL;
  return g_date_time_new_local (year, month, day, hour, minute, second);
}

/**
 * rapport_when_format_local:
 *
 * Returns: (transfer full): @time in local time, to the minute
 */
char *
rapport_when_format_local (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/**
 * rapport_when_format_value:
 * @value: (nullable): a time as the store keeps it
 *
 * Returns: (transfer full) (nullable): @value in local time, or %NULL
 */
char *
rapport_when_format_value (const char *value)
{
  g_autoptr(GDateTime) time = NULL;

  if (value == NULL || (time = g_date_time_new_from_iso8601 (value, NULL)) == NULL)
    return NULL;
  return rapport_when_format_local (time);
}

/**
 * rapport_when_relative:
 * @value: (nullable): a time as the store keeps it
 *
 * Returns: (transfer full) (nullable): "3 hours ago", "Yesterday", or the
 *   local date and time for anything older or in the future
 */
char *
rapport_when_relative (const char *value,
                       GDateTime  *now)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  GTimeSpan ago;
  gint64 n;

  if (value == NULL || (time = g_date_time_new_from_iso8601 (value, NULL)) == NULL)
    return NULL;
  ago = g_date_time_difference (now, time);
  local = g_date_time_to_local (time);
  local_now = g_date_time_to_local (now);

  /* A minute of clock skew between devices is still "now". */
  if (ago < -G_TIME_SPAN_MINUTE)
    return rapport_when_format_local (time);
  if (ago < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));
  if (ago < G_TIME_SPAN_HOUR)
    {
      n = ago / G_TIME_SPAN_MINUTE;
      /* Plain %d: xgettext cannot see through G_GINT64_FORMAT. */
      return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", (int) n), (int) n);
    }
  if (g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (local_now) &&
      g_date_time_get_year (local) == g_date_time_get_year (local_now))
    {
      n = ago / G_TIME_SPAN_HOUR;
      return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", (int) n), (int) n);
    }
  if (ago < 2 * G_TIME_SPAN_DAY)
    {
      g_autoptr(GDateTime) yesterday = g_date_time_add_days (local_now, -1);

      if (g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (yesterday))
        {
          g_autofree char *clock = g_date_time_format (local, "%H:%M");

          /* Translators: %s is a time of day, e.g. 14:30 */
          return g_strdup_printf (_("Yesterday, %s"), clock);
        }
    }
  return rapport_when_format_local (time);
}
