/* rapport-document-totals-json.c: a document's totals from and to JSON
 *
 * The records of a quote or an order and of its lines are JSON objects on
 * the client, on the server and in rapport-cli; this reads their money
 * fields, calls rapport_document_totals_compute() and writes the derived
 * amounts, so that all three derive them from the same members the same
 * way. A member that is missing or null is unset; one of the wrong type is
 * refused, never read as 0.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-document-totals"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-document-totals-private.h"
#include "rapport-json.h"

typedef struct
{
  const char *name;
  int         value;
} Keyword;

static const Keyword tax_modes[] = {
  { "per_line", RAPPORT_TAX_MODE_PER_LINE },
  { "per_document", RAPPORT_TAX_MODE_PER_DOCUMENT },
  { "tax_included", RAPPORT_TAX_MODE_TAX_INCLUDED },
};

static const Keyword line_kinds[] = {
  { "normal", RAPPORT_LINE_KIND_NORMAL },
  { "credit", RAPPORT_LINE_KIND_CREDIT },
  { "optional", RAPPORT_LINE_KIND_OPTIONAL },
  { "section", RAPPORT_LINE_KIND_SECTION },
};

/* Whether @member of @object is set; FALSE with @error if it is not a whole
 * number, or is missing where @required. */
static gboolean
read_int (JsonObject *object,
          const char *member,
          int         line,
          gboolean    required,
          gint64     *value,
          gboolean   *is_set,
          GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *is_set = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        rapport_document_set_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, line, member, _("This field is required"));
      return !required;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      rapport_document_set_error (error, RAPPORT_VALIDATION_ERROR_INVALID, line, member,
                 _("Expected a whole number"));
      return FALSE;
    }
  *value = json_node_get_int (node);
  *is_set = TRUE;
  return TRUE;
}

/* @hint: (not translated): what to write instead of an unknown value */
static gboolean
read_keyword (JsonObject    *object,
              const char    *member,
              int            line,
              const Keyword *keywords,
              guint          n_keywords,
              const char    *hint,
              int           *value,
              GError       **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;  /* the default, set by the caller */
  text = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node)
           : NULL;
  for (guint k = 0; text != NULL && k < n_keywords; k++)
    if (g_str_equal (text, keywords[k].name))
      {
        *value = keywords[k].value;
        return TRUE;
      }
  rapport_document_set_error (error, RAPPORT_VALIDATION_ERROR_INVALID, line, member, _(hint));
  return FALSE;
}

static gboolean
read_rates (JsonObject          *object,
            int                  line,
            RapportDocumentLine *out,
            GError             **error)
{
  JsonNode *node = json_object_get_member (object, "tax_rates_ppm");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto bad_shape;
  array = json_node_get_array (node);
  if (json_array_get_length (array) > RAPPORT_DOCUMENT_MAX_LINE_TAXES)
    {
      rapport_document_set_error (error, RAPPORT_VALIDATION_ERROR_INVALID, line, "tax_rates_ppm",
                 _("A line has at most 4 taxes"));
      return FALSE;
    }
  for (guint t = 0; t < json_array_get_length (array); t++)
    {
      JsonNode *rate = json_array_get_element (array, t);

      if (!JSON_NODE_HOLDS_VALUE (rate) || json_node_get_value_type (rate) != G_TYPE_INT64)
        goto bad_shape;
      out->tax_rates_ppm[out->n_tax_rates++] = json_node_get_int (rate);
    }
  return TRUE;

bad_shape:
  rapport_document_set_error (error, RAPPORT_VALIDATION_ERROR_INVALID, line, "tax_rates_ppm",
             _("Expected a list of tax rates in parts per million"));
  return FALSE;
}

static gboolean
read_line (JsonNode            *node,
           int                  index,
           RapportDocumentLine *out,
           GError             **error)
{
  JsonObject *object;
  int kind = RAPPORT_LINE_KIND_NORMAL;
  gboolean priced, unused;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      rapport_document_set_error (error, RAPPORT_VALIDATION_ERROR_INVALID, index, "lines",
                 _("Expected a line object"));
      return FALSE;
    }
  object = json_node_get_object (node);
  if (!read_keyword (object, "line_kind", index, line_kinds, G_N_ELEMENTS (line_kinds),
                     N_("A line kind is “normal”, “credit”, “optional” or “section”"), &kind,
                     error))
    return FALSE;
  out->kind = kind;
  priced = kind != RAPPORT_LINE_KIND_SECTION;
  return read_int (object, "qty_milli", index, priced, &out->qty_milli, &unused, error) &&
         read_int (object, "unit_price_x100", index, priced, &out->unit_price_x100, &unused,
                   error) &&
         read_int (object, "discount_ppm", index, FALSE, &out->discount_ppm,
                   &out->has_discount_ppm, error) &&
         read_int (object, "discount_minor", index, FALSE, &out->discount_minor,
                   &out->has_discount_minor, error) &&
         read_rates (object, index, out, error);
}

static JsonNode *
int_array (const gint64 *values,
           guint         n)
{
  JsonArray *array = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_int_element (array, values[i]);
  return json_node_init_array (json_node_alloc (), array);
}

