/* rapport-document-totals.c: the exact money of a quote or an order
 *
 * One function computes a document's line amounts, taxes and totals, and
 * the client, the server and rapport-cli all call it, so that they agree to
 * the minor unit; the totals are derived values (rapport-derived.c): never
 * typed, never merged, recomputed from the merged lines.
 *
 * Units. Every amount computed here is an integer count of the currency's
 * minor units (DESIGN.md: "money is minor units"). Unit prices are the one
 * exception SPEC.md §1.3 makes: `unit_price_x100` is in hundredths of a
 * minor unit (4 decimals for EUR, 2 for JPY, 5 for KWD), so that a price of
 * 0.0875 € × 1,000 pieces is 87.50 € and not 90.00 € (odoo/odoo#36675);
 * the gross of a line is rounded to minor units once and everything after
 * it is minor units. Since nothing here is in major units, the currency's
 * exponent (JPY 0, EUR 2, KWD 3) never enters the arithmetic; the currency
 * must still be a known one. Quantities are thousandths (`qty_milli`),
 * ratios parts per million (`_ppm`).
 *
 * Arithmetic. Products and quotients are taken in __int128 and rounded
 * half away from zero, once per amount. A share of a sum (a line's part of
 * the header discount, of a per-document tax, one rate's part of an
 * included tax) is apportioned by the largest remainder: every share is its
 * exact value rounded down, and the units left over go to the shares with
 * the largest remainders, earlier lines first on a tie; so the shares add
 * up exactly to the sum (frappe/erpnext#46720), and a share whose exact
 * value is whole (zero above all) is never moved.
 *
 * A line: gross = round(qty_milli × unit_price_x100 / 100,000); its own
 * discount (ppm of the gross, or an amount) moves it towards zero; the
 * header discount (ppm of the normal lines, or an amount) is shared among
 * the normal lines in proportion to what is left; amount = gross −
 * discount − header share. Then the tax mode:
 * - per_line: each rate's tax is round(amount × rate), net = amount;
 * - per_document: each rate's tax is round(Σ amount × rate) over the lines
 *   with that rate, which the lines show apportioned; net = amount;
 * - tax_included: the line's tax is round(amount × R / (10^6 + R)), R the
 *   sum of its rates, apportioned among its rates; net = amount − tax, so
 *   net + tax is the printed price. Shipping then includes its tax too.
 * Optional lines are priced as if alone (tax per line) and left out of the
 * totals and of the header discount; credit lines take part in the taxes
 * but not in the header discount.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-document-totals"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-document-totals-private.h"

#define PPM_ONE  1000000
#define X100_QTY 100000  /* qty_milli × unit_price_x100 / this = minor units */

typedef RapportWide Wide;

/* @n / @d (@d > 0) rounded half away from zero: the one rounding of
 * Rapport's money, also for prices (rapport-price-resolve.c) and derived
 * amounts (rapport_divide_rounded()). */
RapportWide
rapport_divide_rounded_wide (RapportWide n,
                             RapportWide d)
{
  if (n >= 0)
    return (n + d / 2) / d;
  return -((-n + d / 2) / d);
}

/* @n / @d (@d > 0) rounded towards minus infinity. */
static Wide
divide_floor (Wide n,
              Wide d)
{
  Wide q = n / d;

  if (n % d != 0 && n < 0)
    q--;
  return q;
}

static int
compare_remainders (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const Wide *remainders = user_data;
  Wide ra = remainders[*(const guint *) a];
  Wide rb = remainders[*(const guint *) b];

  return ra > rb ? -1 : ra < rb ? 1 : 0;
}

/* Splits @target into @shares, the exact ones being @numerators / @den:
 * each is rounded down, then the units still missing go to the largest
 * remainders. @target must be the rounded sum of the exact shares, or the
 * exact sum, so that 0 to @n units are missing. */
