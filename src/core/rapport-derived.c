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

#include "rapport-derived.h"
#include "rapport-document-totals.h"
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

  if (numerator >= 0)
    return (numerator + denominator / 2) / denominator;
  return -((-numerator + denominator / 2) / denominator);
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
  JsonObject *input = json_object_new ();
  JsonArray *rates = json_array_new ();
  static const char * const names[] = {
    "line_kind", "qty_milli", "unit_price_x100", "discount_ppm", "discount_minor", NULL
  };
  static const char * const rate_names[] = { "tax_rate_ppm", "tax2_rate_ppm", NULL };
  gint64 rate;

  for (guint i = 0; names[i] != NULL; i++)
    if (json_object_has_member (line, names[i]))
      json_object_set_member (input, names[i], json_object_dup_member (line, names[i]));
  for (guint i = 0; rate_names[i] != NULL; i++)
    if (rapport_json_lookup_int (line, rate_names[i], &rate))
      json_array_add_int_element (rates, rate);
  json_object_set_array_member (input, "tax_rates_ppm", rates);
  return json_node_init_object (json_node_alloc (), input);
}

/**
 * rapport_document_compute:
 * @document: a quote or a sales order
 * @lines: (element-type JsonObject): its lines, in order
 *
 * The totals of @document (`subtotal`, `tax_total`, `total`) and of each
 * line (`gross`, `net`, `tax`, `total`, and the document's `currency`)
 * with the one arithmetic of rapport_document_totals_compute().
 *
 * Returns: FALSE if they cannot be computed (a line with two discounts),
 *   with a %RAPPORT_VALIDATION_ERROR naming the field; they are then null
 */
gboolean
rapport_document_compute (JsonObject *document,
                          JsonArray  *lines,
                          GError    **error)
{
  guint n_lines = lines != NULL ? json_array_get_length (lines) : 0;
  g_autoptr(JsonArray) inputs = json_array_sized_new (n_lines);
  g_autoptr(JsonObject) totals = NULL;
  JsonArray *line_results = NULL;
  const char *currency = rapport_json_get_string (document, "currency");

  for (guint i = 0; i < n_lines; i++)
    json_array_add_element (inputs, line_input (json_array_get_object_element (lines, i)));
  totals = rapport_document_totals_from_json (document, inputs, error);
  if (totals != NULL)
    line_results = json_object_get_array_member (totals, "lines");

  set_amounts (document, totals, document_totals);
  for (guint i = 0; i < n_lines; i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      JsonObject *result = line_results ? json_array_get_object_element (line_results, i) : NULL;

      if (currency != NULL)
        json_object_set_string_member (line, "currency", currency);
      else
        json_object_set_null_member (line, "currency");
      /* A section heading has no amounts of its own. */
      set_amounts (line, result != NULL && json_object_has_member (result, "net") ? result : NULL,
                   line_totals);
    }
  return totals != NULL;
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
