/* rapport-filter-sql.c: a filter as the WHERE clause of SQLite SQL
 *
 * One compiler for the local store and the server: each gives a dialect
 * that says where a field's value is (a column; a member of a JSON
 * document) and where a type's live records are, and both run the SQL this
 * writes, so a segment has the same members on every client and on the
 * server. Values are bound, never written into the SQL.
 *
 * Text is compared folded (rapport_text_fold(): case and accents aside);
 * "is not", "not in" and "not contains" also hold where the field is
 * empty, as a user reading "industry is not Retail" expects. Relative
 * dates are whole days in the user's time zone, up to now.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-filter"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "rapport-filter-private.h"
#include "rapport-filter-sql.h"
#include "rapport-money.h"
#include "rapport-text.h"

typedef struct
{
  const RapportFilterDialect *dialect;
  const RapportFilterContext *context;
  GString                    *sql;
  GPtrArray                  *params;  /* (element-type GVariant) */
  guint                       depth;   /* for the aliases of nested queries */
} Compiler;

static gboolean compile (Compiler            *compiler,
                         const RapportFilter *filter,
                         const char          *alias,
                         GError             **error);

static void
param_text (Compiler   *compiler,
            const char *text)
{
  g_ptr_array_add (compiler->params, g_variant_ref_sink (g_variant_new_string (text)));
}

static void
param_int (Compiler *compiler,
           gint64    value)
{
  g_ptr_array_add (compiler->params, g_variant_ref_sink (g_variant_new_int64 (value)));
}

static void
param_double (Compiler *compiler,
              double    value)
{
  g_ptr_array_add (compiler->params, g_variant_ref_sink (g_variant_new_double (value)));
}

/* Without libm: the amounts and numbers a user types are far inside gint64. */
static gint64
rounded (double value)
{
  return (gint64) (value >= 0 ? value + 0.5 : value - 0.5);
}

static gint64
power_of_ten (int exponent)
{
  gint64 value = 1;

  for (int i = 0; i < exponent; i++)
    value *= 10;
  return value;
}

static gboolean
is_text_kind (RapportFieldKind kind)
{
  return kind == RAPPORT_FIELD_TEXT || kind == RAPPORT_FIELD_EMAIL ||
         kind == RAPPORT_FIELD_PHONE || kind == RAPPORT_FIELD_URL;
}

static gboolean
is_list_kind (RapportFieldKind kind)
{
  return kind == RAPPORT_FIELD_TAGS || kind == RAPPORT_FIELD_EMAIL_LIST ||
         kind == RAPPORT_FIELD_PHONE_LIST;
}

/* The start of the day @days after today, in the user's zone, as stored
 * text compares: "2026-12-06T23:00:00" in UTC. */
static char *
day_start (const RapportFilterContext *context,
           int                         days,
           int                         months)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (context->now, context->zone);
  g_autoptr(GDateTime) midnight = g_date_time_new (context->zone, g_date_time_get_year (local),
                                                   g_date_time_get_month (local),
                                                   g_date_time_get_day_of_month (local), 0, 0, 0);
  g_autoptr(GDateTime) moved = g_date_time_add_months (midnight, months);
  g_autoptr(GDateTime) day = g_date_time_add_days (moved, days);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (day);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
}

/* The same day as a DATE field writes it: "2026-12-07". */
static char *
day_date (const RapportFilterContext *context,
          int                         days,
          int                         months)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (context->now, context->zone);
  g_autoptr(GDateTime) moved = g_date_time_add_months (local, months);
  g_autoptr(GDateTime) day = g_date_time_add_days (moved, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

/* Now, as stored text compares; @later: the next second, an exclusive
 * bound that keeps "12:00:00.250Z" inside "up to 12:00:00". */
static char *
now_text (const RapportFilterContext *context,
          gboolean                    later)
{
  g_autoptr(GDateTime) moved = g_date_time_add_seconds (context->now, later ? 1 : 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (moved);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
}

/* A date value's first instant, and the next day's, for a DATETIME field. */
static void
date_bounds (const RapportFilterContext *context,
             const char                 *date,
             char                      **start,
             char                      **end)
{
  int year = 0, month = 0, day = 0;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GDateTime) first_utc = NULL;
  g_autoptr(GDateTime) next_utc = NULL;

  sscanf (date, "%d-%d-%d", &year, &month, &day);
  first = g_date_time_new (context->zone, year, month, day, 0, 0, 0);
  next = g_date_time_add_days (first, 1);
  first_utc = g_date_time_to_utc (first);
  next_utc = g_date_time_to_utc (next);
  *start = g_date_time_format (first_utc, "%Y-%m-%dT%H:%M:%S");
  *end = g_date_time_format (next_utc, "%Y-%m-%dT%H:%M:%S");
}

static char *
instant_text (const char *value)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (value, NULL);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
}

