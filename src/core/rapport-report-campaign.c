/* rapport-report-campaign.c: what each marketing campaign brought
 *
 * SPEC.md §7.3. For each campaign (of one owner, with the owner filter;
 * only one, with the campaign filter, for the campaign's page):
 * its members by status; its members, those who ever responded and the
 * response rate; the deals whose primary campaign source it is, open, won
 * and lost, and the amount won, per currency; and its return on
 * investment, ROI = (won − actual cost) / actual cost, only in the
 * campaign's own currency: null ("—") when the cost is 0 or unknown, or
 * for deals in another currency, which no rate converts here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-report"

#include "config.h"

#include "rapport-report-private.h"

typedef struct
{
  const char *id;
  const char *name;
  const char *currency;   /* (nullable) */
  gint64      cost;       /* -1: none */
  gint64      members;
  gint64      responded;
} Campaign;

static JsonObject *
campaign_row (const Campaign *campaign,
              const char     *group)
{
  JsonObject *row = json_object_new ();

  json_object_set_string_member (row, "group", group);
  json_object_set_string_member (row, "campaign", campaign->name);
  return row;
}

/* @sql with its :campaign bound to @campaign's id. */
static sqlite3_stmt *
prepare_for (sqlite3                   *db,
             const char                *sql,
             const Campaign            *campaign,
             const RapportReportFilter *filter,
             GError                   **error)
{
  sqlite3_stmt *stmt = rapport_report_prepare (db, sql, filter, error);

  if (stmt != NULL)
    sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":campaign"), campaign->id, -1,
                       SQLITE_STATIC);
  return stmt;
}

static gboolean
add_statuses (sqlite3                   *db,
              const Campaign            *campaign,
              const RapportReportFilter *filter,
              GPtrArray                 *rows,
              GError                   **error)
{
  sqlite3_stmt *stmt = prepare_for (db,
                                    "SELECT status, count(*) FROM campaign_members"
                                    "  WHERE campaign_id = :campaign GROUP BY status ORDER BY status",
                                    campaign, filter, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *row = campaign_row (campaign, "status");

      rapport_report_set_text (row, "status", stmt, 0);
      rapport_report_set_int (row, "members", stmt, 1);
      g_ptr_array_add (rows, row);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE || rapport_report_step_error (db, rc, error);
}

/* The money row of @campaign in @currency; the cost and ROI only in the
 * campaign's own currency. */
static JsonObject *
money_row (const Campaign *campaign,
           const char     *currency,
           gint64          open,
           gint64          won,
           gint64          lost,
           gint64          won_amount)
{
  JsonObject *row = campaign_row (campaign, "campaign");
  gboolean own = currency != NULL && g_strcmp0 (currency, campaign->currency) == 0;

  if (currency != NULL)
    json_object_set_string_member (row, "currency", currency);
  else
    json_object_set_null_member (row, "currency");
  json_object_set_int_member (row, "members", campaign->members);
  json_object_set_int_member (row, "responded", campaign->responded);
  rapport_report_set_share (row, "response_rate", campaign->responded, campaign->members);
  json_object_set_int_member (row, "deals_open", open);
  json_object_set_int_member (row, "deals_won", won);
  json_object_set_int_member (row, "deals_lost", lost);
  json_object_set_int_member (row, "won_amount", won_amount);
  if (own && campaign->cost >= 0)
    json_object_set_int_member (row, "actual_cost", campaign->cost);
  else
    json_object_set_null_member (row, "actual_cost");
  /* ROI in percent, to one decimal: (won − cost) / cost. */
  if (own && campaign->cost > 0)
    json_object_set_double_member (row, "roi",
                                   rapport_report_round ((double) (won_amount - campaign->cost) *
                                                         1000.0 / campaign->cost) / 10.0);
  else
    json_object_set_null_member (row, "roi");
  return row;
}

static gboolean
add_money (sqlite3                   *db,
           const Campaign            *campaign,
           const RapportReportFilter *filter,
           GPtrArray                 *rows,
           GError                   **error)
{
  sqlite3_stmt *stmt = prepare_for (
    db,
    "SELECT currency, sum (status = 'open'), sum (status = 'won'), sum (status = 'lost'),"
    "  coalesce (sum (CASE WHEN status = 'won' THEN amount END), 0)"
    "  FROM deals WHERE campaign_id = :campaign GROUP BY currency ORDER BY currency",
    campaign, filter, error);
  gboolean own_seen = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *currency = (const char *) sqlite3_column_text (stmt, 0);

      own_seen |= g_strcmp0 (currency, campaign->currency) == 0;
      g_ptr_array_add (rows, money_row (campaign, currency, sqlite3_column_int64 (stmt, 1),
                                        sqlite3_column_int64 (stmt, 2),
                                        sqlite3_column_int64 (stmt, 3),
                                        sqlite3_column_int64 (stmt, 4)));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rapport_report_step_error (db, rc, error);
  /* A campaign that won nothing in its own currency still shows its cost. */
  if (!own_seen)
    g_ptr_array_add (rows, money_row (campaign, campaign->currency, 0, 0, 0, 0));
  return TRUE;
}

gboolean
rapport_report_campaign (sqlite3                   *db,
                         const RapportReportFilter *filter,
                         GPtrArray                 *rows,
                         GError                   **error)
{
  sqlite3_stmt *stmt = rapport_report_prepare (
    db,
    "SELECT c.id, c.name, c.currency, coalesce (c.actual_cost, -1),"
    "  (SELECT count(*) FROM campaign_members m WHERE m.campaign_id = c.id),"
    "  (SELECT count(*) FROM campaign_members m WHERE m.campaign_id = c.id"
    "     AND m.first_responded_at IS NOT NULL)"
    "  FROM campaigns c WHERE (:owner IS NULL OR c.owner_id = :owner)"
    "    AND (:campaign_id IS NULL OR c.id = :campaign_id)"
    RAPPORT_REPORT_TEAM_FILTER ("c.owner_id")
    "  ORDER BY c.name, c.id",
    filter, error);
  gboolean ok = TRUE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Campaign campaign = {
        (const char *) sqlite3_column_text (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
        (const char *) sqlite3_column_text (stmt, 2), sqlite3_column_int64 (stmt, 3),
        sqlite3_column_int64 (stmt, 4), sqlite3_column_int64 (stmt, 5),
      };

      ok = add_money (db, &campaign, filter, rows, error) &&
           add_statuses (db, &campaign, filter, rows, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = rapport_report_step_error (db, rc, error);
  sqlite3_finalize (stmt);
  return ok;
}
