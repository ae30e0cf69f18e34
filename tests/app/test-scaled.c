/* test-scaled.c: a quote line's quantities, rates and unit prices as people read and type them
 *
 * The store keeps thousandths, parts per million and hundredths of a minor
 * unit; the line editor and the line table show "1.5", "10 %" and
 * "¥12.3456" as the locale writes numbers and money, with no more decimals
 * than the value has and no fewer than the currency has, and read them
 * back exactly. What has more decimals than the field keeps is refused,
 * never rounded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "rapport-money.h"
#include "rapport-scaled.h"

static gboolean
use_locale (const char *name)
{
  if (setlocale (LC_ALL, name) != NULL)
    return TRUE;
  g_test_skip_printf ("locale %s is not installed", name);
  return FALSE;
}

static const RapportField *
line_field (const char *name)
{
  const RapportEntity *line = rapport_entity_lookup ("quote_line");
  const RapportField *field = rapport_entity_get_field (line, name);

  g_assert_true (rapport_scaled_field (field));
  return field;
}

static void
assert_parses (const char *field_name,
               const char *text,
               const char *currency,
               gint64      expected)
{
  gint64 value = -1;

  g_test_message ("%s “%s” %s", field_name, text, currency ? currency : "");
  g_assert_true (rapport_scaled_parse (line_field (field_name), text, currency, &value));
  g_assert_cmpint (value, ==, expected);
}

static void
assert_refused (const char *field_name,
                const char *text,
                const char *currency)
{
  gint64 value = -1;

  g_test_message ("%s “%s” refused", field_name, text);
  g_assert_false (rapport_scaled_parse (line_field (field_name), text, currency, &value));
}

/* Shown, then read back: the same integer. */
static void
assert_shown (const char *field_name,
              gint64      value,
              const char *currency,
              const char *expected)
{
  g_autofree char *shown = rapport_scaled_format (line_field (field_name), value, currency);

  g_assert_cmpstr (shown, ==, expected);
  assert_parses (field_name, shown, currency, value);
}

static void
test_scaled_quantity (void)
{
  if (!use_locale ("en_US.UTF-8"))
    return;
  assert_shown ("qty_milli", 1500, NULL, "1.5");
  assert_shown ("qty_milli", 1000, NULL, "1");
  assert_shown ("qty_milli", 1, NULL, "0.001");
  assert_shown ("qty_milli", 0, NULL, "0");
  assert_shown ("qty_milli", 1234567, NULL, "1,234.567");
  assert_shown ("qty_milli", 12000000, NULL, "12,000");
  assert_parses ("qty_milli", " 2 ", NULL, 2000);
  assert_parses ("qty_milli", "1234.5", NULL, 1234500);
  /* Thousandths are the finest a quantity has: not rounded, refused. */
  assert_refused ("qty_milli", "1.2345", NULL);
  assert_refused ("qty_milli", "", NULL);
  assert_refused ("qty_milli", "two", NULL);
  assert_refused ("qty_milli", "1.5 h", NULL);
}

static void
test_scaled_percent (void)
{
  if (!use_locale ("en_US.UTF-8"))
    return;
  assert_shown ("discount_ppm", 100000, NULL, "10 %");
  assert_shown ("discount_ppm", 125000, NULL, "12.5 %");
  assert_shown ("discount_ppm", 1, NULL, "0.0001 %");
  assert_shown ("discount_ppm", 1000000, NULL, "100 %");
  assert_shown ("tax_rate_ppm", 130000, NULL, "13 %");
  /* As typed: with or without the sign, a Chinese input method's too. */
  assert_parses ("discount_ppm", "10", NULL, 100000);
  assert_parses ("discount_ppm", "10%", NULL, 100000);
  assert_parses ("discount_ppm", "12.5％", NULL, 125000);
  assert_parses ("tax_rate_ppm", " 8.1 % ", NULL, 81000);
  assert_refused ("discount_ppm", "%", NULL);
  assert_refused ("discount_ppm", "0.00001", NULL);
  assert_refused ("discount_ppm", "ten %", NULL);
}

static void
test_scaled_unit_price (void)
{
  if (!use_locale ("en_US.UTF-8"))
    return;
  /* Up to two decimals more than the currency's, trailing zeros trimmed
   * to the currency's own. */
  assert_shown ("unit_price_x100", 123456, "CNY", "CN¥12.3456");
  assert_shown ("unit_price_x100", 123000, "CNY", "CN¥12.30");
  assert_shown ("unit_price_x100", 123450, "CNY", "CN¥12.345");
  assert_shown ("unit_price_x100", 50, "CNY", "CN¥0.005");
  assert_shown ("unit_price_x100", 12990000, "CNY", "CN¥1,299.00");
  assert_shown ("unit_price_x100", -123456, "CNY", "-CN¥12.3456");
  assert_shown ("unit_price_x100", 120000, "JPY", "JP¥1,200");
  assert_shown ("unit_price_x100", 120050, "JPY", "JP¥1,200.5");
  assert_shown ("unit_price_x100", 123456, "KWD", "KWD 1.23456");
  assert_parses ("unit_price_x100", "12.3456", "CNY", 123456);
  assert_parses ("unit_price_x100", "1,299", "CNY", 12990000);
  assert_parses ("unit_price_x100", "1200.55", "JPY", 120055);
  assert_refused ("unit_price_x100", "12.34567", "CNY");
  assert_refused ("unit_price_x100", "1200.555", "JPY");

  /* A discount in money is the currency's minor units, as any amount. */
  assert_shown ("discount_minor", 1250, "CNY", "CN¥12.50");
  assert_refused ("discount_minor", "12.505", "CNY");
}

static void
test_scaled_zh_cn (void)
{
  if (!use_locale ("zh_CN.UTF-8"))
    return;
  /* The yuan is the locale's own: ¥, grouped as zh_CN groups. */
  assert_shown ("unit_price_x100", 123456, "CNY", "¥12.3456");
  assert_shown ("unit_price_x100", 12990000, "CNY", "¥1,299.00");
  assert_shown ("qty_milli", 1234500, NULL, "1,234.5");
  assert_shown ("discount_ppm", 100000, NULL, "10 %");
}

static void
test_scaled_c_locale (void)
{
  if (!use_locale ("C.UTF-8"))
    return;
  /* No grouping in C. */
  assert_shown ("qty_milli", 1234500, NULL, "1234.5");
  assert_shown ("unit_price_x100", 12990000, "CNY", "CN¥1299.00");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/app/scaled/quantity", test_scaled_quantity);
  g_test_add_func ("/rapport/app/scaled/percent", test_scaled_percent);
  g_test_add_func ("/rapport/app/scaled/unit-price", test_scaled_unit_price);
  g_test_add_func ("/rapport/app/scaled/zh-cn", test_scaled_zh_cn);
  g_test_add_func ("/rapport/app/scaled/c-locale", test_scaled_c_locale);

  return g_test_run ();
}
