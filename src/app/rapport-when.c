/* rapport-when.c: times as the user types and reads them
 *
 * The store keeps RFC 3339 times in UTC; the user types and reads them in
 * local time, the date in the locale's order (rapport-dates.c): 12/24/2026
 * 14:30, 2026年12月24日 14:30, or ISO. Near times read as words: "Today
 * 14:00", "Tomorrow 09:30", "Monday 10:00"; beyond a week, the whole date.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-when"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-dates.h"
#include "rapport-when.h"

/**
 * rapport_when_parse_local:
 * @text: a date in the locale's order or ISO, then optionally "HH:MM" or
 *   "HH:MM:SS"
 *
 * Returns: (transfer full) (nullable): the local time, or %NULL if @text is
 *   not one
 */
GDateTime *
rapport_when_parse_local (const char *text)
{
  return rapport_dates_parse_local (text);
}

/**
 * rapport_when_format_local:
 *
 * Returns: (transfer full): @time in local time, to the minute, as the
 *   user types it back
 */
char *
rapport_when_format_local (GDateTime *time)
{
  return rapport_dates_format_local (time);
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
 * rapport_when_typing_hint:
 *
 * Returns: (transfer full): what to tell someone whose time could not be
 *   read: how to type one here
 */
char *
rapport_when_typing_hint (void)
{
  g_autofree char *example = rapport_dates_example (TRUE);

  /* Translators: %s is a date and time as typed in the user's language */
  return g_strdup_printf (_("Type a date and time such as %s."), example);
}

static int
days_between (GDateTime *from,
              GDateTime *to)
{
  GDate a, b;

  g_date_set_dmy (&a, g_date_time_get_day_of_month (from), g_date_time_get_month (from),
                  g_date_time_get_year (from));
  g_date_set_dmy (&b, g_date_time_get_day_of_month (to), g_date_time_get_month (to),
                  g_date_time_get_year (to));
  return g_date_days_between (&a, &b);
}

/**
 * rapport_when_near:
 * @value: (nullable): a time as the store keeps it
 *
 * Returns: (transfer full) (nullable): "Today 14:00", "Tomorrow 09:30",
 *   "Yesterday 16:15", the weekday and time within a week, else the local
 *   date and time
 */
char *
rapport_when_near (const char *value,
                   GDateTime  *now)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *clock = NULL;
  int days;

  if (value == NULL || (time = g_date_time_new_from_iso8601 (value, NULL)) == NULL)
    return NULL;
  local = g_date_time_to_local (time);
  local_now = g_date_time_to_local (now);
  days = days_between (local_now, local);
  clock = g_date_time_format (local, "%H:%M");

  switch (days)
    {
    case 0:
      /* Translators: %s is a time of day, e.g. 14:30 */
      return g_strdup_printf (_("Today %s"), clock);
    case 1:
      /* Translators: %s is a time of day, e.g. 14:30 */
      return g_strdup_printf (_("Tomorrow %s"), clock);
    case -1:
      /* Translators: %s is a time of day, e.g. 14:30 */
      return g_strdup_printf (_("Yesterday %s"), clock);
    default:
      break;
    }
  /* A weekday alone reads as the coming one: only for the week ahead. */
  if (days > 1 && days < 7)
    {
      g_autofree char *weekday = g_date_time_format (local, "%A");

      /* Translators: a weekday and a time of day, e.g. "Monday 14:30" */
      return g_strdup_printf (C_("weekday and time", "%s %s"), weekday, clock);
    }
  return rapport_when_format_local (time);
}

/**
 * rapport_when_relative:
 * @value: (nullable): a time as the store keeps it
 *
 * Returns: (transfer full) (nullable): "3 hours ago" within today, else as
 *   rapport_when_near() says it
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
    return rapport_when_near (value, now);
  if (ago < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));
  if (ago < G_TIME_SPAN_HOUR)
    {
      n = ago / G_TIME_SPAN_MINUTE;
      /* Plain %d: xgettext cannot see through G_GINT64_FORMAT. */
      return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", (int) n), (int) n);
    }
  if (days_between (local_now, local) == 0)
    {
      n = ago / G_TIME_SPAN_HOUR;
      return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", (int) n), (int) n);
    }
  return rapport_when_near (value, now);
}
