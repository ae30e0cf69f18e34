/* rapport-document-print.h: a quote or an order as the customer receives it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

/**
 * RapportDocumentParties:
 * @seller: (nullable): who sends it: the team's company
 * @customer: (nullable): the company it is for
 * @contact: (nullable): the person it is for
 */
typedef struct
{
  const char *seller;
  const char *customer;
  const char *contact;
} RapportDocumentParties;

GtkPrintOperation *rapport_document_print_new (const RapportEntity          *entity,
                                               JsonObject                   *document,
                                               GPtrArray                    *lines,
                                               const RapportDocumentParties *parties);

G_END_DECLS
