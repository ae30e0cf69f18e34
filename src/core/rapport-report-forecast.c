/* rapport-report-forecast.c: where the period stands against its targets
 *
 * The forecast of SPEC.md §2.3 for one period (the filter's, else this
 * quarter), per person, per team and for everyone, each per currency:
 * - closed: deals won in the period (closed_at in it);
 * - commit, best case, pipeline: open deals of that forecast category
 *   expected to close in the period (each alone: the individual rollup),
 *   and the cumulative rollups closed + commit, closed + commit + best case;
 * - target: the person's or team's quota of the period; a team without its
 *   own has the sum of its members' ("members", the QuotaEdit#59
 *   confusion: the row says which). A quota of the period itself counts,
 *   else the sum of the quotas of one kind (years, quarters, months) that
 *   lie within it;
 * - attainment = closed / target, gap = target − closed (never below 0),
 *   coverage = open pipeline (commit + best case + pipeline) ÷ (target −
 *   closed), pace = what is to be won by today if the target were won
 *   evenly over the period's working days (Monday to Friday).
 * An amount target is compared with the won amounts of its currency only;
 * a count target (won_count) gets a row of its own, "count", where every
 * figure is a number of deals. Amounts are never added across currencies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-derived.h"
#include "rapport-quota.h"
#include "rapport-report-private.h"

/* The forecast's figures of one subject in one currency (or in counts). */
typedef struct
{
  gint64   closed;
  gint64   commit;
  gint64   best_case;
  gint64   pipeline;
  gint64   target;
  gboolean has_target;
} Figures;

/* A person, a team or everyone, with its figures by currency ("" for
 * counts) in the order they came. */
typedef struct
{
  const char *scope;        /* "everyone", "team", "person" */
  char       *id;           /* (nullable): the user's or team's */
  char       *name;         /* (nullable) */
  GHashTable *figures;      /* currency → Figures */
  GPtrArray  *currencies;   /* (element-type utf8) */
  const char *target_source; /* "own", "members", or NULL */
} Subject;

static void
subject_free (Subject *subject)
{
  g_free (subject->id);
  g_free (subject->name);
  g_hash_table_unref (subject->figures);
  g_ptr_array_unref (subject->currencies);
  g_free (subject);
}

static Subject *
subject_new (const char *scope,
             const char *id,
             const char *name)
{
  Subject *subject = g_new0 (Subject, 1);

  subject->scope = scope;
  subject->id = g_strdup (id);
  subject->name = g_strdup (name);
  subject->figures = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  subject->currencies = g_ptr_array_new_with_free_func (g_free);
  return subject;
}

static Figures *
figures_of (Subject    *subject,
            const char *currency)
{
  Figures *figures = g_hash_table_lookup (subject->figures, currency);

  if (figures == NULL)
    {
      char *key = g_strdup (currency);

      figures = g_new0 (Figures, 1);
      g_ptr_array_add (subject->currencies, key);
      g_hash_table_insert (subject->figures, key, figures);
    }
  return figures;
}

static void
add_figures (Figures       *to,
             const Figures *from)
{
  to->closed += from->closed;
  to->commit += from->commit;
  to->best_case += from->best_case;
  to->pipeline += from->pipeline;
}

static void
add_subject (Subject *to,
             Subject *from)
{
  for (guint i = 0; i < from->currencies->len; i++)
    {
      const char *currency = g_ptr_array_index (from->currencies, i);

      add_figures (figures_of (to, currency), g_hash_table_lookup (from->figures, currency));
    }
}

/* Monday to Friday in [@from, @until). */
static gint64
working_days (const GDate *from,
              const GDate *until)
{
  gint64 days = g_date_days_between (from, until), weeks, count;
  GDateWeekday weekday;

  if (days <= 0)
    return 0;
  weeks = days / 7;
  count = weeks * 5;
  weekday = g_date_get_weekday (from);
  for (gint64 i = 0; i < days % 7; i++)
    if ((weekday + i - 1) % 7 < 5)
      count++;
  return count;
}

/* How many of the period's working days have gone by the end of today
 * (@elapsed: none before the period, all of them after) out of @all. */
