/* rapport-document-summary.c: the rows under a document's lines
 *
 * The same on the page and on paper, so that what the customer reads is
 * what the rep saw: the subtotal of the lines, the header discount if any,
 * the tax (one row per rate when there are several), shipping if any, and
 * the total; each row adds up to the next, as printed: subtotal − discount
 * + tax + shipping = total.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-document-summary"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-document-summary.h"
#include "rapport-money.h"

static gint64
int_or_zero (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

static void
summary_row_free (RapportSummaryRow *row)
{
  g_free (row->label);
  g_free (row);
}

static void
add (GPtrArray  *rows,
     char       *label,
     gint64      amount,
     gboolean    total)
{
  RapportSummaryRow *row = g_new0 (RapportSummaryRow, 1);

  row->label = label;
  row->amount = amount;
  row->total = total;
  g_ptr_array_add (rows, row);
}

/**
 * rapport_document_summary:
 * @breakdown: rapport_document_breakdown()'s answer
 *
 * Returns: (transfer full) (element-type RapportSummaryRow): the rows, in
 *   order
 */
GPtrArray *
rapport_document_summary (JsonObject *breakdown)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) summary_row_free);
  JsonArray *taxes = json_object_get_array_member (breakdown, "taxes");
  g_autoptr(GPtrArray) levied = g_ptr_array_new ();
  gint64 header_discount = int_or_zero (breakdown, "header_discount");
  gint64 shipping = int_or_zero (breakdown, "shipping_net") + int_or_zero (breakdown, "shipping_tax");

  add (rows, g_strdup (_("Subtotal")), int_or_zero (breakdown, "subtotal") + header_discount,
       FALSE);
  if (header_discount != 0)
    add (rows, g_strdup (_("Discount")), -header_discount, FALSE);
  for (guint i = 0; taxes != NULL && i < json_array_get_length (taxes); i++)
    {
      JsonObject *tax = json_array_get_object_element (taxes, i);

      if (int_or_zero (tax, "rate_ppm") != 0)
        g_ptr_array_add (levied, tax);
    }
  if (levied->len <= 1)
    add (rows, g_strdup (_("Tax")), int_or_zero (breakdown, "tax_total"), FALSE);
  for (guint i = 0; levied->len > 1 && i < levied->len; i++)
    {
      JsonObject *tax = g_ptr_array_index (levied, i);
      g_autofree char *rate = rapport_money_format_percent (int_or_zero (tax, "rate_ppm"));

      /* Translators: the tax of one rate, "Tax 13 %" */
      add (rows, g_strdup_printf (_("Tax %s"), rate), int_or_zero (tax, "tax"), FALSE);
    }
  if (shipping != 0)
    add (rows, g_strdup (_("Shipping")), shipping, FALSE);
  add (rows, g_strdup (_("Total")), int_or_zero (breakdown, "total"), TRUE);
  return rows;
}
