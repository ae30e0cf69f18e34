/* test-prices.c: lines priced from the local store's price lists
 *
 * A line asks the store for its price (rapport_store_resolve_price_async)
 * and keeps it: editing the price list afterwards changes no saved line.
 * A product sold on a line is kept: the store refuses its delete, saying
 * on how many lines it is used, and lets it be archived.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-json.h"
#include "rapport-price-resolve.h"
#include "rapport-store-prices.h"
#include "rapport-test-util.h"

typedef RapportTestStore Fixture;

typedef struct
{
  char *product;
  char *list;
  char *category_item;
  char *volume_item;
  char *quote;
} Book;

static void
book_clear (Book *book)
{
  g_free (book->product);
  g_free (book->list);
  g_free (book->category_item);
  g_free (book->volume_item);
  g_free (book->quote);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Book, book_clear)

/* A product of the category "Parts" listed at ¥120.00; a price list for
 * 2026 with 10 % off parts and ¥95.00 for this product from 10 pieces; a
 * quote on that list. */
static void
make_book (RapportStore *store,
           Book         *book)
{
  book->product = rapport_test_create (store, "product",
                                       "{\"sku\": \"P-1\", \"name\": \"Bearing\", \"category\": \"Parts\","
                                       " \"list_price\": 12000, \"list_price_currency\": \"CNY\"}");
  book->list = rapport_test_create (store, "price_list",
                                    "{\"name\": \"Distributors 2026\", \"currency\": \"CNY\","
                                    " \"valid_from\": \"2026-01-01\", \"valid_to\": \"2026-12-31\"}");
  book->category_item = rapport_test_create (store, "price_list_item",
                                             "{\"price_list_id\": \"%s\", \"name\": \"Parts\","
                                             " \"category\": \"parts\", \"rule\": \"percent_off\","
                                             " \"discount_ppm\": 100000}",
                                             book->list);
  book->volume_item = rapport_test_create (store, "price_list_item",
                                           "{\"price_list_id\": \"%s\", \"name\": \"Volume\","
                                           " \"product_id\": \"%s\", \"rule\": \"fixed\","
                                           " \"unit_price\": 9500, \"currency\": \"CNY\","
                                           " \"min_qty_milli\": 10000}",
                                           book->list, book->product);
  book->quote = rapport_test_create (store, "quote",
                                     "{\"title\": \"Bearings\", \"currency\": \"CNY\","
                                     " \"price_list_id\": \"%s\"}",
                                     book->list);
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *out = user_data;
  GError *error = NULL;
  JsonObject *price = rapport_store_resolve_price_finish (RAPPORT_STORE (source), result, &error);

  if (price != NULL)
    g_task_return_pointer (out, price, (GDestroyNotify) json_object_unref);
  else
    g_task_return_error (out, error);
  g_object_unref (out);
}

/* rapport_store_resolve_price_async(), waited for on this thread's main
 * context, as the app would get it. */
static JsonObject *
resolve (RapportStore *store,
         const char   *list,
         const char   *product,
         gint64        qty_milli,
         const char   *date,
         GError      **error)
{
  g_autoptr(GTask) out = g_task_new (NULL, NULL, NULL, NULL);

  rapport_store_resolve_price_async (store, list, product, qty_milli, date, NULL, resolved_cb,
                                     g_object_ref (out));
  for (guint i = 0; i < 10000 && !g_task_get_completed (out); i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_task_get_completed (out));
  return g_task_propagate_pointer (out, error);
}

static JsonObject *
get (RapportStore *store,
     const char   *entity,
     const char   *id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *record = rapport_store_get (store, entity, id, &error);

  g_assert_no_error (error);
  return record;
}

static void
update (RapportStore *store,
        const char   *entity,
        const char   *id,
        const char   *json)
{
  g_autoptr(JsonObject) changes = rapport_test_parse_object (json);
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(GError) error = NULL;

  saved = rapport_store_update (store, entity, id, changes, &error);
  g_assert_no_error (error);
}

/* The app's step: the price asked for saved on the line. */
static void
save_price (RapportStore *store,
            const char   *line,
            JsonObject   *price)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(GError) error = NULL;

  json_object_set_int_member (changes, "unit_price_x100",
                              json_object_get_int_member (price, "unit_price_x100"));
  json_object_set_string_member (changes, "price_source",
                                 json_object_get_string_member (price, "price_source"));
  saved = rapport_store_update (store, "quote_line", line, changes, &error);
  g_assert_no_error (error);
}