static void
apportion_exact (const Wide *numerators,
                 guint       n,
                 Wide        den,
                 Wide        target,
                 gint64     *shares)
{
  g_autofree Wide *remainders = g_new (Wide, n);
  g_autofree guint *order = NULL;
  Wide missing = target;

  for (guint i = 0; i < n; i++)
    {
      Wide down = divide_floor (numerators[i], den);

      shares[i] = (gint64) down;
      remainders[i] = numerators[i] - down * den;
      missing -= down;
    }
  g_assert (missing >= 0 && missing <= n);
  if (missing == 0)
    return;

  /* A stable sort: on a tie the earlier line gets the unit. */
  order = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_remainders, remainders);
  for (guint k = 0; k < (guint) missing; k++)
    shares[order[k]]++;
}

/**
 * rapport_apportion:
 * @weights: (array length=n): zero or more, not all zero unless @amount is 0
 * @amount: what to share out
 * @shares: (out caller-allocates) (array length=n): the shares of @amount in
 *   proportion to @weights, by the largest remainder: they add up to @amount
 */
void
rapport_apportion (const gint64 *weights,
                   guint         n,
                   gint64        amount,
                   gint64       *shares)
{
  g_autofree Wide *numerators = g_new (Wide, n);
  Wide sum = 0;

  for (guint i = 0; i < n; i++)
    {
      g_return_if_fail (weights[i] >= 0);
      sum += weights[i];
    }
  for (guint i = 0; i < n; i++)
    numerators[i] = amount == 0 ? 0 : (Wide) amount * weights[i];
  g_return_if_fail (sum > 0 || amount == 0);
  apportion_exact (numerators, n, sum > 0 ? sum : 1, amount, shares);
}

/**
 * rapport_document_set_error:
 * @line: the index of the line at fault, or -1 for the document itself
 *
 * Sets a %RAPPORT_VALIDATION_ERROR naming @field, and the line in words.
 */
void
rapport_document_set_error (GError               **error,
                            RapportValidationError code,
                            int                    line,
                            const char            *field,
                            const char            *message)
{
  if (line >= 0)
    /* Translators: "Line 3: A discount is between 0 and 100 %" */
    rapport_set_validation_error (error, code, field, _("Line %u: %s"), (guint) line + 1, message);
  else
    rapport_set_validation_error (error, code, field, "%s", message);
}

static void
line_error (GError    **error,
            guint       index,
            const char *field,
            const char *message)
{
  rapport_document_set_error (error, RAPPORT_VALIDATION_ERROR_INVALID, (int) index, field,
                              message);
}

/* @line: as rapport_document_set_error() */
static gboolean
check_ppm (gint64      ppm,
           int         line,
           const char *field,
           GError    **error)
{
  if (ppm >= 0 && ppm <= PPM_ONE)
    return TRUE;
  rapport_document_set_error (error, RAPPORT_VALIDATION_ERROR_INVALID, line, field,
                              _("A discount is between 0 and 100 %"));
  return FALSE;
}

static gboolean
check_line (const RapportDocumentLine *line,
            guint                      index,
            GError                   **error)
{
  if (line->kind == RAPPORT_LINE_KIND_SECTION)
    {
      if (line->unit_price_x100 != 0 || line->has_discount_ppm || line->has_discount_minor ||
          line->n_tax_rates > 0)
        {
          line_error (error, index, "unit_price_x100",
                      _("A section heading has no price, discount or tax"));
          return FALSE;
        }
      return TRUE;
    }
  if (line->has_discount_ppm && line->has_discount_minor)
    {
      line_error (error, index, "discount_minor",
                  _("Give the discount as a percentage or as an amount, not both"));
      return FALSE;
    }
  if (line->has_discount_ppm && !check_ppm (line->discount_ppm, (int) index, "discount_ppm", error))
    return FALSE;
  if (line->has_discount_minor && line->discount_minor < 0)
    {
      line_error (error, index, "discount_minor", _("A discount cannot be negative"));
      return FALSE;
    }
  if (line->n_tax_rates > RAPPORT_DOCUMENT_MAX_LINE_TAXES)
    {
      line_error (error, index, "tax_rates_ppm", _("A line has at most 4 taxes"));
      return FALSE;
    }
  for (guint t = 0; t < line->n_tax_rates; t++)
    {
      if (line->tax_rates_ppm[t] < 0 || line->tax_rates_ppm[t] > PPM_ONE)
        {
          line_error (error, index, "tax_rates_ppm", _("A tax rate is between 0 and 100 %"));
          return FALSE;
        }
      for (guint u = 0; u < t; u++)
        if (line->tax_rates_ppm[u] == line->tax_rates_ppm[t])
          {
            line_error (error, index, "tax_rates_ppm", _("The same tax rate is listed twice"));
            return FALSE;
          }
    }
  return TRUE;
}