static JsonObject *
line_to_json (JsonNode                  *input,
              const RapportDocumentLine *line,
              const RapportLineTotals   *totals)
{
  JsonObject *out = json_object_new ();
  const char *id = rapport_json_get_string (json_node_get_object (input), "id");

  if (id != NULL)
    json_object_set_string_member (out, "id", id);
  if (line->kind == RAPPORT_LINE_KIND_SECTION)
    {
      json_object_set_int_member (out, "subtotal", totals->subtotal);
      return out;
    }
  json_object_set_int_member (out, "gross", totals->gross);
  json_object_set_int_member (out, "discount", totals->discount);
  json_object_set_int_member (out, "header_discount", totals->header_discount);
  json_object_set_int_member (out, "amount", totals->amount);
  json_object_set_int_member (out, "net", totals->net);
  json_object_set_int_member (out, "tax", totals->tax);
  json_object_set_member (out, "taxes", int_array (totals->taxes, line->n_tax_rates));
  json_object_set_int_member (out, "total", totals->total);
  return out;
}

static JsonObject *
totals_to_json (JsonArray                   *input,
                const RapportDocumentLine   *lines,
                const RapportDocumentTotals *totals)
{
  JsonObject *out = json_object_new ();
  JsonArray *taxes = json_array_sized_new (totals->taxes->len);
  JsonArray *out_lines = json_array_sized_new (totals->n_lines);

  json_object_set_int_member (out, "gross", totals->gross);
  json_object_set_int_member (out, "line_discount", totals->line_discount);
  json_object_set_int_member (out, "header_discount", totals->header_discount);
  json_object_set_int_member (out, "subtotal", totals->subtotal);
  for (guint k = 0; k < totals->taxes->len; k++)
    {
      const RapportTaxTotal *rate = &g_array_index (totals->taxes, RapportTaxTotal, k);
      JsonObject *entry = json_object_new ();

      json_object_set_int_member (entry, "rate_ppm", rate->rate_ppm);
      json_object_set_int_member (entry, "base", rate->base);
      json_object_set_int_member (entry, "tax", rate->tax);
      json_array_add_object_element (taxes, entry);
    }
  json_object_set_array_member (out, "taxes", taxes);
  json_object_set_int_member (out, "tax_total", totals->tax_total);
  json_object_set_int_member (out, "shipping_net", totals->shipping_net);
  json_object_set_int_member (out, "shipping_tax", totals->shipping_tax);
  json_object_set_int_member (out, "total", totals->total);
  for (guint i = 0; i < totals->n_lines; i++)
    json_array_add_object_element (out_lines,
                                   line_to_json (json_array_get_element (input, i), &lines[i],
                                                 &totals->lines[i]));
  json_object_set_array_member (out, "lines", out_lines);
  return out;
}

/**
 * rapport_document_totals_from_json:
 * @document: a quote or an order: `currency`, `tax_mode` (`per_line`, the
 *   default, `per_document` or `tax_included`), the header discount as
 *   `discount_ppm` or `discount_minor`, `shipping_minor`,
 *   `shipping_tax_rate_ppm`
 * @lines: (nullable): its lines in order: `line_kind` (`normal`, the
 *   default, `credit`, `optional`, `section`), `qty_milli`,
 *   `unit_price_x100`, `discount_ppm` or `discount_minor`, `tax_rates_ppm`
 *   (a list); an `id` is copied to the line's result
 *
 * Returns: (transfer full) (nullable): the derived amounts: `gross`,
 *   `line_discount`, `header_discount`, `subtotal`, `taxes` (a list of
 *   `rate_ppm`, `base`, `tax`), `tax_total`, `shipping_net`,
 *   `shipping_tax`, `total`, and `lines` in the order given (`gross`,
 *   `discount`, `header_discount`, `amount`, `net`, `tax`, `taxes` in the
 *   order of the line's rates, `total`; `subtotal` for a section); or %NULL
 *   with a %RAPPORT_VALIDATION_ERROR naming the field at fault
 */
JsonObject *
rapport_document_totals_from_json (JsonObject *document,
                                   JsonArray  *lines,
                                   GError    **error)
{
  guint n_lines = lines != NULL ? json_array_get_length (lines) : 0;
  g_autofree RapportDocumentLine *parsed = NULL;
  g_autoptr(RapportDocumentTotals) totals = NULL;
  RapportDocument input = { 0 };
  int tax_mode = RAPPORT_TAX_MODE_PER_LINE;
  gboolean unused;

  g_return_val_if_fail (document != NULL, NULL);

  if (n_lines > RAPPORT_DOCUMENT_MAX_LINES)
    {
      rapport_document_set_error (error, RAPPORT_VALIDATION_ERROR_INVALID, -1, "lines",
                 _("A document has at most 10,000 lines"));
      return NULL;
    }
  input.currency = rapport_json_get_string (document, "currency");
  if (!read_keyword (document, "tax_mode", -1, tax_modes, G_N_ELEMENTS (tax_modes),
                     N_("The tax mode is “per_line”, “per_document” or “tax_included”"),
                     &tax_mode, error) ||
      !read_int (document, "discount_ppm", -1, FALSE, &input.discount_ppm,
                 &input.has_discount_ppm, error) ||
      !read_int (document, "discount_minor", -1, FALSE, &input.discount_minor,
                 &input.has_discount_minor, error) ||
      !read_int (document, "shipping_minor", -1, FALSE, &input.shipping_minor, &unused, error) ||
      !read_int (document, "shipping_tax_rate_ppm", -1, FALSE, &input.shipping_tax_rate_ppm,
                 &unused, error))
    return NULL;
  input.tax_mode = tax_mode;

  parsed = g_new0 (RapportDocumentLine, MAX (1, n_lines));
  for (guint i = 0; i < n_lines; i++)
    if (!read_line (json_array_get_element (lines, i), (int) i, &parsed[i], error))
      return NULL;
  input.lines = parsed;
  input.n_lines = n_lines;

  if (!(totals = rapport_document_totals_compute (&input, error)))
    return NULL;
  return totals_to_json (lines, parsed, totals);
}
