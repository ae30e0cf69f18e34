/* rapport-money.c: currencies, and amounts as the user's locale writes them
 *
 * Amounts are integers in the currency's minor units (cents, fen; none for
 * yen). Formatting takes the grouping, decimal mark and symbol placement
 * from the locale (LC_MONETARY), the symbol and the number of decimals from
 * the currency: ¥218,813 in zh_CN, US$12,919.00 in en_US, 274.246,00 € in
 * de_DE.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-money"

#include "config.h"

#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "rapport-money.h"
#include "rapport-validate.h"

typedef struct
{
  char        code[4];
  guint8      exponent;      /* decimals of the minor unit */
  const char *symbol;        /* (nullable): one no other currency shares */
  const char *local_symbol;  /* (nullable): shorter, where it is the locale's own */
} Currency;

/* Active codes of ISO 4217, sorted for bsearch(). Funds and metals (XAU, XDR,
 * …) are left out: nobody closes a deal in them. The dollar is never bare:
 * two dozen currencies write "$". */
static const Currency currencies[] = {
  { "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 }, { "AOA", 2 },
  { "ARS", 2 }, { "AUD", 2, "A$" }, { "AWG", 2 }, { "AZN", 2 }, { "BAM", 2 }, { "BBD", 2 },
  { "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 }, { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 },
  { "BOB", 2 }, { "BRL", 2, "R$" }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 }, { "BYN", 2 },
  { "BZD", 2 }, { "CAD", 2, "CA$" }, { "CDF", 2 }, { "CHF", 2 }, { "CLP", 0 },
  { "CNY", 2, "CN¥", "¥" }, { "COP", 2 }, { "CRC", 2 }, { "CUP", 2 }, { "CVE", 2 },
  { "CZK", 2 }, { "DJF", 0 }, { "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 }, { "EGP", 2 },
  { "ERN", 2 }, { "ETB", 2 }, { "EUR", 2, "€" }, { "FJD", 2 }, { "FKP", 2 },
  { "GBP", 2, "£" }, { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 }, { "GMD", 2 }, { "GNF", 0 },
  { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2, "HK$" }, { "HNL", 2 }, { "HTG", 2 }, { "HUF", 2 },
  { "IDR", 2 }, { "ILS", 2, "₪" }, { "INR", 2, "₹" }, { "IQD", 3 }, { "IRR", 2 },
  { "ISK", 0 }, { "JMD", 2 }, { "JOD", 3 }, { "JPY", 0, "JP¥", "¥" }, { "KES", 2 },
  { "KGS", 2 }, { "KHR", 2 }, { "KMF", 0 }, { "KPW", 2 }, { "KRW", 0, "₩" }, { "KWD", 3 },
  { "KYD", 2 }, { "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 }, { "LRD", 2 },
  { "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 }, { "MKD", 2 },
  { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 }, { "MVR", 2 },
  { "MWK", 2 }, { "MXN", 2, "MX$" }, { "MYR", 2 }, { "MZN", 2 }, { "NAD", 2 }, { "NGN", 2 },
  { "NIO", 2 }, { "NOK", 2 }, { "NPR", 2 }, { "NZD", 2, "NZ$" }, { "OMR", 3 }, { "PAB", 2 },
  { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2, "₱" }, { "PKR", 2 }, { "PLN", 2 }, { "PYG", 0 },
  { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 }, { "RWF", 0 }, { "SAR", 2 },
  { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 }, { "SGD", 2 }, { "SHP", 2 },
  { "SLE", 2 }, { "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 }, { "STN", 2 }, { "SVC", 2 },
  { "SYP", 2 }, { "SZL", 2 }, { "THB", 2 }, { "TJS", 2 }, { "TMT", 2 }, { "TND", 3 },
  { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 }, { "TWD", 2, "NT$" }, { "TZS", 2 }, { "UAH", 2 },
  { "UGX", 0 }, { "USD", 2, "US$" }, { "UYU", 2 }, { "UZS", 2 }, { "VED", 2 }, { "VES", 2 },
  { "VND", 0, "₫" }, { "VUV", 0 }, { "WST", 2 }, { "XAF", 0 }, { "XCD", 2 }, { "XOF", 0 },
  { "XPF", 0 }, { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 }, { "ZWG", 2 },
};

static int
compare_code (const void *a,
              const void *b)
{
  return strcmp (a, ((const Currency *) b)->code);
}

static const Currency *
lookup (const char *code)
{
  if (code == NULL || strlen (code) != 3)
    return NULL;
  return bsearch (code, currencies, G_N_ELEMENTS (currencies), sizeof currencies[0], compare_code);
}

gboolean
rapport_is_valid_currency (const char *code)
{
  return lookup (code) != NULL;
}

/**
 * rapport_money_exponent:
 * @currency: (nullable): an ISO 4217 code
 *
 * Returns: the number of decimals of @currency's minor unit: 2 for EUR, 0
 *   for JPY, 3 for KWD; 2 for an unknown code
 */
int
rapport_money_exponent (const char *currency)
{
  const Currency *found = lookup (currency);

  return found != NULL ? found->exponent : 2;
}

/* Whether @currency is the one of the locale (int_curr_symbol is "CNY "). */
static gboolean
is_local (const struct lconv *conv,
          const char         *currency)
{
  return conv->int_curr_symbol != NULL && strncmp (conv->int_curr_symbol, currency, 3) == 0;
}

static const char *
or_default (const char *text,
            const char *fallback)
{
  return text != NULL && *text != '\0' ? text : fallback;
}

/* "218813" grouped as the locale groups money: "218,813". */
static void
append_grouped (GString    *out,
                const char *digits,
                const char *grouping,
                const char *separator)
{
  gsize len = strlen (digits);
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize from_right = 0;

  /* Positions, counted from the right, where a separator goes. */
  for (const char *g = grouping; *separator != '\0' && g != NULL && *g != '\0';)
    {
      if (*g == CHAR_MAX || *g <= 0)
        break;
      from_right += (guchar) *g;
      if (from_right >= len)
        break;
      g_array_append_val (cuts, from_right);
      if (g[1] != '\0')
        g++;  /* the last size repeats */
    }

  for (gsize i = 0; i < len; i++)
    {
      gsize left = len - i;

      g_string_append_c (out, digits[i]);
      for (guint c = 0; c < cuts->len; c++)
        if (g_array_index (cuts, gsize, c) == left - 1)
          {
            g_string_append (out, separator);
            break;
          }
    }
}

/* The digits of @amount, grouped, with the currency's decimals: "12,919.00" */
static char *
format_number (const struct lconv *conv,
               guint64             magnitude,
               int                 exponent)
{
  GString *number = g_string_new (NULL);
  g_autofree char *digits = NULL;
  guint64 unit = 1;

  for (int i = 0; i < exponent; i++)
    unit *= 10;
  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / unit);
  append_grouped (number, digits, conv->mon_grouping, or_default (conv->mon_thousands_sep, ""));
  if (exponent > 0)
    g_string_append_printf (number, "%s%0*" G_GUINT64_FORMAT,
                            or_default (conv->mon_decimal_point, "."),
                            exponent, magnitude % unit);
  return g_string_free (number, FALSE);
}

static guint64
magnitude_of (gint64 amount)
{
  return amount < 0 ? -(guint64) amount : (guint64) amount;
}

/* @number with the sign and the currency's symbol (or its code) where the
 * locale puts them. */
static char *
with_symbol (const struct lconv *conv,
             gboolean            negative,
             const char         *number,
             const char         *currency)
{
  const Currency *found = lookup (currency);
  const char *sign = negative ? or_default (conv->negative_sign, "-") : "";
  const char *symbol = NULL;
  gboolean spaced;

  if (found != NULL && found->local_symbol != NULL && is_local (conv, found->code))
    symbol = found->local_symbol;
  else if (found != NULL && found->symbol != NULL)
    symbol = found->symbol;
  /* A code is a word: always apart from the number. */
  spaced = symbol == NULL || conv->p_sep_by_space == 1;
  if (symbol == NULL)
    symbol = currency != NULL ? currency : "";

  if (*symbol == '\0')
    return g_strconcat (sign, number, NULL);
  /* The C locale says CHAR_MAX: the symbol goes first, as in most. */
  if (conv->p_cs_precedes != 0)
    return g_strconcat (sign, symbol, spaced ? " " : "", number, NULL);
  return g_strconcat (sign, number, spaced ? " " : "", symbol, NULL);
}

/* A unit price's digits: the currency's decimals and the one or two more
 * it needs, "12.3456" and "12.30" in yuan, "1,200" in yen. */
static char *
format_price_number (const struct lconv *conv,
                     gint64              price_x100,
                     const char         *currency)
{
  guint64 magnitude = magnitude_of (price_x100);
  int extra = magnitude % 100 == 0 ? 0 : magnitude % 10 == 0 ? 1 : 2;

  return format_number (conv, extra == 2 ? magnitude : magnitude / (extra == 1 ? 10 : 100),
                        rapport_money_exponent (currency) + extra);
}

/**
 * rapport_money_format_number:
 * @amount: in minor units
 * @currency: (nullable): an ISO 4217 code
 *
 * Returns: (transfer full): @amount without its currency, as an editor
 *   beside a currency field shows it: "-12,919.00"
 */
char *
rapport_money_format_number (gint64      amount,
                             const char *currency)
{
  const struct lconv *conv = localeconv ();
  g_autofree char *number = format_number (conv, magnitude_of (amount),
                                           rapport_money_exponent (currency));

  return g_strconcat (amount < 0 ? or_default (conv->negative_sign, "-") : "", number, NULL);
}

/**
 * rapport_money_format:
 * @amount: in minor units
 * @currency: (nullable): an ISO 4217 code
 *
 * Returns: (transfer full): @amount as the user's locale writes money, with
 *   the currency's symbol (or its code) and its number of decimals:
 *   "¥218,813.00" (zh_CN, CNY), "US$12,919.00" (en_US, USD), "CHF 80.00"
 */
char *
rapport_money_format (gint64      amount,
                      const char *currency)
{
  const struct lconv *conv = localeconv ();
  g_autofree char *number = format_number (conv, magnitude_of (amount),
                                           rapport_money_exponent (currency));

  return with_symbol (conv, amount < 0, number, currency);
}

/**
 * rapport_money_format_price:
 * @price_x100: in hundredths of a minor unit
 * @currency: (nullable): an ISO 4217 code
 *
 * Returns: (transfer full): a unit price as rapport_money_format() writes
 *   money, with the two more decimals it may have, but no trailing zeros
 *   beyond the currency's own: "¥12.3456", "¥12.30", "US$0.005", "JP¥1,200"
 */
char *
rapport_money_format_price (gint64      price_x100,
                            const char *currency)
{
  const struct lconv *conv = localeconv ();
  g_autofree char *number = format_price_number (conv, price_x100, currency);

  return with_symbol (conv, price_x100 < 0, number, currency);
}

/**
 * rapport_money_format_price_number:
 *
 * Returns: (transfer full): @price_x100 as rapport_money_format_price()
 *   writes it, without the currency: "-12.3456"
 */
char *
rapport_money_format_price_number (gint64      price_x100,
                                   const char *currency)
{
  const struct lconv *conv = localeconv ();
  g_autofree char *number = format_price_number (conv, price_x100, currency);

  return g_strconcat (price_x100 < 0 ? or_default (conv->negative_sign, "-") : "", number, NULL);
}

/**
 * rapport_money_locale_currency:
 *
 * Returns: (transfer full) (nullable): the ISO 4217 code of the locale's
 *   currency ("CNY" in zh_CN), or %NULL when the locale has none (C)
 */
char *
rapport_money_locale_currency (void)
{
  const struct lconv *conv = localeconv ();
  g_autofree char *code = NULL;

  if (conv->int_curr_symbol == NULL || strlen (conv->int_curr_symbol) < 3)
    return NULL;
  code = g_strndup (conv->int_curr_symbol, 3);
  return lookup (code) != NULL ? g_steal_pointer (&code) : NULL;
}

/**
 * rapport_money_common_currencies:
 *
 * Returns: (transfer none): the codes offered first where a currency is
 *   chosen, %NULL-terminated
 */
const char * const *
rapport_money_common_currencies (void)
{
  static const char * const common[] = {
    "CNY", "EUR", "USD", "GBP", "JPY", "HKD", "TWD", "CHF", "CAD", "AUD", "SGD", "INR", "BRL", NULL
  };

  return common;
}

static gboolean
skip_prefix (const char **text,
             const char  *prefix)
{
  gsize len = prefix != NULL ? strlen (prefix) : 0;

  if (len == 0 || strncmp (*text, prefix, len) != 0)
    return FALSE;
  *text += len;
  return TRUE;
}

static gboolean
strip_suffix (char       *text,
              const char *suffix)
{
  gsize len = suffix != NULL ? strlen (suffix) : 0;
  gsize text_len = strlen (text);

  if (len == 0 || text_len < len || strcmp (text + text_len - len, suffix) != 0)
    return FALSE;
  text[text_len - len] = '\0';
  return TRUE;
}

/* Takes the currency's symbols and code off either end of @text. */
static void
strip_currency (char      **text,
                const char *currency)
{
  const Currency *found = lookup (currency);
  const char *marks[] = { found ? found->symbol : NULL, found ? found->local_symbol : NULL,
                          currency };

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      const char *rest = *text;

      if (skip_prefix (&rest, marks[i]))
        {
          memmove (*text, rest, strlen (rest) + 1);
          break;
        }
      if (strip_suffix (*text, marks[i]))
        break;
    }
  g_strstrip (*text);
}

/* Reads @text as an amount of @currency with @decimals decimals at most
 * (its own, or two more for a unit price), in units of the last one. */
static gboolean
parse_scaled (const char *text,
              const char *currency,
              int         decimals,
              gint64     *amount)
{
  const struct lconv *conv = localeconv ();
  const char *decimal = or_default (conv->mon_decimal_point, ".");
  const char *group = or_default (conv->mon_thousands_sep, ",");
  int exponent = decimals;
  gint64 scale = 1000;
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *p;
  gint64 whole = 0, fraction = 0;
  int fraction_digits = -1;
  gboolean negative = FALSE, any_digit = FALSE;

  for (int i = 3; i < decimals; i++)
    scale *= 10;
  /* "-¥1,500.00" or "¥-1,500.00" */
  if (*copy == '-')
    {
      negative = TRUE;
      *copy = ' ';
      g_strstrip (copy);
    }
  strip_currency (&copy, currency);
  p = copy;
  if (!negative && *p == '-')
    {
      negative = TRUE;
      p++;
    }
  while (*p != '\0')
    {
      if (g_ascii_isdigit (*p))
        {
          any_digit = TRUE;
          if (fraction_digits < 0)
            {
              if (whole > (G_MAXINT64 / 10 - 9) / scale)
                return FALSE;
              whole = whole * 10 + (*p - '0');
            }
          else if (fraction_digits < exponent)
            {
              fraction = fraction * 10 + (*p - '0');
              fraction_digits++;
            }
          else
            return FALSE;
          p++;
        }
      else if (fraction_digits < 0 && exponent > 0 &&
               (skip_prefix (&p, decimal) ||
                (*p == '.' && strcmp (group, ".") != 0 && (p++, TRUE))))
        fraction_digits = 0;
      else if (fraction_digits < 0 &&
               (skip_prefix (&p, group) || skip_prefix (&p, " ") || skip_prefix (&p, "\u00a0") ||
                skip_prefix (&p, "\u202f") || skip_prefix (&p, "'") ||
                (*p == ',' && strcmp (decimal, ",") != 0 && (p++, TRUE))))
        continue;
      else
        return FALSE;
    }
  if (!any_digit)
    return FALSE;
  if (fraction_digits < 0)
    fraction_digits = 0;
  for (int i = 0; i < exponent; i++)
    whole *= 10;
  for (int i = fraction_digits; i < exponent; i++)
    fraction *= 10;
  *amount = negative ? -(whole + fraction) : whole + fraction;
  return TRUE;
}

/**
 * rapport_money_parse:
 * @text: what the user typed, as the locale writes money ("12,500.50" in
 *   en_US and zh_CN, "12.500,50" in de_DE), maybe with the currency's symbol
 *   or code; a dot is a decimal mark too where it does not group digits
 * @currency: (nullable): the amount's currency, which says how many decimals
 *   it may have
 * @amount: (out): the amount in minor units
 *
 * Returns: whether @text is an amount of @currency
 */
gboolean
rapport_money_parse (const char *text,
                     const char *currency,
                     gint64     *amount)
{
  g_return_val_if_fail (amount != NULL, FALSE);

  return parse_scaled (text, currency, rapport_money_exponent (currency), amount);
}

/**
 * rapport_money_parse_price:
 * @text: a unit price, as rapport_money_parse() reads money, with up to two
 *   more decimals than @currency has: "12.3456" in yuan
 * @price_x100: (out): the price in hundredths of a minor unit
 *
 * Returns: whether @text is a unit price in @currency
 */
gboolean
rapport_money_parse_price (const char *text,
                           const char *currency,
                           gint64     *price_x100)
{
  g_return_val_if_fail (price_x100 != NULL, FALSE);

  return parse_scaled (text, currency, rapport_money_exponent (currency) + 2, price_x100);
}

/**
 * rapport_money_format_decimal:
 * @value: in units of the @decimals-th decimal: 1500 with 3 is 1.5
 * @decimals: how many decimals @value has, at most 6
 *
 * Returns: (transfer full): @value as the locale writes amounts, without
 *   trailing zeros: "1,234.5", "2"
 */
char *
rapport_money_format_decimal (gint64 value,
                              int    decimals)
{
  const struct lconv *conv = localeconv ();
  guint64 magnitude = magnitude_of (value);
  g_autofree char *number = NULL;

  g_return_val_if_fail (decimals >= 0 && decimals <= 6, NULL);

  while (decimals > 0 && magnitude % 10 == 0)
    {
      magnitude /= 10;
      decimals--;
    }
  number = format_number (conv, magnitude, decimals);
  return g_strconcat (value < 0 ? or_default (conv->negative_sign, "-") : "", number, NULL);
}

/**
 * rapport_money_parse_decimal:
 * @text: a number as the locale writes amounts: "1,234.5", "1.5"
 * @decimals: how many decimals it may have, at most 6
 * @value: (out): in units of the last of them: 1500 for "1.5" with 3
 *
 * Returns: whether @text is such a number
 */
gboolean
rapport_money_parse_decimal (const char *text,
                             int         decimals,
                             gint64     *value)
{
  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (decimals >= 0 && decimals <= 6, FALSE);

  return parse_scaled (text, NULL, decimals, value);
}