static void
count_working_days (const char *from,
                    const char *until,
                    const char *today,
                    gint64     *elapsed,
                    gint64     *all)
{
  GDate start, end, now;

  *elapsed = *all = 0;
  if (!rapport_quota_read_day (from, &start) || !rapport_quota_read_day (until, &end) ||
      !rapport_quota_read_day (today, &now))
    return;
  *all = working_days (&start, &end);
  g_date_add_days (&now, 1);
  if (g_date_compare (&now, &end) >= 0)
    *elapsed = *all;
  else if (g_date_compare (&now, &start) > 0)
    *elapsed = working_days (&start, &now);
}

/* Each deal's figures go to its owner: one scan of the deals. */
static gboolean
read_deals (sqlite3                   *db,
            const RapportReportFilter *filter,
            GHashTable                *people,
            GPtrArray                 *order,
            GError                   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = rapport_report_prepare (
    db,
    /* A period's deals through two indexes: won ones by their close,
     * open ones by their expected close (deals_open_by_expected_close). */
    "WITH d AS ("
    " SELECT owner_id, currency, status, forecast_category, amount, pipeline_id FROM deals"
    " WHERE +status = 'won' AND closed_at >= :from AND closed_at < :until"
    " UNION ALL"
    " SELECT owner_id, currency, status, forecast_category, amount, pipeline_id FROM deals"
    " WHERE status = 'open' AND expected_close >= :from AND expected_close < :until"
    " AND forecast_category IN ('commit', 'best_case', 'pipeline'))"
    "SELECT d.owner_id, coalesce(u.display_name, u.name), d.currency, d.status,"
    " d.forecast_category, count(*), sum(d.amount)"
    " FROM d LEFT JOIN users u ON u.id = d.owner_id"
    " WHERE (:pipeline IS NULL OR d.pipeline_id = :pipeline)"
    " AND (:owner IS NULL OR d.owner_id = :owner)"
    RAPPORT_REPORT_TEAM_FILTER ("d.owner_id")
    " GROUP BY d.owner_id, d.currency, d.status, d.forecast_category",
    filter, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *owner = (const char *) sqlite3_column_text (stmt, 0);
      const char *currency = (const char *) sqlite3_column_text (stmt, 2);
      gboolean won = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), "won") == 0;
      const char *category = (const char *) sqlite3_column_text (stmt, 4);
      gint64 values[2] = { sqlite3_column_int64 (stmt, 5), sqlite3_column_int64 (stmt, 6) };
      gboolean has_amount = sqlite3_column_type (stmt, 6) != SQLITE_NULL && currency != NULL;
      Subject *person = g_hash_table_lookup (people, owner != NULL ? owner : "");

      if (person == NULL)
        {
          person = subject_new ("person", owner, (const char *) sqlite3_column_text (stmt, 1));
          g_hash_table_insert (people, g_strdup (owner != NULL ? owner : ""), person);
          g_ptr_array_add (order, person);
        }
      /* values[0] to the counts, values[1] to the currency's amounts. */
      for (guint i = 0; i < 2; i++)
        {
          Figures *figures;

          if (i == 1 && !has_amount)
            continue;
          figures = figures_of (person, i == 0 ? "" : currency);
          if (won)
            figures->closed += values[i];
          else if (g_strcmp0 (category, "commit") == 0)
            figures->commit += values[i];
          else if (g_strcmp0 (category, "best_case") == 0)
            figures->best_case += values[i];
          else
            figures->pipeline += values[i];
        }
    }
  sqlite3_finalize (stmt);
  return rapport_report_step_error (db, rc, error);
}

/* A quota's span in months, for choosing among contained ones. */
static guint
span_rank (const char *period_type)
{
  return g_strcmp0 (period_type, "year") == 0 ? 3 : g_strcmp0 (period_type, "quarter") == 0 ? 2 : 1;
}

typedef struct
{
  char   *currency;  /* "" for a count */
  char   *span;      /* "quarter 2026-04-01": which period it is of */
  guint   rank;      /* 4: the period's own; 3, 2, 1: a year, quarter, month within it */
  gint64  target;
} Target;

static void
target_free (Target *target)
{
  g_free (target->currency);
  g_free (target->span);
  g_free (target);
}

