/* rapport-store-schema.c: the local database's schema and its migrations
 *
 * The schema version lives in PRAGMA user_version. Each migration takes a
 * database from version N-1 to N inside one transaction; the SQL of a released
 * version is history and is never edited, only followed by a new migration.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-consent.h"
#include "rapport-json.h"
#include "rapport-record.h"
#include "rapport-uuid.h"
#include "rapport-store-private.h"

/* Version 1: every record type, the outbox, sync state and conflicts. Rows are
 * plain rowid tables keyed by the record's UUID, so lists can hold 8-byte
 * rowids; sort_key is the folded title, kept by the store. No foreign keys:
 * offline, a record may arrive before the record it points at. */
static const char schema_v1[] =
  "CREATE TABLE users ("
  "  id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT, updated_by TEXT,"
  "  name TEXT NOT NULL, email TEXT, role TEXT NOT NULL, active INTEGER,"
  "  sort_key TEXT NOT NULL DEFAULT '');"
  "CREATE TABLE companies ("
  "  id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT, updated_by TEXT,"
  "  name TEXT NOT NULL, domain TEXT, industry TEXT, employees INTEGER, phone TEXT,"
  "  website TEXT, address TEXT, owner_id TEXT, tags TEXT, notes TEXT,"
  "  sort_key TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX companies_by_name ON companies (sort_key);"
  "CREATE INDEX companies_by_updated ON companies (updated_at);"
  "CREATE INDEX companies_by_owner ON companies (owner_id, sort_key);"
  "CREATE TABLE contacts ("
  "  id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT, updated_by TEXT,"
  "  first_name TEXT, last_name TEXT, title TEXT, company_id TEXT, emails TEXT, phones TEXT,"
  "  address TEXT, birthday TEXT, lifecycle TEXT, source TEXT, owner_id TEXT, tags TEXT,"
  "  notes TEXT, email_consent INTEGER,"
  "  sort_key TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX contacts_by_name ON contacts (sort_key);"
  "CREATE INDEX contacts_by_updated ON contacts (updated_at);"
  "CREATE INDEX contacts_by_owner ON contacts (owner_id, sort_key);"
  "CREATE INDEX contacts_by_lifecycle ON contacts (lifecycle, sort_key);"
  "CREATE INDEX contacts_by_company ON contacts (company_id, sort_key);"
  "CREATE TABLE pipelines ("
  "  id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT, updated_by TEXT,"
  "  name TEXT NOT NULL, position INTEGER,"
  "  sort_key TEXT NOT NULL DEFAULT '');"
  "CREATE TABLE stages ("
  "  id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT, updated_by TEXT,"
  "  pipeline_id TEXT NOT NULL, name TEXT NOT NULL, position INTEGER, probability INTEGER,"
  "  kind TEXT,"
  "  sort_key TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX stages_by_pipeline ON stages (pipeline_id, position);"
  "CREATE TABLE deals ("
  "  id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT, updated_by TEXT,"
  "  title TEXT NOT NULL, company_id TEXT, contact_id TEXT, pipeline_id TEXT, stage_id TEXT,"
  "  amount INTEGER, currency TEXT, probability INTEGER, expected_close TEXT, owner_id TEXT,"
  "  status TEXT, lost_reason TEXT, closed_at TEXT, tags TEXT,"
  "  sort_key TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX deals_by_name ON deals (sort_key);"
  "CREATE INDEX deals_by_updated ON deals (updated_at);"
  "CREATE INDEX deals_by_amount ON deals (amount);"
  "CREATE INDEX deals_by_stage ON deals (stage_id, sort_key);"
  "CREATE INDEX deals_by_owner ON deals (owner_id, sort_key);"
  "CREATE INDEX deals_by_status ON deals (status, sort_key);"
  "CREATE INDEX deals_by_company ON deals (company_id);"
  "CREATE INDEX deals_by_contact ON deals (contact_id);"
  "CREATE TABLE cases ("
  "  id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT, updated_by TEXT,"
  "  subject TEXT NOT NULL, description TEXT, contact_id TEXT, company_id TEXT, status TEXT,"
  "  priority TEXT, channel TEXT, assignee_id TEXT, due_at TEXT, resolved_at TEXT,"
  "  satisfaction INTEGER, tags TEXT,"
  "  sort_key TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX cases_by_name ON cases (sort_key);"
  "CREATE INDEX cases_by_updated ON cases (updated_at);"
  "CREATE INDEX cases_by_status ON cases (status, sort_key);"
  "CREATE INDEX cases_by_priority ON cases (priority, sort_key);"
  "CREATE INDEX cases_by_assignee ON cases (assignee_id, sort_key);"
  "CREATE INDEX cases_by_contact ON cases (contact_id);"
  "CREATE INDEX cases_by_company ON cases (company_id);"
  "CREATE TABLE activities ("
  "  id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT, updated_by TEXT,"
  "  kind TEXT NOT NULL, subject TEXT, body TEXT, occurred_at TEXT, duration_min INTEGER,"
  "  direction TEXT, contact_id TEXT, company_id TEXT, deal_id TEXT, case_id TEXT,"
  "  owner_id TEXT,"
  "  sort_key TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX activities_by_contact ON activities (contact_id, occurred_at);"
  "CREATE INDEX activities_by_company ON activities (company_id, occurred_at);"
  "CREATE INDEX activities_by_deal ON activities (deal_id, occurred_at);"
  "CREATE INDEX activities_by_case ON activities (case_id, occurred_at);"
  "CREATE TABLE tasks ("
  "  id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT, updated_by TEXT,"
  "  title TEXT NOT NULL, notes TEXT, due_at TEXT, remind_at TEXT, done_at TEXT,"
  "  assignee_id TEXT, priority TEXT, contact_id TEXT, company_id TEXT, deal_id TEXT,"
  "  case_id TEXT,"
  "  sort_key TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX tasks_by_due ON tasks (due_at);"
  "CREATE INDEX tasks_by_assignee ON tasks (assignee_id, due_at);"
  /* What the user typed and the server has not yet acknowledged. */
  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  op_id TEXT NOT NULL UNIQUE,"
  "  entity TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),"
  "  base_version INTEGER NOT NULL,"
  "  changes TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'failed')),"
  "  error TEXT);"
  "CREATE INDEX outbox_by_record ON outbox (entity, record_id);"
  "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
  "CREATE TABLE conflicts ("
  "  id TEXT PRIMARY KEY,"
  "  entity TEXT NOT NULL,"
  "  record_id TEXT NOT NULL,"
  "  op_id TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('edit', 'delete')),"
  "  fields TEXT NOT NULL,"
  "  theirs TEXT,"
  "  created_at TEXT NOT NULL,"
  "  resolved_at TEXT);"
  "CREATE INDEX conflicts_by_record ON conflicts (entity, record_id);";

