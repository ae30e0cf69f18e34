/* test-documents.c: a quote's totals in the local store follow its lines
 *
 * The totals of a quote and the amounts of its lines are derived values:
 * every edit of the quote or of any line, made in the app or pulled,
 * recomputes them with the one arithmetic of rapport-document-totals.c.
 * The amounts below are worked out by hand, to the fen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-json.h"
#include "rapport-store-children.h"
#include "rapport-test-util.h"

typedef RapportTestStore Fixture;

static JsonObject *
save (RapportStore *store,
      const char   *entity,
      const char   *id,
      const char   *fields,
      const char   *children)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) values = rapport_test_parse_object (fields ? fields : "{}");
  g_autoptr(JsonNode) edits = json_from_string (children ? children : "[]", &error);
  JsonObject *saved;

  g_assert_no_error (error);
  saved = rapport_store_save_with_children (store, entity, id, values,
                                            json_node_get_array (edits), &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  return saved;
}

/* The stored quote's subtotal, tax and total. */
static void
assert_totals (RapportStore *store,
               const char   *entity,
               const char   *id,
               gint64        subtotal,
               gint64        tax_total,
               gint64        total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) stored = rapport_store_get (store, entity, id, &error);

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (stored, "subtotal"), ==, subtotal);
  g_assert_cmpint (json_object_get_int_member (stored, "tax_total"), ==, tax_total);
  g_assert_cmpint (json_object_get_int_member (stored, "total"), ==, total);
}

/* The lines of @quote_id in order. */
static GPtrArray *
lines_of (RapportStore *store,
          const char   *child,
          const char   *quote_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *lines = rapport_store_list_children (store, child, quote_id, &error);

  g_assert_no_error (error);
  return lines;
}

static const char *
line_id (GPtrArray *lines,
         guint      i)
{
  return json_object_get_string_member (g_ptr_array_index (lines, i), "id");
}

/* 1.5 × 123.4567 at 13 %: gross 185.18505 rounds to 185.19, tax 24.0747 to
 * 24.07. 2 × 5.00 less 10 % at 13 %: 9.00 and 1.17. 1 × 100.00 at 6 %. */
#define THREE_LINES                                                                               \
  "[{\"op\": \"create\", \"entity\": \"quote_line\", \"fields\": {\"description\": \"Chairs\","   \
  "   \"qty_milli\": 1500, \"unit_price_x100\": 1234567, \"tax_rate_ppm\": 130000}},"             \
  " {\"op\": \"create\", \"entity\": \"quote_line\", \"fields\": {\"description\": \"Cushions\"," \
  "   \"qty_milli\": 2000, \"unit_price_x100\": 50000, \"discount_ppm\": 100000,"                 \
  "   \"tax_rate_ppm\": 130000}},"                                                                \
  " {\"op\": \"create\", \"entity\": \"quote_line\", \"fields\": {\"description\": \"Assembly\"," \
  "   \"qty_milli\": 1000, \"unit_price_x100\": 1000000, \"tax_rate_ppm\": 60000}}]"

