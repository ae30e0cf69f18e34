/* rapport-derived.c: values computed from a record's synced fields
 *
 * A derived field (RAPPORT_FIELD_DERIVED) is never typed, pushed or merged:
 * the client computes it after every local edit and every pulled record,
 * and the server after every write it accepts, both with the function
 * here, so that they agree to the minor unit. Two people who change the
 * inputs concurrently merge the inputs; the result follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-derived"

#include "config.h"

#include "rapport-approval.h"
#include "rapport-derived.h"
#include "rapport-document-totals-private.h"
#include "rapport-json.h"

/**
 * rapport_divide_rounded:
 * @denominator: positive
 *
 * Returns: @numerator / @denominator rounded half away from zero
 */
gint64
rapport_divide_rounded (gint64 numerator,
                        gint64 denominator)
{
  g_return_val_if_fail (denominator > 0, 0);

  return (gint64) rapport_divide_rounded_wide (numerator, denominator);
}

/**
 * rapport_deal_compute:
 *
 * A deal's weighted amount: its amount times its own probability over 100,
 * in minor units rounded half away from zero; null unless it has both.
 * (The board weighs a deal without a probability by its stage's.)
 */
void
rapport_deal_compute (JsonObject *deal)
{
  gint64 amount, probability;

  /* Amounts are at most 10^15 and probabilities 100: no overflow. */
  if (rapport_json_lookup_int (deal, "amount", &amount) && rapport_json_lookup_int (deal, "probability", &probability))
    json_object_set_int_member (deal, "weighted_amount",
                                rapport_divide_rounded (amount * probability, 100));
  else
    json_object_set_null_member (deal, "weighted_amount");
}

static const char * const document_totals[] = { "subtotal", "tax_total", "total", NULL };
static const char * const line_totals[] = { "gross", "net", "tax", "total", NULL };

static void
set_amounts (JsonObject         *record,
             JsonObject         *totals,
             const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (totals != NULL)
      json_object_set_int_member (record, names[i], json_object_get_int_member (totals, names[i]));
    else
      json_object_set_null_member (record, names[i]);
}

/* A line as rapport_document_totals_from_json() reads it: the store keeps
 * its tax rates as two fields. */
static JsonNode *
line_input (JsonObject *line)
{
  JsonObject               *input = json_object_new ();
  JsonArray                *rates = json_array_new ();
  static const char * const names[] = {
    "line_kind", "qty_milli", "unit_price_x100", "discount_ppm", "discount_minor", NULL
  };
  static const char * const rate_names[] = { "tax_rate_ppm", "tax2_rate_ppm", NULL };
  gint64                    rate;

  for (guint i = 0; names[i] != NULL; i++)
    if (json_object_has_member (line, names[i]))
      json_object_set_member (input, names[i], json_object_dup_member (line, names[i]));
  for (guint i = 0; rate_names[i] != NULL; i++)
    if (rapport_json_lookup_int (line, rate_names[i], &rate))
      json_array_add_int_element (rates, rate);
  json_object_set_array_member (input, "tax_rates_ppm", rates);
  return json_node_init_object (json_node_alloc (), input);
}

/* What a line's own amounts are computed in: its document's currency and
 * tax mode, without the header discount or shipping, which only the
 * document's totals take in. Rounded on its own, a line's tax is the same
 * per line and per document. */
static JsonObject *
line_context (JsonObject *document)
{
  JsonObject *context = json_object_new ();
  const char *tax_mode = rapport_json_get_string (document, "tax_mode");

  if (json_object_has_member (document, "currency"))
    json_object_set_member (context, "currency", json_object_dup_member (document, "currency"));
  if (g_strcmp0 (tax_mode, "per_document") == 0)
    json_object_set_string_member (context, "tax_mode", "per_line");
  else if (json_object_has_member (document, "tax_mode"))
    json_object_set_member (context, "tax_mode", json_object_dup_member (document, "tax_mode"));
  return context;
}

static void
set_line_amounts (JsonObject *line,
                  const char *currency,
                  JsonObject *result)
{
  if (currency != NULL)
    json_object_set_string_member (line, "currency", currency);
  else
    json_object_set_null_member (line, "currency");
  /* A section heading has no amounts of its own. */
  set_amounts (line, result != NULL && json_object_has_member (result, "net") ? result : NULL,
               line_totals);
}

/**
 * rapport_document_compute_line:
 * @document: the quote or sales order of @line
 *
 * A line's own amounts (`gross`, `net`, `tax`, `total`, and the document's
 * `currency`): what it costs on its own, before the document's header
 * discount, so that writing one line never changes another. They are null
 * when the line cannot be computed.
 *
 * Returns: FALSE with a %RAPPORT_VALIDATION_ERROR naming the field when
 *   the line cannot be computed (two discounts, a credit line that adds)
 */