static void
test_line_keeps_its_price (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(Book) book = { 0 };
  g_autoptr(JsonObject) price = NULL;
  g_autoptr(JsonObject) line = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line_id = NULL;

  make_book (fixture->store, &book);

  /* A new line of 2 pieces: the category's 10 % off ¥120.00. */
  price = resolve (fixture->store, book.list, book.product, 2000, "2026-06-01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (price, "unit_price_x100"), ==, 1080000);
  g_assert_cmpstr (json_object_get_string_member (price, "price_source"), ==,
                   "Distributors 2026 · Parts · 10 % off");
  g_assert_cmpstr (json_object_get_string_member (price, "price_list_item_id"), ==,
                   book.category_item);
  line_id = rapport_test_create (fixture->store, "quote_line",
                                 "{\"quote_id\": \"%s\", \"product_id\": \"%s\", \"qty_milli\": 2000,"
                                 " \"unit_price_x100\": 0}",
                                 book.quote, book.product);
  save_price (fixture->store, line_id, price);
  g_clear_pointer (&price, json_object_unref);

  /* Its quantity goes to 12: the product's own volume price. */
  update (fixture->store, "quote_line", line_id, "{\"qty_milli\": 12000}");
  price = resolve (fixture->store, book.list, book.product, 12000, "2026-06-01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (price, "unit_price_x100"), ==, 950000);
  save_price (fixture->store, line_id, price);

  line = get (fixture->store, "quote_line", line_id);
  g_assert_cmpint (json_object_get_int_member (line, "unit_price_x100"), ==, 950000);
  g_assert_cmpint (json_object_get_int_member (line, "gross"), ==, 114000);
  g_assert_cmpstr (json_object_get_string_member (line, "price_source"), ==,
                   "Distributors 2026 · Volume · fixed price");
  g_clear_pointer (&line, json_object_unref);
  g_clear_pointer (&price, json_object_unref);

  /* The list changes: the saved line does not. */
  update (fixture->store, "price_list_item", book.volume_item,
          "{\"unit_price\": 9000, \"name\": \"Volume 2026b\"}");
  update (fixture->store, "product", book.product, "{\"list_price\": 15000}");
  line = get (fixture->store, "quote_line", line_id);
  g_assert_cmpint (json_object_get_int_member (line, "unit_price_x100"), ==, 950000);
  g_assert_cmpint (json_object_get_int_member (line, "gross"), ==, 114000);
  g_assert_cmpstr (json_object_get_string_member (line, "price_source"), ==,
                   "Distributors 2026 · Volume · fixed price");

  /* Asking again is what gives the new price. */
  price = resolve (fixture->store, book.list, book.product, 12000, "2026-06-01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (price, "unit_price_x100"), ==, 900000);
}

/* SPEC.md §1.3: the list expires between the draft and the send; asked on
 * the send day, the store says so and gives no price. */
static void
test_expired_on_send_day (Fixture       *fixture,
                          gconstpointer  data)
{
  g_auto(Book) book = { 0 };
  g_autoptr(JsonObject) price = NULL;
  g_autoptr(GError) error = NULL;

  make_book (fixture->store, &book);
  price = resolve (fixture->store, book.list, book.product, 1000, "2026-12-31", &error);
  g_assert_no_error (error);
  g_clear_pointer (&price, json_object_unref);

  price = resolve (fixture->store, book.list, book.product, 1000, "2027-01-04", &error);
  g_assert_null (price);
  g_assert_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_EXPIRED);
  g_assert_nonnull (strstr (error->message, "Distributors 2026"));
}

/* Another product's items are not read, and a list or a product that is
 * not there is said so. */
static void
test_other_products_and_missing (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_auto(Book) book = { 0 };
  g_autoptr(JsonObject) price = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other = NULL;

  make_book (fixture->store, &book);
  other = rapport_test_create (fixture->store, "product",
                               "{\"sku\": \"P-2\", \"name\": \"Gear\", \"list_price\": 100,"
                               " \"list_price_currency\": \"USD\"}");
  /* No item applies to it and its list price is in dollars. */
  price = resolve (fixture->store, book.list, other, 50000, "2026-06-01", &error);
  g_assert_null (price);
  g_assert_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_CURRENCY);
  g_clear_error (&error);

  price = resolve (fixture->store, "0190a0b2-0000-7000-8000-00000000dead", book.product, 1000,
                   NULL, &error);
  g_assert_null (price);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
}

/* A document naming no list is priced from the default list of its
 * currency valid on the day: of two, the higher priority; none valid, or
 * none in that currency, is said so. */
static void
test_default_list (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Book) book = { 0 };
  g_autoptr(JsonObject) price = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *retail = NULL;

  make_book (fixture->store, &book);
  update (fixture->store, "price_list", book.list, "{\"is_default\": true, \"priority\": 5}");
  retail = rapport_test_create (fixture->store, "price_list",
                                "{\"name\": \"Retail\", \"currency\": \"CNY\","
                                " \"is_default\": true, \"priority\": 1}");

  price = rapport_store_resolve_line_price (fixture->store, NULL, "CNY", book.product, 1000,
                                            "2026-06-01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (price, "unit_price_x100"), ==, 1080000);
  g_assert_cmpstr (json_object_get_string_member (price, "price_list_id"), ==, book.list);
  g_clear_pointer (&price, json_object_unref);

  /* After 2026 only the retail list, which has no rule: the list price. */
  price = rapport_store_resolve_line_price (fixture->store, NULL, "CNY", book.product, 1000,
                                            "2027-02-01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (price, "unit_price_x100"), ==, 1200000);
  g_assert_cmpstr (json_object_get_string_member (price, "price_list_id"), ==, retail);
  g_assert_cmpstr (json_object_get_string_member (price, "price_source"), ==, "Retail · list price");
  g_clear_pointer (&price, json_object_unref);

  price = rapport_store_resolve_line_price (fixture->store, NULL, "EUR", book.product, 1000,
                                            "2026-06-01", &error);
  g_assert_null (price);
  g_assert_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_NO_LIST);
}

static gboolean
delete (RapportStore *store,
        const char   *entity,
        const char   *id,
        GError      **error)
{
  return rapport_store_delete (store, entity, id, error);
}

/* SPEC.md §1.3: deleting a product used on a line is blocked; archiving
 * it is not, and changes no line. */
static void
test_product_on_a_line_is_kept (Fixture       *fixture,
                                gconstpointer  data)
{
  g_auto(Book) book = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) product = NULL;
  g_autoptr(JsonObject) line = NULL;
  g_autofree char *order = NULL;
  g_autofree char *line_a = NULL;
  g_autofree char *line_b = NULL;
  g_autofree char *order_line = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GPtrArray) outbox_after = NULL;

  make_book (fixture->store, &book);
  line_a = rapport_test_create (fixture->store, "quote_line",
                                "{\"quote_id\": \"%s\", \"product_id\": \"%s\", \"qty_milli\": 1000,"
                                " \"unit_price_x100\": 1200000}",
                                book.quote, book.product);
  line_b = rapport_test_create (fixture->store, "quote_line",
                                "{\"quote_id\": \"%s\", \"product_id\": \"%s\", \"qty_milli\": 3000,"
                                " \"unit_price_x100\": 1200000}",
                                book.quote, book.product);
  order = rapport_test_create (fixture->store, "sales_order",
                               "{\"title\": \"Bearings\", \"currency\": \"CNY\"}");
  order_line = rapport_test_create (fixture->store, "sales_order_line",
                                    "{\"sales_order_id\": \"%s\", \"product_id\": \"%s\","
                                    " \"qty_milli\": 1000, \"unit_price_x100\": 1200000}",
                                    order, book.product);
  outbox = rapport_store_list_outbox (fixture->store, NULL);

  g_assert_false (delete (fixture->store, "product", book.product, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "Used on 2 quote lines and 1 order line"));
  g_clear_error (&error);
  /* Nothing changed: the product is there and nothing waits to be sent. */
  product = get (fixture->store, "product", book.product);
  outbox_after = rapport_store_list_outbox (fixture->store, NULL);
  g_assert_cmpuint (outbox_after->len, ==, outbox->len);
  g_clear_pointer (&product, json_object_unref);

  /* Archived, the lines stay as they were. */
  update (fixture->store, "product", book.product, "{\"active\": false}");
  line = get (fixture->store, "quote_line", line_a);
  g_assert_cmpstr (json_object_get_string_member (line, "product_id"), ==, book.product);
  g_assert_cmpint (json_object_get_int_member (line, "unit_price_x100"), ==, 1200000);

  /* One line left: said in the singular. */
  g_assert_true (delete (fixture->store, "quote_line", line_b, &error));
  g_assert_true (delete (fixture->store, "sales_order", order, &error));
  g_assert_no_error (error);
  g_assert_false (delete (fixture->store, "product", book.product, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "Used on 1 quote line:"));
  g_clear_error (&error);

  /* Its quote gone with its lines, nothing keeps it. */
  g_assert_true (delete (fixture->store, "quote", book.quote, &error));
  g_assert_no_error (error);
  g_assert_true (delete (fixture->store, "product", book.product, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, rapport_test_store_set_up, func, rapport_test_store_tear_down)
  ADD ("/rapport/prices/line-keeps-its-price", test_line_keeps_its_price);
  ADD ("/rapport/prices/expired-on-send-day", test_expired_on_send_day);
  ADD ("/rapport/prices/other-products-and-missing", test_other_products_and_missing);
  ADD ("/rapport/prices/default-list", test_default_list);
  ADD ("/rapport/prices/product-on-a-line-is-kept", test_product_on_a_line_is_kept);
#undef ADD

  return g_test_run ();
}
