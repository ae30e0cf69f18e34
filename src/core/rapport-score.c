/* rapport-score.c: a deal's chance of being won, learned from the pipeline's closed deals
 *
 * Naive Bayes over field values, as SPEC.md §3.3 says: the closed deals
 * of one pipeline count, per variable and value, how many were won and how
 * many lost; an open deal's chance is P(won) · Π P(value | won) against
 * the same for lost, each frequency smoothed by 0.1 so that a value seen
 * only in lost deals does not make a deal hopeless. Each value's lean,
 * pW / (pW + pL), says whether it speaks for or against the deal; its
 * weight, ln (pW / pL), is what it adds to the log-odds, so that the
 * prior and the weights add up to the chance.
 *
 * Only counts go in, only numbers and sentences come out: the database
 * side is rapport-score-db.c. Every client computes the same from the
 * same records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-score"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "rapport-money.h"
#include "rapport-score.h"

#define SMOOTHING 0.1
#define MIN_PERCENT 0.01
#define MAX_PERCENT 99.99
#define N_SHOWN 3

typedef struct
{
  guint won;
  guint lost;
} Counts;

struct _RapportScoreModel
{
  GHashTable *counts;  /* (owned): "variable\x1fvalue" → Counts */
  guint       won;
  guint       lost;
};

/* clang-format off */
static const char * const variable_names[] = {
  "stage", "source", "currency", "industry", "amount_band", "owner", "tag",
};
/* clang-format on */
G_STATIC_ASSERT (G_N_ELEMENTS (variable_names) == RAPPORT_SCORE_N_VARIABLES);

static char *
count_key (RapportScoreVariable  variable,
           const char           *value)
{
  return g_strdup_printf ("%d\x1f%s", variable, value);
}

static void
factor_free (gpointer data)
{
  RapportScoreFactor *factor = data;

  g_free (factor->label);
  g_free (factor);
}

static int
by_lean_down (gconstpointer a,
              gconstpointer b)
{
  const RapportScoreFactor *x = *(RapportScoreFactor * const *) a;
  const RapportScoreFactor *y = *(RapportScoreFactor * const *) b;

  return (x->lean < y->lean) - (x->lean > y->lean);
}

static int
by_lean_up (gconstpointer a,
            gconstpointer b)
{
  return by_lean_down (b, a);
}

/* The strongest @N_SHOWN of @factors that lean the way @keep says. */
static GPtrArray *
strongest (GPtrArray *factors,
           gboolean   for_deal)
{
  g_autoptr(GPtrArray) leaning = g_ptr_array_new ();
  GPtrArray *shown = g_ptr_array_new ();

  for (guint i = 0; i < factors->len; i++)
    {
      RapportScoreFactor *factor = factors->pdata[i];

      if (for_deal ? factor->lean > 0.5 : factor->lean < 0.5)
        g_ptr_array_add (leaning, factor);
    }
  g_ptr_array_sort (leaning, for_deal ? by_lean_down : by_lean_up);
  for (guint i = 0; i < leaning->len && i < N_SHOWN; i++)
    g_ptr_array_add (shown, leaning->pdata[i]);
  return shown;
}

static int
percent_of (guint part,
            guint whole)
{
  return whole > 0 ? (int) floor (100.0 * part / whole + 0.5) : 0;
}

/**
 * rapport_score_evidence_new:
 * @label: (nullable): what a person reads; @value when %NULL
 */
RapportScoreEvidence *
rapport_score_evidence_new (RapportScoreVariable  variable,
                            const char           *value,
                            const char           *label)
{
  RapportScoreEvidence *evidence = g_new0 (RapportScoreEvidence, 1);

  evidence->variable = variable;
  evidence->value = g_strdup (value);
  evidence->label = g_strdup (label != NULL ? label : value);
  return evidence;
}

void
rapport_score_evidence_free (RapportScoreEvidence *evidence)
{
  if (evidence == NULL)
    return;
  g_free (evidence->value);
  g_free (evidence->label);
  g_free (evidence);
}

