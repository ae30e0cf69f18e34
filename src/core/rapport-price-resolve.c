/* rapport-price-resolve.c: the unit price a price list gives a product
 *
 * SPEC.md §1.3 "Price lists". A list is in one currency and valid between
 * two dates, both inclusive (either may be open). Of its items, those
 * that target the product, the product's category or every product, and
 * whose minimum quantity is at most the quantity, apply; the one chosen is
 * the most specific (product, then category, then all), then the one with
 * the highest minimum quantity, then the first in the list's order. Its
 * rule gives the price: a fixed unit price, or a percentage off the
 * product's list price, which is only used when it is in the list's
 * currency. With no item applying, the product's list price is the price,
 * again only in the list's currency.
 *
 * Prices are exact: the list price in minor units is 100 hundredths of a
 * minor unit each, and a percentage off is rounded half away from zero to
 * a hundredth of a minor unit, by the rounding of the documents' money
 * (rapport-document-totals.c).
 *
 * The line that takes the price keeps it and says where it came from
 * (rapport_price_describe()): a later change to the list changes no line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-price"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-dates.h"
#include "rapport-document-totals-private.h"
#include "rapport-json.h"
#include "rapport-price-resolve.h"
#include "rapport-validate.h"

#define PPM_ONE 1000000

/* clang-format off */
G_DEFINE_QUARK (rapport-price-error-quark, rapport_price_error)
/* clang-format on */

typedef enum {
  TARGET_NONE, /* another product's or another category's */
  TARGET_ALL,
  TARGET_CATEGORY,
  TARGET_PRODUCT,
} Target;

/* Categories are compared as SKUs are: case and width aside. */
static gboolean
same_category (const char *a,
               const char *b)
{
  g_autofree char *key_a = NULL;
  g_autofree char *key_b = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  key_a = rapport_unique_key (a);
  key_b = rapport_unique_key (b);
  return strcmp (key_a, key_b) == 0;
}

static Target
target_of (const RapportPriceItem    *item,
           const RapportPriceProduct *product)
{
  if (item->product_id != NULL && *item->product_id != '\0')
    return g_strcmp0 (item->product_id, product->id) == 0 ? TARGET_PRODUCT : TARGET_NONE;
  if (item->category != NULL && *item->category != '\0')
    return same_category (item->category, product->category) ? TARGET_CATEGORY : TARGET_NONE;
  return TARGET_ALL;
}

/* "2026-12-24" as the user's locale writes it. */
static char *
format_date (const char *date)
{
  int year, month, day;
  char *text = NULL;

  if (sscanf (date, "%d-%d-%d", &year, &month, &day) == 3)
    text = rapport_dates_format_day (year, month, day);
  return text != NULL ? text : g_strdup (date);
}

/* "10 %", "12.5 %" */
static char *
format_ppm (gint64 ppm)
{
  g_autofree char *fraction = g_strdup_printf ("%04" G_GINT64_FORMAT, ppm % 10000);
  gsize len = strlen (fraction);

  while (len > 0 && fraction[len - 1] == '0')
    fraction[--len] = '\0';
  /* At most 100 %: an int. */
  if (len == 0)
    return g_strdup_printf (_("%d %%"), (int) (ppm / 10000));
  /* TRANSLATORS: a percentage with decimals, "12.5 %" */
  return g_strdup_printf (_("%d.%s %%"), (int) (ppm / 10000), fraction);
}

static gboolean
check_validity (const RapportPriceList *list,
                const char             *date,
                GError                **error)
{
  g_autofree char *day = NULL;

  if (list->valid_from != NULL && strcmp (date, list->valid_from) < 0)
    {
      day = format_date (list->valid_from);
      g_set_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_NOT_YET_VALID,
                   _("The price list “%s” is valid only from %s"), list->name, day);
      return FALSE;
    }
  if (list->valid_to != NULL && strcmp (date, list->valid_to) > 0)
    {
      day = format_date (list->valid_to);
      g_set_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_EXPIRED,
                   _("The price list “%s” expired on %s"), list->name, day);
      return FALSE;
    }
  return TRUE;
}