/* Version 2: full-text search over contacts, companies, deals and cases. The
 * index holds folded text (see rapport-text.c) kept in a search_text column
 * and mirrored into an external-content FTS5 table by triggers. This list is
 * history: a type added later gets its index from rapport_store_schema_add_table(), and
 * the store searches what the descriptors say is searchable. */
static const char * const searchable_tables[] = { "companies", "contacts", "deals", "cases" };

static gboolean
exec (sqlite3    *db,
      const char *sql,
      GError    **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DATABASE,
                   "%s", message ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate_to_v1 (sqlite3 *db,
               GError **error)
{
  return exec (db, schema_v1, error);
}

/* The searchable fields of @entity that @table has as columns now: at
 * version 2 the table lacks every column a later version adds, and a
 * record read through today's descriptor would fail to read at all. */
static GPtrArray *
searchable_columns (sqlite3             *db,
                    const char          *table,
                    const RapportEntity *entity)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(%s)", table);
  g_autoptr(GHashTable) columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *fields = g_ptr_array_new ();
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_hash_table_add (columns, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  for (guint i = 0; i < entity->n_fields; i++)
    if ((entity->fields[i].flags & RAPPORT_FIELD_SEARCHABLE) &&
        g_hash_table_contains (columns, entity->fields[i].name))
      g_ptr_array_add (fields, (gpointer) &entity->fields[i]);
  return fields;
}

static gboolean
backfill_search_text (sqlite3    *db,
                      const char *table,
                      GError    **error)
{
  const RapportEntity *entity = rapport_entity_lookup_table (table);
  g_autoptr(GPtrArray) fields = searchable_columns (db, table, entity);
  g_autoptr(GString) select_sql = g_string_new ("SELECT rowid");
  g_autofree char *update_sql = g_strdup_printf ("UPDATE %s SET search_text = ? WHERE rowid = ?",
                                                 table);
  sqlite3_stmt *select = NULL, *update = NULL;
  gboolean ok = TRUE;

  for (guint i = 0; i < fields->len; i++)
    g_string_append_printf (select_sql, ", %s", ((const RapportField *) fields->pdata[i])->name);
  g_string_append_printf (select_sql, " FROM %s", table);
  if (sqlite3_prepare_v2 (db, select_sql->str, -1, &select, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, update_sql, -1, &update, NULL) != SQLITE_OK)
    ok = FALSE;

  while (ok && sqlite3_step (select) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (select, 0);
      g_autoptr(JsonObject) record = json_object_new ();
      g_autofree char *text = NULL;

      for (guint i = 0; i < fields->len; i++)
        {
          const RapportField *field = fields->pdata[i];
          const char *value = (const char *) sqlite3_column_text (select, i + 1);

          if (value == NULL)
            continue;
          /* Lists and tags are stored as JSON text. */
          if (field->kind == RAPPORT_FIELD_EMAIL_LIST || field->kind == RAPPORT_FIELD_PHONE_LIST ||
              field->kind == RAPPORT_FIELD_TAGS)
            {
              JsonNode *node = json_from_string (value, NULL);

              if (node != NULL)
                json_object_set_member (record, field->name, node);
            }
          else
            json_object_set_string_member (record, field->name, value);
        }
      text = rapport_record_search_text (entity, record);
      sqlite3_bind_text (update, 1, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (update, 2, rowid);
      ok = sqlite3_step (update) == SQLITE_DONE;
      sqlite3_reset (update);
    }

  if (!ok)
    g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DATABASE,
                 _("Could not index %s for search: %s"), table, sqlite3_errmsg (db));
  sqlite3_finalize (select);
  sqlite3_finalize (update);
  return ok;
}

static gboolean
migrate_to_v2 (sqlite3 *db,
               GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (searchable_tables); i++)
    {
      const char *t = searchable_tables[i];
      g_autofree char *add_column = g_strdup_printf (
        "ALTER TABLE %s ADD COLUMN search_text TEXT NOT NULL DEFAULT ''", t);
      /* The index is built from the filled column, and only then do the
       * triggers start mirroring writes: an FTS5 'delete' of text that was
       * never indexed would corrupt it. */
      g_autofree char *index = g_strdup_printf (
        "CREATE VIRTUAL TABLE %1$s_fts USING fts5 ("
        "  search_text, content='%1$s', content_rowid='rowid',"
        "  tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');"
        "INSERT INTO %1$s_fts (%1$s_fts) VALUES ('rebuild');"
        "CREATE TRIGGER %1$s_fts_insert AFTER INSERT ON %1$s BEGIN"
        "  INSERT INTO %1$s_fts (rowid, search_text) VALUES (new.rowid, new.search_text);"
        "END;"
        "CREATE TRIGGER %1$s_fts_delete AFTER DELETE ON %1$s BEGIN"
        "  INSERT INTO %1$s_fts (%1$s_fts, rowid, search_text)"
        "    VALUES ('delete', old.rowid, old.search_text);"
        "END;"
        "CREATE TRIGGER %1$s_fts_update AFTER UPDATE OF search_text ON %1$s BEGIN"
        "  INSERT INTO %1$s_fts (%1$s_fts, rowid, search_text)"
        "    VALUES ('delete', old.rowid, old.search_text);"
        "  INSERT INTO %1$s_fts (rowid, search_text) VALUES (new.rowid, new.search_text);"
        "END;", t);

      if (!exec (db, add_column, error) || !backfill_search_text (db, t, error) ||
          !exec (db, index, error))
        return FALSE;
    }
  return TRUE;
}

/* Version 3: the outbox counts how often an entry was sent. An entry that
 * may have reached the server keeps its op_id and is never merged with later
 * edits, so that a retry is recognised as the same op. */
static gboolean
migrate_to_v3 (sqlite3 *db,
               GError **error)
{
  return exec (db, "ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;", error);
}