/* The target found before of the same period and currency, or %NULL. */
static Target *
find_target (GPtrArray  *found,
             const char *span,
             const char *currency)
{
  for (guint i = 0; i < found->len; i++)
    {
      Target *target = g_ptr_array_index (found, i);

      if (g_str_equal (target->span, span) && g_str_equal (target->currency, currency))
        return target;
    }
  return NULL;
}

/* The targets of @subject_id (a user's or a team's, by @column) for the
 * period, per currency ("" for counts): the quota of the period itself,
 * else the sum of those of the widest kind within it. Two quotas of one
 * period and currency (a target set again) are one: the last written. */
static gboolean
read_targets (sqlite3                   *db,
              const RapportReportFilter *filter,
              const char                *column,
              const char                *subject_id,
              Subject                   *subject,
              gboolean                  *any,
              GError                   **error)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT q.period_type, q.period_start, q.metric = 'won_count',"
    " CASE WHEN q.metric = 'won_count' THEN '' ELSE q.currency END,"
    " CASE WHEN q.metric = 'won_count' THEN q.target_count ELSE q.target_amount END"
    " FROM quotas q WHERE q.%s = :subject AND q.period_start >= :from AND q.period_start < :until"
    " ORDER BY q.updated_at, q.id",
    column);
  sqlite3_stmt *stmt = rapport_report_prepare (db, sql, filter, error);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  g_autoptr(GHashTable) best = g_hash_table_new (g_str_hash, g_str_equal);
  int rc;

  *any = FALSE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":subject"), subject_id, -1,
                     SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      const char *start = (const char *) sqlite3_column_text (stmt, 1);
      g_autofree char *end = rapport_quota_period_end (type, start);
      g_autofree char *span = NULL;
      Target *target;

      if (end == NULL || strcmp (end, filter->until) > 0 ||
          sqlite3_column_type (stmt, 3) == SQLITE_NULL || sqlite3_column_type (stmt, 4) == SQLITE_NULL)
        continue;
      span = g_strdup_printf ("%s %s", type, start);
      if ((target = find_target (found, span, (const char *) sqlite3_column_text (stmt, 3))) != NULL)
        {
          target->target = sqlite3_column_int64 (stmt, 4);
          continue;
        }
      target = g_new0 (Target, 1);
      target->span = g_steal_pointer (&span);
      target->currency = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      target->rank = g_strcmp0 (start, filter->from) == 0 && g_strcmp0 (end, filter->until) == 0
                       ? 4 : span_rank (type);
      target->target = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (found, target);
      if (GPOINTER_TO_UINT (g_hash_table_lookup (best, target->currency)) < target->rank)
        g_hash_table_insert (best, target->currency, GUINT_TO_POINTER (target->rank));
    }
  sqlite3_finalize (stmt);
  if (!rapport_report_step_error (db, rc, error))
    return FALSE;
  for (guint i = 0; i < found->len; i++)
    {
      Target *target = g_ptr_array_index (found, i);
      Figures *figures;

      if (target->rank != GPOINTER_TO_UINT (g_hash_table_lookup (best, target->currency)))
        continue;
      figures = figures_of (subject, target->currency);

      figures->target += target->target;
      figures->has_target = TRUE;
      *any = TRUE;
    }
  return TRUE;
}

static void
set_money (JsonObject *row,
           const char *name,
           gint64      value,
           gboolean    known)
{
  if (known)
    json_object_set_int_member (row, name, value);
  else
    json_object_set_null_member (row, name);
}

static void
set_ratio (JsonObject *row,
           const char *name,
           gint64      part,
           gint64      whole)
{
  if (whole <= 0)
    json_object_set_null_member (row, name);
  else
    json_object_set_double_member (row, name, rapport_report_round (part * 10.0 / whole) / 10.0);
}

static int
compare_currencies (gconstpointer a,
                    gconstpointer b)
{
  const char *x = *(const char * const *) a, *y = *(const char * const *) b;

  /* Counts after the amounts. */
  if ((*x == '\0') != (*y == '\0'))
    return *x == '\0' ? 1 : -1;
  return strcmp (x, y);
}

