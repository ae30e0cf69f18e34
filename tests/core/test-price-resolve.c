/* test-price-resolve.c: which item of a price list prices a line, and at what
 *
 * A table of products, quantities and days against one price list, each
 * row saying the price and the item that must give it, or why none does;
 * then the edge cases of SPEC.md §1.3 (a list that expires between the
 * draft and the send; the fall-back to the list price only in the list's
 * currency), the exact rounding of a percentage off, and the rules a
 * price list's item must keep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-entity.h"
#include "rapport-json.h"
#include "rapport-price-resolve.h"
#include "rapport-test-util.h"
#include "rapport-validate.h"

#define FIXED RAPPORT_PRICE_RULE_FIXED
#define PERCENT RAPPORT_PRICE_RULE_PERCENT_OFF

/* id, name, product, category, rule, min qty, has price, price, currency,
 * has discount, discount */
static const RapportPriceItem distributor_items[] = {
  { "i0", "Everything", NULL, NULL, PERCENT, 0, FALSE, 0, NULL, TRUE, 50000 },
  { "i1", "Gadgets", NULL, "Gadgets", FIXED, 0, TRUE, 9000, "CNY", FALSE, 0 },
  { "i2", "Gadgets 10+", NULL, "gadgets", FIXED, 10000, TRUE, 8000, "CNY", FALSE, 0 },
  { "i3", "Widget", "W", NULL, FIXED, 0, TRUE, 9500, "CNY", FALSE, 0 },
  { "i4", "Widget 100+", "W", NULL, PERCENT, 100000, FALSE, 0, NULL, TRUE, 200000 },
  /* Same target and minimum as the one above, later: never chosen. */
  { "i5", "Widget 100+ too", "W", NULL, FIXED, 100000, TRUE, 1, "CNY", FALSE, 0 },
  { "i6", "Another product", "X", NULL, FIXED, 0, TRUE, 1, "CNY", FALSE, 0 },
  /* A category nobody has, and a large minimum for everything. */
  { "i7", "Tools", NULL, "Tools", FIXED, 0, TRUE, 1, "CNY", FALSE, 0 },
  { "i8", "Everything 1000+", NULL, NULL, FIXED, 1000000, TRUE, 7000, "CNY", FALSE, 0 },
};

static const RapportPriceList distributors = {
  "Distributors 2026", "CNY", "2026-01-01", "2026-12-31",
  distributor_items, G_N_ELEMENTS (distributor_items),
};

/* id, category, has list price, list price, its currency */
static const RapportPriceProduct widget = { "W", "Gadgets", TRUE, 10000, "CNY" };
static const RapportPriceProduct gadget = { "G", "GADGETS", TRUE, 10000, "CNY" };
static const RapportPriceProduct plain = { "P", NULL, TRUE, 12345, "CNY" };
static const RapportPriceProduct dollars = { "D", NULL, TRUE, 500, "USD" };
static const RapportPriceProduct unpriced = { "U", NULL, FALSE, 0, NULL };

#define OK -1

typedef struct
{
  const char                *what;
  const RapportPriceProduct *product;
  gint64                     qty_milli;
  const char                *date;
  int                        error;    /* OK, or a RapportPriceError */
  gint64                     unit_price_x100;
  const char                *item;     /* (nullable): its id; NULL for the list price */
} Row;