/* Version 4: indexes for working the pipeline. The board sums each stage's
 * deals by currency from one covering index, without reading the rows; the
 * manager's summary counts a rep's open deals and open tasks from indexes;
 * due reminders are found from a small partial index of open tasks. */
static gboolean
migrate_to_v4 (sqlite3 *db,
               GError **error)
{
  return exec (db,
               "CREATE INDEX deals_by_stage_totals"
               "  ON deals (stage_id, currency, amount, probability);"
               "CREATE INDEX deals_by_owner_status ON deals (owner_id, status);"
               "CREATE INDEX tasks_by_assignee_done ON tasks (assignee_id, done_at);"
               "CREATE INDEX tasks_by_remind ON tasks (remind_at) WHERE done_at IS NULL;",
               error);
}

/* Version 5: the store keeps the full-text index itself. With triggers,
 * every row write ran as a statement transaction, and FTS5 flushes its
 * pending terms at every statement savepoint: bulk writes ran ~1.5x slower,
 * and an edit that left the indexed text alone still rewrote it. */
static gboolean
migrate_to_v5 (sqlite3 *db,
               GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (searchable_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TRIGGER %1$s_fts_insert;"
                                              "DROP TRIGGER %1$s_fts_delete;"
                                              "DROP TRIGGER %1$s_fts_update;",
                                              searchable_tables[i]);

      if (!exec (db, sql, error))
        return FALSE;
    }
  return TRUE;
}

/* Version 6: a record's open tasks, for its detail view, from small partial
 * indexes by the record they are linked to, soonest due first. */
static gboolean
migrate_to_v6 (sqlite3 *db,
               GError **error)
{
  return exec (db,
               "CREATE INDEX tasks_open_by_contact ON tasks (contact_id, due_at)"
               "  WHERE done_at IS NULL;"
               "CREATE INDEX tasks_open_by_company ON tasks (company_id, due_at)"
               "  WHERE done_at IS NULL;"
               "CREATE INDEX tasks_open_by_deal ON tasks (deal_id, due_at)"
               "  WHERE done_at IS NULL;"
               "CREATE INDEX tasks_open_by_case ON tasks (case_id, due_at)"
               "  WHERE done_at IS NULL;",
               error);
}

/* A record type added after version 6: its table with the columns every
 * record has, @columns ("sku TEXT, name TEXT NOT NULL"), the sort_key the
 * store keeps from the title, and indexes for the list's name and updated
 * orders. A searchable type (its descriptor says so) also gets its
 * search_text column and an FTS5 index the store keeps itself (version 5).
 * @indexes (nullable) is more SQL: "CREATE INDEX products_by_kind ...;". */
gboolean
rapport_store_schema_add_table (sqlite3    *db,
                                const char *table,
                                const char *columns,
                                const char *indexes,
                                GError    **error)
{
  const RapportEntity *entity = rapport_entity_lookup_table (table);
  g_autofree char *sql = NULL;
  g_autofree char *search = NULL;

  g_return_val_if_fail (entity != NULL, FALSE);

  if (entity->searchable)
    search = g_strdup_printf ("CREATE VIRTUAL TABLE %1$s_fts USING fts5 ("
                              "  search_text, content='%1$s', content_rowid='rowid',"
                              "  tokenize='unicode61 remove_diacritics 2', prefix='1 2 3');",
                              table);
  sql = g_strdup_printf ("CREATE TABLE %1$s ("
                         "  id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,"
                         "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
                         "  created_by TEXT, updated_by TEXT,"
                         "  %2$s,"
                         "  sort_key TEXT NOT NULL DEFAULT ''%3$s);"
                         "CREATE INDEX %1$s_by_name ON %1$s (sort_key);"
                         "CREATE INDEX %1$s_by_updated ON %1$s (updated_at);"
                         "%4$s%5$s",
                         table, columns,
                         entity->searchable ? ", search_text TEXT NOT NULL DEFAULT ''" : "",
                         search ? search : "", indexes ? indexes : "");
  return exec (db, sql, error);
}

/* Version 7: products, searchable by SKU, name and tags, listed by kind
 * and by list price. */
static gboolean
migrate_to_v7 (sqlite3 *db,
               GError **error)
{
  return rapport_store_schema_add_table (
    db, "products",
    "sku TEXT NOT NULL, name TEXT NOT NULL, description TEXT, unit TEXT, kind TEXT,"
    "  active INTEGER, list_price INTEGER, list_price_currency TEXT, cost INTEGER,"
    "  cost_currency TEXT, tags TEXT",
    "CREATE INDEX products_by_kind ON products (kind, sort_key);"
    "CREATE INDEX products_by_list_price ON products (list_price_currency, list_price);"
    "CREATE INDEX products_by_sku ON products (sku COLLATE NOCASE);",
    error);
}

/* Version 8: price lists and their items, the first child records; and
 * outbox groups. The entries of one edit of a record and its children share
 * a group_id, are pushed in one batch and applied by the server together. */
static gboolean
migrate_to_v8 (sqlite3 *db,
               GError **error)
{
  return exec (db,
               "CREATE TABLE price_lists ("
               "  id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,"
               "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT,"
               "  updated_by TEXT,"
               "  name TEXT NOT NULL, currency TEXT NOT NULL, valid_from TEXT, valid_to TEXT,"
               "  is_default INTEGER, priority INTEGER,"
               "  sort_key TEXT NOT NULL DEFAULT '');"
               "CREATE INDEX price_lists_by_name ON price_lists (sort_key);"
               "CREATE TABLE price_list_items ("
               "  id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,"
               "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT,"
               "  updated_by TEXT,"
               "  price_list_id TEXT NOT NULL, name TEXT NOT NULL, min_qty_milli INTEGER,"
               "  unit_price INTEGER, currency TEXT, discount_ppm INTEGER, position TEXT,"
               "  sort_key TEXT NOT NULL DEFAULT '');"
               "CREATE INDEX price_list_items_by_list"
               "  ON price_list_items (price_list_id, position, id);"
               "ALTER TABLE outbox ADD COLUMN group_id TEXT;",
               error);
}

/* Version 9: a deal's weighted amount, a derived value (rapport-derived.c)
 * computed here as rapport_deal_compute() does: amount × probability / 100
 * rounded half away from zero. The board sums it from its index, weighing
 * deals without their own probability by their stage's. */
