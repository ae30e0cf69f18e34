/* rapport-document-summary.h: the rows under a document's lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * RapportSummaryRow:
 * @label: (owned): "Subtotal", "Tax 13 %"
 * @amount: in minor units
 * @total: whether it is the total, shown strong
 */
typedef struct
{
  char    *label;
  gint64   amount;
  gboolean total;
} RapportSummaryRow;

GPtrArray *rapport_document_summary (JsonObject *breakdown);

G_END_DECLS
