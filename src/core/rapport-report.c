/* rapport-report.c: sales reports computed from a SQLite database of records
 *
 * A report is a function of a SQLite database holding the records' tables
 * as the local store lays them out (deals, stages, pipelines, users,
 * deal_stage_events: one column per field, named as the field) and of a
 * filter; it returns rows of named values. The client runs it on its
 * replica off the main thread (rapport-store-reports.c); a server runs the
 * same function on a database of the same tables filled from its records,
 * so both compute the same numbers from the same records. Amounts are
 * never added across currencies: money rows are per currency.
 *
 * This file names the reports, reads periods and writes results out; the
 * computations are in rapport-report-sales.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rapport-money.h"
#include "rapport-report-private.h"

/* clang-format off */
G_DEFINE_QUARK (rapport-report-error-quark, rapport_report_error)
/* clang-format on */

const char *
rapport_report_kind_to_string (RapportReportKind kind)
{
  g_return_val_if_fail (kind < RAPPORT_REPORT_N_KINDS, NULL);
  return rapport_report_classes[kind].name;
}

/* The name a person reads: "Win Rate", translated. */
const char *
rapport_report_kind_label (RapportReportKind kind)
{
  g_return_val_if_fail (kind < RAPPORT_REPORT_N_KINDS, NULL);
  return _(rapport_report_classes[kind].label);
}

gboolean
rapport_report_kind_from_string (const char        *name,
                                 RapportReportKind *kind,
                                 GError           **error)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < RAPPORT_REPORT_N_KINDS; i++)
    {
      if (g_strcmp0 (name, rapport_report_classes[i].name) == 0)
        {
          *kind = i;
          return TRUE;
        }
      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", rapport_report_classes[i].name);
    }
  g_set_error (error, RAPPORT_REPORT_ERROR, RAPPORT_REPORT_ERROR_UNKNOWN,
               _("There is no report “%s”; the reports are: %s"), name ? name : "", names->str);
  return FALSE;
}

/* Codes that reports give as values, as a person reads them. */
const char *
rapport_report_code_label (const char *code)
{
  /* clang-format off */
  static const struct { const char *code; const char *context; const char *label; } codes[] = {
    { "won", "deal status", N_("Won") },
    { "lost", "deal status", N_("Lost") },
    { "overdue", NULL, N_("Past its close date") },
    { "pushed_out", NULL, N_("Pushed out of the period") },
    { "agent", NULL, N_("Agent") },
    { "queue", NULL, N_("Queue") },
    { "all", NULL, N_("All") },
    /* The forecast's rows (rapport-report-forecast.c) */
    { "everyone", NULL, N_("Everyone") },
    { "team", NULL, N_("Team") },
    { "person", NULL, N_("Person") },
    { "amount", NULL, N_("Amount") },
    { "count", NULL, N_("Deals") },
    { "own", NULL, N_("Own target") },
    { "members", NULL, N_("Sum of members’ targets") },
    /* the campaign report's groups */
    { "campaign", NULL, N_("Campaign") },
    { "status", NULL, N_("Members by Status") },
    /* RFM segments (rapport-rfm.c) */
    { "champions", NULL, N_("Champions") },
    { "loyal_customers", NULL, N_("Loyal Customers") },
    { "potential_loyalist", NULL, N_("Potential Loyalists") },
    { "new_customers", NULL, N_("New Customers") },
    { "promising", NULL, N_("Promising") },
    { "need_attention", NULL, N_("Need Attention") },
    { "about_to_sleep", NULL, N_("About to Sleep") },
    { "at_risk", NULL, N_("At Risk") },
    { "cant_lose_them", NULL, N_("Can’t Lose Them") },
    { "lost_customers", NULL, N_("Lost Customers") },
    { "others", NULL, N_("Others") },
    { "no_purchase", NULL, N_("No Purchase in 24 Months") },
    { "not_customer", NULL, N_("Not a Customer Yet") },
  };
  /* clang-format on */

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (g_strcmp0 (code, codes[i].code) == 0)
      return codes[i].context != NULL ? g_dpgettext2 (GETTEXT_PACKAGE, codes[i].context, codes[i].label)
                                      : _(codes[i].label);
  return code;
}