static gboolean
migrate_to_v9 (sqlite3 *db,
               GError **error)
{
  return exec (db,
               "ALTER TABLE deals ADD COLUMN weighted_amount INTEGER;"
               "UPDATE deals SET weighted_amount = CASE"
               "  WHEN amount * probability >= 0 THEN (amount * probability + 50) / 100"
               "  ELSE -((-(amount * probability) + 50) / 100) END"
               "  WHERE amount IS NOT NULL AND probability IS NOT NULL;"
               "DROP INDEX deals_by_stage_totals;"
               "CREATE INDEX deals_by_stage_totals"
               "  ON deals (stage_id, currency, amount, weighted_amount);",
               error);
}

/* Version 10: a deal's contacts with their roles, the first link type: one
 * record per pair, found from either side. */
static gboolean
migrate_to_v10 (sqlite3 *db,
               GError **error)
{
  return exec (db,
               "CREATE TABLE deal_contacts ("
               "  id TEXT NOT NULL UNIQUE, version INTEGER NOT NULL DEFAULT 0,"
               "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, created_by TEXT,"
               "  updated_by TEXT,"
               "  deal_id TEXT NOT NULL, contact_id TEXT NOT NULL, role TEXT,"
               "  sort_key TEXT NOT NULL DEFAULT '');"
               "CREATE INDEX deal_contacts_by_deal ON deal_contacts (deal_id);"
               "CREATE INDEX deal_contacts_by_contact ON deal_contacts (contact_id);",
               error);
}

/* Version 11: cases as a queue. A case records when it was closed as well
 * as resolved, and the list sorts by due time, unset last, from an index. */
static gboolean
migrate_to_v11 (sqlite3 *db,
               GError **error)
{
  return exec (db,
               "ALTER TABLE cases ADD COLUMN closed_at TEXT;"
               "CREATE INDEX cases_by_due ON cases (due_at IS NULL, due_at);",
               error);
}

/* Version 12: users have a display name (王芳) beside their login
 * (wang.fang). No user has one yet, so every title, and with it the
 * sort key, stays the login. */
static gboolean
migrate_to_v12 (sqlite3 *db,
                GError **error)
{
  return exec (db, "ALTER TABLE users ADD COLUMN display_name TEXT;", error);
}

/* Version 13: cases have the number the server gives them (C-2026-00042),
 * found by search through the search text the store rebuilds on every
 * write. A server that numbered its cases before this client learned the
 * column sent the numbers in records this client has already pulled and
 * kept without them: if any case came from a server, the feed is read
 * again from its start, as after a restored server, and brings them. */
static gboolean
migrate_to_v13 (sqlite3 *db,
                GError **error)
{
  return exec (db,
               "ALTER TABLE cases ADD COLUMN number TEXT;"
               "DELETE FROM sync_state WHERE key = 'cursor'"
               "  AND EXISTS (SELECT 1 FROM cases WHERE version > 0);",
               error);
}

/* Version 14: quotes and sales orders with their lines (SPEC.md §1.3).
 * The totals are derived columns, kept for lists and search and
 * recomputed from the lines on every write (rapport-store-documents.c). */
#define DOCUMENT_COLUMNS                                                             \
  "revision INTEGER, deal_id TEXT, company_id TEXT, contact_id TEXT, owner_id TEXT," \
  "  currency TEXT NOT NULL, payment_terms TEXT, notes TEXT, tax_mode TEXT,"         \
  "  discount_ppm INTEGER, discount_minor INTEGER, shipping_minor INTEGER,"          \
  "  shipping_tax_rate_ppm INTEGER, subtotal INTEGER, tax_total INTEGER, total INTEGER"
#define LINE_COLUMNS                                                             \
  "product_id TEXT, description TEXT, line_kind TEXT, qty_milli INTEGER,"        \
  "  unit_price_x100 INTEGER, discount_ppm INTEGER, discount_minor INTEGER,"     \
  "  tax_rate_ppm INTEGER, tax2_rate_ppm INTEGER, position TEXT, currency TEXT," \
  "  gross INTEGER, net INTEGER, tax INTEGER, total INTEGER"
static gboolean
migrate_to_v14 (sqlite3 *db,
                GError **error)
{
  return rapport_store_schema_add_table (
           db, "quotes",
           "title TEXT NOT NULL, number TEXT, state TEXT, revision_of TEXT, valid_until TEXT,"
           "  " DOCUMENT_COLUMNS,
           "CREATE INDEX quotes_by_state ON quotes (state, sort_key);"
           "CREATE INDEX quotes_by_deal ON quotes (deal_id);"
           "CREATE INDEX quotes_by_company ON quotes (company_id);"
           "CREATE INDEX quotes_by_contact ON quotes (contact_id);",
           error) &&
         rapport_store_schema_add_table (
           db, "quote_lines", "quote_id TEXT NOT NULL, " LINE_COLUMNS,
           "CREATE INDEX quote_lines_by_quote ON quote_lines (quote_id, position, id);", error) &&
         rapport_store_schema_add_table (
           db, "sales_orders",
           "title TEXT NOT NULL, number TEXT, state TEXT, quote_id TEXT, " DOCUMENT_COLUMNS,
           "CREATE INDEX sales_orders_by_state ON sales_orders (state, sort_key);"
           "CREATE INDEX sales_orders_by_deal ON sales_orders (deal_id);"
           "CREATE INDEX sales_orders_by_company ON sales_orders (company_id);"
           "CREATE INDEX sales_orders_by_contact ON sales_orders (contact_id);"
           "CREATE INDEX sales_orders_by_quote ON sales_orders (quote_id);",
           error) &&
         rapport_store_schema_add_table (
           db, "sales_order_lines",
           "sales_order_id TEXT NOT NULL, " LINE_COLUMNS ", delivered_qty_milli INTEGER",
           "CREATE INDEX sales_order_lines_by_order"
           "  ON sales_order_lines (sales_order_id, position, id);",
           error);
}

/* Version 15: approval (SPEC.md §1.3): what a document's approval is of,
 * the rules and the requests. A document pulled before has no doc_hash
 * until it is next written; the server guards its transitions. */