/* The line's gross and own discount, checked against its kind. */
static gboolean
price_line (const RapportDocumentLine *line,
            guint                      index,
            RapportLineTotals         *out,
            GError                   **error)
{
  Wide gross = rapport_divide_rounded_wide ((Wide) line->qty_milli * line->unit_price_x100, X100_QTY);
  Wide discount = 0;
  const char *negative_field = line->qty_milli < 0 ? "qty_milli" : "unit_price_x100";

  if (gross > RAPPORT_DOCUMENT_MAX_LINE_GROSS || gross < -RAPPORT_DOCUMENT_MAX_LINE_GROSS)
    {
      line_error (error, index, "qty_milli",
                  _("The line's amount is too large: at most 10^15 minor units"));
      return FALSE;
    }
  if (gross < 0 && line->kind != RAPPORT_LINE_KIND_CREDIT)
    {
      line_error (error, index, negative_field,
                  _("This line is below zero: a line that takes money off is a credit line"));
      return FALSE;
    }
  if (gross > 0 && line->kind == RAPPORT_LINE_KIND_CREDIT)
    {
      line_error (error, index, "unit_price_x100",
                  _("A credit line takes money off: its amount must be zero or below"));
      return FALSE;
    }

  /* A discount moves the line towards zero, whatever its sign; 100 % of
   * it is the whole gross, so the rest is exactly 0. */
  if (line->has_discount_ppm)
    discount = rapport_divide_rounded_wide (gross * line->discount_ppm, PPM_ONE);
  else if (line->has_discount_minor)
    {
      if (line->discount_minor > (gross < 0 ? -gross : gross))
        {
          line_error (error, index, "discount_minor",
                      _("The discount is larger than the line's amount"));
          return FALSE;
        }
      discount = gross < 0 ? -line->discount_minor : line->discount_minor;
    }
  out->gross = (gint64) gross;
  out->discount = (gint64) discount;
  out->amount = (gint64) (gross - discount);
  return TRUE;
}

static gboolean
in_totals (const RapportDocumentLine *line)
{
  return line->kind == RAPPORT_LINE_KIND_NORMAL || line->kind == RAPPORT_LINE_KIND_CREDIT;
}

/* Spreads the header discount over the normal lines, by what is left of them. */
static gboolean
share_header_discount (const RapportDocument *document,
                       RapportDocumentTotals *totals,
                       GError               **error)
{
  g_autofree gint64 *weights = g_new0 (gint64, document->n_lines);
  g_autofree gint64 *shares = g_new0 (gint64, document->n_lines);
  Wide base = 0, discount = 0;

  for (guint i = 0; i < document->n_lines; i++)
    if (document->lines[i].kind == RAPPORT_LINE_KIND_NORMAL)
      base += weights[i] = totals->lines[i].amount;

  if (document->has_discount_ppm)
    discount = rapport_divide_rounded_wide (base * document->discount_ppm, PPM_ONE);
  else if (document->has_discount_minor)
    discount = document->discount_minor;
  if (discount > base)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "discount_minor",
                                    _("The discount is larger than the lines it applies to"));
      return FALSE;
    }
  if (discount == 0)
    return TRUE;

  rapport_apportion (weights, document->n_lines, (gint64) discount, shares);
  for (guint i = 0; i < document->n_lines; i++)
    {
      totals->lines[i].header_discount = shares[i];
      totals->lines[i].amount -= shares[i];
    }
  totals->header_discount = (gint64) discount;
  return TRUE;
}