static gboolean
parse_day (const char *text,
           GDate      *date)
{
  int year, month, day;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3 ||
      strlen (text) != 10 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static char *
format_day (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* Today in UTC, or @today. */
static void
get_today (const char *today,
           GDate      *date)
{
  if (today == NULL || !parse_day (today, date))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      g_date_clear (date, 1);
      g_date_set_dmy (date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }
}

/**
 * rapport_report_period_parse:
 * @text: `this-month`, `last-month`, `this-quarter`, `last-quarter`,
 *   `this-year`, `last-year`, `all`, or a custom `2026-01-01..2026-03-31`
 *   (both days included)
 * @today: (nullable): the day periods are counted from; %NULL for today (UTC)
 * @from: (out) (transfer full) (nullable): the first day, %NULL for `all`
 * @until: (out) (transfer full) (nullable): the day after the last
 *
 * Months, quarters and years are calendar ones.
 */
gboolean
rapport_report_period_parse (const char  *text,
                             const char  *today,
                             char       **from,
                             char       **until,
                             GError     **error)
{
  GDate day, start, end;
  guint month, months = 0;
  int back = 0;

  *from = *until = NULL;
  get_today (today, &day);
  month = g_date_get_month (&day);
  g_date_clear (&start, 1);

  if (g_strcmp0 (text, "all") == 0)
    return TRUE;
  if (g_strcmp0 (text, "this-month") == 0 || g_strcmp0 (text, "last-month") == 0)
    months = 1;
  else if (g_strcmp0 (text, "this-quarter") == 0 || g_strcmp0 (text, "last-quarter") == 0)
    months = 3;
  else if (g_strcmp0 (text, "this-year") == 0 || g_strcmp0 (text, "last-year") == 0)
    months = 12;
  if (months > 0)
    {
      back = g_str_has_prefix (text, "last-") ? 1 : 0;
      g_date_set_dmy (&start, 1, (month - 1) / months * months + 1, g_date_get_year (&day));
      g_date_subtract_months (&start, back * months);
      end = start;
      g_date_add_months (&end, months);
      *from = format_day (&start);
      *until = format_day (&end);
      return TRUE;
    }
  if (text != NULL && strstr (text, "..") != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (text, "..", 2);

      if (parse_day (parts[0], &start) && parse_day (parts[1], &end) &&
          g_date_compare (&start, &end) <= 0)
        {
          g_date_add_days (&end, 1);
          *from = format_day (&start);
          *until = format_day (&end);
          return TRUE;
        }
    }
  g_set_error (error, RAPPORT_REPORT_ERROR, RAPPORT_REPORT_ERROR_PERIOD,
               _("“%s” is not a period: use this-month, last-month, this-quarter, last-quarter, "
                 "this-year, last-year, all, or two days such as 2026-01-01..2026-03-31"),
               text ? text : "");
  return FALSE;
}

void
rapport_report_filter_clear (RapportReportFilter *filter)
{
  g_clear_pointer (&filter->from, g_free);
  g_clear_pointer (&filter->until, g_free);
  g_clear_pointer (&filter->pipeline_id, g_free);
  g_clear_pointer (&filter->owner_id, g_free);
  g_clear_pointer (&filter->team_id, g_free);
  g_clear_pointer (&filter->today, g_free);
  g_clear_pointer (&filter->campaign_id, g_free);
}

/**
 * rapport_report_months_before_today:
 *
 * Returns: (transfer full): the day @months months before the filter's
 *   today, YYYY-MM-DD (the 31st of a shorter month is its last day)
 */
char *
rapport_report_months_before_today (const RapportReportFilter *filter,
                                    guint                      months)
{
  GDate day;

  get_today (filter->today, &day);
  g_date_subtract_months (&day, months);
  return format_day (&day);
}

/* Binds every named parameter of @stmt the filter has: :from, :until,
 * :pipeline, :owner, :team, :campaign_id, :today and :week_ago (seven days before today). */
sqlite3_stmt *
rapport_report_prepare (sqlite3                   *db,
                        const char                *sql,
                        const RapportReportFilter *filter,
                        GError                   **error)
{
  sqlite3_stmt *stmt = NULL;
  GDate today;
  g_autofree char *today_text = NULL;
  g_autofree char *week_ago = NULL;
  /* clang-format off */
  const struct { const char *name; const char *value; } params[] = {
    { ":from", filter->from },
    { ":until", filter->until },
    { ":pipeline", filter->pipeline_id },
    { ":owner", filter->owner_id },
    { ":team", filter->team_id },
    { ":campaign_id", filter->campaign_id },
    { ":today", NULL },
    { ":week_ago", NULL },
  };
  /* clang-format on */

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      rapport_report_step_error (db, SQLITE_ERROR, error);
      return NULL;
    }
  get_today (filter->today, &today);
  today_text = format_day (&today);
  g_date_subtract_days (&today, 7);
  week_ago = format_day (&today);
  for (guint i = 0; i < G_N_ELEMENTS (params); i++)
    {
      int index = sqlite3_bind_parameter_index (stmt, params[i].name);
      const char *value = params[i].value;

      if (g_str_equal (params[i].name, ":today"))
        value = today_text;
      else if (g_str_equal (params[i].name, ":week_ago"))
        value = week_ago;
      if (index > 0 && value != NULL)
        sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
    }
  return stmt;
}

/* FALSE with @error set unless @rc is SQLITE_DONE. */
gboolean
rapport_report_step_error (sqlite3  *db,
                           int       rc,
                           GError  **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  g_set_error (error, RAPPORT_REPORT_ERROR, RAPPORT_REPORT_ERROR_DATABASE,
               _("The report could not be read from the database: %s"), sqlite3_errmsg (db));
  return FALSE;
}

void
rapport_report_set_text (JsonObject   *row,
                         const char   *name,
                         sqlite3_stmt *stmt,
                         int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_object_set_null_member (row, name);
  else
    json_object_set_string_member (row, name, (const char *) sqlite3_column_text (stmt, column));
}

void
rapport_report_set_int (JsonObject   *row,
                        const char   *name,
                        sqlite3_stmt *stmt,
                        int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_object_set_null_member (row, name);
  else
    json_object_set_int_member (row, name, sqlite3_column_int64 (stmt, column));
}

/* The nearest whole number, halves away from zero (without libm, which
 * the server's layer check cannot read). */
gint64
rapport_report_round (double value)
{
  return value < 0 ? -(gint64) (-value + 0.5) : (gint64) (value + 0.5);
}

/* @part / @whole in percent to one decimal, or null when @whole is 0. */
void
rapport_report_set_share (JsonObject *row,
                          const char *name,
                          double      part,
                          double      whole)
{
  if (whole == 0)
    json_object_set_null_member (row, name);
  else
    json_object_set_double_member (row, name, rapport_report_round (part * 1000.0 / whole) / 10.0);
}

/* Days to one decimal; NAN is null. */
void
rapport_report_set_days (JsonObject *row,
                         const char *name,
                         double      days)
{
  if (isnan (days))
    json_object_set_null_member (row, name);
  else
    json_object_set_double_member (row, name, rapport_report_round (days * 10.0) / 10.0);
}

/* The middle value, or the mean of the two middle ones; NAN when empty. */
double
rapport_report_median (const double *sorted,
                       guint         n)
{
  if (n == 0)
    return NAN;
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

/* The nearest-rank percentile: the smallest value that @percent % of
 * the values are at or below. */
double
rapport_report_percentile (const double *sorted,
                           guint         n,
                           guint         percent)
{
  guint rank;

  if (n == 0)
    return NAN;
  rank = (n * percent + 99) / 100;
  return sorted[MAX (rank, 1) - 1];
}

double
rapport_report_mean (const double *values,
                     guint         n)
{
  double sum = 0;

  if (n == 0)
    return NAN;
  for (guint i = 0; i < n; i++)
    sum += values[i];
  return sum / n;
}

/**
 * rapport_report_run:
 * @db: a database with the local store's tables; read in one transaction
 *   if the caller has not begun one
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
RapportReport *
rapport_report_run (sqlite3                   *db,
                    RapportReportKind          kind,
                    const RapportReportFilter *filter,
                    GError                   **error)
{
  const RapportReportClass *klass;
  g_autoptr(RapportReport) report = NULL;
  gboolean own_transaction;
  gboolean ok;

  g_return_val_if_fail (db != NULL && filter != NULL, NULL);
  g_return_val_if_fail (kind < RAPPORT_REPORT_N_KINDS, NULL);

  klass = &rapport_report_classes[kind];
  report = g_new0 (RapportReport, 1);
  report->kind = kind;
  report->columns = klass->columns;
  report->n_columns = klass->n_columns;
  report->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  /* Every query of a report reads the same snapshot. */
  own_transaction = sqlite3_get_autocommit (db);
  if (own_transaction && sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      rapport_report_step_error (db, SQLITE_ERROR, error);
      return NULL;
    }
  ok = klass->compute (db, filter, report->rows, error);
  if (own_transaction)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  return ok ? g_steal_pointer (&report) : NULL;
}

void
rapport_report_free (RapportReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->rows, g_ptr_array_unref);
  g_free (report);
}