gboolean
rapport_document_compute_line (JsonObject *document,
                               JsonObject *line,
                               GError    **error)
{
  g_autoptr(JsonObject) context = line_context (document);
  g_autoptr(JsonArray) inputs = json_array_sized_new (1);
  g_autoptr(JsonObject) totals = NULL;

  json_array_add_element (inputs, line_input (line));
  totals = rapport_document_totals_from_json (context, inputs, error);
  set_line_amounts (line, rapport_json_get_string (document, "currency"),
                    totals != NULL
                      ? json_array_get_object_element (json_object_get_array_member (totals, "lines"), 0)
                      : NULL);
  return totals != NULL;
}

/**
 * rapport_document_compute:
 * @document: a quote or a sales order
 * @lines: (element-type JsonObject): its lines, in order
 *
 * The totals of @document (`subtotal`, `tax_total`, `total`) with the one
 * arithmetic of rapport_document_totals_compute(), what its approval is of
 * (`doc_hash`, rapport_approval_hash()), and each line's own amounts as
 * rapport_document_compute_line() gives them.
 *
 * Returns: FALSE if the totals cannot be computed (a line with two
 *   discounts, a header discount above the lines), with a
 *   %RAPPORT_VALIDATION_ERROR naming the field; they are then null
 */
gboolean
rapport_document_compute (JsonObject *document,
                          JsonArray  *lines,
                          GError    **error)
{
  guint n_lines = lines != NULL ? json_array_get_length (lines) : 0;
  g_autoptr(JsonArray) inputs = json_array_sized_new (n_lines);
  g_autoptr(JsonObject) context = line_context (document);
  g_autoptr(JsonObject) totals = NULL;
  g_autoptr(JsonObject) alone = NULL;
  g_autofree char *hash = NULL;
  JsonArray       *line_results = NULL;
  const char      *currency = rapport_json_get_string (document, "currency");

  for (guint i = 0; i < n_lines; i++)
    json_array_add_element (inputs, line_input (json_array_get_object_element (lines, i)));
  totals = rapport_document_totals_from_json (document, inputs, error);
  set_amounts (document, totals, document_totals);
  hash = rapport_approval_hash (document, lines);
  json_object_set_string_member (document, "doc_hash", hash);

  alone = rapport_document_totals_from_json (context, inputs, NULL);
  if (alone != NULL)
    line_results = json_object_get_array_member (alone, "lines");
  for (guint i = 0; i < n_lines; i++)
    set_line_amounts (json_array_get_object_element (lines, i), currency,
                      line_results != NULL ? json_array_get_object_element (line_results, i)
                                           : NULL);
  return totals != NULL;
}

/**
 * rapport_document_breakdown:
 * @document: a quote or a sales order
 * @lines: (element-type JsonObject): its lines as stored, in order
 *
 * What rapport_document_compute() totals @document from, for a reader:
 * the whole of rapport_document_totals_from_json()'s answer (the header
 * discount, the tax of each rate, shipping) from the same arithmetic.
 *
 * Returns: (transfer full) (nullable): the amounts, or %NULL with a
 *   %RAPPORT_VALIDATION_ERROR naming the field at fault
 */
JsonObject *
rapport_document_breakdown (JsonObject *document,
                            JsonArray  *lines,
                            GError    **error)
{
  guint n_lines = lines != NULL ? json_array_get_length (lines) : 0;
  g_autoptr(JsonArray) inputs = json_array_sized_new (n_lines);

  for (guint i = 0; i < n_lines; i++)
    json_array_add_element (inputs, line_input (json_array_get_object_element (lines, i)));
  return rapport_document_totals_from_json (document, inputs, error);
}

/**
 * rapport_record_derived_equal:
 *
 * Returns: whether @a and @b, two records of @entity, have the same
 *   derived values: if so, computing did not change the record
 */
gboolean
rapport_record_derived_equal (const RapportEntity *entity,
                              JsonObject          *a,
                              JsonObject          *b)
{
  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].flags & RAPPORT_FIELD_DERIVED)
      {
        JsonNode *x = json_object_get_member (a, entity->fields[i].name);
        JsonNode *y = json_object_get_member (b, entity->fields[i].name);

        if ((x == NULL) != (y == NULL) || (x != NULL && !json_node_equal (x, y)))
          return FALSE;
      }
  return TRUE;
}

/**
 * rapport_record_compute:
 *
 * Sets the derived fields of @record, if its type has any.
 */
void
rapport_record_compute (const RapportEntity *entity,
                        JsonObject          *record)
{
  if (entity->compute != NULL)
    entity->compute (record);
}
