/* rapport-report-rfm.c: customers by recency, frequency and monetary value
 *
 * SPEC.md §4.3. A customer is a company with a won deal. Its purchases
 * are its won deals closed in the 24 months up to today: R counts the
 * days since the last, F how many, M what they brought, and
 * rapport_rfm_score() turns the three into scores and a segment. M is in
 * the customer's currency, the one most of its won deals in the window are
 * in, and ranked among the customers of that currency: the book keeps no
 * exchange rates, so its deals in another currency count for R and F, not
 * M, and its row says how many.
 *
 * "rfm" lists the customers, best segments first; "rfm_segments" counts
 * them per segment and currency, with their share of all customers and of
 * what that currency's customers spent; "rfm_movement" is the migration
 * matrix, who moved from which segment a month ago to which today. Both
 * ends are computed from the won deals as they stand, so the same records
 * give the same matrix everywhere; a won deal deleted since changes the
 * past too, which stored snapshots would not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-report"

#include "config.h"

#include "rapport-report-private.h"
#include "rapport-rfm.h"

#define WINDOW "date(:today, '-24 months')"
#define WON_IN_WINDOW \
  "d.status = 'won' AND d.closed_at IS NOT NULL AND substr (d.closed_at, 1, 10) > " WINDOW \
  " AND substr (d.closed_at, 1, 10) <= :today"

typedef struct
{
  RapportRfmCustomer  scores;
  char               *id;
  char               *name;
  char               *currency; /* (nullable): no won deal with an amount in the window */
  gint64              left_out; /* won deals in the window not in the currency */
} Customer;

static void
customer_clear (gpointer data)
{
  g_free (((Customer *) data)->id);
  g_free (((Customer *) data)->name);
  g_free (((Customer *) data)->currency);
}