/* A JSON value as compact text. */
static void
append_node (GString  *out,
             JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  g_string_append (out, text);
}

/**
 * rapport_report_row_to_json:
 * @row: an index into @report's rows
 *
 * Returns: (transfer full): the row as a compact JSON object, its members
 *   in column order, shares and days with one decimal ("62.5")
 */
char *
rapport_report_row_to_json (RapportReport *report,
                            guint          row)
{
  JsonObject *object = g_ptr_array_index (report->rows, row);
  GString *out = g_string_new ("{");
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < report->n_columns; i++)
    {
      const RapportReportColumn *column = &report->columns[i];
      JsonNode *value = json_object_get_member (object, column->name);
      g_autoptr(JsonNode) name = json_node_init_string (json_node_alloc (), column->name);

      if (i > 0)
        g_string_append_c (out, ',');
      append_node (out, name);
      g_string_append_c (out, ':');
      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        g_string_append (out, "null");
      else if (column->kind == RAPPORT_REPORT_PERCENT || column->kind == RAPPORT_REPORT_DAYS ||
               column->kind == RAPPORT_REPORT_SCORE || column->kind == RAPPORT_REPORT_RATIO)
        g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.1f",
                                               json_node_get_double (value)));
      else
        append_node (out, value);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/**
 * rapport_report_to_json:
 *
 * Returns: (transfer full): `{"report", "title", "columns": [{"name",
 *   "label"}], "rows": [{…}]}` as text, one row a line
 */
