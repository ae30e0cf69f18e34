/* rapport-store-prices.c: a line's price from the local store's price lists
 *
 * When a line gets a product or another quantity, the app asks for its
 * price here: the store reads the document's price list, the list's items
 * that may apply to the product (its own and those of no product) and the
 * product, all in one read transaction on a read-only connection, and
 * rapport_price_resolve() does the rest. The app then saves the line with
 * `unit_price_x100` and `price_source` like any edit: the line keeps them,
 * whatever later happens to the list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-price-resolve.h"
#include "rapport-store-async.h"
#include "rapport-store-prices.h"
#include "rapport-store-private.h"

/* The list's items for @product_id, and those for no product (by
 * category or for all), in the list's order. */
static GPtrArray *
read_items (RapportStoreConnection *reader,
            const char             *price_list_id,
            const char             *product_id,
            GError                **error)
{
  const RapportEntity *entity = rapport_entity_lookup ("price_list_item");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sqlite3_stmt *stmt = rapport_store_connection_prepare_static (
    reader,
    "SELECT id FROM price_list_items WHERE price_list_id = ?1"
    " AND (product_id IS NULL OR product_id = '' OR product_id = ?2) ORDER BY position, id",
    error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, price_list_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, product_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, rapport_store_connection_get_db (reader));
      return NULL;
    }
  ids = g_strv_builder_end (builder);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      JsonObject *item = rapport_store_connection_read_by_id (reader, entity, ids[i], NULL, error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }
  return g_steal_pointer (&items);
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * rapport_store_resolve_price:
 * @price_list_id: the document's price list
 * @qty_milli: the line's quantity, in thousandths
 * @date: (nullable): the day the price is for, YYYY-MM-DD; today when %NULL
 *
 * The unit price @price_list_id gives @product_id for @qty_milli on @date
 * (rapport_price_resolve()). A bounded read: one list, its items for the
 * product, the product.
 *
 * Returns: (transfer full): as rapport_price_resolve_json(), or %NULL with
 *   %RAPPORT_STORE_ERROR_NOT_FOUND (no such list or product) or a
 *   #RAPPORT_PRICE_ERROR saying why the list gives no price
 */
JsonObject *
rapport_store_resolve_price (RapportStore *self,
                             const char   *price_list_id,
                             const char   *product_id,
                             gint64        qty_milli,
                             const char   *date,
                             GError      **error)
{
  RapportStoreConnection *reader;
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonObject) product = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (price_list_id != NULL && product_id != NULL, NULL);

  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  /* One read transaction: the list and its items as of one commit. */
  if (rapport_store_connection_exec (reader, "BEGIN", error))
    {
      if ((list = rapport_store_connection_read_by_id (reader, rapport_entity_lookup ("price_list"),
                                                       price_list_id, NULL, error)) != NULL &&
          (product = rapport_store_connection_read_by_id (reader, rapport_entity_lookup ("product"),
                                                          product_id, NULL, error)) != NULL)
        items = read_items (reader, price_list_id, product_id, error);
      rapport_store_connection_exec (reader, "COMMIT", NULL);
    }
  rapport_store_end_read (self, reader);
  if (items == NULL)
    return NULL;

  day = date != NULL ? g_strdup (date) : today ();
  return rapport_price_resolve_json (list, items, product, qty_milli, day, error);
}

/* The default list of @currency valid on @day: the highest priority, then
 * the latest to start. */
static char *
default_list (RapportStore *self,
              const char   *currency,
              const char   *day,
              GError      **error)
{
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  char *id = NULL;
  int rc;

  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  stmt = rapport_store_connection_prepare_static (
    reader,
    "SELECT id FROM price_lists WHERE currency = ?1 AND is_default = 1"
    " AND (valid_from IS NULL OR valid_from = '' OR valid_from <= ?2)"
    " AND (valid_to IS NULL OR valid_to = '' OR valid_to >= ?2)"
    " ORDER BY coalesce (priority, 0) DESC, valid_from DESC, id LIMIT 1",
    error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, currency, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      else if (rc != SQLITE_DONE)
        rapport_store_set_sqlite_error (error, rapport_store_connection_get_db (reader));
      else
        g_set_error (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_NO_LIST,
                     _("No default price list in %s is valid on that day"), currency);
      sqlite3_reset (stmt);
    }
  rapport_store_end_read (self, reader);
  return id;
}