static void
add_rows (GPtrArray  *rows,
          Subject    *subject,
          gint64      elapsed,
          gint64      all)
{
  g_ptr_array_sort (subject->currencies, compare_currencies);
  for (guint i = 0; i < subject->currencies->len; i++)
    {
      const char *currency = g_ptr_array_index (subject->currencies, i);
      Figures *f = g_hash_table_lookup (subject->figures, currency);
      JsonObject *row = json_object_new ();
      gint64 open = f->commit + f->best_case + f->pipeline;
      gint64 left = f->target - f->closed;

      /* Counts are kept for every subject; a count row is shown only
       * against a count target. */
      if (*currency == '\0' && !f->has_target)
        {
          json_object_unref (row);
          continue;
        }
      json_object_set_string_member (row, "scope", subject->scope);
      if (subject->name != NULL)
        json_object_set_string_member (row, "name", subject->name);
      else
        json_object_set_null_member (row, "name");
      json_object_set_string_member (row, "measure", *currency == '\0' ? "count" : "amount");
      if (*currency == '\0')
        json_object_set_null_member (row, "currency");
      else
        json_object_set_string_member (row, "currency", currency);
      json_object_set_int_member (row, "closed", f->closed);
      json_object_set_int_member (row, "commit", f->commit);
      json_object_set_int_member (row, "best_case", f->best_case);
      json_object_set_int_member (row, "pipeline", f->pipeline);
      json_object_set_int_member (row, "closed_commit", f->closed + f->commit);
      json_object_set_int_member (row, "closed_best_case", f->closed + f->commit + f->best_case);
      set_money (row, "target", f->target, f->has_target);
      if (f->has_target && subject->target_source != NULL)
        json_object_set_string_member (row, "target_source", subject->target_source);
      else
        json_object_set_null_member (row, "target_source");
      if (f->has_target)
        rapport_report_set_share (row, "attainment", f->closed, f->target);
      else
        json_object_set_null_member (row, "attainment");
      set_money (row, "gap", MAX (left, 0), f->has_target);
      if (f->has_target)
        set_ratio (row, "coverage", open, left);
      else
        json_object_set_null_member (row, "coverage");
      /* Targets are at most 10^15 and a period has at most 262 working
       * days: no overflow. */
      set_money (row, "pace", all > 0 ? rapport_divide_rounded (f->target * elapsed, all) : 0,
                 f->has_target);
      if (subject->id != NULL)
        json_object_set_string_member (row, g_strcmp0 (subject->scope, "team") == 0 ? "team_id"
                                                                                   : "owner_id",
                                       subject->id);
      g_ptr_array_add (rows, row);
    }
}

static int
compare_people (gconstpointer a,
                gconstpointer b)
{
  const Subject *x = *(Subject * const *) a, *y = *(Subject * const *) b;

  /* Nobody's deals last. */
  if ((x->name == NULL) != (y->name == NULL))
    return x->name == NULL ? 1 : -1;
  if (g_strcmp0 (x->name, y->name) != 0)
    return g_strcmp0 (x->name, y->name);
  return g_strcmp0 (x->id, y->id);
}

/* Each team (the filter's only, if it names one) with its members'
 * figures added up, after everyone's. */
static gboolean
add_teams (sqlite3                   *db,
           const RapportReportFilter *filter,
           GHashTable                *people,
           GPtrArray                 *teams,
           GError                   **error)
{
  sqlite3_stmt *stmt = rapport_report_prepare (
    db,
    "SELECT t.id, t.name, m.user_id FROM teams t JOIN team_members m ON m.team_id = t.id"
    " WHERE (:team IS NULL OR t.id = :team)"
    " ORDER BY t.name, t.id, m.user_id",
    filter, error);
  Subject *team = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      Subject *member = g_hash_table_lookup (people, sqlite3_column_text (stmt, 2));

      if (team == NULL || g_strcmp0 (team->id, id) != 0)
        {
          team = subject_new ("team", id, (const char *) sqlite3_column_text (stmt, 1));
          g_ptr_array_add (teams, team);
        }
      if (member != NULL)
        add_subject (team, member);
    }
  sqlite3_finalize (stmt);
  return rapport_report_step_error (db, rc, error);
}