static void
test_totals_follow_lines (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr(JsonObject) quote = save (fixture->store, "quote", NULL,
                                       "{\"title\": \"办公椅\", \"currency\": \"CNY\"}",
                                       THREE_LINES);
  const char *id = json_object_get_string_member (quote, "id");
  g_autoptr(GPtrArray) lines = lines_of (fixture->store, "quote_line", id);
  g_autoptr(JsonObject) changed = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *give_away = NULL;
  JsonObject      *second;

  /* What the save hands back has the totals of what it saved. */
  g_assert_cmpint (json_object_get_int_member (quote, "subtotal"), ==, 18519 + 900 + 10000);
  g_assert_cmpint (json_object_get_int_member (quote, "total"), ==, 32543);
  assert_totals (fixture->store, "quote", id, 29419, 2407 + 117 + 600, 32543);
  g_assert_cmpuint (lines->len, ==, 3);
  second = g_ptr_array_index (lines, 1);
  g_assert_cmpint (json_object_get_int_member (second, "gross"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (second, "net"), ==, 900);
  g_assert_cmpint (json_object_get_int_member (second, "tax"), ==, 117);
  g_assert_cmpint (json_object_get_int_member (second, "total"), ==, 1017);
  g_assert_cmpstr (json_object_get_string_member (second, "currency"), ==, "CNY");

  /* Three cushions: 13.50 at 13 % is 1.755, rounded half away to 1.76. */
  changed = rapport_test_parse_object ("{\"qty_milli\": 3000}");
  json_object_unref (rapport_store_update (fixture->store, "quote_line", line_id (lines, 1),
                                           changed, NULL));
  assert_totals (fixture->store, "quote", id, 18519 + 1350 + 10000, 2407 + 176 + 600, 33052);

  /* Without the assembly. */
  g_assert_true (rapport_store_delete (fixture->store, "quote_line", line_id (lines, 2), NULL));
  assert_totals (fixture->store, "quote", id, 19869, 2583, 22452);

  /* A chair given away costs exactly nothing, tax included. */
  give_away = g_strdup_printf ("[{\"op\": \"update\", \"entity\": \"quote_line\", \"id\": \"%s\","
                               "  \"fields\": {\"discount_ppm\": 1000000}}]",
                               line_id (lines, 0));
  json_object_unref (save (fixture->store, "quote", id, NULL, give_away));
  assert_totals (fixture->store, "quote", id, 1350, 176, 1526);
  after = lines_of (fixture->store, "quote_line", id);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (after, 0), "net"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (after, 0), "total"), ==, 0);
}

/* An edit of the quote alone recomputes its totals; its lines keep their
 * own amounts, but follow its tax mode. */
static void
test_header_edit_recomputes (Fixture      *fixture,
                             gconstpointer data)
{
  g_autoptr(JsonObject) quote = save (fixture->store, "quote", NULL,
                                       "{\"title\": \"Coupon\", \"currency\": \"CNY\"}",
                                       THREE_LINES);
  const char *id = json_object_get_string_member (quote, "id");
  g_autoptr(JsonObject) coupon = rapport_test_parse_object ("{\"tax_mode\": \"per_document\","
                                                             " \"discount_ppm\": 1000000}");
  g_autoptr(JsonObject) included = rapport_test_parse_object ("{\"tax_mode\": \"tax_included\","
                                                               " \"discount_ppm\": null}");
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) after = NULL;

  /* A 100 % coupon under per-document rounding leaves exactly 0
   * (odoo/odoo#271032 left 0.01). */
  updated = rapport_store_update (fixture->store, "quote", id, coupon, NULL);
  g_assert_nonnull (updated);
  g_assert_cmpint (json_object_get_int_member (updated, "total"), ==, 0);
  assert_totals (fixture->store, "quote", id, 0, 0, 0);
  lines = lines_of (fixture->store, "quote_line", id);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (lines, 0), "net"), ==, 18519);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (lines, 1), "net"), ==, 900);

  /* Prices that include tax: ¥9.00 of cushions at 13 % is ¥7.96 and
   * ¥1.04 of tax. */
  json_object_unref (rapport_store_update (fixture->store, "quote", id, included, NULL));
  after = lines_of (fixture->store, "quote_line", id);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (after, 1), "net"), ==, 796);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (after, 1), "tax"), ==, 104);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (after, 1), "total"), ==, 900);
}

/* A sales order in yen (exponent 0): 1.5 × ¥1,234.57 is ¥1,851.855,
 * ¥1,852, and 10 % of that ¥185.2, ¥185. */
static void
test_order_in_yen (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr(JsonObject) order = save (fixture->store, "sales_order", NULL,
                                       "{\"title\": \"Tokyo\", \"currency\": \"JPY\"}",
                                       "[{\"op\": \"create\", \"entity\": \"sales_order_line\","
                                       "  \"fields\": {\"qty_milli\": 1500,"
                                       "   \"unit_price_x100\": 123457, \"tax_rate_ppm\": 100000}}]");

  assert_totals (fixture->store, "sales_order", json_object_get_string_member (order, "id"),
                 1852, 185, 2037);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, rapport_test_store_set_up, func, rapport_test_store_tear_down)
  ADD ("/rapport/documents/totals-follow-lines", test_totals_follow_lines);
  ADD ("/rapport/documents/header-edit-recomputes", test_header_edit_recomputes);
  ADD ("/rapport/documents/order-in-yen", test_order_in_yen);
#undef ADD

  return g_test_run ();
}