static gboolean
migrate_to_v15 (sqlite3 *db,
                GError **error)
{
  return exec (db,
               "ALTER TABLE quotes ADD COLUMN doc_hash TEXT;"
               "ALTER TABLE sales_orders ADD COLUMN doc_hash TEXT;",
               error) &&
         rapport_store_schema_add_table (
           db, "approval_rules",
           "name TEXT NOT NULL, applies_to TEXT, active INTEGER, max_line_discount_ppm INTEGER,"
           "  max_discount_ppm INTEGER, min_total INTEGER, currency TEXT, approver_role TEXT",
           "", error) &&
         rapport_store_schema_add_table (
           db, "approval_requests",
           "quote_id TEXT, sales_order_id TEXT, status TEXT, doc_hash TEXT NOT NULL, reasons TEXT,"
           "  approver_role TEXT, requested_by TEXT, submitted_at TEXT, comment TEXT,"
           "  decided_by TEXT, decided_at TEXT, decision_comment TEXT, decided_hash TEXT,"
           "  rules TEXT",
           "CREATE INDEX approval_requests_by_quote ON approval_requests (quote_id);"
           "CREATE INDEX approval_requests_by_order ON approval_requests (sales_order_id);"
           "CREATE INDEX approval_requests_by_status ON approval_requests (status, approver_role);",
           error);
}

/* Version 16: pricing (SPEC.md §1.3). A product has a category; a price
 * list's item applies to a product or a category and may say its rule
 * (without one, its values say it: rapport-price-resolve.c); a quote and
 * an order name their price list, and a line what its price came from. A
 * product's lines are found from an index, so that one used on a line is
 * kept from deletion at once. */
static gboolean
migrate_to_v16 (sqlite3 *db,
                GError **error)
{
  return exec (db,
               "ALTER TABLE products ADD COLUMN category TEXT;"
               "ALTER TABLE price_list_items ADD COLUMN product_id TEXT;"
               "ALTER TABLE price_list_items ADD COLUMN category TEXT;"
               "ALTER TABLE price_list_items ADD COLUMN rule TEXT;"
               "ALTER TABLE quotes ADD COLUMN price_list_id TEXT;"
               "ALTER TABLE sales_orders ADD COLUMN price_list_id TEXT;"
               "ALTER TABLE quote_lines ADD COLUMN price_source TEXT;"
               "ALTER TABLE sales_order_lines ADD COLUMN price_source TEXT;"
               "CREATE INDEX quote_lines_by_product ON quote_lines (product_id)"
               "  WHERE product_id IS NOT NULL;"
               "CREATE INDEX sales_order_lines_by_product ON sales_order_lines (product_id)"
               "  WHERE product_id IS NOT NULL;",
               error);
}

/* Version 17: imports (SPEC.md §6.3). Contacts, companies and deals keep
 * the id another system knows them by, which an import matches on; a
 * contact keeps the vCard properties it has no field for. Each import is
 * a batch that lists the records it created or changed, with their values
 * before and after, so that it can be undone. The batches stay on this
 * computer: what they did syncs as ordinary edits. */
static gboolean
migrate_to_v17 (sqlite3 *db,
                GError **error)
{
  return exec (db,
               "ALTER TABLE contacts ADD COLUMN external_ref TEXT;"
               "ALTER TABLE contacts ADD COLUMN vcard_extra TEXT;"
               "ALTER TABLE companies ADD COLUMN external_ref TEXT;"
               "ALTER TABLE deals ADD COLUMN external_ref TEXT;"
               "CREATE TABLE import_batches ("
               "  id TEXT PRIMARY KEY, created_at TEXT NOT NULL, entity TEXT NOT NULL,"
               "  source TEXT, undone_at TEXT);"
               "CREATE TABLE import_batch_records ("
               "  batch_id TEXT NOT NULL, seq INTEGER NOT NULL, entity TEXT NOT NULL,"
               "  record_id TEXT NOT NULL, action TEXT NOT NULL, before TEXT, after TEXT NOT NULL,"
               "  PRIMARY KEY (batch_id, seq));",
               error);
}

/* Version 18: an order's amendment (SPEC.md §1.3) says which order it
 * amends, and each of its lines which line it carries on. */
static gboolean
migrate_to_v18 (sqlite3 *db,
                GError **error)
{
  return exec (db,
               "ALTER TABLE sales_orders ADD COLUMN revision_of TEXT;"
               "ALTER TABLE sales_order_lines ADD COLUMN amends_line_id TEXT;",
               error);
}

/* Version 19: approval steps (SPEC.md §1.3). A user has a manager; a
 * rule has a priority, a mode, more conditions and its approvers in order;
 * a request its steps and its trail; teams and their members; approvers'
 * delegations while they are away. */
static gboolean
migrate_to_v19 (sqlite3 *db,
                GError **error)
{
  return exec (db,
               "ALTER TABLE users ADD COLUMN manager_id TEXT;"
               "ALTER TABLE approval_rules ADD COLUMN priority INTEGER;"
               "ALTER TABLE approval_rules ADD COLUMN mode TEXT;"
               "ALTER TABLE approval_rules ADD COLUMN min_margin_ppm INTEGER;"
               "ALTER TABLE approval_rules ADD COLUMN product_id TEXT;"
               "ALTER TABLE approval_rules ADD COLUMN category TEXT;"
               "ALTER TABLE approval_rules ADD COLUMN standard_payment_terms TEXT;"
               "ALTER TABLE approval_rules ADD COLUMN below_list_price INTEGER;"
               "ALTER TABLE approval_rules ADD COLUMN steps TEXT;"
               "ALTER TABLE approval_requests ADD COLUMN steps TEXT;"
               "ALTER TABLE approval_requests ADD COLUMN current_step INTEGER;"
               "ALTER TABLE approval_requests ADD COLUMN events TEXT;"
               "ALTER TABLE approval_requests ADD COLUMN decided_step INTEGER;",
               error) &&
         rapport_store_schema_add_table (db, "teams",
                                         "name TEXT NOT NULL, description TEXT",
                                         "", error) &&
         rapport_store_schema_add_table (db, "team_members",
                                         "team_id TEXT NOT NULL, user_id TEXT NOT NULL, role TEXT",
                                         "CREATE INDEX team_members_by_team"
                                         "  ON team_members (team_id, id);"
                                         "CREATE INDEX team_members_by_user"
                                         "  ON team_members (user_id);",
                                         error) &&
         rapport_store_schema_add_table (db, "approval_delegations",
                                         "user_id TEXT NOT NULL, delegate_id TEXT NOT NULL,"
                                         "  starts_on TEXT NOT NULL, ends_on TEXT NOT NULL, note TEXT",
                                         "CREATE INDEX approval_delegations_by_delegate"
                                         "  ON approval_delegations (delegate_id, ends_on);",
                                         error);
}