/**
 * rapport_score_amount_band:
 * @amount: minor units of @currency, not negative
 * @label: (out) (optional): the band as a person reads it, "¥1,000.00–¥9,999.99"
 *
 * Amounts are banded by powers of ten of the currency's major unit, so
 * that bands mean the same in every currency and never mix two of them.
 *
 * Returns: (transfer full): the band, "CNY:3" for 1,000 to 9,999.99 yuan
 */
char *
rapport_score_amount_band (gint64      amount,
                           const char *currency,
                           char      **label)
{
  int exponent = rapport_money_exponent (currency);
  gint64 unit = 1, low, high;
  int band = 0;

  for (int i = 0; i < exponent; i++)
    unit *= 10;
  /* Below one major unit is band 0 with the rest of 1–9.99. */
  for (gint64 major = amount / unit; major >= 10 && band < 15; major /= 10)
    band++;
  if (label != NULL)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      low = unit;
      for (int i = 0; i < band; i++)
        low *= 10;
      high = low * 10 - 1;
      from = rapport_money_format (band == 0 ? 0 : low, currency);
      to = rapport_money_format (high, currency);
      /* Translators: an amount band, "¥1,000.00–¥9,999.99" */
      *label = g_strdup_printf (_("%s–%s"), from, to);
    }
  return g_strdup_printf ("%s:%d", currency, band);
}

RapportScoreModel *
rapport_score_model_new (void)
{
  RapportScoreModel *self = g_new0 (RapportScoreModel, 1);

  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
rapport_score_model_free (RapportScoreModel *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->counts);
  g_free (self);
}

/**
 * rapport_score_model_add:
 * @evidence: (element-type RapportScoreEvidence): what the closed deal had
 * @won: whether it was won, else lost
 *
 * Counts one closed deal. A value given twice counts once.
 */
void
rapport_score_model_add (RapportScoreModel *self,
                         GPtrArray         *evidence,
                         gboolean           won)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_if_fail (self != NULL);

  if (won)
    self->won++;
  else
    self->lost++;
  for (guint i = 0; i < evidence->len; i++)
    {
      RapportScoreEvidence *one = evidence->pdata[i];
      char *key = count_key (one->variable, one->value);
      Counts *counts;

      if (!g_hash_table_add (seen, key))
        continue;
      if (!(counts = g_hash_table_lookup (self->counts, key)))
        {
          counts = g_new0 (Counts, 1);
          g_hash_table_insert (self->counts, g_strdup (key), counts);
        }
      if (won)
        counts->won++;
      else
        counts->lost++;
    }
}

guint
rapport_score_model_get_won (RapportScoreModel *self)
{
  return self->won;
}

guint
rapport_score_model_get_lost (RapportScoreModel *self)
{
  return self->lost;
}

/**
 * rapport_score_model_is_on:
 *
 * Returns: whether the model has learned enough to score: at least
 *   %RAPPORT_SCORE_MIN_CLOSED closed deals, some won and some lost
 */
gboolean
rapport_score_model_is_on (RapportScoreModel *self)
{
  return self->won + self->lost >= RAPPORT_SCORE_MIN_CLOSED && self->won > 0 && self->lost > 0;
}

/**
 * rapport_score_compute:
 * @status: the deal's status: "open", "won" or "lost"
 * @stage_percent: its stage's probability, 0–100: the score while the
 *   model is off
 * @evidence: (element-type RapportScoreEvidence): what the deal has
 *
 * A closed deal is never scored: won is 100, lost 0, whatever its fields.
 *
 * Returns: (transfer full): the score and its reasons
 */