/* The tax of one line on its own: per_line, tax_included, optional lines. */
static void
tax_line (const RapportDocumentLine *line,
          gboolean                   included,
          RapportLineTotals         *out)
{
  out->net = out->amount;
  out->tax = 0;
  if (!included)
    {
      for (guint t = 0; t < line->n_tax_rates; t++)
        {
          out->taxes[t] = (gint64) rapport_divide_rounded_wide ((Wide) out->amount * line->tax_rates_ppm[t],
                                                   PPM_ONE);
          out->tax += out->taxes[t];
        }
    }
  else if (line->n_tax_rates > 0)
    {
      Wide numerators[RAPPORT_DOCUMENT_MAX_LINE_TAXES];
      Wide rates = 0;

      for (guint t = 0; t < line->n_tax_rates; t++)
        rates += line->tax_rates_ppm[t];
      out->tax = (gint64) rapport_divide_rounded_wide ((Wide) out->amount * rates, PPM_ONE + rates);
      for (guint t = 0; t < line->n_tax_rates; t++)
        numerators[t] = (Wide) out->amount * line->tax_rates_ppm[t];
      apportion_exact (numerators, line->n_tax_rates, PPM_ONE + rates, out->tax, out->taxes);
      out->net = out->amount - out->tax;
    }
  out->total = out->net + out->tax;
}

static int
compare_rates (gconstpointer a,
               gconstpointer b)
{
  gint64 ra = ((const RapportTaxTotal *) a)->rate_ppm;
  gint64 rb = ((const RapportTaxTotal *) b)->rate_ppm;

  return ra < rb ? -1 : ra > rb ? 1 : 0;
}

/* The index of @rate in @taxes, added if new. */
static guint
tax_slot (GArray *taxes,
          gint64  rate)
{
  RapportTaxTotal added = { rate, 0, 0 };

  for (guint k = 0; k < taxes->len; k++)
    if (g_array_index (taxes, RapportTaxTotal, k).rate_ppm == rate)
      return k;
  g_array_append_val (taxes, added);
  return taxes->len - 1;
}

/* per_document: one rounding per rate, the lines show their shares of it. */
static void
tax_document (const RapportDocument *document,
              RapportDocumentTotals *totals)
{
  g_autofree Wide *numerators = g_new (Wide, document->n_lines);
  g_autofree gint64 *shares = g_new (gint64, document->n_lines);
  g_autofree guint *lines = g_new (guint, document->n_lines);
  g_autofree guint *slots = g_new (guint, document->n_lines);

  for (guint k = 0; k < totals->taxes->len; k++)
    {
      RapportTaxTotal *rate = &g_array_index (totals->taxes, RapportTaxTotal, k);
      Wide sum = 0;
      guint n = 0;

      for (guint i = 0; i < document->n_lines; i++)
        {
          const RapportDocumentLine *line = &document->lines[i];

          if (!in_totals (line))
            continue;
          for (guint t = 0; t < line->n_tax_rates; t++)
            if (line->tax_rates_ppm[t] == rate->rate_ppm)
              {
                numerators[n] = (Wide) totals->lines[i].net * rate->rate_ppm;
                sum += numerators[n];
                lines[n] = i;
                slots[n++] = t;
              }
        }
      rate->tax = (gint64) rapport_divide_rounded_wide (sum, PPM_ONE);
      apportion_exact (numerators, n, PPM_ONE, rate->tax, shares);
      for (guint j = 0; j < n; j++)
        totals->lines[lines[j]].taxes[slots[j]] = shares[j];
    }
  for (guint i = 0; i < document->n_lines; i++)
    {
      RapportLineTotals *out = &totals->lines[i];

      if (!in_totals (&document->lines[i]))
        continue;
      out->tax = 0;
      for (guint t = 0; t < document->lines[i].n_tax_rates; t++)
        out->tax += out->taxes[t];
      out->total = out->net + out->tax;
    }
}