/**
 * rapport_store_resolve_line_price:
 * @price_list_id: (nullable): the document's price list
 * @currency: the document's currency, for its default list when it names
 *   none
 * @date: (nullable): the day the price is for, YYYY-MM-DD; today when %NULL
 *
 * The price a line of a document gets for @product_id: from the
 * document's price list, else from the default list of its currency valid
 * on @date (rapport_store_resolve_price()).
 *
 * Returns: (transfer full): as rapport_store_resolve_price(), with the
 *   `price_list_id` it came from, or %NULL with a #RAPPORT_PRICE_ERROR
 *   (no list applies, the list expired, …) or a store error
 */
JsonObject *
rapport_store_resolve_line_price (RapportStore *self,
                                  const char   *price_list_id,
                                  const char   *currency,
                                  const char   *product_id,
                                  gint64        qty_milli,
                                  const char   *date,
                                  GError      **error)
{
  g_autofree char *day = date != NULL ? g_strdup (date) : today ();
  g_autofree char *list_id = g_strdup (price_list_id);
  JsonObject *price;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (product_id != NULL, NULL);

  if (list_id == NULL && currency == NULL)
    {
      g_set_error_literal (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_NO_LIST,
                           _("The document has neither a price list nor a currency"));
      return NULL;
    }
  if (list_id == NULL && !(list_id = default_list (self, currency, day, error)))
    return NULL;
  if ((price = rapport_store_resolve_price (self, list_id, product_id, qty_milli, day, error)))
    json_object_set_string_member (price, "price_list_id", list_id);
  return price;
}

typedef struct
{
  char  *price_list_id;
  char  *currency;
  char  *product_id;
  gint64 qty_milli;
  char  *date;
} Request;

static void
request_free (Request *request)
{
  g_free (request->price_list_id);
  g_free (request->currency);
  g_free (request->product_id);
  g_free (request->date);
  g_free (request);
}

static gpointer
resolve (RapportStore *store,
         gpointer      data,
         GError      **error)
{
  Request *request = data;

  return rapport_store_resolve_line_price (store, request->price_list_id, request->currency,
                                           request->product_id, request->qty_milli, request->date,
                                           error);
}

/**
 * rapport_store_resolve_price_async:
 *
 * rapport_store_resolve_price() in a worker thread, for a line being
 * edited: the app saves the answer's `unit_price_x100` and
 * `price_source` on the line.
 */
void
rapport_store_resolve_price_async (RapportStore        *self,
                                   const char          *price_list_id,
                                   const char          *product_id,
                                   gint64               qty_milli,
                                   const char          *date,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (price_list_id != NULL);

  rapport_store_resolve_line_price_async (self, price_list_id, NULL, product_id, qty_milli, date,
                                          cancellable, callback, user_data);
}

/**
 * rapport_store_resolve_line_price_async:
 *
 * rapport_store_resolve_line_price() in a worker thread; the answer comes
 * from rapport_store_resolve_price_finish().
 */
void
rapport_store_resolve_line_price_async (RapportStore        *self,
                                        const char          *price_list_id,
                                        const char          *currency,
                                        const char          *product_id,
                                        gint64               qty_milli,
                                        const char          *date,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  Request *request;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (product_id != NULL);

  request = g_new0 (Request, 1);
  request->price_list_id = g_strdup (price_list_id);
  request->currency = g_strdup (currency);
  request->product_id = g_strdup (product_id);
  request->qty_milli = qty_milli;
  request->date = g_strdup (date);
  rapport_store_read_async (self, resolve, request, (GDestroyNotify) request_free,
                            (GDestroyNotify) json_object_unref, cancellable, callback, user_data);
}

/**
 * rapport_store_resolve_price_finish:
 *
 * Returns: (transfer full): as rapport_store_resolve_price()
 */
JsonObject *
rapport_store_resolve_price_finish (RapportStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return rapport_store_read_finish (self, result, error);
}