RapportScore *
rapport_score_compute (RapportScoreModel *self,
                       const char        *status,
                       double             stage_percent,
                       GPtrArray         *evidence)
{
  RapportScore *score = g_new0 (RapportScore, 1);
  double log_odds;

  score->won = self->won;
  score->lost = self->lost;
  score->factors = g_ptr_array_new_with_free_func (factor_free);
  score->new_values = g_ptr_array_new_with_free_func (factor_free);

  if (g_strcmp0 (status, "won") == 0 || g_strcmp0 (status, "lost") == 0)
    {
      score->kind = g_str_equal (status, "won") ? RAPPORT_SCORE_WON : RAPPORT_SCORE_LOST;
      score->percent = score->kind == RAPPORT_SCORE_WON ? 100 : 0;
    }
  else if (!rapport_score_model_is_on (self))
    {
      score->kind = RAPPORT_SCORE_FROM_STAGE;
      score->percent = CLAMP (stage_percent, 0, 100);
    }
  else
    {
      score->kind = RAPPORT_SCORE_LEARNED;
      score->prior_weight = log ((double) self->won / self->lost);
      log_odds = score->prior_weight;
      for (guint i = 0; i < evidence->len; i++)
        {
          RapportScoreEvidence *one = evidence->pdata[i];
          g_autofree char *key = count_key (one->variable, one->value);
          Counts *counts = g_hash_table_lookup (self->counts, key);
          RapportScoreFactor *factor = g_new0 (RapportScoreFactor, 1);
          double p_won, p_lost;

          factor->variable = one->variable;
          factor->label = g_strdup (one->label);
          if (counts == NULL)
            {
              g_ptr_array_add (score->new_values, factor);
              continue;
            }
          /* A tag carried by few closed deals says more about chance than the deal. */
          if (one->variable == RAPPORT_SCORE_TAG &&
              counts->won + counts->lost < RAPPORT_SCORE_MIN_CLOSED)
            {
              factor_free (factor);
              continue;
            }
          factor->won = counts->won;
          factor->closed = counts->won + counts->lost;
          p_won = (counts->won + SMOOTHING) / (self->won + SMOOTHING);
          p_lost = (counts->lost + SMOOTHING) / (self->lost + SMOOTHING);
          factor->lean = p_won / (p_won + p_lost);
          factor->weight = log (p_won / p_lost);
          log_odds += factor->weight;
          g_ptr_array_add (score->factors, factor);
        }
      score->percent = CLAMP (100.0 / (1.0 + exp (-log_odds)), MIN_PERCENT, MAX_PERCENT);
    }
  score->for_factors = strongest (score->factors, TRUE);
  score->against_factors = strongest (score->factors, FALSE);
  return score;
}

void
rapport_score_free (RapportScore *score)
{
  if (score == NULL)
    return;
  g_ptr_array_unref (score->for_factors);
  g_ptr_array_unref (score->against_factors);
  g_ptr_array_unref (score->new_values);
  g_ptr_array_unref (score->factors);
  g_free (score);
}

/**
 * rapport_score_get_rounded:
 *
 * Returns: the score as it is shown, a whole percent: a learned score is
 *   never shown as 0 or 100, which only closed deals are
 */
int
rapport_score_get_rounded (RapportScore *score)
{
  int rounded = (int) floor (score->percent + 0.5);

  if (score->kind == RAPPORT_SCORE_LEARNED)
    rounded = CLAMP (rounded, 1, 99);
  return rounded;
}

/**
 * rapport_score_describe:
 *
 * Returns: (transfer full): where the score comes from, in a sentence
 */
char *
rapport_score_describe (RapportScore *score)
{
  switch (score->kind)
    {
    case RAPPORT_SCORE_WON:
      return g_strdup (_("Won: a closed deal is not scored again"));
    case RAPPORT_SCORE_LOST:
      return g_strdup (_("Lost: a closed deal is not scored again"));
    case RAPPORT_SCORE_FROM_STAGE:
      /* Translators: the engine is off; the score is the stage's probability */
      return g_strdup_printf (_("Not enough history: %u won / %u lost"), score->won, score->lost);
    case RAPPORT_SCORE_LEARNED:
    default:
      return g_strdup_printf (_("Learned from this pipeline’s closed deals: %u won / %u lost"),
                              score->won, score->lost);
    }
}

/* Each variable's sentence, with the value and the counts. */
#define SAY(format) \
  g_strdup_printf (format, factor->label, factor->won, factor->closed, \
                   percent_of (factor->won, factor->closed), overall)

