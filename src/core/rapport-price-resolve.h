/* rapport-price-resolve.h: the unit price a price list gives a product
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RAPPORT_PRICE_ERROR (rapport_price_error_quark ())

/**
 * RapportPriceError:
 * @RAPPORT_PRICE_ERROR_NOT_YET_VALID: the list starts after the date
 * @RAPPORT_PRICE_ERROR_EXPIRED: the list ended before the date
 * @RAPPORT_PRICE_ERROR_CURRENCY: the price found is in another currency
 *   than the list's (the product's list price, or an item's price)
 * @RAPPORT_PRICE_ERROR_NO_PRICE: no item applies and the product has no
 *   list price
 * @RAPPORT_PRICE_ERROR_NO_LIST: the document names no price list and its
 *   currency has no default list valid on the day
 *
 * Why a price list gives no price; the message says it in words.
 */
typedef enum {
  RAPPORT_PRICE_ERROR_NOT_YET_VALID,
  RAPPORT_PRICE_ERROR_EXPIRED,
  RAPPORT_PRICE_ERROR_CURRENCY,
  RAPPORT_PRICE_ERROR_NO_PRICE,
  RAPPORT_PRICE_ERROR_NO_LIST,
} RapportPriceError;

typedef enum {
  RAPPORT_PRICE_RULE_FIXED,       /* the item's unit_price */
  RAPPORT_PRICE_RULE_PERCENT_OFF, /* the product's list price less discount_ppm */
} RapportPriceRule;

/* One item of a price list, in the list's order. Money is minor units of
 * the list's currency. */
typedef struct
{
  const char      *id;
  const char      *name;
  const char      *product_id;    /* (nullable): applies to this product */
  const char      *category;      /* (nullable): else to this category */
  RapportPriceRule rule;
  gint64           min_qty_milli;
  gboolean         has_unit_price;
  gint64           unit_price;
  const char      *currency;      /* (nullable): the unit price's */
  gboolean         has_discount_ppm;
  gint64           discount_ppm;
} RapportPriceItem;

typedef struct
{
  const char             *name;
  const char             *currency;
  const char             *valid_from; /* (nullable): YYYY-MM-DD, inclusive */
  const char             *valid_to;   /* (nullable): YYYY-MM-DD, inclusive */
  const RapportPriceItem *items;
  guint                   n_items;
} RapportPriceList;

typedef struct
{
  const char *id;
  const char *category;            /* (nullable) */
  gboolean    has_list_price;
  gint64      list_price;          /* minor units */
  const char *list_price_currency; /* (nullable) */
} RapportPriceProduct;

typedef struct
{
  gint64                  unit_price_x100; /* hundredths of a minor unit */
  const RapportPriceItem *item;            /* (nullable): NULL for the list price */
} RapportPrice;

GQuark    rapport_price_error_quark (void);
gboolean  rapport_price_resolve     (const RapportPriceList    *list,
                                     const RapportPriceProduct *product,
                                     gint64                     qty_milli,
                                     const char                *date,
                                     RapportPrice              *out,
                                     GError                   **error);
char     *rapport_price_describe    (const RapportPriceList    *list,
                                     const RapportPrice        *price);
JsonObject *rapport_price_resolve_json (JsonObject *list,
                                        GPtrArray  *items,
                                        JsonObject *product,
                                        gint64      qty_milli,
                                        const char *date,
                                        GError    **error);
gboolean  rapport_price_item_check  (JsonObject                *item,
                                     GError                   **error);

G_END_DECLS
