/* rapport-score-db.h: the win-chance model, trained from and applied to a database of records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "rapport-report.h"
#include "rapport-score.h"

G_BEGIN_DECLS

RapportScoreModel *rapport_score_db_train         (sqlite3           *db,
                                                   const char        *pipeline_id,
                                                   GError           **error);
gboolean           rapport_score_db_deal_pipeline (sqlite3           *db,
                                                   const char        *deal_id,
                                                   char             **pipeline_id,
                                                   GError           **error);
RapportScore      *rapport_score_db_deal          (sqlite3           *db,
                                                   RapportScoreModel *model,
                                                   const char        *deal_id,
                                                   GError           **error);
GHashTable        *rapport_score_db_open_deals    (sqlite3           *db,
                                                   GError           **error);
GHashTable        *rapport_score_db_open_deals_among (sqlite3        *db,
                                                      GHashTable     *only,
                                                      GError        **error);

G_END_DECLS