static char *
factor_sentence (RapportScoreFactor *factor,
                 int                 overall)
{
  switch (factor->variable)
    {
    case RAPPORT_SCORE_STAGE:
      /* Translators: "Stage = Proposal: 34 of 40 closed deals that reached this stage were won
       * (85 %) against 46 % overall" */
      return SAY (g_dngettext (GETTEXT_PACKAGE,
                               "Stage = %s: %u of %u closed deal that reached this stage was won (%d %%) against %d %% overall",
                               "Stage = %s: %u of %u closed deals that reached this stage were won (%d %%) against %d %% overall",
                               factor->closed));
    case RAPPORT_SCORE_SOURCE:
      return SAY (g_dngettext (GETTEXT_PACKAGE,
                               "Source = %s: %u of %u closed deal from this source was won (%d %%) against %d %% overall",
                               "Source = %s: %u of %u closed deals from this source were won (%d %%) against %d %% overall",
                               factor->closed));
    case RAPPORT_SCORE_CURRENCY:
      return SAY (g_dngettext (GETTEXT_PACKAGE,
                               "Currency = %s: %u of %u closed deal in this currency was won (%d %%) against %d %% overall",
                               "Currency = %s: %u of %u closed deals in this currency were won (%d %%) against %d %% overall",
                               factor->closed));
    case RAPPORT_SCORE_INDUSTRY:
      return SAY (g_dngettext (GETTEXT_PACKAGE,
                               "Industry = %s: %u of %u closed deal in this industry was won (%d %%) against %d %% overall",
                               "Industry = %s: %u of %u closed deals in this industry were won (%d %%) against %d %% overall",
                               factor->closed));
    case RAPPORT_SCORE_AMOUNT_BAND:
      return SAY (g_dngettext (GETTEXT_PACKAGE,
                               "Amount = %s: %u of %u closed deal of this size was won (%d %%) against %d %% overall",
                               "Amount = %s: %u of %u closed deals of this size were won (%d %%) against %d %% overall",
                               factor->closed));
    case RAPPORT_SCORE_OWNER:
      return SAY (g_dngettext (GETTEXT_PACKAGE,
                               "Owner = %s: %u of %u closed deal of this owner was won (%d %%) against %d %% overall",
                               "Owner = %s: %u of %u closed deals of this owner were won (%d %%) against %d %% overall",
                               factor->closed));
    case RAPPORT_SCORE_TAG:
    default:
      return SAY (g_dngettext (GETTEXT_PACKAGE,
                               "Tag = %s: %u of %u closed deal with this tag was won (%d %%) against %d %% overall",
                               "Tag = %s: %u of %u closed deals with this tag were won (%d %%) against %d %% overall",
                               factor->closed));
    }
}

static const char *
variable_label (RapportScoreVariable variable)
{
  /* clang-format off */
  static const char * const labels[] = {
    N_("Stage"), N_("Source"), N_("Currency"), N_("Industry"), N_("Amount"), N_("Owner"), N_("Tag"),
  };
  /* clang-format on */
  G_STATIC_ASSERT (G_N_ELEMENTS (labels) == RAPPORT_SCORE_N_VARIABLES);

  return _(labels[variable]);
}

/**
 * rapport_score_factor_describe:
 * @factor: one of @score's factors or new values
 *
 * Returns: (transfer full): the factor in a sentence with its counts, or
 *   saying that the value is new and left out
 */
char *
rapport_score_factor_describe (RapportScore       *score,
                               RapportScoreFactor *factor)
{
  if (factor->closed == 0)
    /* Translators: "Source = Podcast: a new value, not in any closed deal; left out" */
    return g_strdup_printf (_("%s = %s: a new value, not in any closed deal; left out"),
                            variable_label (factor->variable), factor->label);
  return factor_sentence (factor, percent_of (score->won, score->won + score->lost));
}

/**
 * rapport_score_variable_name:
 *
 * Returns: the variable's name in JSON: "source", "amount_band" …
 */
const char *
rapport_score_variable_name (RapportScoreVariable variable)
{
  g_return_val_if_fail (variable < RAPPORT_SCORE_N_VARIABLES, NULL);

  return variable_names[variable];
}