static gboolean
check_document (const RapportDocument *document,
                GError               **error)
{
  if (!rapport_is_valid_currency (document->currency))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "currency",
                                    _("“%s” is not a known currency code"),
                                    document->currency != NULL ? document->currency : "");
      return FALSE;
    }
  if ((guint) document->tax_mode > RAPPORT_TAX_MODE_TAX_INCLUDED)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "tax_mode",
                                    _("Unknown tax mode"));
      return FALSE;
    }
  if (document->n_lines > RAPPORT_DOCUMENT_MAX_LINES)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "lines",
                                    _("A document has at most 10,000 lines"));
      return FALSE;
    }
  if (document->has_discount_ppm && document->has_discount_minor)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "discount_minor",
                                    _("Give the discount as a percentage or as an amount, not both"));
      return FALSE;
    }
  if (document->has_discount_ppm &&
      !check_ppm (document->discount_ppm, -1, "discount_ppm", error))
    return FALSE;
  if (document->has_discount_minor && document->discount_minor < 0)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "discount_minor",
                                    _("A discount cannot be negative"));
      return FALSE;
    }
  if (document->shipping_minor < 0 ||
      document->shipping_minor > RAPPORT_DOCUMENT_MAX_LINE_GROSS)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "shipping_minor",
                                    _("Shipping is between 0 and 10^15 minor units"));
      return FALSE;
    }
  if (document->shipping_tax_rate_ppm < 0 || document->shipping_tax_rate_ppm > PPM_ONE)
    {
      rapport_document_set_error (error, RAPPORT_VALIDATION_ERROR_INVALID, -1,
                                  "shipping_tax_rate_ppm", _("A tax rate is between 0 and 100 %"));
      return FALSE;
    }
  for (guint i = 0; i < document->n_lines; i++)
    if (!check_line (&document->lines[i], i, error))
      return FALSE;
  return TRUE;
}

/* Sums the lines into the document and each section. */
static void
sum_up (const RapportDocument *document,
        RapportDocumentTotals *totals)
{
  Wide gross = 0, discount = 0, subtotal = 0, tax = 0, section = 0;
  RapportLineTotals *heading = NULL;
  Wide shipping = document->shipping_minor, shipping_tax;
  gboolean included = document->tax_mode == RAPPORT_TAX_MODE_TAX_INCLUDED;

  for (guint i = 0; i <= document->n_lines; i++)
    {
      const RapportDocumentLine *line = i < document->n_lines ? &document->lines[i] : NULL;
      RapportLineTotals *out = &totals->lines[i];

      if (line == NULL || line->kind == RAPPORT_LINE_KIND_SECTION)
        {
          if (heading != NULL)
            heading->subtotal = (gint64) section;
          heading = line != NULL ? out : NULL;
          section = 0;
          continue;
        }
      if (!in_totals (line))
        continue;
      gross += out->gross;
      discount += out->discount;
      subtotal += out->net;
      section += out->net;
      tax += out->tax;
      for (guint t = 0; t < line->n_tax_rates; t++)
        {
          /* tax_slot() may move the array's data: first the slot. */
          guint slot = tax_slot (totals->taxes, line->tax_rates_ppm[t]);
          RapportTaxTotal *rate = &g_array_index (totals->taxes, RapportTaxTotal, slot);

          rate->base += out->net;
          if (document->tax_mode != RAPPORT_TAX_MODE_PER_DOCUMENT)
            rate->tax += out->taxes[t];
        }
    }

  shipping_tax = included ? rapport_divide_rounded_wide (shipping * document->shipping_tax_rate_ppm,
                                            PPM_ONE + document->shipping_tax_rate_ppm)
                          : rapport_divide_rounded_wide (shipping * document->shipping_tax_rate_ppm, PPM_ONE);
  totals->gross = (gint64) gross;
  totals->line_discount = (gint64) discount;
  totals->subtotal = (gint64) subtotal;
  totals->tax_total = (gint64) tax;
  totals->shipping_tax = (gint64) shipping_tax;
  totals->shipping_net = (gint64) (included ? shipping - shipping_tax : shipping);
  totals->total = (gint64) (subtotal + tax + shipping + (included ? 0 : shipping_tax));
}