/* Every customer with its recency, frequency and monetary value, scored. */
static gboolean
load_customers (sqlite3                   *db,
                const RapportReportFilter *filter,
                GArray                    *customers,
                GError                   **error)
{
  sqlite3_stmt *stmt = rapport_report_prepare (
    db,
    "WITH customers AS ("
    "  SELECT c.id, c.name,"
    "    (SELECT d.currency FROM deals d WHERE d.company_id = c.id AND " WON_IN_WINDOW
    "       AND d.currency IS NOT NULL AND d.amount IS NOT NULL"
    "       GROUP BY d.currency ORDER BY count(*) DESC, sum (d.amount) DESC, d.currency LIMIT 1)"
    "      AS currency"
    "  FROM companies c"
    "  WHERE EXISTS (SELECT 1 FROM deals d WHERE d.company_id = c.id AND d.status = 'won'"
    "                  AND substr (d.closed_at, 1, 10) <= :today)"
    "    AND (:owner IS NULL OR c.owner_id = :owner)" RAPPORT_REPORT_TEAM_FILTER ("c.owner_id") ")"
    "SELECT cu.name,"
    "  (SELECT CAST (julianday (:today) - julianday (max (substr (d.closed_at, 1, 10))) AS INTEGER)"
    "     FROM deals d WHERE d.company_id = cu.id AND " WON_IN_WINDOW "),"
    "  (SELECT count(*) FROM deals d WHERE d.company_id = cu.id AND " WON_IN_WINDOW "),"
    "  (SELECT coalesce (sum (d.amount), 0) FROM deals d WHERE d.company_id = cu.id AND " WON_IN_WINDOW
    "     AND d.currency = cu.currency),"
    "  (SELECT count(*) FROM deals d WHERE d.company_id = cu.id AND " WON_IN_WINDOW
    "     AND (d.amount IS NULL OR d.currency IS NOT cu.currency)),"
    "  cu.currency, cu.id"
    "  FROM customers cu ORDER BY cu.name, cu.id",
    filter, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Customer customer = { { 0 } };

      customer.name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      customer.scores.recency_days = sqlite3_column_type (stmt, 1) == SQLITE_NULL
                                       ? -1
                                       : sqlite3_column_int64 (stmt, 1);
      customer.scores.frequency = (guint) sqlite3_column_int64 (stmt, 2);
      customer.scores.monetary = sqlite3_column_int64 (stmt, 3);
      customer.left_out = sqlite3_column_int64 (stmt, 4);
      customer.currency = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      customer.id = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      customer.scores.currency = customer.currency;
      g_array_append_val (customers, customer);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rapport_report_step_error (db, rc, error);
  {
    g_autofree RapportRfmCustomer *scores = g_new0 (RapportRfmCustomer, MAX (customers->len, 1));

    for (guint i = 0; i < customers->len; i++)
      scores[i] = g_array_index (customers, Customer, i).scores;
    rapport_rfm_score (scores, customers->len);
    for (guint i = 0; i < customers->len; i++)
      g_array_index (customers, Customer, i).scores = scores[i];
  }
  return TRUE;
}

static guint
segment_rank (const char *segment)
{
  const char * const *codes = rapport_rfm_segment_codes ();

  for (guint i = 0; codes[i] != NULL; i++)
    if (g_str_equal (codes[i], segment))
      return i;
  return G_MAXUINT;
}

/* Best segments first; in one, by currency, the most valuable first. */
static int
by_segment (gconstpointer a,
            gconstpointer b)
{
  const Customer *x = a;
  const Customer *y = b;
  guint rx = segment_rank (x->scores.segment);
  guint ry = segment_rank (y->scores.segment);

  if (rx != ry)
    return rx < ry ? -1 : 1;
  if (g_strcmp0 (x->currency, y->currency) != 0)
    return g_strcmp0 (x->currency, y->currency);
  if (x->scores.monetary != y->scores.monetary)
    return x->scores.monetary > y->scores.monetary ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}

static GArray *
scored_customers (sqlite3                   *db,
                  const RapportReportFilter *filter,
                  GError                   **error)
{
  g_autoptr(GArray) customers = g_array_new (FALSE, TRUE, sizeof (Customer));

  g_array_set_clear_func (customers, customer_clear);
  if (!load_customers (db, filter, customers, error))
    return NULL;
  g_array_sort (customers, by_segment);
  return g_steal_pointer (&customers);
}

/* M and its currency; null both for a customer with no purchase to count. */
static void
set_money (JsonObject *row,
           const char *name,
           const char *currency,
           gint64      amount)
{
  if (currency != NULL)
    {
      json_object_set_int_member (row, name, amount);
      json_object_set_string_member (row, "currency", currency);
    }
  else
    {
      json_object_set_null_member (row, name);
      json_object_set_null_member (row, "currency");
    }
}

gboolean
rapport_report_rfm (sqlite3                   *db,
                    const RapportReportFilter *filter,
                    GPtrArray                 *rows,
                    GError                   **error)
{
  g_autoptr(GArray) customers = scored_customers (db, filter, error);

  if (customers == NULL)
    return FALSE;
  for (guint i = 0; i < customers->len; i++)
    {
      Customer *customer = &g_array_index (customers, Customer, i);
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "segment", customer->scores.segment);
      json_object_set_string_member (row, "company", customer->name);
      if (customer->scores.r > 0)
        json_object_set_int_member (row, "recency_days", customer->scores.recency_days);
      else
        json_object_set_null_member (row, "recency_days");
      json_object_set_int_member (row, "frequency", customer->scores.frequency);
      set_money (row, "monetary", customer->currency, customer->scores.monetary);
      json_object_set_int_member (row, "r", customer->scores.r);
      json_object_set_int_member (row, "f", customer->scores.f);
      json_object_set_int_member (row, "m", customer->scores.m);
      json_object_set_int_member (row, "other_currency_deals", customer->left_out);
      g_ptr_array_add (rows, row);
    }
  return TRUE;
}

/* What the customers of @currency spent, all of them. */
static gint64
spent_in (GArray     *customers,
          const char *currency)
{
  gint64 total = 0;

  for (guint i = 0; i < customers->len; i++)
    if (g_strcmp0 (g_array_index (customers, Customer, i).currency, currency) == 0)
      total += g_array_index (customers, Customer, i).scores.monetary;
  return total;
}