/* Version 20: reports (SPEC.md §2.3). A deal has a forecast category,
 * whether the rep picked it, and how often its close date slipped; a stage
 * a default category and the days after which its deals go stale; and
 * every deal has its history, written by the server. Deals pulled before
 * get their category on their next write. */
static gboolean
migrate_to_v20 (sqlite3 *db,
                GError **error)
{
  return exec (db,
               "ALTER TABLE deals ADD COLUMN forecast_category TEXT;"
               "ALTER TABLE deals ADD COLUMN forecast_category_manual INTEGER;"
               "ALTER TABLE deals ADD COLUMN close_date_push_count INTEGER;"
               "ALTER TABLE stages ADD COLUMN forecast_category TEXT;"
               "ALTER TABLE stages ADD COLUMN rotten_days INTEGER;"
               "CREATE INDEX deals_by_closed ON deals (closed_at) WHERE closed_at IS NOT NULL;"
               "CREATE INDEX deals_by_created ON deals (created_at);",
               error) &&
         rapport_store_schema_add_table (
           db, "deal_stage_events",
           "deal_id TEXT NOT NULL, pipeline_id TEXT, from_stage_id TEXT, from_stage_name TEXT,"
           "  to_stage_id TEXT, to_stage_name TEXT, to_stage_position INTEGER, from_status TEXT,"
           "  status TEXT, amount INTEGER, currency TEXT, probability INTEGER,"
           "  expected_close TEXT, owner_id TEXT, forecast_category TEXT, changes TEXT,"
           "  user_id TEXT, client_time TEXT, server_time TEXT, occurred_at TEXT,"
           "  superseded INTEGER",
           "CREATE INDEX deal_stage_events_by_deal"
           "  ON deal_stage_events (deal_id, occurred_at, id);",
           error);
}

/* Version 21: SLAs (SPEC.md §8.3). Business calendars and SLA policies,
 * and a case's SLA clock, derived from them. Cases pulled before get
 * theirs when they are next written. */
static gboolean
migrate_to_v21 (sqlite3 *db,
                GError **error)
{
  return rapport_store_schema_add_table (
           db, "calendars",
           "name TEXT NOT NULL, time_zone TEXT NOT NULL, weekly_hours TEXT NOT NULL, holidays TEXT",
           "", error) &&
         rapport_store_schema_add_table (
           db, "sla_policies",
           "name TEXT NOT NULL, active INTEGER, is_default INTEGER, calendar_id TEXT NOT NULL,"
           "  low_first_response_secs INTEGER, low_resolution_secs INTEGER,"
           "  normal_first_response_secs INTEGER, normal_resolution_secs INTEGER,"
           "  high_first_response_secs INTEGER, high_resolution_secs INTEGER,"
           "  urgent_first_response_secs INTEGER, urgent_resolution_secs INTEGER,"
           "  warning_percent INTEGER, pause_statuses TEXT",
           "", error) &&
         exec (db,
               "ALTER TABLE cases ADD COLUMN sla_policy_id TEXT;"
               "ALTER TABLE cases ADD COLUMN sla_start TEXT;"
               "ALTER TABLE cases ADD COLUMN first_response_due TEXT;"
               "ALTER TABLE cases ADD COLUMN first_responded_at TEXT;"
               "ALTER TABLE cases ADD COLUMN resolution_due TEXT;"
               "ALTER TABLE cases ADD COLUMN paused_total_secs INTEGER;"
               "ALTER TABLE cases ADD COLUMN paused_since TEXT;"
               "ALTER TABLE cases ADD COLUMN sla_status TEXT;"
               "ALTER TABLE cases ADD COLUMN sla_due TEXT;"
               "ALTER TABLE cases ADD COLUMN sla_warn_at TEXT;"
               "ALTER TABLE cases ADD COLUMN response_breached_at TEXT;"
               "ALTER TABLE cases ADD COLUMN resolution_breached_at TEXT;"
               "CREATE INDEX cases_by_sla_due ON cases (sla_due) WHERE sla_due IS NOT NULL;",
               error);
}

/* Version 22: segments, saved filters (rapport-segment.c). */
static gboolean
migrate_to_v22 (sqlite3 *db,
                GError **error)
{
  return rapport_store_schema_add_table (
    db, "segments",
    "name TEXT NOT NULL, object TEXT NOT NULL, filter TEXT NOT NULL, description TEXT,"
    "  pinned INTEGER, owner_id TEXT",
    "CREATE INDEX segments_by_object ON segments (object, sort_key);", error);
}

/* Version 23: case queues and satisfaction (SPEC.md §8.3). Queues and
 * their members; a case's queue and why the server left it unassigned;
 * one satisfaction response per resolution of a case. */
static gboolean
migrate_to_v23 (sqlite3 *db,
                GError **error)
{
  return rapport_store_schema_add_table (
           db, "queues",
           "name TEXT NOT NULL, assignment_mode TEXT, max_open_per_agent INTEGER, lead_id TEXT,"
           "  calendar_id TEXT, active INTEGER",
           "", error) &&
         rapport_store_schema_add_table (db, "queue_members",
                                         "queue_id TEXT NOT NULL, user_id TEXT NOT NULL, paused INTEGER",
                                         "CREATE INDEX queue_members_by_queue"
                                         "  ON queue_members (queue_id, id);"
                                         "CREATE INDEX queue_members_by_user"
                                         "  ON queue_members (user_id);",
                                         error) &&
         rapport_store_schema_add_table (
           db, "csat_responses",
           "case_id TEXT NOT NULL, score INTEGER, comment TEXT, resolved_at TEXT, agent_id TEXT,"
           "  queue_id TEXT",
           "CREATE INDEX csat_responses_by_case ON csat_responses (case_id, id);",
           error) &&
         exec (db,
               "ALTER TABLE cases ADD COLUMN queue_id TEXT;"
               "ALTER TABLE cases ADD COLUMN unassigned_reason TEXT;"
               "CREATE INDEX cases_by_queue ON cases (queue_id, status) WHERE queue_id IS NOT NULL;",
               error);
}

