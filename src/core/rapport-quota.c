/* rapport-quota.c: sales targets per person or team and period
 *
 * A quota (SPEC.md §2.3) is a target for one person or one team over one
 * calendar month, quarter or year: an amount won in one currency, or a
 * number of deals won. The rules that tie its fields together are checked
 * here, the same on client and server (RapportEntity.check). A team with
 * no quota of its own has the sum of its members' (rapport-report-forecast.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-quota"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "rapport-json.h"
#include "rapport-quota.h"
#include "rapport-validate.h"

/* How many months a period type spans; 0 for none. */
static guint
period_months (const char *period_type)
{
  if (g_strcmp0 (period_type, "month") == 0)
    return 1;
  if (g_strcmp0 (period_type, "quarter") == 0)
    return 3;
  if (g_strcmp0 (period_type, "year") == 0)
    return 12;
  return 0;
}

/**
 * rapport_quota_read_day:
 * @text: (nullable): YYYY-MM-DD
 * @date: (out): the day, cleared when @text is none
 */
gboolean
rapport_quota_read_day (const char *text,
                        GDate      *date)
{
  int year, month, day;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static gboolean
is_set (JsonObject *quota,
        const char *name)
{
  JsonNode *node = json_object_get_member (quota, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

/**
 * rapport_quota_period_end:
 * @period_type: month, quarter or year
 * @period_start: YYYY-MM-DD, the period's first day
 *
 * Returns: (transfer full) (nullable): the day after the period's last
 *   (YYYY-MM-DD), or %NULL when either cannot be read
 */
char *
rapport_quota_period_end (const char *period_type,
                          const char *period_start)
{
  guint months = period_months (period_type);
  GDate date;

  if (months == 0 || !rapport_quota_read_day (period_start, &date))
    return NULL;
  g_date_add_months (&date, months);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/**
 * rapport_quota_check:
 *
 * A quota is for one person (`user_id`) or one team (`team_id`), not
 * both; it starts on the first day of its month, quarter or year; a
 * `won_amount` target is `target_amount` (with its currency), a
 * `won_count` target is `target_count`, and never the other.
 *
 * Returns: FALSE with a %RAPPORT_VALIDATION_ERROR naming the field
 */
gboolean
rapport_quota_check (JsonObject *quota,
                     GError    **error)
{
  const char *period_type = rapport_json_get_string (quota, "period_type");
  const char *metric = rapport_json_get_string (quota, "metric");
  gboolean by_amount = g_strcmp0 (metric, "won_count") != 0;
  guint months = period_months (period_type);
  GDate start;

  if (is_set (quota, "user_id") == is_set (quota, "team_id"))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, "user_id",
                                    is_set (quota, "user_id")
                                      ? _("A target is for a person or for a team, not both")
                                      : _("Choose the person or the team the target is for"));
      return FALSE;
    }
  if (months > 0 && rapport_quota_read_day (rapport_json_get_string (quota, "period_start"), &start) &&
      (g_date_get_day (&start) != 1 || (g_date_get_month (&start) - 1) % months != 0))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "period_start",
                                    months == 1 ? _("A month’s target starts on the first of the month")
                                    : months == 3 ? _("A quarter’s target starts on 1 January, 1 April, 1 July or 1 October")
                                                  : _("A year’s target starts on 1 January"));
      return FALSE;
    }
  if (!is_set (quota, by_amount ? "target_amount" : "target_count"))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED,
                                    by_amount ? "target_amount" : "target_count",
                                    by_amount ? _("Give the amount to win")
                                              : _("Give the number of deals to win"));
      return FALSE;
    }
  if (is_set (quota, by_amount ? "target_count" : "target_amount"))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID,
                                    by_amount ? "target_count" : "target_amount",
                                    by_amount ? _("A target of an amount has no number of deals")
                                              : _("A target of a number of deals has no amount"));
      return FALSE;
    }
  return TRUE;
}
