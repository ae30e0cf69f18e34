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