/* "< ? " for a DATETIME field compared with @value, a date or an instant. */
static void
compare_instant (Compiler        *compiler,
                 const char      *column,
                 RapportFilterOp  op,
                 const char      *value)
{
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  if (strlen (value) != 10)
    {
      g_autofree char *instant = instant_text (value);

      g_string_append_printf (compiler->sql, "%s %s ?", column, rapport_filter_op_names[op]);
      param_text (compiler, instant);
      return;
    }
  date_bounds (compiler->context, value, &start, &end);
  switch (op)
    {
    case RAPPORT_FILTER_LT:
      g_string_append_printf (compiler->sql, "%s < ?", column);
      param_text (compiler, start);
      break;
    case RAPPORT_FILTER_LE:
      g_string_append_printf (compiler->sql, "%s < ?", column);
      param_text (compiler, end);
      break;
    case RAPPORT_FILTER_GT:
      g_string_append_printf (compiler->sql, "%s >= ?", column);
      param_text (compiler, end);
      break;
    case RAPPORT_FILTER_GE:
      g_string_append_printf (compiler->sql, "%s >= ?", column);
      param_text (compiler, start);
      break;
    default: /* on that day */
      g_string_append_printf (compiler->sql, "(%s >= ? AND %s < ?)", column, column);
      param_text (compiler, start);
      param_text (compiler, end);
      break;
    }
}

/* A number as the field stores it: thousandths, parts per million. */
static gint64
stored_number (const RapportField *field,
               const char         *value)
{
  double number = g_ascii_strtod (value, NULL);

  if (field->flags & RAPPORT_FIELD_MILLI)
    return rounded (number * 1000);
  if (field->flags & RAPPORT_FIELD_PPM)
    return rounded (number * 10000);
  return rounded (number);
}

/* The type whose field the condition reads: company for company.industry. */
static const RapportEntity *
field_owner (const RapportFilter *filter)
{
  return filter->via != NULL ? rapport_entity_lookup (filter->via->ref_entity) : filter->entity;
}

/* MONEY (and minor-unit INT) against "10000" (in each record's own
 * currency) or "10000 EUR" (only records in euros). */
static void
compare_money (Compiler            *compiler,
               const RapportFilter *filter,
               const char          *alias,
               const char          *column,
               RapportFilterOp      op,
               const char          *value)
{
  g_auto(GStrv) words = g_strsplit (value, " ", 2);
  double amount = g_ascii_strtod (words[0], NULL);
  const char *sign = op == RAPPORT_FILTER_EQ ? "=" : rapport_filter_op_names[op];
  g_autofree char *currency = NULL;

  if (filter->field->currency_field != NULL)
    currency = compiler->dialect->column (field_owner (filter), alias,
                                          filter->field->currency_field);
  if (words[1] != NULL && currency != NULL)
    {
      g_string_append_printf (compiler->sql, "(%s = ? AND %s %s ?)", currency, column, sign);
      param_text (compiler, words[1]);
      param_int (compiler,
                 rounded (amount * power_of_ten (rapport_money_exponent (words[1]))));
      return;
    }
  g_string_append_printf (compiler->sql, "%s %s CAST (round (? * rapport_money_scale (%s)) AS BIGINT)",
                          column, sign, currency != NULL ? currency : "NULL");
  param_double (compiler, amount);
}

