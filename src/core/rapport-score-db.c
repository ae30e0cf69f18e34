/* rapport-score-db.c: the win-chance model, trained from and applied to a database of records
 *
 * Reads tables laid out as the local store lays them out (as the reports
 * do, rapport-report-db.c). A closed deal teaches the model its current
 * outcome only: a deal reopened from won is open, and no longer counts as
 * won the next time the model is trained (odoo/odoo#84259). The stages a
 * deal reached come from its history, so that pipeline-specific stages
 * count (odoo/odoo#201256); a move that lost a merge never happened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-score"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-report-private.h"
#include "rapport-score-db.h"

/* The fields known when a deal is made, in the columns evidence_from_row() reads. */
#define FIELDS_SELECT                                                                        \
  "d.id, d.status, d.currency, d.amount, d.owner_id, coalesce(u.display_name, u.name),"      \
  " d.tags, c.source, co.industry"
#define FIELDS_FROM                                                                          \
  " FROM deals d LEFT JOIN users u ON u.id = d.owner_id"                                     \
  " LEFT JOIN contacts c ON c.id = d.contact_id LEFT JOIN companies co ON co.id = d.company_id"
#define N_FIELD_COLUMNS 9

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL && *text != '\0' ? text : NULL;
}

static void
add (GPtrArray            *evidence,
     RapportScoreVariable  variable,
     const char           *value,
     const char           *label)
{
  if (value != NULL)
    g_ptr_array_add (evidence, rapport_score_evidence_new (variable, value, label));
}

/* The tags column holds a JSON array of strings. */
static void
add_tags (GPtrArray  *evidence,
          const char *tags)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonArray *array;

  /* Most deals have none: no parser for them. */
  if (tags == NULL || g_str_equal (tags, "[]"))
    return;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, tags, -1, NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_ARRAY (root))
    return;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        add (evidence, RAPPORT_SCORE_TAG, json_node_get_string (node), NULL);
    }
}

/* @labelled: with what a person reads; training needs only the values. */
static GPtrArray *
evidence_from_row (sqlite3_stmt *stmt,
                   gboolean      labelled)
{
  GPtrArray *evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_score_evidence_free);
  const char *currency = column_text (stmt, 2);

  add (evidence, RAPPORT_SCORE_SOURCE, column_text (stmt, 7), NULL);
  add (evidence, RAPPORT_SCORE_CURRENCY, currency, NULL);
  add (evidence, RAPPORT_SCORE_INDUSTRY, column_text (stmt, 8), NULL);
  if (currency != NULL && sqlite3_column_type (stmt, 3) == SQLITE_INTEGER &&
      sqlite3_column_int64 (stmt, 3) >= 0)
    {
      g_autofree char *label = NULL;
      g_autofree char *band = rapport_score_amount_band (sqlite3_column_int64 (stmt, 3), currency,
                                                         labelled ? &label : NULL);

      add (evidence, RAPPORT_SCORE_AMOUNT_BAND, band, label);
    }
  add (evidence, RAPPORT_SCORE_OWNER, column_text (stmt, 4), column_text (stmt, 5));
  add_tags (evidence, column_text (stmt, 6));
  return evidence;
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql,
         GError    **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      rapport_report_step_error (db, SQLITE_ERROR, error);
      return NULL;
    }
  return stmt;
}

/**
 * rapport_score_db_train:
 * @pipeline_id: (nullable): the pipeline whose closed deals teach the
 *   model; %NULL for deals without one
 *
 * Returns: (transfer full): the model, or %NULL with @error set
 */
