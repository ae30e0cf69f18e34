/* rapport-pipeline.c: the deal board of a pipeline, and moving deals on it
 *
 * A board has one column per stage, in position order. Its header figures
 * (count, total, weighted total) are summed by SQLite from a covering index
 * on deals (stage_id, currency, amount, weighted_amount), one group per stage and
 * currency: amounts of different currencies are never added together. On
 * 50,000 deals the six sums of a board take 10–25 ms on two cores. The
 * cards of a column are a lazy snapshot like any other list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-pipeline"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-deal-stage.h"
#include "rapport-deal-stale.h"
#include "rapport-filter-sql.h"
#include "rapport-json.h"
#include "rapport-pipeline-private.h"
#include "rapport-query-private.h"
#include "rapport-store-private.h"
#include "rapport-store-writer.h"
#include "rapport-validate.h"

G_DEFINE_QUARK (rapport-pipeline-error-quark, rapport_pipeline_error)

void
rapport_money_total_free (RapportMoneyTotal *total)
{
  if (total == NULL)
    return;
  g_free (total->currency);
  g_free (total);
}

static char *
format_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

void
rapport_board_column_free (RapportBoardColumn *column)
{
  if (column == NULL)
    return;
  g_free (column->stage_id);
  g_free (column->name);
  g_free (column->kind);
  g_clear_pointer (&column->totals, g_ptr_array_unref);
  g_clear_pointer (&column->stale_ids, g_hash_table_unref);
  g_free (column);
}

/**
 * rapport_store_list_pipelines:
 *
 * Returns: (transfer full) (element-type JsonObject): every pipeline, by
 *   position, then name
 */
GPtrArray *
rapport_store_list_pipelines (RapportStore *store,
                              GError      **error)
{
  g_autoptr(RapportSnapshot) snapshot = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  snapshot = rapport_store_snapshot_sql (store, rapport_entity_lookup ("pipeline"),
                                         "SELECT rowid FROM pipelines"
                                         " ORDER BY coalesce(position, 0), sort_key, rowid",
                                         NULL, 0, error);
  if (snapshot == NULL)
    return NULL;
  return rapport_store_fetch_all (store, snapshot, error);
}

/**
 * rapport_store_list_stages:
 *
 * Returns: (transfer full) (element-type JsonObject): the stages of
 *   @pipeline_id in position order
 */
GPtrArray *
rapport_store_list_stages (RapportStore *store,
                           const char   *pipeline_id,
                           GError      **error)
{
  g_autoptr(RapportSnapshot) snapshot = NULL;
  const char *params[] = { pipeline_id };

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (pipeline_id != NULL, NULL);

  snapshot = rapport_store_snapshot_sql (store, rapport_entity_lookup ("stage"),
                                         "SELECT rowid FROM stages WHERE pipeline_id = ?1"
                                         " ORDER BY coalesce(position, 0), rowid",
                                         params, G_N_ELEMENTS (params), error);
  if (snapshot == NULL)
    return NULL;
  return rapport_store_fetch_all (store, snapshot, error);
}

/**
 * rapport_store_place_new_deal:
 * @deal: a new deal's fields, changed in place
 *
 * Puts a new deal on the board: in its stage, with the stage's pipeline and
 * the status that follows the stage; or, without a stage, in the default
 * one (rapport_deal_default_stage()). Without pipelines, @deal is left as
 * it is. Called by rapport_store_create() on the writer thread, before its
 * transaction: it reads what was committed.
 */