/* One value compared with @op (=, <, >, …), as the field's kind compares. */
static void
compare_one (Compiler            *compiler,
             const RapportFilter *filter,
             const char          *alias,
             const char          *column,
             RapportFilterOp      op,
             const char          *value)
{
  RapportFieldKind kind = rapport_filter_value_kind (filter);

  if (kind == RAPPORT_FIELD_DATETIME)
    compare_instant (compiler, column, op, value);
  else if (kind == RAPPORT_FIELD_MONEY ||
           (kind == RAPPORT_FIELD_INT && (filter->field->flags & RAPPORT_FIELD_MINOR)))
    compare_money (compiler, filter, alias, column, op, value);
  else if (kind == RAPPORT_FIELD_INT)
    {
      g_string_append_printf (compiler->sql, "%s %s ?", column, rapport_filter_op_names[op]);
      param_int (compiler, stored_number (filter->field, value));
    }
  else if (kind == RAPPORT_FIELD_BOOL)
    {
      g_string_append_printf (compiler->sql, "%s = ?", column);
      param_int (compiler, strcmp (value, "true") == 0);
    }
  else if (is_text_kind (kind))
    {
      g_autofree char *folded = rapport_text_fold (value);

      g_string_append_printf (compiler->sql, "rapport_fold (%s) %s ?", column,
                              rapport_filter_op_names[op]);
      param_text (compiler, folded);
    }
  else
    {
      g_string_append_printf (compiler->sql, "%s %s ?", column, rapport_filter_op_names[op]);
      param_text (compiler, value);
    }
}

/* The value a condition compares with: "me" is the signed-in user. */
static gboolean
resolve_value (Compiler            *compiler,
               const RapportFilter *filter,
               const char          *value,
               const char         **resolved,
               GError             **error)
{
  *resolved = value;
  if (filter->field == NULL || filter->field->kind != RAPPORT_FIELD_REF ||
      strcmp (filter->field->ref_entity, "user") != 0 || strcmp (value, "me") != 0)
    return TRUE;
  if (compiler->context->user_id == NULL)
    {
      g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_VALUE,
                   _("“me” needs a signed-in user"));
      return FALSE;
    }
  *resolved = compiler->context->user_id;
  return TRUE;
}

/* A list field (tags, e-mail addresses) with an element that passes @test,
 * "value IN (?, ?)" or "instr (rapport_fold (value), ?) > 0". */
static void
list_has (Compiler            *compiler,
          const RapportFilter *filter,
          const char          *column)
{
  gboolean tags = rapport_filter_value_kind (filter) == RAPPORT_FIELD_TAGS;
  const char *element = tags ? "value" : "json_extract (value, '$.value')";
  GStrv values = filter->values;

  g_string_append_printf (compiler->sql, "EXISTS (SELECT 1 FROM json_each (%s) WHERE ", column);
  if (filter->op == RAPPORT_FILTER_CONTAINS || filter->op == RAPPORT_FILTER_NOT_CONTAINS)
    {
      g_autofree char *folded = rapport_text_fold (values[0]);

      g_string_append_printf (compiler->sql, "instr (rapport_fold (%s), ?) > 0)", element);
      param_text (compiler, folded);
      return;
    }
  g_string_append_printf (compiler->sql, "rapport_fold (%s) IN (", element);
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *folded = rapport_text_fold (values[i]);

      g_string_append (compiler->sql, i > 0 ? ", ?" : "?");
      param_text (compiler, folded);
    }
  g_string_append (compiler->sql, "))");
}

static void
append_empty (Compiler        *compiler,
              RapportFieldKind kind,
              const char      *column)
{
  if (is_list_kind (kind))
    g_string_append_printf (compiler->sql, "(%s IS NULL OR json_array_length (%s) = 0)", column,
                            column);
  else if (is_text_kind (kind) || kind == RAPPORT_FIELD_ENUM || kind == RAPPORT_FIELD_REF ||
           kind == RAPPORT_FIELD_CURRENCY)
    g_string_append_printf (compiler->sql, "(%s IS NULL OR %s = '')", column, column);
  else
    g_string_append_printf (compiler->sql, "%s IS NULL", column);
}

/* The condition on the field itself, without its negation: "is not" is
 * "empty or not (is)". */
