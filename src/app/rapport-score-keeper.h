/* rapport-score-keeper.h: deals' win chances kept fresh as deals change
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SCORE_KEEPER (rapport_score_keeper_get_type ())
G_DECLARE_FINAL_TYPE (RapportScoreKeeper, rapport_score_keeper, RAPPORT, SCORE_KEEPER, GObject)

RapportScoreKeeper *rapport_score_keeper_new       (void);
void                rapport_score_keeper_set_store (RapportScoreKeeper *self,
                                                    RapportStore       *store);

G_END_DECLS