static const Row rows[] = {
  { "a product's own item beats its category's and everything's", &widget, 1000, "2026-06-01", OK,
    950000, "i3" },
  { "the highest minimum quantity reached wins", &widget, 100000, "2026-06-01", OK, 800000, "i4" },
  { "one short of a minimum does not reach it", &widget, 99999, "2026-06-01", OK, 950000, "i3" },
  { "above every minimum, the product still beats everything", &widget, 5000000, "2026-06-01", OK,
    800000, "i4" },
  { "a category is matched case aside, its minimum reached exactly", &gadget, 10000, "2026-06-01",
    OK, 800000, "i2" },
  { "a category's item below its minimum leaves the other", &gadget, 9999, "2026-06-01", OK, 900000,
    "i1" },
  { "no product or category item: everything, 5 % off the list price", &plain, 1000, "2026-06-01",
    OK, 1172775, "i0" },
  { "everything's items by minimum quantity too", &plain, 1000000, "2026-06-01", OK, 700000, "i8" },
  { "quantity zero reaches only minimums of zero", &plain, 0, "2026-06-01", OK, 1172775, "i0" },
  { "the first day of the list is in it", &widget, 1000, "2026-01-01", OK, 950000, "i3" },
  { "the last day of the list is in it", &widget, 1000, "2026-12-31", OK, 950000, "i3" },
  { "the day after the last is not", &widget, 1000, "2027-01-01", RAPPORT_PRICE_ERROR_EXPIRED, 0,
    NULL },
  { "the day before the first is not", &widget, 1000, "2025-12-31",
    RAPPORT_PRICE_ERROR_NOT_YET_VALID, 0, NULL },
  { "a percentage off a list price in another currency is no price", &dollars, 1000, "2026-06-01",
    RAPPORT_PRICE_ERROR_CURRENCY, 0, NULL },
  { "a percentage off no list price is no price", &unpriced, 1000, "2026-06-01",
    RAPPORT_PRICE_ERROR_NO_PRICE, 0, NULL },
};

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const Row *row = &rows[i];
      g_autoptr(GError) error = NULL;
      RapportPrice price;
      gboolean ok;

      g_test_message ("%s", row->what);
      ok = rapport_price_resolve (&distributors, row->product, row->qty_milli, row->date, &price,
                                  &error);
      if (row->error != OK)
        {
          g_assert_false (ok);
          g_assert_error (error, RAPPORT_PRICE_ERROR, row->error);
          continue;
        }
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpint (price.unit_price_x100, ==, row->unit_price_x100);
      if (row->item == NULL)
        g_assert_null (price.item);
      else
        g_assert_cmpstr (price.item->id, ==, row->item);
    }
}

/* SPEC.md §1.3: a quote drafted while the list was valid and sent after it
 * ended. Resolving on the send day says so, naming the list and its day. */
static void
test_expired_between_draft_and_send (void)
{
  static const RapportPriceItem items[] = {
    { "a", "Launch", NULL, NULL, FIXED, 0, TRUE, 4200, "EUR", FALSE, 0 },
  };
  RapportPriceList list = { "Launch offer", "EUR", NULL, "2026-03-31", items, 1 };
  RapportPriceProduct product = { "p", NULL, TRUE, 5000, "EUR" };
  g_autoptr(GError) error = NULL;
  RapportPrice price;

  g_assert_true (rapport_price_resolve (&list, &product, 1000, "2026-03-20", &price, &error));
  g_assert_no_error (error);
  g_assert_cmpint (price.unit_price_x100, ==, 420000);

  g_assert_false (rapport_price_resolve (&list, &product, 1000, "2026-04-02", &price, &error));
  g_assert_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_EXPIRED);
  g_assert_nonnull (strstr (error->message, "Launch offer"));
  g_assert_nonnull (strstr (error->message, "2026"));
  g_assert_null (price.item);
}

/* A product no item applies to takes its list price, only when it is in
 * the list's currency; else the list says why it has no price. */
static void
test_list_price_fallback (void)
{
  RapportPriceList empty = { "Retail", "CNY", NULL, NULL, NULL, 0 };
  RapportPriceProduct euros = { "e", NULL, TRUE, 700, "EUR" };
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  RapportPrice price;

  g_assert_true (rapport_price_resolve (&empty, &plain, 1000, "2030-01-01", &price, &error));
  g_assert_no_error (error);
  g_assert_cmpint (price.unit_price_x100, ==, 1234500);
  g_assert_null (price.item);
  source = rapport_price_describe (&empty, &price);
  g_assert_cmpstr (source, ==, "Retail · list price");

  g_assert_false (rapport_price_resolve (&empty, &euros, 1000, "2030-01-01", &price, &error));
  g_assert_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_CURRENCY);
  g_assert_nonnull (strstr (error->message, "EUR"));
  g_assert_nonnull (strstr (error->message, "CNY"));
  g_clear_error (&error);

  g_assert_false (rapport_price_resolve (&empty, &unpriced, 1000, "2030-01-01", &price, &error));
  g_assert_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_NO_PRICE);
}

