/* rapport-report-db.c: a database of records for the reports, made from records
 *
 * The reports read tables laid out as the local store lays them out: one
 * table per record type, named as its REST path, one column per field,
 * named as the field. A program that holds records some other way (the
 * server keeps each record as JSON) fills such a database from them here
 * and runs the very same report functions on it, so that its numbers are
 * the client's for the same records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-report"

#include "config.h"

#include "rapport-entity.h"
#include "rapport-report-private.h"

/* The record types the reports read. */
const char * const rapport_report_entities[] = {
  "user", "pipeline", "stage", "deal", "deal_stage_event", "queue", "csat_response", "team",
  "team_member", "quota", "campaign", "campaign_member", "company", NULL,
};

static gboolean
is_integer (const RapportField *field)
{
  return field->kind == RAPPORT_FIELD_INT || field->kind == RAPPORT_FIELD_MONEY ||
         field->kind == RAPPORT_FIELD_BOOL;
}

static gboolean
exec (sqlite3    *db,
      const char *sql,
      GError    **error)
{
  return rapport_report_step_error (db, sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK
                                          ? SQLITE_DONE : SQLITE_ERROR, error);
}

/**
 * rapport_report_db_new:
 *
 * Returns: (transfer full): an empty database in memory with a table for
 *   each of rapport_report_entities, or %NULL with @error set
 */
sqlite3 *
rapport_report_db_new (GError **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK)
    {
      rapport_report_step_error (db, SQLITE_ERROR, error);
      sqlite3_close (db);
      return NULL;
    }
  for (guint i = 0; rapport_report_entities[i] != NULL; i++)
    {
      const RapportEntity *entity = rapport_entity_lookup (rapport_report_entities[i]);
      g_autoptr(GString) sql = g_string_new (NULL);

      g_string_append_printf (sql, "CREATE TABLE %s (id TEXT NOT NULL UNIQUE, version INTEGER,"
                                   " created_at TEXT, updated_at TEXT, created_by TEXT,"
                                   " updated_by TEXT", entity->table);
      for (guint f = 0; f < entity->n_fields; f++)
        g_string_append_printf (sql, ", %s %s", entity->fields[f].name,
                                is_integer (&entity->fields[f]) ? "INTEGER" : "TEXT");
      g_string_append (sql, ")");
      if (!exec (db, sql->str, error))
        {
          sqlite3_close (db);
          return NULL;
        }
    }
  if (!exec (db, "CREATE INDEX deal_stage_events_by_deal ON deal_stage_events (deal_id, occurred_at, id)",
             error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

static void
bind_member (sqlite3_stmt *stmt,
             int           index,
             JsonNode     *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    sqlite3_bind_null (stmt, index);
  else if (!JSON_NODE_HOLDS_VALUE (value))
    {
      g_autofree char *text = json_to_string (value, FALSE);

      sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
    }
  else if (json_node_get_value_type (value) == G_TYPE_BOOLEAN)
    sqlite3_bind_int (stmt, index, json_node_get_boolean (value));
  else if (json_node_get_value_type (value) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, index, json_node_get_int (value));
  else if (json_node_get_value_type (value) == G_TYPE_DOUBLE)
    sqlite3_bind_double (stmt, index, json_node_get_double (value));
  else
    sqlite3_bind_text (stmt, index, json_node_get_string (value), -1, SQLITE_TRANSIENT);
}

/**
 * rapport_report_db_add:
 * @entity: one of rapport_report_entities
 * @records: (element-type JsonObject): live records of @entity
 *
 * Adds @records, each stored as the local store stores it.
 */
gboolean
rapport_report_db_add (sqlite3             *db,
                       const RapportEntity *entity,
                       GPtrArray           *records,
                       GError             **error)
{
  static const char * const meta[] = { "id", "version", "created_at", "updated_at", "created_by",
                                       "updated_by" };
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc = SQLITE_DONE;

  g_string_append_printf (sql, "INSERT INTO %s VALUES (?", entity->table);
  for (guint i = 1; i < G_N_ELEMENTS (meta) + entity->n_fields; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");
  if (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    return rapport_report_step_error (db, SQLITE_ERROR, error);

  for (guint r = 0; r < records->len && rc == SQLITE_DONE; r++)
    {
      JsonObject *record = g_ptr_array_index (records, r);

      for (guint i = 0; i < G_N_ELEMENTS (meta); i++)
        bind_member (stmt, i + 1, json_object_get_member (record, meta[i]));
      for (guint f = 0; f < entity->n_fields; f++)
        bind_member (stmt, G_N_ELEMENTS (meta) + f + 1,
                     json_object_get_member (record, entity->fields[f].name));
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  return rapport_report_step_error (db, rc, error);
}