gboolean
rapport_store_place_new_deal (RapportStore *store,
                              JsonObject   *deal,
                              GError      **error)
{
  const char *stage_id = rapport_json_get_string (deal, "stage_id");
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(RapportSnapshot) snapshot = NULL;
  JsonObject *stage;

  if (stage_id != NULL)
    {
      g_autoptr(JsonObject) given = NULL;
      g_autoptr(GError) local_error = NULL;

      given = rapport_store_get (store, "stage", stage_id, &local_error);
      /* An unknown stage may come with the next sync: keep it as it is. */
      if (given != NULL)
        rapport_deal_place_in_stage (deal, given);
      return TRUE;
    }

  if (!(pipelines = rapport_store_list_pipelines (store, error)))
    return FALSE;
  if (pipelines->len == 0)
    return TRUE;
  snapshot = rapport_store_snapshot_sql (store, rapport_entity_lookup ("stage"),
                                         "SELECT rowid FROM stages", NULL, 0, error);
  if (snapshot == NULL || !(stages = rapport_store_fetch_all (store, snapshot, error)))
    return FALSE;
  stage = rapport_deal_default_stage (pipelines, stages, rapport_json_get_string (deal, "status"));
  if (stage != NULL)
    rapport_deal_place_in_stage (deal, stage);
  return TRUE;
}

static const char stages_sql[] =
  "SELECT id, name, coalesce(kind, 'open'), coalesce(position, 0), coalesce(probability, 0),"
  "       coalesce(rotten_days, 0)"
  " FROM stages WHERE pipeline_id = ?1 ORDER BY coalesce(position, 0), rowid";

/* One stage at a time, so that SQLite walks deals_by_stage_totals in
 * currency order and groups without a temporary B-tree: a join of all the
 * stages cost 4× as much on 50,000 deals. */
static const char totals_sql[] =
  "SELECT currency, count(*), coalesce(sum(amount), 0),"
  "       coalesce(sum(coalesce(weighted_amount * 100, amount * ?2)), 0)"
  " FROM deals WHERE stage_id = ?1 GROUP BY currency ORDER BY currency";

static const char owner_totals_sql[] =
  "SELECT currency, count(*), coalesce(sum(amount), 0),"
  "       coalesce(sum(coalesce(weighted_amount * 100, amount * ?2)), 0)"
  " FROM deals WHERE stage_id = ?1 AND owner_id = ?3 GROUP BY currency ORDER BY currency";

/**
 * rapport_money_totals_read:
 * @stmt: a bound query whose rows are (currency, count, sum of amounts, sum
 *   of amounts × probability in percent)
 * @totals: (element-type RapportMoneyTotal): where each row is appended
 *
 * Steps @stmt to its end and resets it; weighted amounts are rounded to
 * the minor unit.
 */
gboolean
rapport_money_totals_read (sqlite3_stmt *stmt,
                           GPtrArray    *totals,
                           GError      **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RapportMoneyTotal *total = g_new0 (RapportMoneyTotal, 1);

      total->currency = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      total->count = sqlite3_column_int (stmt, 1);
      total->amount = sqlite3_column_int64 (stmt, 2);
      total->weighted = (sqlite3_column_int64 (stmt, 3) + 50) / 100;
      g_ptr_array_add (totals, total);
    }
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/* Fills in @column's totals. */
static gboolean
sum_column (RapportStoreConnection *reader,
            RapportBoardColumn     *column,
            const char             *owner_id,
            GError                **error)
{
  sqlite3_stmt *stmt = rapport_store_connection_prepare (reader,
                                                         owner_id ? owner_totals_sql : totals_sql,
                                                         error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, column->stage_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, column->probability);
  if (owner_id != NULL)
    sqlite3_bind_text (stmt, 3, owner_id, -1, SQLITE_TRANSIENT);

  if (!rapport_money_totals_read (stmt, column->totals, error))
    return FALSE;
  for (guint i = 0; i < column->totals->len; i++)
    column->count += ((RapportMoneyTotal *) g_ptr_array_index (column->totals, i))->count;
  return TRUE;
}

/* Fills in @column's stale deals (rapport-deal-stale.c), when its stage
 * has a rotten_days. */