/* A fixed price in another currency than its list's is no price either. */
static void
test_fixed_in_other_currency (void)
{
  static const RapportPriceItem items[] = {
    { "a", "Dollars", NULL, NULL, FIXED, 0, TRUE, 100, "USD", FALSE, 0 },
  };
  RapportPriceList list = { "Retail", "CNY", NULL, NULL, items, 1 };
  g_autoptr(GError) error = NULL;
  RapportPrice price;

  g_assert_false (rapport_price_resolve (&list, &plain, 1000, "2026-01-01", &price, &error));
  g_assert_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_CURRENCY);
}

/* A percentage off is exact to a hundredth of a minor unit, rounded half
 * away from zero; 100 % off is exactly nothing. */
static void
test_percent_rounding (void)
{
  static const struct
  {
    gint64 list_price;
    gint64 discount_ppm;
    gint64 unit_price_x100;
  } cases[] = {
    { 1, 333333, 67 },         /* 66.6667 */
    { 1, 995000, 1 },          /* 0.5 exactly: away from zero */
    { 1, 995001, 0 },          /* 0.4999 */
    { 10000, 1000000, 0 },     /* 100 % off */
    { 10000, 0, 1000000 },
    { 1000000000000000, 1, 99999900000000000 }, /* the largest price, no overflow */
    { 999, 125000, 87413 },    /* 874.125 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RapportPriceItem item = { "a", "Off", NULL, NULL, PERCENT, 0, FALSE, 0, NULL, TRUE,
                                cases[i].discount_ppm };
      RapportPriceList list = { "List", "KWD", NULL, NULL, &item, 1 };
      RapportPriceProduct product = { "p", NULL, TRUE, cases[i].list_price, "KWD" };
      g_autoptr(GError) error = NULL;
      RapportPrice price;

      g_assert_true (rapport_price_resolve (&list, &product, 1000, "2026-01-01", &price, &error));
      g_assert_no_error (error);
      g_assert_cmpint (price.unit_price_x100, ==, cases[i].unit_price_x100);
    }
}

/* What a line keeps of where its price came from. */
static void
test_describe (void)
{
  RapportPrice price = { 0 };
  g_autofree char *fixed = NULL;
  g_autofree char *percent = NULL;
  g_autofree char *fraction = NULL;
  RapportPriceItem half = distributor_items[0];

  price.item = &distributor_items[3];
  fixed = rapport_price_describe (&distributors, &price);
  g_assert_cmpstr (fixed, ==, "Distributors 2026 · Widget · fixed price");
  price.item = &distributor_items[0];
  percent = rapport_price_describe (&distributors, &price);
  g_assert_cmpstr (percent, ==, "Distributors 2026 · Everything · 5 % off");
  half.discount_ppm = 125500;
  price.item = &half;
  fraction = rapport_price_describe (&distributors, &price);
  g_assert_cmpstr (fraction, ==, "Distributors 2026 · Everything · 12.55 % off");
}

/* The JSON face: records in, what a line takes out. */
static void
test_json (void)
{
  g_autoptr(JsonObject) list = rapport_test_parse_object (
    "{\"name\": \"Distributors\", \"currency\": \"USD\", \"valid_to\": \"2026-12-31\"}");
  g_autoptr(JsonObject) product = rapport_test_parse_object (
    "{\"id\": \"p1\", \"category\": \"Parts\", \"list_price\": 2000, \"list_price_currency\": \"USD\"}");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) price = NULL;
  g_autoptr(GError) error = NULL;

  /* An item without a rule: only a discount, so a percentage; one with
   * no price at all prices nothing. */
  g_ptr_array_add (items, rapport_test_parse_object (
    "{\"id\": \"z\", \"name\": \"Nothing\", \"category\": \"Parts\", \"min_qty_milli\": 1000}"));
  g_ptr_array_add (items, rapport_test_parse_object (
    "{\"id\": \"a\", \"name\": \"Parts\", \"category\": \"parts\", \"discount_ppm\": 100000}"));
  g_ptr_array_add (items, rapport_test_parse_object (
    "{\"id\": \"b\", \"name\": \"Big\", \"category\": \"Parts\", \"rule\": \"fixed\","
    " \"unit_price\": 1500, \"currency\": \"USD\", \"min_qty_milli\": 50000}"));

  price = rapport_price_resolve_json (list, items, product, 2500, "2026-05-05", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_json_get_int (price, "unit_price_x100", 0), ==, 180000);
  g_assert_cmpstr (rapport_json_get_string (price, "price_source"), ==,
                   "Distributors · Parts · 10 % off");
  g_assert_cmpstr (rapport_json_get_string (price, "price_list_item_id"), ==, "a");
  g_clear_pointer (&price, json_object_unref);

  price = rapport_price_resolve_json (list, items, product, 50000, "2026-05-05", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_json_get_int (price, "unit_price_x100", 0), ==, 150000);
  g_assert_cmpstr (rapport_json_get_string (price, "price_list_item_id"), ==, "b");
  g_clear_pointer (&price, json_object_unref);

  price = rapport_price_resolve_json (list, items, product, 50000, "2027-01-01", &error);
  g_assert_null (price);
  g_assert_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_EXPIRED);
}

