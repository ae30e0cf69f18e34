/* rapport-pipeline.h: the deal board of a pipeline, and moving deals on it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-query.h"

G_BEGIN_DECLS

#define RAPPORT_PIPELINE_ERROR (rapport_pipeline_error_quark ())

/**
 * RapportPipelineError:
 * @RAPPORT_PIPELINE_ERROR_STAGE_NOT_EMPTY: a stage that still holds deals
 *   cannot be removed
 */
typedef enum
{
  RAPPORT_PIPELINE_ERROR_STAGE_NOT_EMPTY,
} RapportPipelineError;

GQuark rapport_pipeline_error_quark (void);

/* The deals of one currency in a column. Amounts are minor units. */
typedef struct
{
  char   *currency;  /* (owned) (nullable): deals without a currency */
  guint   count;
  gint64  amount;    /* the sum of the amounts */
  gint64  weighted;  /* the sum of amount × probability / 100, rounded */
} RapportMoneyTotal;

typedef struct
{
  char      *stage_id;     /* (owned) */
  char      *name;         /* (owned) */
  char      *kind;         /* (owned): "open", "won" or "lost" */
  gint64     position;
  gint64     probability;  /* the stage's, 0–100 */
  guint      count;        /* deals in every currency */
  GPtrArray *totals;       /* (owned) (element-type RapportMoneyTotal): by currency code */
  gint64     rotten_days;  /* the stage's; 0: its deals never go stale */
  GHashTable *stale_ids;   /* (owned) (nullable): the ids of its stale deals, when it has any */
} RapportBoardColumn;

void          rapport_money_total_free      (RapportMoneyTotal  *total);
void          rapport_board_column_free     (RapportBoardColumn *column);

GPtrArray    *rapport_store_list_pipelines  (RapportStore *store,
                                             GError      **error);
GPtrArray    *rapport_store_list_stages     (RapportStore *store,
                                             const char   *pipeline_id,
                                             GError      **error);
GPtrArray    *rapport_store_load_board      (RapportStore *store,
                                             const char   *pipeline_id,
                                             const char   *owner_id,
                                             GError      **error);
RapportQuery *rapport_board_column_query    (const char   *stage_id,
                                             const char   *owner_id);

JsonObject   *rapport_deal_move_to_stage    (RapportStore *store,
                                             const char   *deal_id,
                                             const char   *stage_id,
                                             const char   *lost_reason,
                                             GError      **error);
gboolean      rapport_store_reorder_stages  (RapportStore       *store,
                                             const char * const *stage_ids,
                                             GError            **error);
gboolean      rapport_store_remove_stage    (RapportStore *store,
                                             const char   *stage_id,
                                             GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportMoneyTotal, rapport_money_total_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportBoardColumn, rapport_board_column_free)

G_END_DECLS
