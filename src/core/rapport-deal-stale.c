/* rapport-deal-stale.c: deals nobody has worked on for their stage's rotten_days
 *
 * A deal is stale (SPEC.md §2.3, "rotting", after Pipedrive) when it is
 * open and, in its stage's rotten_days, nothing happened to it: no
 * activity on it took place (a planned one, dated ahead, is not work
 * done), no change of stage, amount, close date, owner, status or forecast
 * category (each of which the server records as a deal_stage_event), and
 * it was not created in that time. Days are whole, as the filter
 * language's "in last N days" counts them: from the start of the day N
 * days ago. The test is a
 * filter of the filter language, so the client's store and the server's
 * database answer it with the same SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-deal-stale"

#include "config.h"

#include "rapport-deal-stale.h"
#include "rapport-json.h"

/**
 * rapport_deal_stale_filter:
 * @stage_id: a stage whose rotten_days is @rotten_days (> 0)
 * @now: the time the deals are stale at, in the zone whose days count; the
 *   filter must be evaluated at the same time, in the same zone
 *
 * Returns: (transfer full) (nullable): the stale deals of @stage_id
 */
RapportFilter *
rapport_deal_stale_filter (const char *stage_id,
                           gint64      rotten_days,
                           GDateTime  *now,
                           GError    **error)
{
  g_autoptr(GDateTime) back = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) start_utc = NULL;
  g_autofree char *created_before = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (rotten_days > 0, NULL);
  /* "in last N days" begins at the start of the day N days ago, in the
   * zone of @now: so does the test of the creation. */
  back = g_date_time_add_days (now, -(int) rotten_days);
  start = g_date_time_new (g_date_time_get_timezone (now), g_date_time_get_year (back),
                           g_date_time_get_month (back), g_date_time_get_day_of_month (back), 0, 0, 0);
  start_utc = g_date_time_to_utc (start);
  created_before = g_date_time_format (start_utc, "%Y-%m-%dT%H:%M:%SZ");
  text = g_strdup_printf ("status = open and stage_id = \"%s\" and created_at < \"%s\""
                          " and has no activity where occurred_at in last %" G_GINT64_FORMAT " days"
                          " and has no deal_stage_event where occurred_at in last %" G_GINT64_FORMAT
                          " days",
                          stage_id, created_before, rotten_days, rotten_days);
  return rapport_filter_parse (rapport_entity_lookup ("deal"), text, error);
}

/**
 * rapport_deal_touched_at:
 * @record: a deal, or an activity or deal_stage_event of one
 *
 * Returns: (nullable): when @record last touched its deal: an activity or
 *   an event when it occurred, the deal itself when it was created. The
 *   latest of these over a deal is when its stale spell began.
 */
const char *
rapport_deal_touched_at (JsonObject *record)
{
  const char *occurred = rapport_json_get_string (record, "occurred_at");

  return occurred != NULL ? occurred : rapport_json_get_string (record, "created_at");
}