/* Version 24: duplicate detection (SPEC.md §5.3). The normalized keys of
 * contacts and companies, one row per key, and which record types still owe
 * theirs: the rows already stored get them in the background
 * (rapport-store-match-keys.c), one batch at a time. */
static gboolean
migrate_to_v24 (sqlite3 *db,
                GError **error)
{
  return exec (db,
               "CREATE TABLE match_keys ("
               "  entity TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,"
               "  record_id TEXT NOT NULL,"
               "  PRIMARY KEY (entity, kind, key, record_id)) WITHOUT ROWID;"
               "CREATE INDEX match_keys_by_record ON match_keys (entity, record_id);"
               "CREATE TABLE match_key_backlog ("
               "  entity TEXT PRIMARY KEY, after_rowid INTEGER NOT NULL DEFAULT 0);"
               "INSERT INTO match_key_backlog (entity) VALUES ('contact'), ('company');",
               error);
}

/* Version 25: merges (SPEC.md §5.3): the server's merge events, and the
 * records merged into a contact or a company. */
static gboolean
migrate_to_v25 (sqlite3 *db,
                GError **error)
{
  return exec (db,
               "ALTER TABLE contacts ADD COLUMN merged_ids TEXT;"
               "ALTER TABLE companies ADD COLUMN merged_ids TEXT;",
               error) &&
         rapport_store_schema_add_table (
           db, "merge_events",
           "object TEXT NOT NULL, master_id TEXT NOT NULL, loser_ids TEXT NOT NULL, choices TEXT,"
           "  status TEXT, merged_by TEXT, merged_at TEXT, undone_by TEXT, undone_at TEXT,"
           "  moved TEXT, moved_counts TEXT, snapshot TEXT",
           "CREATE INDEX merge_events_by_master ON merge_events (master_id);", error);
}

/* Version 26: automation (SPEC.md §9.3): rules, the server's log of their
 * runs, and the notifications their notify actions leave. */
static gboolean
migrate_to_v26 (sqlite3 *db,
                GError **error)
{
  return rapport_store_schema_add_table (
           db, "automation_rules",
           "name TEXT NOT NULL, enabled INTEGER, entity TEXT NOT NULL, trigger TEXT,"
           "  trigger_field TEXT, conditions TEXT, actions TEXT NOT NULL, position INTEGER",
           "", error) &&
         rapport_store_schema_add_table (
           db, "automation_runs",
           "rule_id TEXT NOT NULL, rule_name TEXT, entity TEXT, record_id TEXT, record_title TEXT,"
           "  record_version INTEGER, op_id TEXT, user_id TEXT, depth INTEGER, result TEXT,"
           "  actions_done TEXT, error TEXT, ran_at TEXT",
           "CREATE INDEX automation_runs_by_rule ON automation_runs (rule_id, ran_at);", error) &&
         rapport_store_schema_add_table (
           db, "notifications",
           "recipient_id TEXT NOT NULL, message TEXT NOT NULL, entity TEXT, record_id TEXT,"
           "  record_title TEXT, rule_id TEXT, seen_at TEXT",
           "CREATE INDEX notifications_by_recipient ON notifications (recipient_id, seen_at);",
           error);
}

/* Version 27: an approval rule may name a customer segment (SPEC.md §1.3). */
static gboolean
migrate_to_v27 (sqlite3 *db,
                GError **error)
{
  return exec (db, "ALTER TABLE approval_rules ADD COLUMN segment_id TEXT;", error);
}

/* Version 28: sales targets (SPEC.md §2.3, rapport-quota.c), and the open
 * deals by their expected close, which the forecast reads a period of. */
static gboolean
migrate_to_v28 (sqlite3 *db,
                GError **error)
{
  return rapport_store_schema_add_table (
    db, "quotas",
    "user_id TEXT, team_id TEXT, metric TEXT NOT NULL, period_type TEXT NOT NULL,"
    "  period_start TEXT NOT NULL, target_amount INTEGER, currency TEXT, target_count INTEGER,"
    "  note TEXT",
    "CREATE INDEX quotas_by_period ON quotas (period_start, period_type);"
    "CREATE INDEX deals_open_by_expected_close ON deals (expected_close)"
    "  WHERE status = 'open';",
    error);
}

/* Inserts @consent (a migrated record) as a row and, for a contact the
 * server has never seen, as a create in the outbox: the server migrates
 * the contacts it has itself, into the same records. */
static gboolean
insert_migrated_consent (sqlite3    *db,
                         JsonObject *consent,
                         gboolean    push,
                         const char *now,
                         GError    **error)
{
  static const char * const fields[] = {
    "contact_id", "channel", "purpose", "status", "legal_basis", "source", "proof", "captured_at",
    NULL
  };
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autofree char *changes_text = NULL;
  g_autofree char *op_id = rapport_uuid_v7_new ();
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  ok = sqlite3_prepare_v2 (db,
                           "INSERT INTO consents (id, created_at, updated_at, contact_id, channel,"
                           "  purpose, status, legal_basis, source, proof, captured_at, sort_key)"
                           "  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &stmt, NULL) == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, rapport_json_get_string (consent, "id"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, now, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
      for (guint i = 0; fields[i] != NULL; i++)
        sqlite3_bind_text (stmt, 4 + i, rapport_json_get_string (consent, fields[i]), -1,
                           SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 12, "marketing", -1, SQLITE_STATIC);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  if (ok && push)
    {
      for (guint i = 0; fields[i] != NULL; i++)
        {
          JsonObject *change = json_object_new ();

          json_object_set_null_member (change, "base");
          json_object_set_string_member (change, "new", rapport_json_get_string (consent, fields[i]));
          json_object_set_object_member (changes, fields[i], change);
        }
      changes_text = rapport_json_object_to_string (changes);
      ok = sqlite3_prepare_v2 (db,
                               "INSERT INTO outbox (op_id, entity, record_id, op, base_version,"
                               "  changes, created_at) VALUES (?, 'consent', ?, 'create', 0, ?, ?)",
                               -1, &stmt, NULL) == SQLITE_OK;
      if (ok)
        {
          sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, rapport_json_get_string (consent, "id"), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 3, changes_text, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
          ok = sqlite3_step (stmt) == SQLITE_DONE;
        }
      sqlite3_finalize (stmt);
    }
  if (!ok)
    g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DATABASE, "%s",
                 sqlite3_errmsg (db));
  return ok;
}