static gboolean
positive (Compiler            *compiler,
          const RapportFilter *filter,
          const char          *alias,
          const char          *column,
          RapportFilterOp      op,
          GError             **error)
{
  RapportFieldKind kind = rapport_filter_value_kind (filter);
  const RapportFilterContext *context = compiler->context;
  gboolean dated = kind == RAPPORT_FIELD_DATE;
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  const char *value;

  if (is_list_kind (kind) && op != RAPPORT_FILTER_IS_EMPTY && op != RAPPORT_FILTER_IS_NOT_EMPTY)
    {
      list_has (compiler, filter, column);
      return TRUE;
    }

  switch (op)
    {
    case RAPPORT_FILTER_EQ:
    case RAPPORT_FILTER_LT:
    case RAPPORT_FILTER_LE:
    case RAPPORT_FILTER_GT:
    case RAPPORT_FILTER_GE:
      if (!resolve_value (compiler, filter, filter->values[0], &value, error))
        return FALSE;
      compare_one (compiler, filter, alias, column, op, value);
      return TRUE;
    case RAPPORT_FILTER_IN:
      g_string_append_c (compiler->sql, '(');
      for (guint i = 0; filter->values[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append (compiler->sql, " OR ");
          if (!resolve_value (compiler, filter, filter->values[i], &value, error))
            return FALSE;
          compare_one (compiler, filter, alias, column, RAPPORT_FILTER_EQ, value);
        }
      g_string_append_c (compiler->sql, ')');
      return TRUE;
    case RAPPORT_FILTER_CONTAINS:
    case RAPPORT_FILTER_STARTS_WITH:
      {
        g_autofree char *folded = rapport_text_fold (filter->values[0]);

        g_string_append_printf (compiler->sql, "instr (rapport_fold (%s), ?) %s", column,
                                op == RAPPORT_FILTER_CONTAINS ? "> 0" : "= 1");
        param_text (compiler, folded);
        return TRUE;
      }
    case RAPPORT_FILTER_IS_EMPTY:
    case RAPPORT_FILTER_IS_NOT_EMPTY:
      if (op == RAPPORT_FILTER_IS_NOT_EMPTY)
        g_string_append (compiler->sql, "NOT ");
      append_empty (compiler, kind, column);
      return TRUE;
    case RAPPORT_FILTER_BETWEEN:
      g_string_append_c (compiler->sql, '(');
      compare_one (compiler, filter, alias, column, RAPPORT_FILTER_GE, filter->values[0]);
      g_string_append (compiler->sql, " AND ");
      compare_one (compiler, filter, alias, column, RAPPORT_FILTER_LE, filter->values[1]);
      g_string_append_c (compiler->sql, ')');
      return TRUE;
    case RAPPORT_FILTER_IN_LAST:
    case RAPPORT_FILTER_IN_NEXT:
      {
        int days = filter->unit == RAPPORT_FILTER_DAYS ? filter->count
                   : filter->unit == RAPPORT_FILTER_WEEKS ? 7 * filter->count : 0;
        int months = filter->unit == RAPPORT_FILTER_MONTHS ? filter->count : 0;

        if (op == RAPPORT_FILTER_IN_LAST)
          {
            low = dated ? day_date (context, -days, -months) : day_start (context, -days, -months);
            high = dated ? day_date (context, 0, 0) : now_text (context, TRUE);
            g_string_append_printf (compiler->sql, "(%s >= ? AND %s %s ?)", column, column,
                                    dated ? "<=" : "<");
          }
        else
          {
            low = dated ? day_date (context, 0, 0) : now_text (context, FALSE);
            high = dated ? day_date (context, days, months) : day_start (context, days + 1, months);
            g_string_append_printf (compiler->sql, "(%s >= ? AND %s %s ?)", column, column,
                                    dated ? "<=" : "<");
          }
        param_text (compiler, low);
        param_text (compiler, high);
        return TRUE;
      }
    case RAPPORT_FILTER_BEFORE_TODAY:
      low = dated ? day_date (context, 0, 0) : day_start (context, 0, 0);
      g_string_append_printf (compiler->sql, "%s < ?", column);
      param_text (compiler, low);
      return TRUE;
    case RAPPORT_FILTER_AFTER_TODAY:
      low = dated ? day_date (context, 0, 0) : day_start (context, 1, 0);
      g_string_append_printf (compiler->sql, dated ? "%s > ?" : "%s >= ?", column);
      param_text (compiler, low);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

static RapportFilterOp
negated (RapportFilterOp op)
{
  switch (op)
    {
    case RAPPORT_FILTER_NE:
      return RAPPORT_FILTER_EQ;
    case RAPPORT_FILTER_NOT_IN:
      return RAPPORT_FILTER_IN;
    case RAPPORT_FILTER_NOT_CONTAINS:
      return RAPPORT_FILTER_CONTAINS;
    case RAPPORT_FILTER_IS_NOT_EMPTY:
      return RAPPORT_FILTER_IS_EMPTY;
    default:
      return RAPPORT_FILTER_N_OPS;
    }
}

static gboolean
condition (Compiler            *compiler,
           const RapportFilter *filter,
           const char          *alias,
           GError             **error)
{
  RapportFilterOp op = negated (filter->op);
  gboolean negative = op != RAPPORT_FILTER_N_OPS;
  const RapportEntity *owner = field_owner (filter);
  const char *name = filter->meta != NULL ? filter->meta : filter->field->name;
  g_autofree char *inner = NULL;
  g_autofree char *column = NULL;
  g_autofree char *via = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *id = NULL;

  /* "company.industry is not empty" needs a company */
  if (filter->via != NULL && filter->op == RAPPORT_FILTER_IS_NOT_EMPTY)
    negative = FALSE;
  if (!negative)
    op = filter->op;
  /* "is not", "not in", "not contains" hold where the field is empty, where
   * the condition itself is NULL or false. A condition that is not negated
   * stays bare, where SQLite can answer it from an index: NULL is false
   * inside AND and OR as it is in WHERE. */
  if (negative)
    g_string_append (compiler->sql, "NOT COALESCE (");

  /* company.industry: the company is one whose industry holds */
  if (filter->via != NULL)
    {
      inner = g_strdup_printf ("r%u", ++compiler->depth);
      via = compiler->dialect->column (filter->entity, alias, filter->via->name);
      rows = compiler->dialect->rows (owner, inner);
      id = compiler->dialect->column (owner, inner, "id");
      g_string_append_printf (compiler->sql, "%s IN (SELECT %s %s AND ", via, id, rows);
      alias = inner;
    }

  column = compiler->dialect->column (owner, alias, name);
  g_string_append_c (compiler->sql, '(');
  if (!positive (compiler, filter, alias, column, op, error))
    return FALSE;
  g_string_append_c (compiler->sql, ')');

  if (filter->via != NULL)
    {
      g_string_append_c (compiler->sql, ')');
      compiler->depth--;
    }
  if (negative)
    g_string_append (compiler->sql, ", FALSE)");
  return TRUE;
}

static gboolean
related (Compiler            *compiler,
         const RapportFilter *filter,
         const char          *alias,
         GError             **error)
{
  g_autofree char *inner = g_strdup_printf ("r%u", ++compiler->depth);
  g_autofree char *id = compiler->dialect->column (filter->entity, alias, "id");
  g_autofree char *pointer = compiler->dialect->column (filter->related, inner,
                                                        filter->related_field->name);
  g_autofree char *rows = compiler->dialect->rows (filter->related, inner);

  g_string_append_printf (compiler->sql, "%s %sIN (SELECT %s %s AND %s IS NOT NULL", id,
                          filter->kind == RAPPORT_FILTER_HAS_NO ? "NOT " : "", pointer, rows,
                          pointer);
  if (filter->children->len > 0)
    {
      g_string_append (compiler->sql, " AND ");
      if (!compile (compiler, filter->children->pdata[0], inner, error))
        return FALSE;
    }
  g_string_append_c (compiler->sql, ')');
  compiler->depth--;
  return TRUE;
}

static gboolean
compile (Compiler            *compiler,
         const RapportFilter *filter,
         const char          *alias,
         GError             **error)
{
  switch (filter->kind)
    {
    case RAPPORT_FILTER_ALL:
    case RAPPORT_FILTER_ANY:
      if (filter->children->len == 0)
        {
          g_string_append (compiler->sql, filter->kind == RAPPORT_FILTER_ALL ? "TRUE" : "FALSE");
          return TRUE;
        }
      g_string_append_c (compiler->sql, '(');
      for (guint i = 0; i < filter->children->len; i++)
        {
          if (i > 0)
            g_string_append (compiler->sql, filter->kind == RAPPORT_FILTER_ALL ? " AND " : " OR ");
          if (!compile (compiler, filter->children->pdata[i], alias, error))
            return FALSE;
        }
      g_string_append_c (compiler->sql, ')');
      return TRUE;
    case RAPPORT_FILTER_HAS:
    case RAPPORT_FILTER_HAS_NO:
      return related (compiler, filter, alias, error);
    case RAPPORT_FILTER_CONDITION:
      return condition (compiler, filter, alias, error);
    default:
      g_assert_not_reached ();
    }
}

/**
 * rapport_filter_to_sql:
 * @dialect: where the database keeps fields and records
 * @context: today, the user's time zone, and who "me" is
 * @alias: the SQL name of the filtered records' row, "t"
 * @sql: where the condition is appended, ready to follow WHERE or AND
 * @params: (element-type GVariant): where its values are appended, to be
 *   bound in order with rapport_filter_bind()
 *
 * Returns: whether the filter could be written; FALSE with a
 *   %RAPPORT_FILTER_ERROR when it needs what @context lacks
 */
gboolean
rapport_filter_to_sql (const RapportFilter        *filter,
                       const RapportFilterDialect *dialect,
                       const RapportFilterContext *context,
                       const char                 *alias,
                       GString                    *sql,
                       GPtrArray                  *params,
                       GError                    **error)
{
  Compiler compiler = { dialect, context, sql, params, 0 };

  return compile (&compiler, filter, alias, error);
}

/**
 * rapport_filter_bind:
 * @params: (element-type GVariant): what rapport_filter_to_sql() gave
 * @first: the index of the first one's placeholder in @stmt
 */
void
rapport_filter_bind (sqlite3_stmt *stmt,
                     GPtrArray    *params,
                     int           first)
{
  for (guint i = 0; i < params->len; i++)
    {
      GVariant *value = params->pdata[i];

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        sqlite3_bind_int64 (stmt, first + i, g_variant_get_int64 (value));
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
        sqlite3_bind_double (stmt, first + i, g_variant_get_double (value));
      else
        sqlite3_bind_text (stmt, first + i, g_variant_get_string (value, NULL), -1,
                           SQLITE_TRANSIENT);
    }
}

static void
fold_function (sqlite3_context *context,
               int              argc,
               sqlite3_value  **argv)
{
  const unsigned char *text = sqlite3_value_text (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  folded = rapport_text_fold ((const char *) text);
  sqlite3_result_text (context, folded, -1, g_free);
}

static void
money_scale_function (sqlite3_context *context,
                      int              argc,
                      sqlite3_value  **argv)
{
  const unsigned char *currency = sqlite3_value_text (argv[0]);
  int exponent = currency != NULL ? rapport_money_exponent ((const char *) currency) : 2;

  sqlite3_result_int64 (context, power_of_ten (exponent));
}

/**
 * rapport_filter_register_functions:
 * @db: a connection that runs filters
 *
 * Adds the SQL functions compiled filters call: rapport_fold(text), the
 * folding of rapport_text_fold(), and rapport_money_scale(currency), the
 * minor units of one unit of a currency.
 *
 * Returns: SQLITE_OK, or SQLite's error code
 */
int
rapport_filter_register_functions (sqlite3 *db)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function (db, "rapport_fold", 1, flags, NULL, fold_function, NULL, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_create_function (db, "rapport_money_scale", 1, flags, NULL, money_scale_function,
                                  NULL, NULL);
  return rc;
}

static char *
store_column (const RapportEntity *entity,
              const char          *alias,
              const char          *field)
{
  return g_strdup_printf ("%s.%s", alias, field);
}

static char *
store_rows (const RapportEntity *entity,
            const char          *alias)
{
  return g_strdup_printf ("FROM %s AS %s WHERE 1", entity->table, alias);
}

/* The local store: a table per type, a column per field. */
const RapportFilterDialect rapport_filter_store_dialect = { store_column, store_rows };