/* A price rule must say its price, and target one thing: refused by the
 * validation shared by client and server, naming the field. */
static void
test_item_rules (void)
{
  static const struct
  {
    const char *json;
    const char *field;   /* (nullable): valid */
  } cases[] = {
    { "{\"rule\": \"fixed\", \"unit_price\": 100, \"currency\": \"CNY\"}", NULL },
    { "{\"rule\": \"fixed\", \"discount_ppm\": 100}", "unit_price" },
    { "{\"rule\": \"percent_off\", \"discount_ppm\": 100}", NULL },
    { "{\"rule\": \"percent_off\", \"unit_price\": 100, \"currency\": \"CNY\"}", "discount_ppm" },
    { "{\"rule\": \"percent_off\", \"discount_ppm\": 0}", NULL },
    { "{\"discount_ppm\": 100}", NULL },
    { "{}", NULL },
    { "{\"rule\": \"fixed\", \"unit_price\": 1, \"currency\": \"CNY\","
      " \"product_id\": \"0190a0b2-0000-7000-8000-000000000001\", \"category\": \"Parts\"}",
      "category" },
  };
  const RapportEntity *entity = rapport_entity_lookup ("price_list_item");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) item = rapport_test_parse_object (cases[i].json);
      g_autoptr(GError) error = NULL;

      json_object_set_string_member (item, "name", "Rule");
      json_object_set_string_member (item, "price_list_id", "0190a0b2-0000-7000-8000-000000000002");
      g_test_message ("%s", cases[i].json);
      if (cases[i].field == NULL)
        {
          g_assert_true (rapport_validate_record (entity, item, &error));
          g_assert_no_error (error);
        }
      else
        {
          g_assert_false (rapport_validate_record (entity, item, &error));
          g_assert_error (error, RAPPORT_VALIDATION_ERROR, error->code);
          g_assert_cmpstr (rapport_validation_error_get_field (error), ==, cases[i].field);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/price/table", test_table);
  g_test_add_func ("/rapport/price/expired-between-draft-and-send",
                   test_expired_between_draft_and_send);
  g_test_add_func ("/rapport/price/list-price-fallback", test_list_price_fallback);
  g_test_add_func ("/rapport/price/fixed-in-other-currency", test_fixed_in_other_currency);
  g_test_add_func ("/rapport/price/percent-rounding", test_percent_rounding);
  g_test_add_func ("/rapport/price/describe", test_describe);
  g_test_add_func ("/rapport/price/json", test_json);
  g_test_add_func ("/rapport/price/item-rules", test_item_rules);

  return g_test_run ();
}
