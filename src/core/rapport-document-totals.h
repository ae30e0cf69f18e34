/* rapport-document-totals.h: the exact money of a quote or an order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A line whose gross is larger than this (in minor units) is refused. */
#define RAPPORT_DOCUMENT_MAX_LINE_GROSS G_GINT64_CONSTANT (1000000000000000)
/* The lines' gross amounts, added up whatever their sign, may be at most
 * this: then no sum of the document overflows an int64. */
#define RAPPORT_DOCUMENT_MAX_TOTAL G_GINT64_CONSTANT (1000000000000000000)
#define RAPPORT_DOCUMENT_MAX_LINES 10000
#define RAPPORT_DOCUMENT_MAX_LINE_TAXES 4

/**
 * RapportTaxMode:
 * @RAPPORT_TAX_MODE_PER_LINE: each line's tax is rounded, then summed
 * @RAPPORT_TAX_MODE_PER_DOCUMENT: the tax of each rate is rounded once, on the
 *   sum of the nets
 * @RAPPORT_TAX_MODE_TAX_INCLUDED: prices include the tax, which is taken out of
 *   each line so that net + tax is the printed price
 */
typedef enum {
  RAPPORT_TAX_MODE_PER_LINE,
  RAPPORT_TAX_MODE_PER_DOCUMENT,
  RAPPORT_TAX_MODE_TAX_INCLUDED,
} RapportTaxMode;

/**
 * RapportLineKind:
 * @RAPPORT_LINE_KIND_NORMAL: sold: its amount is zero or more
 * @RAPPORT_LINE_KIND_CREDIT: taken off: its amount is zero or less
 * @RAPPORT_LINE_KIND_OPTIONAL: offered, priced, not in the totals
 * @RAPPORT_LINE_KIND_SECTION: a group heading; it has no price and shows the
 *   subtotal of the lines up to the next heading
 */
typedef enum {
  RAPPORT_LINE_KIND_NORMAL,
  RAPPORT_LINE_KIND_CREDIT,
  RAPPORT_LINE_KIND_OPTIONAL,
  RAPPORT_LINE_KIND_SECTION,
} RapportLineKind;

typedef struct
{
  RapportLineKind kind;
  gint64          qty_milli;
  gint64          unit_price_x100; /* hundredths of a minor unit */
  gboolean        has_discount_ppm;
  gint64          discount_ppm;
  gboolean        has_discount_minor;
  gint64          discount_minor;
  guint           n_tax_rates;
  gint64          tax_rates_ppm[RAPPORT_DOCUMENT_MAX_LINE_TAXES];
} RapportDocumentLine;

typedef struct
{
  const char                *currency;
  RapportTaxMode             tax_mode;
  gboolean                   has_discount_ppm; /* the header discount */
  gint64                     discount_ppm;
  gboolean                   has_discount_minor;
  gint64                     discount_minor;
  gint64                     shipping_minor; /* tax included in that mode */
  gint64                     shipping_tax_rate_ppm;
  const RapportDocumentLine *lines;
  guint                      n_lines;
} RapportDocument;

/* All in minor units. */
typedef struct
{
  gint64 gross;           /* qty × unit price */
  gint64 discount;        /* the line's own discount */
  gint64 header_discount; /* its share of the document's discount */
  gint64 amount;          /* gross − discount − header_discount, as priced */
  gint64 net;
  gint64 tax;
  gint64 taxes[RAPPORT_DOCUMENT_MAX_LINE_TAXES]; /* per rate of the line */
  gint64 total;                                  /* net + tax */
  gint64 subtotal;                               /* sections only: the net of their lines */
} RapportLineTotals;

typedef struct
{
  gint64 rate_ppm;
  gint64 base; /* the net it is levied on */
  gint64 tax;
} RapportTaxTotal;

typedef struct
{
  gint64             gross;
  gint64             line_discount;
  gint64             header_discount;
  gint64             subtotal;  /* Σ net */
  gint64             tax_total; /* Σ tax of the lines */
  gint64             shipping_net;
  gint64             shipping_tax;
  gint64             total; /* subtotal + tax_total + shipping */
  GArray            *taxes; /* (element-type RapportTaxTotal): by rate */
  RapportLineTotals *lines; /* (array length=n_lines) */
  guint              n_lines;
} RapportDocumentTotals;

RapportDocumentTotals *rapport_document_totals_compute (const RapportDocument *document,
                                                        GError               **error);
void                   rapport_document_totals_free (RapportDocumentTotals *totals);
JsonObject            *rapport_document_totals_from_json (JsonObject *document,
                                                          JsonArray  *lines,
                                                          GError    **error);
void                   rapport_apportion (const gint64 *weights,
                                          guint         n,
                                          gint64        amount,
                                          gint64       *shares);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportDocumentTotals, rapport_document_totals_free)

G_END_DECLS