char *
rapport_report_to_json (RapportReport *report)
{
  GString *out = g_string_new ("{\n  \"report\": ");
  g_autoptr(JsonNode) name = json_node_init_string (json_node_alloc (),
                                                    rapport_report_kind_to_string (report->kind));
  g_autoptr(JsonNode) title = json_node_init_string (json_node_alloc (),
                                                     rapport_report_kind_label (report->kind));

  append_node (out, name);
  g_string_append (out, ",\n  \"title\": ");
  append_node (out, title);
  g_string_append (out, ",\n  \"columns\": [");
  for (guint i = 0; i < report->n_columns; i++)
    {
      g_autoptr(JsonNode) column = json_node_init_string (json_node_alloc (), report->columns[i].name);
      g_autoptr(JsonNode) label = json_node_init_string (json_node_alloc (), _(report->columns[i].label));

      g_string_append (out, i > 0 ? ",\n    {\"name\": " : "\n    {\"name\": ");
      append_node (out, column);
      g_string_append (out, ", \"label\": ");
      append_node (out, label);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "\n  ],\n  \"rows\": [");
  for (guint i = 0; i < report->rows->len; i++)
    {
      g_autofree char *row = rapport_report_row_to_json (report, i);

      g_string_append_printf (out, "%s\n    %s", i > 0 ? "," : "", row);
    }
  g_string_append (out, report->rows->len > 0 ? "\n  ]\n}\n" : "]\n}\n");
  return g_string_free (out, FALSE);
}