/* The product's list price, usable only in the list's currency. */
static gboolean
list_price (const RapportPriceList    *list,
            const RapportPriceProduct *product,
            gint64                    *out,
            GError                   **error)
{
  if (!product->has_list_price)
    {
      g_set_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_NO_PRICE,
                   _("The price list “%s” has no price for this product, and the product has no list price"),
                   list->name);
      return FALSE;
    }
  if (g_strcmp0 (product->list_price_currency, list->currency) != 0)
    {
      g_set_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_CURRENCY,
                   _("The product's list price is in %s, the price list “%s” in %s"),
                   product->list_price_currency != NULL ? product->list_price_currency : "?",
                   list->name, list->currency);
      return FALSE;
    }
  *out = product->list_price;
  return TRUE;
}

static const RapportPriceItem *
choose_item (const RapportPriceList    *list,
             const RapportPriceProduct *product,
             gint64                     qty_milli)
{
  const RapportPriceItem *best = NULL;
  Target best_target = TARGET_NONE;

  for (guint i = 0; i < list->n_items; i++)
    {
      const RapportPriceItem *item = &list->items[i];
      Target target = target_of (item, product);

      /* An item that says no price (kept without a rule) prices nothing. */
      if (target == TARGET_NONE || item->min_qty_milli > qty_milli ||
          (item->rule == RAPPORT_PRICE_RULE_FIXED && !item->has_unit_price) ||
          (item->rule == RAPPORT_PRICE_RULE_PERCENT_OFF && !item->has_discount_ppm))
        continue;
      /* Later items win only by being strictly better: ties keep the
       * list's order. */
      if (best == NULL || target > best_target ||
          (target == best_target && item->min_qty_milli > best->min_qty_milli))
        {
          best = item;
          best_target = target;
        }
    }
  return best;
}

/**
 * rapport_price_resolve:
 * @list: the price list and its items, in the list's order
 * @qty_milli: the quantity, in thousandths
 * @date: the day the price is for, YYYY-MM-DD
 * @out: (out caller-allocates): the unit price and the item that gave it
 * @error: a #RAPPORT_PRICE_ERROR saying why the list gives no price
 *
 * Returns: whether @list prices @product
 */
gboolean
rapport_price_resolve (const RapportPriceList    *list,
                       const RapportPriceProduct *product,
                       gint64                     qty_milli,
                       const char                *date,
                       RapportPrice              *out,
                       GError                   **error)
{
  const RapportPriceItem *item;
  gint64 base;

  g_return_val_if_fail (list != NULL && product != NULL && date != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!check_validity (list, date, error))
    return FALSE;

  item = choose_item (list, product, qty_milli);
  if (item == NULL)
    {
      if (!list_price (list, product, &base, error))
        return FALSE;
      out->unit_price_x100 = base * 100;
      return TRUE;
    }

  if (item->rule == RAPPORT_PRICE_RULE_FIXED)
    {
      if (item->currency != NULL && g_strcmp0 (item->currency, list->currency) != 0)
        {
          g_set_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_CURRENCY,
                       _("The rule “%s” has a price in %s, the price list “%s” is in %s"),
                       item->name, item->currency, list->name, list->currency);
          return FALSE;
        }
      out->unit_price_x100 = item->unit_price * 100;
    }
  else
    {
      if (!list_price (list, product, &base, error))
        return FALSE;
      out->unit_price_x100 = (gint64) rapport_divide_rounded_wide (
        (RapportWide) base * 100 * (PPM_ONE - item->discount_ppm), PPM_ONE);
    }
  out->item = item;
  return TRUE;
}

/**
 * rapport_price_describe:
 *
 * Returns: (transfer full): where @price came from, for the line that
 *   keeps it: "Distributors 2026 · Volume · 10 % off"
 */
char *
rapport_price_describe (const RapportPriceList *list,
                        const RapportPrice     *price)
{
  g_autofree char *percent = NULL;

  if (price->item == NULL)
    /* TRANSLATORS: a price list's name, then where its price came from */
    return g_strdup_printf (_("%s · list price"), list->name);
  if (price->item->rule == RAPPORT_PRICE_RULE_FIXED)
    /* TRANSLATORS: a price list's name, then its rule's name */
    return g_strdup_printf (_("%s · %s · fixed price"), list->name, price->item->name);
  percent = format_ppm (price->item->discount_ppm);
  /* TRANSLATORS: a price list's name, its rule's name, then "10 %" */
  return g_strdup_printf (_("%s · %s · %s off"), list->name, price->item->name, percent);
}

/* An item without a rule (kept before items had one, or made without) is
 * what its values say. */
