/* rapport-scaled.c: whole numbers of a finer unit, as the user reads and types them
 *
 * A quote line keeps exact integers (rapport-entity.h): a quantity in
 * thousandths, a discount or a tax rate in parts per million, a unit price
 * in hundredths of a minor unit. Nobody reads or types those: a quantity
 * is "1.5" as the locale writes numbers, a rate "10 %", a unit price
 * "¥12.3456" with the decimals it needs and the currency's own at least.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-scaled"

#include "config.h"

#include <string.h>

#include "rapport-json.h"
#include "rapport-money.h"
#include "rapport-scaled.h"

#define SCALED_FLAGS \
  (RAPPORT_FIELD_MILLI | RAPPORT_FIELD_PPM | RAPPORT_FIELD_PRICE | RAPPORT_FIELD_MINOR)

/* Decimals of a quantity in thousandths, and of a percentage in parts per million. */
#define QUANTITY_DECIMALS 3
#define PERCENT_DECIMALS 4

/**
 * rapport_scaled_field:
 *
 * Returns: whether @field is a whole number of a finer unit that is read
 *   and typed through this file
 */
gboolean
rapport_scaled_field (const RapportField *field)
{
  return field != NULL && field->kind == RAPPORT_FIELD_INT && (field->flags & SCALED_FLAGS) != 0;
}

/**
 * rapport_scaled_format_quantity:
 * @milli: thousandths
 *
 * Returns: (transfer full): "1.5", "1,200", "0.001"
 */
char *
rapport_scaled_format_quantity (gint64 milli)
{
  return rapport_money_format_decimal (milli, QUANTITY_DECIMALS);
}

/**
 * rapport_scaled_format_percent:
 * @ppm: parts per million
 *
 * Returns: (transfer full): "10 %", "12.5 %", "0.0001 %"
 */
char *
rapport_scaled_format_percent (gint64 ppm)
{
  g_autofree char *number = rapport_money_format_decimal (ppm, PERCENT_DECIMALS);

  return g_strdup_printf ("%s %%", number);
}

/**
 * rapport_scaled_format:
 * @value: the field's stored integer
 * @currency: (nullable): the record's currency, for a price or an amount
 *
 * Returns: (transfer full): @value as the user reads it, and types it in
 *   an editor: "1.5", "10 %", "¥12.3456"
 */
char *
rapport_scaled_format (const RapportField *field,
                       gint64              value,
                       const char         *currency)
{
  g_return_val_if_fail (rapport_scaled_field (field), NULL);

  if (field->flags & RAPPORT_FIELD_MILLI)
    return rapport_scaled_format_quantity (value);
  if (field->flags & RAPPORT_FIELD_PPM)
    return rapport_scaled_format_percent (value);
  if (field->flags & RAPPORT_FIELD_PRICE)
    return rapport_money_format_price (value, currency);
  return rapport_money_format (value, currency);
}

/**
 * rapport_scaled_format_field:
 * @record: a record with @field set
 *
 * Returns: (transfer full): @field of @record as rapport_scaled_format()
 *   writes it, in the record's currency
 */
char *
rapport_scaled_format_field (const RapportField *field,
                             JsonObject         *record)
{
  const char *currency = NULL;

  if (field->currency_field != NULL)
    currency = rapport_json_get_string (record, field->currency_field);
  return rapport_scaled_format (field, json_object_get_int_member (record, field->name), currency);
}

/* "12.5 %", "12.5%" and "12.5％" (a Chinese input method's) are 12.5. */
static char *
strip_percent (const char *text)
{
  char *copy = g_strstrip (g_strdup (text));
  gsize len = strlen (copy);

  if (len > 0 && copy[len - 1] == '%')
    copy[len - 1] = '\0';
  else if (g_str_has_suffix (copy, "％"))
    copy[len - strlen ("％")] = '\0';
  return g_strstrip (copy);
}

/**
 * rapport_scaled_parse:
 * @text: what the user typed: "1.5", "10 %", "12.3456" or "¥12.3456"
 * @currency: (nullable): the record's currency, for a price or an amount
 * @value: (out): the integer to store
 *
 * Returns: whether @text is a value of @field; whether it is in range is
 *   the store's to say
 */
gboolean
rapport_scaled_parse (const RapportField *field,
                      const char         *text,
                      const char         *currency,
                      gint64             *value)
{
  g_return_val_if_fail (rapport_scaled_field (field), FALSE);
  g_return_val_if_fail (text != NULL && value != NULL, FALSE);

  if (field->flags & RAPPORT_FIELD_MILLI)
    return rapport_money_parse_decimal (text, QUANTITY_DECIMALS, value);
  if (field->flags & RAPPORT_FIELD_PPM)
    {
      g_autofree char *number = strip_percent (text);

      return *number != '\0' && rapport_money_parse_decimal (number, PERCENT_DECIMALS, value);
    }
  if (field->flags & RAPPORT_FIELD_PRICE)
    return rapport_money_parse_price (text, currency, value);
  return rapport_money_parse (text, currency, value);
}