/* A value as CSV or text writes it; %NULL for null. */
static char *
format_value (const RapportReportColumn *column,
              JsonObject                *row,
              gboolean                   for_people)
{
  JsonNode *value = json_object_get_member (row, column->name);
  const char *currency = json_object_get_string_member_with_default (row, "currency", NULL);
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return NULL;
  switch (column->kind)
    {
    case RAPPORT_REPORT_COUNT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
    case RAPPORT_REPORT_MONEY:
      if (for_people && currency != NULL)
        return rapport_money_format (json_node_get_int (value), currency);
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
    case RAPPORT_REPORT_PERCENT:
      if (for_people)
        return g_strdup_printf ("%.1f %%", json_node_get_double (value));
      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", json_node_get_double (value)));
    case RAPPORT_REPORT_RATIO:
      if (for_people)
        /* Translators: pipeline coverage, how many times the open pipeline
         * covers what is left to win: "2.5×" */
        return g_strdup_printf (_("%.1f×"), json_node_get_double (value));
      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", json_node_get_double (value)));
    case RAPPORT_REPORT_DAYS:
    case RAPPORT_REPORT_SCORE:
      if (for_people)
        return g_strdup_printf ("%.1f", json_node_get_double (value));
      return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", json_node_get_double (value)));
    case RAPPORT_REPORT_CODE:
      if (for_people)
        return g_strdup (rapport_report_code_label (json_node_get_string (value)));
      return g_strdup (json_node_get_string (value));
    case RAPPORT_REPORT_TEXT:
    default:
      return g_strdup (json_node_get_string (value));
    }
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* CSV (RFC 4180): the columns' names, then one line per row; money in
 * minor units, shares and days with a decimal point. */
char *
rapport_report_to_csv (RapportReport *report)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < report->n_columns; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_csv_field (out, report->columns[i].name);
    }
  g_string_append (out, "\r\n");
  for (guint r = 0; r < report->rows->len; r++)
    {
      for (guint i = 0; i < report->n_columns; i++)
        {
          g_autofree char *text = format_value (&report->columns[i],
                                                g_ptr_array_index (report->rows, r), FALSE);

          if (i > 0)
            g_string_append_c (out, ',');
          append_csv_field (out, text);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

/**
 * rapport_report_format_cell:
 * @row: an index into @report's rows
 * @column: an index into @report's columns
 *
 * Returns: (transfer full) (nullable): the value as a person reads it
 *   (money with its currency's symbol, as the locale writes it), %NULL
 *   when it has none
 */
char *
rapport_report_format_cell (RapportReport *report,
                            guint          row,
                            guint          column)
{
  g_return_val_if_fail (row < report->rows->len && column < report->n_columns, NULL);

  return format_value (&report->columns[column], g_ptr_array_index (report->rows, row), TRUE);
}

/**
 * rapport_report_column_index:
 * @name: a column's name, "win_rate"; one of @report's
 *
 * Returns: where the column @name is among @report's columns
 */
guint
rapport_report_column_index (RapportReport *report,
                             const char    *name)
{
  for (guint i = 0; i < report->n_columns; i++)
    if (g_str_equal (report->columns[i].name, name))
      return i;
  g_return_val_if_reached (0);
}

/**
 * rapport_report_format_named_cell:
 *
 * Returns: (transfer full) (nullable): rapport_report_format_cell() of the
 *   column named @name
 */
char *
rapport_report_format_named_cell (RapportReport *report,
                                  guint          row,
                                  const char    *name)
{
  return rapport_report_format_cell (report, row, rapport_report_column_index (report, name));
}

/* For a terminal: the title, then the labels and the rows, tab-separated,
 * money as the locale writes it. */
char *
rapport_report_to_text (RapportReport *report)
{
  GString *out = g_string_new (rapport_report_kind_label (report->kind));

  g_string_append_c (out, '\n');
  for (guint i = 0; i < report->n_columns; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "\t" : "", _(report->columns[i].label));
  g_string_append_c (out, '\n');
  if (report->rows->len == 0)
    g_string_append_printf (out, "%s\n", _("No deals match."));
  for (guint r = 0; r < report->rows->len; r++)
    {
      for (guint i = 0; i < report->n_columns; i++)
        {
          g_autofree char *text = format_value (&report->columns[i],
                                                g_ptr_array_index (report->rows, r), TRUE);

          g_string_append_printf (out, "%s%s", i > 0 ? "\t" : "", text != NULL ? text : "—");
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
