/* rapport-import-values.c: reading the values of imported cells
 *
 * Cells are text as the exporting program and its locale wrote them:
 * "23.06.1974", "6/23/1974" and "1974/6/23" are one birthday; "1.234,56"
 * and "1,234.56" one amount. A column's day/month order is found from its
 * values (a first number above 12 is a day); only when none says so is
 * the user's locale asked. Phones stay text: the leading zero of "0311…"
 * is part of the number.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-import"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rapport-dates.h"
#include "rapport-import-values.h"

/* Reads "a?b?c" with any one separator of ./- and optional time after. */
static gboolean
split_date (const char *text,
            guint      *a,
            guint      *b,
            guint      *c,
            guint      *a_digits)
{
  char sep1, sep2;
  int end = 0;

  if (sscanf (text, "%u%c%u%c%u%n", a, &sep1, b, &sep2, c, &end) != 5 || sep1 != sep2 ||
      strchr ("./-", sep1) == NULL)
    return FALSE;
  *a_digits = strspn (text, "0123456789");
  /* "2005-05-27T00:00:00.000Z", "23.06.1974 00:00:00" */
  return text[end] == '\0' || text[end] == 'T' || text[end] == ' ';
}

/**
 * rapport_import_date_order:
 * @values: a column's cells
 *
 * Returns: the day/month order its values prove, else the locale's
 */
RapportDateOrder
rapport_import_date_order (const char * const *values)
{
  g_autofree char *format = NULL;

  for (guint i = 0; values[i] != NULL; i++)
    {
      guint a, b, c, a_digits;

      if (!split_date (values[i], &a, &b, &c, &a_digits) || a_digits == 4)
        continue;
      if (a > 12 && b <= 12)
        return RAPPORT_DATE_ORDER_DMY;
      if (b > 12 && a <= 12)
        return RAPPORT_DATE_ORDER_MDY;
    }
  /* The locale's own format: "%m/%d/%Y" in en_US. */
  format = rapport_dates_date_format ();
  if (format != NULL && strstr (format, "%m") != NULL && strstr (format, "%d") != NULL &&
      strstr (format, "%m") < strstr (format, "%d"))
    return RAPPORT_DATE_ORDER_MDY;
  return RAPPORT_DATE_ORDER_DMY;
}

/**
 * rapport_import_parse_date:
 *
 * Returns: (transfer full) (nullable): YYYY-MM-DD, or %NULL when @text is
 *   no date of a known year
 */
char *
rapport_import_parse_date (const char       *text,
                           RapportDateOrder  order)
{
  guint a, b, c, a_digits, year, month, day;

  if (!split_date (text, &a, &b, &c, &a_digits))
    return rapport_dates_parse_date (text);
  if (a_digits == 4)
    year = a, month = b, day = c;
  else if (order == RAPPORT_DATE_ORDER_MDY)
    month = a, day = b, year = c;
  else
    day = a, month = b, year = c;
  /* Two-digit years: Outlook's "1/2/74". */
  if (year < 100)
    year += year < 50 ? 2000 : 1900;
  if (!g_date_valid_dmy (day, month, year))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

/**
 * rapport_import_parse_money:
 * @exponent: the currency's minor unit digits
 * @minor: (out): the amount in minor units
 *
 * Reads "1,234.56", "1.234,56", "1 234,56", "$1,234", "-12.5": the last
 * of `.` and `,` is the decimal separator when it has fewer than three
 * digits after it, or when both are there.
 */
gboolean
rapport_import_parse_money (const char *text,
                            int         exponent,
                            gint64     *minor)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  const char *last_dot = strrchr (text, '.');
  const char *last_comma = strrchr (text, ',');
  const char *decimal = NULL;
  gboolean negative = FALSE, seen_digit = FALSE;
  int fraction = -1;
  gint64 value = 0;

  if (last_dot && last_comma)
    decimal = MAX (last_dot, last_comma);
  else if (last_dot || last_comma)
    {
      const char *sep = last_dot ? last_dot : last_comma;
      gsize after = strspn (sep + 1, "0123456789");
      gboolean repeated = strchr (text, *sep) != sep;

      /* "1,234,567" and "1.234" group thousands; "12,5" has a decimal comma;
       * in a currency of three decimals (KWD) "12.345" is 12.345. */
      if (!repeated && (after != 3 || exponent == 3))
        decimal = sep;
    }

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (fraction >= 0 && ++fraction > exponent)
            {
              /* Digits below the minor unit must be zeros. */
              if (*p != '0')
                return FALSE;
              continue;
            }
          if (value > G_MAXINT64 / 100)
            return FALSE;
          value = value * 10 + (*p - '0');
          seen_digit = TRUE;
        }
      else if (p == decimal)
        fraction = 0;
      else if (*p == '-' && !seen_digit)
        negative = TRUE;
      else if (*p == '(' && !seen_digit)
        negative = TRUE;
      /* Group separators, currency symbols and codes pass; "1/2" does not. */
      else if (strchr (".,' )$", *p) == NULL && !(*p & 0x80) && !g_ascii_isalpha (*p))
        return FALSE;
    }
  if (!seen_digit)
    return FALSE;
  for (int i = MAX (fraction, 0); i < exponent; i++)
    value *= 10;
  *minor = negative ? -value : value;
  return TRUE;
}

