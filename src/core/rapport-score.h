/* rapport-score.h: a deal's chance of being won, learned from the pipeline's closed deals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the engine looks at: fields known when a deal is made, and the
 * stage it has reached (SPEC.md §3.3). */
typedef enum {
  RAPPORT_SCORE_STAGE,
  RAPPORT_SCORE_SOURCE,
  RAPPORT_SCORE_CURRENCY,
  RAPPORT_SCORE_INDUSTRY,
  RAPPORT_SCORE_AMOUNT_BAND,
  RAPPORT_SCORE_OWNER,
  RAPPORT_SCORE_TAG,
  RAPPORT_SCORE_N_VARIABLES,
} RapportScoreVariable;

/* Closed deals the engine needs before it learns; also how many closed
 * deals a tag needs before it counts. */
#define RAPPORT_SCORE_MIN_CLOSED 50

typedef enum {
  RAPPORT_SCORE_LEARNED,      /* from the model */
  RAPPORT_SCORE_FROM_STAGE,   /* not enough history: the stage's probability */
  RAPPORT_SCORE_WON,          /* closed: never scored again */
  RAPPORT_SCORE_LOST,
} RapportScoreKind;

/* One value of one variable on one deal. */
typedef struct
{
  RapportScoreVariable variable;
  char                *value;  /* (owned): what is counted: an id, a code, a text */
  char                *label;  /* (owned): what a person reads */
} RapportScoreEvidence;

typedef struct _RapportScoreModel RapportScoreModel;

/* A factor of a score: one value and how the closed deals with it went. */
typedef struct
{
  RapportScoreVariable variable;
  char                *label;    /* (owned) */
  guint                won;      /* closed deals with this value that were won */
  guint                closed;   /* closed deals with this value */
  double               lean;     /* pW / (pW + pL): above 0.5 for, below against */
  double               weight;   /* ln (pW / pL): what it adds to the log-odds */
} RapportScoreFactor;

typedef struct
{
  RapportScoreKind kind;
  double           percent;       /* 0–100; 0.01–99.99 when learned */
  guint            won;           /* closed deals the model learned from */
  guint            lost;
  double           prior_weight;  /* ln (P(won) / P(lost)) */
  GPtrArray       *for_factors;   /* (element-type RapportScoreFactor): strongest first, ≤ 3 */
  GPtrArray       *against_factors;
  GPtrArray       *new_values;    /* (element-type RapportScoreFactor): never seen, left out */
  GPtrArray       *factors;       /* (element-type RapportScoreFactor): every one counted */
} RapportScore;

RapportScoreEvidence *rapport_score_evidence_new   (RapportScoreVariable  variable,
                                                    const char           *value,
                                                    const char           *label);
void                  rapport_score_evidence_free  (RapportScoreEvidence *evidence);
char                 *rapport_score_amount_band    (gint64                amount,
                                                    const char           *currency,
                                                    char                **label);

RapportScoreModel    *rapport_score_model_new      (void);
void                  rapport_score_model_free     (RapportScoreModel    *self);
void                  rapport_score_model_add      (RapportScoreModel    *self,
                                                    GPtrArray            *evidence,
                                                    gboolean              won);
guint                 rapport_score_model_get_won  (RapportScoreModel    *self);
guint                 rapport_score_model_get_lost (RapportScoreModel    *self);
gboolean              rapport_score_model_is_on    (RapportScoreModel    *self);

RapportScore         *rapport_score_compute        (RapportScoreModel    *self,
                                                    const char           *status,
                                                    double                stage_percent,
                                                    GPtrArray            *evidence);
void                  rapport_score_free           (RapportScore         *score);
int                   rapport_score_get_rounded    (RapportScore         *score);
char                 *rapport_score_describe       (RapportScore         *score);
char                 *rapport_score_factor_describe (RapportScore        *score,
                                                     RapportScoreFactor  *factor);
const char           *rapport_score_variable_name  (RapportScoreVariable  variable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportScoreEvidence, rapport_score_evidence_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportScoreModel, rapport_score_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportScore, rapport_score_free)

G_END_DECLS