static gboolean
read_stale (RapportStoreConnection *reader,
            RapportBoardColumn     *column,
            GError                **error)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GString) sql = g_string_new ("SELECT t.id FROM deals AS t WHERE ");
  g_autoptr(RapportFilter) filter = NULL;
  RapportFilterContext context = { now, zone, NULL };
  sqlite3_stmt *stmt;
  int rc;

  if (column->rotten_days <= 0)
    return TRUE;
  if (!(filter = rapport_deal_stale_filter (column->stage_id, column->rotten_days, now, error)) ||
      !rapport_filter_to_sql (filter, &rapport_filter_store_dialect, &context, "t", sql, params, error) ||
      !(stmt = rapport_store_connection_prepare (reader, sql->str, error)))
    return FALSE;
  rapport_filter_bind (stmt, params, 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (column->stale_ids == NULL)
        column->stale_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_add (column->stale_ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  return rc == SQLITE_DONE;
}

/**
 * rapport_store_load_board:
 * @pipeline_id: the pipeline shown
 * @owner_id: (nullable): count only this user's deals ("Mine"); %NULL for all
 *
 * Sums each stage's deals. The weighted amount of a deal is its own derived
 * weighted_amount if it has one (rapport_deal_compute()), else its amount
 * times its stage's probability over 100.
 *
 * Returns: (transfer full) (element-type RapportBoardColumn): the columns
 *   in position order, or %NULL with @error set
 */
GPtrArray *
rapport_store_load_board (RapportStore *store,
                          const char   *pipeline_id,
                          const char   *owner_id,
                          GError      **error)
{
  g_autoptr(GPtrArray) columns = NULL;
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (pipeline_id != NULL, NULL);

  rapport_store_writer_check_read ("rapport_store_load_board()");

  columns = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_board_column_free);

  /* The stages and their sums from one snapshot of the database. */
  if (!(reader = rapport_store_begin_read (store, error)))
    return NULL;
  if (!rapport_store_connection_exec (reader, "BEGIN", error) ||
      !(stmt = rapport_store_connection_prepare (reader, stages_sql, error)))
    {
      rapport_store_end_read (store, reader);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, pipeline_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RapportBoardColumn *column = g_new0 (RapportBoardColumn, 1);

      column->stage_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      column->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      column->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      column->position = sqlite3_column_int64 (stmt, 3);
      column->probability = sqlite3_column_int64 (stmt, 4);
      column->rotten_days = sqlite3_column_int64 (stmt, 5);
      column->totals = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_money_total_free);
      g_ptr_array_add (columns, column);
    }
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      ok = FALSE;
    }
  sqlite3_reset (stmt);

  for (guint i = 0; ok && i < columns->len; i++)
    ok = sum_column (reader, g_ptr_array_index (columns, i), owner_id, error) &&
         read_stale (reader, g_ptr_array_index (columns, i), error);
  /* Handing the reader back ends its read transaction. */
  rapport_store_end_read (store, reader);

  if (!ok)
    return NULL;
  return g_steal_pointer (&columns);
}

/**
 * rapport_board_column_query:
 * @owner_id: (nullable): only this user's deals
 *
 * Returns: (transfer full): the query of a column's cards, by name, served
 *   by the deals_by_stage index
 */
RapportQuery *
rapport_board_column_query (const char *stage_id,
                            const char *owner_id)
{
  RapportQuery *query = rapport_query_new ("deal");

  rapport_query_add_filter (query, "stage_id", stage_id);
  if (owner_id != NULL)
    rapport_query_add_filter (query, "owner_id", owner_id);
  rapport_query_set_sort (query, RAPPORT_SORT_NAME);
  return query;
}

/**
 * rapport_deal_move_to_stage:
 * @lost_reason: (nullable): why the deal was lost; required when @stage_id is
 *   a lost stage, unless the deal is lost already and has a reason
 *
 * Moves a deal to a stage, maybe of another pipeline: its status follows the
 * stage's kind, a won or lost stage closes it (closed_at is now, or kept if
 * it was closed the same way already) and an open stage reopens it. The
 * lost reason is kept only while the deal is lost. One edit, one outbox
 * entry; on error nothing is written.
 *
 * Returns: (transfer full): the deal as stored, or %NULL with @error set: a
 *   #RAPPORT_VALIDATION_ERROR naming `lost_reason` when it is missing
 */