static RapportPriceRule
rule_of (JsonObject *item)
{
  const char *rule = rapport_json_get_string (item, "rule");
  gint64 value;

  if (rule != NULL)
    return strcmp (rule, "percent_off") == 0 ? RAPPORT_PRICE_RULE_PERCENT_OFF
                                              : RAPPORT_PRICE_RULE_FIXED;
  return !rapport_json_lookup_int (item, "unit_price", &value) &&
         rapport_json_lookup_int (item, "discount_ppm", &value)
         ? RAPPORT_PRICE_RULE_PERCENT_OFF : RAPPORT_PRICE_RULE_FIXED;
}

/**
 * rapport_price_item_check:
 *
 * A price rule's own rules (the price_list_item type's check): a fixed
 * price needs its unit price, a percentage off its discount, and an item
 * targets a product or a category, not both. An item without a rule is
 * what its values say (rapport_price_resolve() leaves it out when it has
 * neither).
 */
gboolean
rapport_price_item_check (JsonObject *item,
                          GError    **error)
{
  gint64 value;

  if (rapport_json_get_string (item, "product_id") != NULL &&
      rapport_json_get_string (item, "category") != NULL)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "category",
                                    _("A rule applies to one product or to a category, not both"));
      return FALSE;
    }
  if (g_strcmp0 (rapport_json_get_string (item, "rule"), "fixed") == 0 &&
      !rapport_json_lookup_int (item, "unit_price", &value))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, "unit_price",
                                    _("A fixed price needs a unit price"));
      return FALSE;
    }
  if (g_strcmp0 (rapport_json_get_string (item, "rule"), "percent_off") == 0 &&
      !rapport_json_lookup_int (item, "discount_ppm", &value))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, "discount_ppm",
                                    _("A percentage off the list price needs a discount"));
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_price_resolve_json:
 * @list: a price_list record
 * @items: (element-type JsonObject): its price_list_item records, in order;
 *   those of other products and categories may be left out
 * @product: a product record
 *
 * rapport_price_resolve() on records.
 *
 * Returns: (transfer full): `unit_price_x100`, `price_source` (as
 *   rapport_price_describe()) and `price_list_item_id` (null for the list
 *   price), or %NULL with a #RAPPORT_PRICE_ERROR
 */
JsonObject *
rapport_price_resolve_json (JsonObject *list,
                            GPtrArray  *items,
                            JsonObject *product,
                            gint64      qty_milli,
                            const char *date,
                            GError    **error)
{
  g_autofree RapportPriceItem *parsed = g_new0 (RapportPriceItem, MAX (items->len, 1));
  RapportPriceList price_list = { 0 };
  RapportPriceProduct priced = { 0 };
  RapportPrice price;
  g_autofree char *source = NULL;
  JsonObject *result;

  price_list.name = rapport_json_get_string (list, "name");
  price_list.currency = rapport_json_get_string (list, "currency");
  price_list.valid_from = rapport_json_get_string (list, "valid_from");
  price_list.valid_to = rapport_json_get_string (list, "valid_to");
  price_list.items = parsed;
  price_list.n_items = items->len;
  priced.id = rapport_json_get_string (product, "id");
  priced.category = rapport_json_get_string (product, "category");
  priced.list_price_currency = rapport_json_get_string (product, "list_price_currency");
  priced.has_list_price = rapport_json_lookup_int (product, "list_price", &priced.list_price);
  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *item = g_ptr_array_index (items, i);
      RapportPriceItem *out = &parsed[i];

      out->id = rapport_json_get_string (item, "id");
      out->name = rapport_json_get_string (item, "name");
      out->product_id = rapport_json_get_string (item, "product_id");
      out->category = rapport_json_get_string (item, "category");
      out->rule = rule_of (item);
      out->min_qty_milli = rapport_json_get_int (item, "min_qty_milli", 0);
      out->has_unit_price = rapport_json_lookup_int (item, "unit_price", &out->unit_price);
      out->currency = rapport_json_get_string (item, "currency");
      out->has_discount_ppm = rapport_json_lookup_int (item, "discount_ppm", &out->discount_ppm);
    }

  if (!rapport_price_resolve (&price_list, &priced, qty_milli, date, &price, error))
    return NULL;

  source = rapport_price_describe (&price_list, &price);
  result = json_object_new ();
  json_object_set_int_member (result, "unit_price_x100", price.unit_price_x100);
  json_object_set_string_member (result, "price_source", source);
  if (price.item != NULL)
    json_object_set_string_member (result, "price_list_item_id", price.item->id);
  else
    json_object_set_null_member (result, "price_list_item_id");
  return result;
}