/**
 * rapport_document_totals_compute:
 *
 * Computes every amount of @document from its lines, as the module's top
 * comment says.
 *
 * Returns: (transfer full) (nullable): the amounts, or %NULL with a
 *   %RAPPORT_VALIDATION_ERROR naming the field at fault (and the line, in
 *   the message) when the input is not a valid document
 */
RapportDocumentTotals *
rapport_document_totals_compute (const RapportDocument *document,
                                 GError               **error)
{
  g_autoptr(RapportDocumentTotals) totals = g_new0 (RapportDocumentTotals, 1);
  gboolean per_document = document->tax_mode == RAPPORT_TAX_MODE_PER_DOCUMENT;
  Wide magnitude = 0;

  g_return_val_if_fail (document->n_lines == 0 || document->lines != NULL, NULL);

  totals->taxes = g_array_new (FALSE, TRUE, sizeof (RapportTaxTotal));
  totals->n_lines = document->n_lines;
  totals->lines = g_new0 (RapportLineTotals, MAX (1, document->n_lines));
  if (!check_document (document, error))
    return NULL;

  for (guint i = 0; i < document->n_lines; i++)
    {
      if (document->lines[i].kind == RAPPORT_LINE_KIND_SECTION)
        continue;
      if (!price_line (&document->lines[i], i, &totals->lines[i], error))
        return NULL;
      magnitude += ABS (totals->lines[i].gross);
    }
  /* Then no sum of the document can overflow: taxes are at most 100 %. */
  if (magnitude > RAPPORT_DOCUMENT_MAX_TOTAL)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "lines",
                                    _("The document's lines add up to too much: at most 10^18"
                                      " minor units"));
      return NULL;
    }
  if (!share_header_discount (document, totals, error))
    return NULL;

  for (guint i = 0; i < document->n_lines; i++)
    {
      const RapportDocumentLine *line = &document->lines[i];

      if (line->kind == RAPPORT_LINE_KIND_SECTION)
        continue;
      if (per_document && in_totals (line))
        totals->lines[i].net = totals->lines[i].amount;
      else
        tax_line (line, document->tax_mode == RAPPORT_TAX_MODE_TAX_INCLUDED, &totals->lines[i]);
    }
  /* The rates in order, their bases and (but per document) their taxes. */
  sum_up (document, totals);
  g_array_sort (totals->taxes, compare_rates);
  if (per_document)
    {
      tax_document (document, totals);
      totals->tax_total = 0;
      for (guint k = 0; k < totals->taxes->len; k++)
        totals->tax_total += g_array_index (totals->taxes, RapportTaxTotal, k).tax;
      totals->total = totals->subtotal + totals->tax_total + totals->shipping_net +
                      totals->shipping_tax;
    }
  return g_steal_pointer (&totals);
}

void
rapport_document_totals_free (RapportDocumentTotals *totals)
{
  if (totals == NULL)
    return;
  g_clear_pointer (&totals->taxes, g_array_unref);
  g_free (totals->lines);
  g_free (totals);
}