gboolean
rapport_report_rfm_segments (sqlite3                   *db,
                             const RapportReportFilter *filter,
                             GPtrArray                 *rows,
                             GError                   **error)
{
  g_autoptr(GArray) customers = scored_customers (db, filter, error);

  if (customers == NULL)
    return FALSE;
  /* Sorted by segment and currency: a row per run of both. */
  for (guint first = 0, last; first < customers->len; first = last)
    {
      Customer *head = &g_array_index (customers, Customer, first);
      JsonObject *row = json_object_new ();
      gint64 amount = 0;

      for (last = first; last < customers->len; last++)
        {
          Customer *customer = &g_array_index (customers, Customer, last);

          if (!g_str_equal (customer->scores.segment, head->scores.segment) ||
              g_strcmp0 (customer->currency, head->currency) != 0)
            break;
          amount += customer->scores.monetary;
        }
      json_object_set_string_member (row, "segment", head->scores.segment);
      json_object_set_int_member (row, "customers", last - first);
      rapport_report_set_share (row, "customers_share", last - first, customers->len);
      set_money (row, "revenue", head->currency, amount);
      if (head->currency != NULL)
        rapport_report_set_share (row, "revenue_share", amount, spent_in (customers, head->currency));
      else
        json_object_set_null_member (row, "revenue_share");
      g_ptr_array_add (rows, row);
    }
  return TRUE;
}

static int
by_id (gconstpointer a,
       gconstpointer b)
{
  return g_strcmp0 (((const Customer *) a)->id, ((const Customer *) b)->id);
}

/* Counts one move from @from to @to in @moves, keyed "from to". */
static void
count_move (GHashTable *moves,
            const char *from,
            const char *to)
{
  char *key = g_strconcat (from, " ", to, NULL);

  g_hash_table_insert (moves, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (moves, key)) + 1));
}

static int
by_move (gconstpointer a,
         gconstpointer b)
{
  g_auto(GStrv) x = g_strsplit (*(const char * const *) a, " ", 2);
  g_auto(GStrv) y = g_strsplit (*(const char * const *) b, " ", 2);

  if (segment_rank (x[0]) != segment_rank (y[0]))
    return segment_rank (x[0]) < segment_rank (y[0]) ? -1 : 1;
  return segment_rank (x[1]) < segment_rank (y[1]) ? -1 : segment_rank (x[1]) > segment_rank (y[1]);
}

/**
 * rapport_report_rfm_movement:
 *
 * Each customer's segment a month ago against today's, both computed from
 * the won deals as they stand: a row per pair of segments with how many
 * customers moved so (or stayed). Who was no customer a month ago comes
 * from "not_customer".
 */
gboolean
rapport_report_rfm_movement (sqlite3                   *db,
                             const RapportReportFilter *filter,
                             GPtrArray                 *rows,
                             GError                   **error)
{
  RapportReportFilter before = *filter;
  g_autofree char *month_ago = rapport_report_months_before_today (filter, 1);
  g_autoptr(GArray) now = NULL;
  g_autoptr(GArray) then = NULL;
  g_autoptr(GHashTable) moves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree gpointer *keys = NULL;
  guint n_keys;

  before.today = month_ago;
  if (!(now = scored_customers (db, filter, error)) || !(then = scored_customers (db, &before, error)))
    return FALSE;
  g_array_sort (then, by_id);
  for (guint i = 0; i < now->len; i++)
    {
      Customer *customer = &g_array_index (now, Customer, i);
      guint at;
      gboolean found = g_array_binary_search (then, customer, by_id, &at);

      count_move (moves, found ? g_array_index (then, Customer, at).scores.segment : "not_customer",
                  customer->scores.segment);
    }
  keys = g_hash_table_get_keys_as_array (moves, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), by_move);
  for (guint i = 0; i < n_keys; i++)
    {
      g_auto(GStrv) pair = g_strsplit (keys[i], " ", 2);
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "from", pair[0]);
      json_object_set_string_member (row, "to", pair[1]);
      json_object_set_int_member (row, "customers", GPOINTER_TO_UINT (g_hash_table_lookup (moves, keys[i])));
      g_ptr_array_add (rows, row);
    }
  return TRUE;
}