/* A team's own targets, else the sum of its members'. */
static gboolean
team_targets (sqlite3                   *db,
              const RapportReportFilter *filter,
              Subject                   *team,
              GError                   **error)
{
  sqlite3_stmt *stmt;
  gboolean any;
  int rc;

  if (!read_targets (db, filter, "team_id", team->id, team, &any, error))
    return FALSE;
  if (any)
    {
      team->target_source = "own";
      return TRUE;
    }
  stmt = rapport_report_prepare (db, "SELECT user_id FROM team_members WHERE team_id = :team",
                                 &(RapportReportFilter){ .team_id = team->id }, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Subject *member = subject_new ("person", NULL, NULL);
      gboolean member_any;
      gboolean ok;

      ok = read_targets (db, filter, "user_id", (const char *) sqlite3_column_text (stmt, 0),
                         member, &member_any, error);
      for (guint i = 0; ok && i < member->currencies->len; i++)
        {
          const char *currency = g_ptr_array_index (member->currencies, i);
          Figures *from = g_hash_table_lookup (member->figures, currency);
          Figures *to = figures_of (team, currency);

          to->target += from->target;
          to->has_target = TRUE;
          team->target_source = "members";
        }
      subject_free (member);
      if (!ok)
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  return rapport_report_step_error (db, rc, error);
}

gboolean
rapport_report_forecast (sqlite3                   *db,
                         const RapportReportFilter *filter,
                         GPtrArray                 *rows,
                         GError                   **error)
{
  g_autoptr(GHashTable) people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func ((GDestroyNotify) subject_free);
  g_autoptr(GPtrArray) teams = g_ptr_array_new_with_free_func ((GDestroyNotify) subject_free);
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  g_autofree char *today = NULL;
  RapportReportFilter period = *filter;
  Subject *everyone;
  gint64 elapsed, all;
  int rc;
  sqlite3_stmt *stmt;

  /* A forecast is of a period: this quarter unless the filter says. */
  if (filter->from == NULL || filter->until == NULL)
    {
      if (!rapport_report_period_parse ("this-quarter", filter->today, &from, &until, error))
        return FALSE;
      period.from = from;
      period.until = until;
    }
  if (!read_deals (db, &period, people, order, error))
    return FALSE;

  /* People with a target and no deal yet have a row too. */
  stmt = rapport_report_prepare (
    db,
    "SELECT DISTINCT q.user_id, coalesce(u.display_name, u.name) FROM quotas q"
    " LEFT JOIN users u ON u.id = q.user_id"
    " WHERE q.user_id IS NOT NULL AND q.period_start >= :from AND q.period_start < :until"
    " AND (:owner IS NULL OR q.user_id = :owner)"
    RAPPORT_REPORT_TEAM_FILTER ("q.user_id"),
    &period, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      if (!g_hash_table_contains (people, id))
        {
          Subject *person = subject_new ("person", id, (const char *) sqlite3_column_text (stmt, 1));

          g_hash_table_insert (people, g_strdup (id), person);
          g_ptr_array_add (order, person);
        }
    }
  sqlite3_finalize (stmt);
  if (!rapport_report_step_error (db, rc, error))
    return FALSE;

  for (guint i = 0; i < order->len; i++)
    {
      Subject *person = g_ptr_array_index (order, i);
      gboolean any;

      if (person->id != NULL &&
          !read_targets (db, &period, "user_id", person->id, person, &any, error))
        return FALSE;
      if (person->id != NULL && any)
        person->target_source = "own";
    }
  g_ptr_array_sort (order, compare_people);

  /* Teams, unless one person's deals are asked for. */
  if (filter->owner_id == NULL && !add_teams (db, &period, people, teams, error))
    return FALSE;
  for (guint i = 0; i < teams->len; i++)
    if (!team_targets (db, &period, g_ptr_array_index (teams, i), error))
      return FALSE;

  if (period.today == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      today = g_date_time_format (now, "%Y-%m-%d");
    }
  count_working_days (period.from, period.until, period.today != NULL ? period.today : today,
                      &elapsed, &all);

  everyone = subject_new ("everyone", NULL, NULL);
  for (guint i = 0; i < order->len; i++)
    add_subject (everyone, g_ptr_array_index (order, i));
  if (filter->owner_id == NULL && filter->team_id == NULL)
    add_rows (rows, everyone, elapsed, all);
  subject_free (everyone);
  for (guint i = 0; i < teams->len; i++)
    add_rows (rows, g_ptr_array_index (teams, i), elapsed, all);
  for (guint i = 0; i < order->len; i++)
    add_rows (rows, g_ptr_array_index (order, i), elapsed, all);
  return TRUE;
}