RapportScoreModel *
rapport_score_db_train (sqlite3    *db,
                        const char *pipeline_id,
                        GError    **error)
{
  g_autoptr(RapportScoreModel) model = rapport_score_model_new ();
  g_autoptr(GHashTable) reached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  sqlite3_stmt *stmt;
  int rc;

  /* Every open stage each closed deal was in: where it came from and where it went. */
  if (!(stmt = prepare (db,
                        "SELECT deal_id, to_stage_id, status = 'open', from_stage_id,"
                        "   from_status = 'open'"
                        " FROM deal_stage_events"
                        " WHERE deal_id IN (SELECT id FROM deals WHERE pipeline_id IS ?1"
                        "                   AND status IN ('won', 'lost'))"
                        "   AND NOT coalesce(superseded, 0)",
                        error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, pipeline_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *deal_id = column_text (stmt, 0);
      GPtrArray *stages = g_hash_table_lookup (reached, deal_id);

      if (stages == NULL)
        {
          stages = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_score_evidence_free);
          g_hash_table_insert (reached, g_strdup (deal_id), stages);
        }
      if (sqlite3_column_int (stmt, 2))
        add (stages, RAPPORT_SCORE_STAGE, column_text (stmt, 1), NULL);
      if (sqlite3_column_int (stmt, 4))
        add (stages, RAPPORT_SCORE_STAGE, column_text (stmt, 3), NULL);
    }
  sqlite3_finalize (stmt);
  if (!rapport_report_step_error (db, rc, error))
    return NULL;

  if (!(stmt = prepare (db,
                        "SELECT " FIELDS_SELECT FIELDS_FROM
                        " WHERE d.pipeline_id IS ?1 AND d.status IN ('won', 'lost')",
                        error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, pipeline_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GPtrArray) evidence = evidence_from_row (stmt, FALSE);
      GPtrArray *stages = g_hash_table_lookup (reached, column_text (stmt, 0));

      for (guint i = 0; stages != NULL && i < stages->len; i++)
        {
          RapportScoreEvidence *stage = stages->pdata[i];

          add (evidence, stage->variable, stage->value, stage->label);
        }
      rapport_score_model_add (model, evidence,
                               g_strcmp0 (column_text (stmt, 1), "won") == 0);
    }
  sqlite3_finalize (stmt);
  if (!rapport_report_step_error (db, rc, error))
    return NULL;
  return g_steal_pointer (&model);
}

/**
 * rapport_score_db_deal_pipeline:
 * @pipeline_id: (out) (transfer full) (nullable): the deal's pipeline
 *
 * Returns: %FALSE with @error set when there is no such deal
 */
gboolean
rapport_score_db_deal_pipeline (sqlite3    *db,
                                const char *deal_id,
                                char      **pipeline_id,
                                GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = prepare (db, "SELECT pipeline_id FROM deals WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, deal_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *pipeline_id = g_strdup (column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, RAPPORT_REPORT_ERROR, RAPPORT_REPORT_ERROR_NOT_FOUND,
                   _("There is no deal “%s”"), deal_id);
      return FALSE;
    }
  return rapport_report_step_error (db, rc == SQLITE_ROW ? SQLITE_DONE : rc, error);
}

static RapportScore *
score_row (RapportScoreModel *model,
           sqlite3_stmt      *stmt,
           gboolean           labelled)
{
  g_autoptr(GPtrArray) evidence = evidence_from_row (stmt, labelled);
  double stage_percent = sqlite3_column_double (stmt, N_FIELD_COLUMNS + 2);

  /* The stage it is in now: open deals have reached no later one. */
  add (evidence, RAPPORT_SCORE_STAGE, column_text (stmt, N_FIELD_COLUMNS),
       column_text (stmt, N_FIELD_COLUMNS + 1));
  return rapport_score_compute (model, column_text (stmt, 1), stage_percent, evidence);
}

/* clang-format off */
#define SCORE_SELECT                                                                       \
  "SELECT " FIELDS_SELECT ", d.stage_id, s.name, coalesce(s.probability, 0), d.pipeline_id" \
  FIELDS_FROM " LEFT JOIN stages s ON s.id = d.stage_id"
/* clang-format on */

/**
 * rapport_score_db_deal:
 * @model: (nullable): the model of the deal's pipeline; trained here when %NULL
 *
 * Returns: (transfer full): the deal's score and its reasons, or %NULL
 *   with @error set (%RAPPORT_REPORT_ERROR_NOT_FOUND: no such deal)
 */
RapportScore *
rapport_score_db_deal (sqlite3           *db,
                       RapportScoreModel *model,
                       const char        *deal_id,
                       GError           **error)
{
  g_autoptr(RapportScoreModel) trained = NULL;
  RapportScore *score = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (model == NULL)
    {
      g_autofree char *pipeline_id = NULL;

      if (!rapport_score_db_deal_pipeline (db, deal_id, &pipeline_id, error) ||
          !(trained = rapport_score_db_train (db, pipeline_id, error)))
        return NULL;
      model = trained;
    }
  if (!(stmt = prepare (db, SCORE_SELECT " WHERE d.id = ?1", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, deal_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    score = score_row (model, stmt, TRUE);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, RAPPORT_REPORT_ERROR, RAPPORT_REPORT_ERROR_NOT_FOUND,
                 _("There is no deal “%s”"), deal_id);
  else if (rc != SQLITE_ROW)
    rapport_report_step_error (db, rc, error);
  return score;
}

/**
 * rapport_score_db_open_deals:
 *
 * Scores every open deal, each with its pipeline's model, trained once.
 *
 * Returns: (transfer full) (element-type utf8 gint): deal id → the score
 *   as shown, a whole percent (GINT_TO_POINTER()), or %NULL with @error set
 */
GHashTable *
rapport_score_db_open_deals (sqlite3 *db,
                             GError **error)
{
  return rapport_score_db_open_deals_among (db, NULL, error);
}

/**
 * rapport_score_db_open_deals_among:
 * @only: (nullable) (element-type utf8 utf8): the deals to score, as
 *   keys; %NULL for every open deal
 *
 * Scores the open deals of @only; only their pipelines' models are
 * trained.
 *
 * Returns: (transfer full) (element-type utf8 gint): as
 *   rapport_score_db_open_deals()
 */
GHashTable *
rapport_score_db_open_deals_among (sqlite3    *db,
                                   GHashTable *only,
                                   GError    **error)
{
  g_autoptr(GHashTable) scores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) models = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) rapport_score_model_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = prepare (db, SCORE_SELECT " WHERE d.status = 'open' ORDER BY d.pipeline_id", error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *pipeline_id = column_text (stmt, N_FIELD_COLUMNS + 3);
      g_autoptr(RapportScore) score = NULL;
      RapportScoreModel *model;

      if (only != NULL && !g_hash_table_contains (only, column_text (stmt, 0)))
        continue;
      if (!(model = g_hash_table_lookup (models, pipeline_id != NULL ? pipeline_id : "")))
        {
          if (!(model = rapport_score_db_train (db, pipeline_id, error)))
            {
              sqlite3_finalize (stmt);
              return NULL;
            }
          g_hash_table_insert (models, g_strdup (pipeline_id != NULL ? pipeline_id : ""), model);
        }
      score = score_row (model, stmt, FALSE);
      g_hash_table_insert (scores, g_strdup (column_text (stmt, 0)),
                           GINT_TO_POINTER (rapport_score_get_rounded (score)));
    }
  sqlite3_finalize (stmt);
  if (!rapport_report_step_error (db, rc, error))
    return NULL;
  return g_steal_pointer (&scores);
}
