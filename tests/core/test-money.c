/* test-money.c: amounts formatted and parsed as the user's locale writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "rapport-money.h"
#include "rapport-validate.h"

/* Switches LC_ALL for one test; skips it where the locale is not installed
 * (build-aux/setup.sh installs zh_CN and en_US). */
static gboolean
use_locale (const char *name)
{
  if (setlocale (LC_ALL, name) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("locale %s is not installed", name);

      g_test_skip (message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gint64      amount;
  const char *currency;
  const char *text;
} Case;

static void
check_format (const Case *cases,
              gsize       n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autofree char *text = rapport_money_format (cases[i].amount, cases[i].currency);
      gint64 parsed = -1;

      g_assert_cmpstr (text, ==, cases[i].text);
      /* What is shown reads back as the same amount. */
      g_assert_true (rapport_money_parse (text, cases[i].currency, &parsed));
      g_assert_cmpint (parsed, ==, cases[i].amount);
    }
}

static void
test_format_zh_cn (void)
{
  static const Case cases[] = {
    { 21881300, "CNY", "¥218,813.00" },
    { 218813, "JPY", "JP¥218,813" },
    { 27424600, "EUR", "€274,246.00" },
    { 1291900, "USD", "US$12,919.00" },
    { 1234567, "KWD", "KWD 1,234.567" },
    { 8000, "CHF", "CHF 80.00" },
    { 5, "USD", "US$0.05" },
    { -150000, "CNY", "-¥1,500.00" },
    { 123456789012345, "CNY", "¥1,234,567,890,123.45" },
  };

  g_autofree char *own = NULL;

  if (!use_locale ("zh_CN.UTF-8"))
    return;
  check_format (cases, G_N_ELEMENTS (cases));
  /* What a new deal is in when the user chose no currency. */
  own = rapport_money_locale_currency ();
  g_assert_cmpstr (own, ==, "CNY");
  setlocale (LC_ALL, "C");
}

static void
test_format_en_us (void)
{
  static const Case cases[] = {
    { 1291900, "USD", "US$12,919.00" },
    { 27424600, "EUR", "€274,246.00" },
    { 21881300, "CNY", "CN¥218,813.00" },
    { 218813, "JPY", "JP¥218,813" },
    { 99, "GBP", "£0.99" },
    { 100000, "KRW", "₩100,000" },
    { 0, "EUR", "€0.00" },
  };

  g_autofree char *number = NULL;

  if (!use_locale ("en_US.UTF-8"))
    return;
  check_format (cases, G_N_ELEMENTS (cases));
  /* An editor beside a currency field shows the number alone. */
  number = rapport_money_format_number (-123456789, "USD");
  g_assert_cmpstr (number, ==, "-1,234,567.89");
  setlocale (LC_ALL, "C");
}

static void
test_parse (void)
{
  static const struct { const char *text, *currency; gint64 amount; } good[] = {
    { "12500", "EUR", 1250000 },
    { "12,500.5", "EUR", 1250050 },
    { " 12 500.50 ", "EUR", 1250050 },
    { "US$12,919", "USD", 1291900 },
    { "12919 USD", "USD", 1291900 },
    { "€0.07", "EUR", 7 },
    { "218,813", "JPY", 218813 },
    { "1.5", "KWD", 1500 },
    { "-3", "CNY", -300 },
  };
  static const struct { const char *text, *currency; } bad[] = {
    { "", "EUR" },
    { "abc", "EUR" },
    { "12.345", "EUR" },        /* cents have two digits */
    { "12.5", "JPY" },          /* yen have none */
    { "1.2.3", "EUR" },
    { "£12", "EUR" },           /* another currency's symbol */
    { "99999999999999999999", "EUR" },
  };

  if (!use_locale ("en_US.UTF-8"))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 amount = 0;

      g_assert_true (rapport_money_parse (good[i].text, good[i].currency, &amount));
      g_assert_cmpint (amount, ==, good[i].amount);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 amount = 42;

      g_assert_false (rapport_money_parse (bad[i].text, bad[i].currency, &amount));
      g_assert_cmpint (amount, ==, 42);
    }
  setlocale (LC_ALL, "C");
}

static void
test_codes (void)
{
  g_assert_cmpint (rapport_money_exponent ("EUR"), ==, 2);
  g_assert_cmpint (rapport_money_exponent ("JPY"), ==, 0);
  g_assert_cmpint (rapport_money_exponent ("BHD"), ==, 3);
  g_assert_cmpint (rapport_money_exponent ("CLP"), ==, 0);
  g_assert_true (rapport_is_valid_currency ("CNY"));
  g_assert_false (rapport_is_valid_currency ("XXX"));
  g_assert_false (rapport_is_valid_currency ("usd"));
  g_assert_false (rapport_is_valid_currency (NULL));
  for (guint i = 0; rapport_money_common_currencies ()[i] != NULL; i++)
    g_assert_true (rapport_is_valid_currency (rapport_money_common_currencies ()[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/money/format/zh_CN", test_format_zh_cn);
  g_test_add_func ("/rapport/money/format/en_US", test_format_en_us);
  g_test_add_func ("/rapport/money/parse", test_parse);
  g_test_add_func ("/rapport/money/codes", test_codes);

  return g_test_run ();
}
