/* rapport-line-price.c: where a line's unit price came from, in words
 *
 * A line priced from a price list keeps the words of the rule that priced
 * it in `price_source` ("Dealers 2026 · Volume · 10 % off",
 * rapport_price_describe()). A line of a product without them holds a
 * price the user typed: it is said so on the line, and Refresh Prices
 * leaves it unless asked (rapport-price-refresh.c). A line of no product
 * has no price to come from anywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-line-price"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-line-price.h"

/**
 * rapport_line_price_is_manual:
 *
 * Returns: whether @line sells a product at a price typed by hand
 */
gboolean
rapport_line_price_is_manual (JsonObject *line)
{
  const char *source = rapport_json_get_string (line, "price_source");

  return rapport_json_get_string (line, "product_id") != NULL && (source == NULL || *source == '\0');
}

/**
 * rapport_line_price_source:
 *
 * Returns: (transfer full) (nullable): where @line's unit price came from,
 *   for the line to say; %NULL for a line of no product
 */
char *
rapport_line_price_source (JsonObject *line)
{
  const char *source = rapport_json_get_string (line, "price_source");

  if (source != NULL && *source != '\0')
    return g_strdup (source);
  if (rapport_line_price_is_manual (line))
    return g_strdup (_("Price typed by hand"));
  return NULL;
}