JsonObject *
rapport_deal_move_to_stage (RapportStore *store,
                            const char   *deal_id,
                            const char   *stage_id,
                            const char   *lost_reason,
                            GError      **error)
{
  g_autoptr(JsonObject) deal = NULL;
  g_autoptr(JsonObject) stage = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autofree char *reason = NULL;
  const char *kind, *old_status;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (deal_id != NULL && stage_id != NULL, NULL);

  if (!(deal = rapport_store_get (store, "deal", deal_id, error)) ||
      !(stage = rapport_store_get (store, "stage", stage_id, error)))
    return NULL;

  kind = rapport_json_get_string (stage, "kind");
  if (kind == NULL)
    kind = "open";
  old_status = rapport_json_get_string (deal, "status");
  if (old_status == NULL)
    old_status = "open";
  if (lost_reason != NULL)
    reason = g_strstrip (g_strdup (lost_reason));

  json_object_set_string_member (changes, "stage_id", stage_id);
  json_object_set_string_member (changes, "pipeline_id", rapport_json_get_string (stage, "pipeline_id"));
  json_object_set_string_member (changes, "status", kind);

  if (strcmp (kind, "lost") == 0)
    {
      const char *old_reason = rapport_json_get_string (deal, "lost_reason");

      if (reason != NULL && *reason != '\0')
        json_object_set_string_member (changes, "lost_reason", reason);
      else if (strcmp (old_status, "lost") != 0 || old_reason == NULL || *old_reason == '\0')
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, "lost_reason",
                                        _("Say why the deal was lost"));
          return NULL;
        }
    }
  else
    json_object_set_null_member (changes, "lost_reason");

  if (strcmp (kind, "open") == 0)
    json_object_set_null_member (changes, "closed_at");
  else if (strcmp (old_status, kind) != 0 || rapport_json_get_string (deal, "closed_at") == NULL)
    {
      g_autofree char *now = format_now ();

      json_object_set_string_member (changes, "closed_at", now);
    }

  return rapport_store_update (store, "deal", deal_id, changes, error);
}

/**
 * rapport_store_reorder_stages:
 * @stage_ids: (array zero-terminated=1): stages in their new order
 *
 * Numbers the stages 0, 1, 2… in this order, writing only the stages whose
 * position changes.
 */
gboolean
rapport_store_reorder_stages (RapportStore       *store,
                              const char * const *stage_ids,
                              GError            **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (stage_ids != NULL, FALSE);

  for (guint i = 0; stage_ids[i] != NULL; i++)
    {
      g_autoptr(JsonObject) changes = json_object_new ();
      g_autoptr(JsonObject) stage = NULL;

      json_object_set_int_member (changes, "position", i);
      stage = rapport_store_update (store, "stage", stage_ids[i], changes, error);
      if (stage == NULL)
        return FALSE;
    }
  return TRUE;
}

/**
 * rapport_store_remove_stage:
 *
 * Deletes a stage that holds no deal; a stage with deals is kept, with
 * %RAPPORT_PIPELINE_ERROR_STAGE_NOT_EMPTY, so that no deal is left off the
 * board.
 */
gboolean
rapport_store_remove_stage (RapportStore *store,
                            const char   *stage_id,
                            GError      **error)
{
  g_autoptr(RapportQuery) query = NULL;
  g_autoptr(RapportSnapshot) deals = NULL;
  guint n_deals;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (stage_id != NULL, FALSE);

  query = rapport_board_column_query (stage_id, NULL);
  if (!(deals = rapport_store_snapshot (store, query, error)))
    return FALSE;
  n_deals = rapport_snapshot_get_n_rows (deals);
  if (n_deals > 0)
    {
      g_set_error (error, RAPPORT_PIPELINE_ERROR, RAPPORT_PIPELINE_ERROR_STAGE_NOT_EMPTY,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The stage still holds %u deal: move it to another stage first",
                                "The stage still holds %u deals: move them to another stage first",
                                n_deals),
                   n_deals);
      return FALSE;
    }
  return rapport_store_delete (store, "stage", stage_id, error);
}