/**
 * rapport_import_parse_bool:
 *
 * Reads yes/no, true/false, 1/0, x and the German, Dutch and Chinese words.
 */
gboolean
rapport_import_parse_bool (const char *text,
                           gboolean   *value)
{
  static const char * const yes[] = { "yes", "y", "true", "1", "x", "ja", "oui", "si", "是", "√", NULL };
  static const char * const no[] = { "no", "n", "false", "0", "nein", "nee", "non", "否", NULL };
  g_autofree char *folded = g_utf8_casefold (text, -1);

  g_strstrip (folded);
  if (g_strv_contains (yes, folded))
    *value = TRUE;
  else if (g_strv_contains (no, folded))
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

/**
 * rapport_import_split_multi:
 * @primary: (out) (optional): whether a value was marked `* ` as primary
 *
 * Google Contacts puts several values in one cell, separated by ` ::: `,
 * and marks the primary group's type with `* ` ("* Home").
 *
 * Returns: (transfer full): the values, stripped, without empty ones
 */
GStrv
rapport_import_split_multi (const char *text,
                            gboolean   *primary)
{
  g_auto(GStrv) parts = g_strsplit (text, " ::: ", -1);
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();

  if (primary != NULL)
    *primary = FALSE;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, "* "))
        {
          part += 2;
          if (primary != NULL)
            *primary = TRUE;
        }
      if (*part != '\0')
        g_strv_builder_add (out, part);
    }
  return g_strv_builder_end (out);
}

/**
 * rapport_import_phone_key:
 *
 * Returns: (transfer full) (nullable): what two ways of writing one phone
 *   number share: its digits, a leading + kept, an international 00 read
 *   as +; %NULL with fewer than five digits
 */
char *
rapport_import_phone_key (const char *phone)
{
  GString *key = g_string_new (NULL);

  for (const char *p = phone; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (key, *p);
      else if (*p == '+' && key->len == 0)
        g_string_append_c (key, '+');
      /* An extension is not part of the number. */
      else if (g_ascii_isalpha (*p) && key->len > 0)
        break;
    }
  if (g_str_has_prefix (key->str, "00"))
    g_string_replace (key, "00", "+", 1);
  if (key->len < 5)
    {
      g_string_free (key, TRUE);
      return NULL;
    }
  return g_string_free (key, FALSE);
}

/**
 * rapport_import_email_key:
 *
 * Returns: (transfer full) (nullable): the address in lower case, without
 *   spaces and a "mailto:"
 */
char *
rapport_import_email_key (const char *email)
{
  g_autofree char *copy = g_strstrip (g_strdup (email));
  const char *start = copy;

  if (g_ascii_strncasecmp (start, "mailto:", 7) == 0)
    start += 7;
  if (strchr (start, '@') == NULL)
    return NULL;
  return g_utf8_casefold (start, -1);
}

/**
 * rapport_import_address_text:
 * @lines: three street lines, each (nullable)
 * @code: (nullable): the postal code
 * @city: (nullable):
 * @region: (nullable):
 * @country: (nullable):
 *
 * Joins an address given in parts into the one text a record keeps: the
 * street lines, then "code city", region and country, one per line, with
 * empty parts left out.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when every part is empty
 */
char *
rapport_import_address_text (const char       **lines,
                             const char        *code,
                             const char        *city,
                             const char        *region,
                             const char        *country)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < 3; i++)
    if (lines[i] != NULL)
      g_string_append_printf (text, "%s\n", lines[i]);
  if (code || city)
    g_string_append_printf (text, "%s%s%s\n", code ? code : "", code && city ? " " : "",
                            city ? city : "");
  if (region)
    g_string_append_printf (text, "%s\n", region);
  if (country)
    g_string_append_printf (text, "%s\n", country);
  if (text->len == 0)
    return NULL;
  g_string_truncate (text, text->len - 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}
