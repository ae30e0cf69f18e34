/* rapport-dates.c: dates and times as the user's locale writes and types them
 *
 * The store keeps dates as YYYY-MM-DD and times as RFC 3339 in UTC. People
 * write them in their locale's order: 2026年12月24日 or 2026/12/24 in
 * zh_CN, 12/24/2026 in en_US, 24.12.2026 or 24/12/2026 in Europe. This
 * formats in that order, always with the whole year, and reads back any of
 * those forms, ISO included. A two-digit year is refused: 03/04/05 is three
 * different days depending on who reads it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-dates"

#include "config.h"

#include <langinfo.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-dates.h"

/**
 * rapport_dates_date_format:
 *
 * Returns: (transfer full): the locale's strftime() date format with the
 *   whole year: the C locale's "%m/%d/%y" would print 12/06/26
 */
char *
rapport_dates_date_format (void)
{
  g_autoptr(GString) format = g_string_new (nl_langinfo (D_FMT));

  if (format->len == 0)
    g_string_assign (format, "%Y-%m-%d");
  g_string_replace (format, "%y", "%Y", 0);
  g_string_replace (format, "%D", "%m/%d/%Y", 0);
  g_string_replace (format, "%F", "%Y-%m-%d", 0);
  return g_string_free (g_steal_pointer (&format), FALSE);
}

/**
 * rapport_dates_format_day:
 *
 * Returns: (transfer full) (nullable): the day as the locale writes it
 */
char *
rapport_dates_format_day (int year,
                          int month,
                          int day)
{
  g_autoptr(GDateTime) midnight = NULL;
  g_autofree char *format = rapport_dates_date_format ();

  if (!g_date_valid_dmy (day, month, year) ||
      (midnight = g_date_time_new_utc (year, month, day, 0, 0, 0)) == NULL)
    return NULL;
  return g_date_time_format (midnight, format);
}

/**
 * rapport_dates_format_local:
 *
 * Returns: (transfer full): @time in local time, its date as the locale
 *   writes it and the time to the minute: "2026年12月24日 14:30"
 */
char *
rapport_dates_format_local (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);
  g_autofree char *format = rapport_dates_date_format ();
  g_autofree char *with_time = g_strconcat (format, " %H:%M", NULL);

  return g_date_time_format (local, with_time);
}

/* Whether the locale writes the day before the month (24.12.2026). */
static gboolean
day_first (void)
{
  g_autofree char *format = rapport_dates_date_format ();
  const char *day = strstr (format, "%d");
  const char *month = strstr (format, "%m");

  if (day == NULL)
    day = strstr (format, "%e");
  return day != NULL && month != NULL && day < month;
}

static gboolean
is_date_separator (gunichar c)
{
  return c == '-' || c == '/' || c == '.' || c == 0x5E74 /* 年 */ || c == 0x6708 /* 月 */;
}

/* Reads up to @max_digits digits; the count read goes to *n_digits. */
static const char *
read_number (const char *p,
             int         max_digits,
             int        *value,
             int        *n_digits)
{
  *value = 0;
  *n_digits = 0;
  while (g_ascii_isdigit (*p) && *n_digits < max_digits)
    {
      *value = *value * 10 + (*p - '0');
      (*n_digits)++;
      p++;
    }
  return p;
}

/* One separator, with spaces around it or spaces alone; *found is
 * whether there was any. */
static const char *
skip_separator (const char *p,
                gboolean   *found)
{
  const char *start = p;

  while (*p == ' ')
    p++;
  if (*p != '\0' && is_date_separator (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  while (*p == ' ')
    p++;
  *found = p != start;
  return p;
}

/* A day of three numbers; *end is what follows it. */
static gboolean
read_day (const char  *text,
          int         *year,
          int         *month,
          int         *day,
          const char **end)
{
  int numbers[3], digits[3];
  const char *p = text;
  gboolean separated;

  for (guint i = 0; i < 3; i++)
    {
      if (i > 0)
        {
          p = skip_separator (p, &separated);
          if (!separated)
            return FALSE;
        }
      p = read_number (p, 4, &numbers[i], &digits[i]);
      if (digits[i] == 0 || g_ascii_isdigit (*p))
        return FALSE;
    }
  /* 24日, or the German 24.12.2026. */
  if (g_utf8_get_char (p) == 0x65E5 /* 日 */)
    p = g_utf8_next_char (p);

  if (digits[0] == 4 && digits[1] <= 2 && digits[2] <= 2)
    {
      *year = numbers[0];
      *month = numbers[1];
      *day = numbers[2];
    }
  else if (digits[2] == 4 && digits[0] <= 2 && digits[1] <= 2)
    {
      *year = numbers[2];
      *month = day_first () ? numbers[1] : numbers[0];
      *day = day_first () ? numbers[0] : numbers[1];
    }
  else
    return FALSE;
  *end = p;
  return *year > 0 && g_date_valid_dmy (*day, *month, *year);
}

/**
 * rapport_dates_parse_date:
 * @text: a date as the user typed it: in the locale's order, or ISO
 *
 * Returns: (transfer full) (nullable): the date as YYYY-MM-DD, or %NULL
 *   if @text is not a whole date
 */
char *
rapport_dates_parse_date (const char *text)
{
  g_autofree char *trimmed = NULL;
  int year, month, day;
  const char *end;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  if (!read_day (trimmed, &year, &month, &day, &end) || *end != '\0')
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

/**
 * rapport_dates_parse_local:
 * @text: a date as rapport_dates_parse_date() reads it, then optionally
 *   "HH:MM" or "HH:MM:SS" after a space or a "T"
 *
 * Returns: (transfer full) (nullable): the local time (midnight for a
 *   date alone), or %NULL if @text is not one
 */
GDateTime *
rapport_dates_parse_local (const char *text)
{
  g_autofree char *trimmed = NULL;
  int year, month, day, hour = 0, minute = 0, second = 0, n;
  const char *p;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  if (!read_day (trimmed, &year, &month, &day, &p))
    return NULL;
  if (*p == 'T' || *p == ' ')
    {
      while (*p == ' ' || *p == 'T')
        p++;
      p = read_number (p, 2, &hour, &n);
      if (n == 0 || *p != ':')
        return NULL;
      p = read_number (p + 1, 2, &minute, &n);
      if (n != 2)
        return NULL;
      if (*p == ':')
        {
          p = read_number (p + 1, 2, &second, &n);
          if (n != 2)
            return NULL;
        }
    }
  if (*p != '\0' || hour > 23 || minute > 59 || second > 59)
    return NULL;
  return g_date_time_new_local (year, month, day, hour, minute, second);
}

/**
 * rapport_dates_example:
 *
 * Returns: (transfer full): how to type a date (and a time) here, for an
 *   error message: "12/24/2026 14:30"
 */
char *
rapport_dates_example (gboolean with_time)
{
  g_autofree char *day = rapport_dates_format_day (2026, 12, 24);

  return with_time ? g_strconcat (day, " 14:30", NULL) : g_steal_pointer (&day);
}