/* Version 29: consent kept as records (SPEC.md §7.3, rapport-consent.c).
 * A contact's email_consent is now derived from them: each one set
 * before becomes a record of its own (true a grant, false a denial, with
 * source "migrated"), so that nothing anybody recorded is lost. */
static gboolean
migrate_to_v29 (sqlite3 *db,
                GError **error)
{
  g_autofree char *now = rapport_store_now ();
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (!rapport_store_schema_add_table (
        db, "consents",
        "contact_id TEXT NOT NULL, channel TEXT NOT NULL, purpose TEXT NOT NULL,"
        "  status TEXT NOT NULL, legal_basis TEXT, source TEXT, captured_at TEXT NOT NULL,"
        "  proof TEXT, captured_by TEXT",
        "CREATE INDEX consents_by_contact ON consents (contact_id, captured_at);", error))
    return FALSE;
  ok = sqlite3_prepare_v2 (db,
                           "SELECT id, email_consent, version, created_at FROM contacts"
                           "  WHERE email_consent IS NOT NULL",
                           -1, &stmt, NULL) == SQLITE_OK;
  while (ok && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) consent =
        rapport_consent_migrated ((const char *) sqlite3_column_text (stmt, 0),
                                  sqlite3_column_int (stmt, 1) != 0,
                                  (const char *) sqlite3_column_text (stmt, 3));

      ok = insert_migrated_consent (db, consent, sqlite3_column_int64 (stmt, 2) == 0, now, error);
      if (!ok)
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  if (!ok)
    g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DATABASE, "%s",
                 sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return ok;
}

/* Version 30: marketing campaigns and their members (SPEC.md §7.3). */
static gboolean
migrate_to_v30 (sqlite3 *db,
                GError **error)
{
  return rapport_store_schema_add_table (
           db, "campaigns",
           "name TEXT NOT NULL, type TEXT NOT NULL, status TEXT, parent_id TEXT, owner_id TEXT,"
           "  start_date TEXT, end_date TEXT, currency TEXT, budget INTEGER, actual_cost INTEGER,"
           "  expected_revenue INTEGER, description TEXT, source TEXT",
           "CREATE INDEX campaigns_by_parent ON campaigns (parent_id);", error) &&
         rapport_store_schema_add_table (
           db, "campaign_members",
           "campaign_id TEXT NOT NULL, contact_id TEXT NOT NULL, status TEXT, added_at TEXT,"
           "  added_from TEXT, first_responded_at TEXT, last_status_at TEXT",
           "CREATE INDEX campaign_members_by_campaign ON campaign_members (campaign_id, status);"
           "CREATE INDEX campaign_members_by_contact ON campaign_members (contact_id);",
           error);
}

/* Version 31: a deal's primary campaign source (SPEC.md §7.3). */
static gboolean
migrate_to_v31 (sqlite3 *db,
                GError **error)
{
  return exec (db,
               "ALTER TABLE deals ADD COLUMN campaign_id TEXT;"
               "CREATE INDEX deals_by_campaign ON deals (campaign_id) WHERE campaign_id IS NOT NULL;",
               error);
}

/* Version 32: each deal's win chance as shown (SPEC.md §3.3), kept where
 * lists sort and filter by it. Derived on this client from the synced
 * records, never synced (rapport-store-score.c); null until computed. */
static gboolean
migrate_to_v32 (sqlite3 *db,
                GError **error)
{
  return exec (db,
               "ALTER TABLE deals ADD COLUMN score INTEGER;"
               "CREATE INDEX deals_by_score ON deals (score);",
               error);
}

/* Version 33: contacts have pinyin and phonetic match keys
 * (rapport-pinyin.c, rapport-metaphone.c); the contacts already stored get
 * theirs in the background, as in version 24. */
static gboolean
migrate_to_v33 (sqlite3 *db,
                GError **error)
{
  return exec (db,
               "INSERT OR REPLACE INTO match_key_backlog (entity, after_rowid) VALUES ('contact', 0);",
               error);
}

/* Version 34: pairs of contacts or companies a user said are not
 * duplicates ("Create anyway", with a reason, SPEC.md §5.3): the banner
 * and the scan pass them over. */
static gboolean
migrate_to_v34 (sqlite3 *db,
                GError **error)
{
  return rapport_store_schema_add_table (
    db, "not_duplicates", "object TEXT NOT NULL, record_id TEXT NOT NULL, other_id TEXT NOT NULL, reason TEXT",
    "CREATE INDEX not_duplicates_by_record ON not_duplicates (record_id);"
    "CREATE INDEX not_duplicates_by_other ON not_duplicates (other_id);",
    error);
}

typedef gboolean (*MigrationFunc) (sqlite3 *db, GError **error);

static const MigrationFunc migrations[] = {
  migrate_to_v1,
  migrate_to_v2,
  migrate_to_v3,
  migrate_to_v4,
  migrate_to_v5,
  migrate_to_v6,
  migrate_to_v7,
  migrate_to_v8,
  migrate_to_v9,
  migrate_to_v10,
  migrate_to_v11,
  migrate_to_v12,
  migrate_to_v13,
  migrate_to_v14,
  migrate_to_v15,
  migrate_to_v16,
  migrate_to_v17,
  migrate_to_v18,
  migrate_to_v19,
  migrate_to_v20,
  migrate_to_v21,
  migrate_to_v22,
  migrate_to_v23,
  migrate_to_v24,
  migrate_to_v25,
  migrate_to_v26,
  migrate_to_v27,
  migrate_to_v28,
  migrate_to_v29,
  migrate_to_v30,
  migrate_to_v31,
  migrate_to_v32,
  migrate_to_v33,
  migrate_to_v34,
};

int
rapport_store_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

gboolean
rapport_store_migrate (sqlite3 *db,
                       int      target_version,
                       GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  g_return_val_if_fail (target_version <= (int) G_N_ELEMENTS (migrations), FALSE);

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_TOO_NEW,
                   _("The database was written by a newer Rapport (schema version %d; this one knows up to %d)"),
                   version, (int) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  while (version < target_version)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!migrations[version] (db, error) || !exec (db, bump, error))
        {
          exec (db, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!exec (db, "COMMIT", error))
        return FALSE;
      g_debug ("Migrated the database to schema version %d", version + 1);
      version++;
    }
  return TRUE;
}
