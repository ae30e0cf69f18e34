/* rapport-store.c: the local database of records and the outbox
 *
 * One SQLite file in WAL mode holds the records, what the user typed and the
 * server has not yet acknowledged (the outbox), the sync cursor and the
 * conflicts. A local edit writes the row and its outbox entry in one
 * transaction, committed with synchronous=FULL, so a crash keeps both or
 * neither. One connection writes, owned by one thread (rapport-store-writer.c)
 * that runs every write in the order it was made; any thread may make one.
 * Reads go to read-only connections and never wait for a write.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-derived.h"
#include "rapport-filter-sql.h"
#include "rapport-json.h"
#include "rapport-numbering.h"
#include "rapport-record.h"
#include "rapport-store-bulk.h"
#include "rapport-store-connection.h"
#include "rapport-store-forecast.h"
#include "rapport-store-sql.h"
#include "rapport-store-writer.h"
#include "rapport-pipeline-private.h"
#include "rapport-position.h"
#include "rapport-queue.h"
#include "rapport-store-private.h"
#include "rapport-uuid.h"
#include "rapport-validate.h"

struct _RapportStore
{
  GObject     parent_instance;

  RapportStoreConnection *writer; /* (owned) (nullable): the one connection that writes */
  sqlite3    *db;          /* (unowned): the writer's */
  RapportStoreReaders *readers; /* (owned): read-only connections for lists and lookups */
  RapportStoreWriter *worker;   /* (owned): the thread that runs writes, in order */
  char       *path;        /* (owned) */
  char       *user_id;     /* (owned) (nullable): who makes local edits, as callers see it */
  char       *stamp_user_id; /* (owned) (nullable): the same, the writer thread's copy */
  guint       generation;  /* (atomic): counts committed writes, for caches of lists */
  gboolean    fts_deferred; /* a bulk load rebuilds the full-text index at its end */
  gboolean    closing;     /* (atomic): background work stops queueing more */
  char       *group_id;    /* (owned) (nullable): outbox entries written now are one group */
  GHashTable *stale_documents; /* (owned) (nullable): "quote/id" whose totals the commit
                                * recomputes (rapport-store-documents.c); unset while it does */
};

G_DEFINE_TYPE (RapportStore, rapport_store, G_TYPE_OBJECT)

/* Everything that touches the write connection checks that it runs on the
 * writer thread: a write made anywhere else fails loudly in the tests.
 * While rapport_store_open() opens the store, before the writer thread
 * starts, the opening thread is the connection's only user. */
static gboolean
on_writer_thread (RapportStore *self)
{
  return self->worker == NULL || rapport_store_writer_is_current (self->worker);
}
G_DEFINE_QUARK (rapport-store-error-quark, rapport_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
rapport_store_set_sqlite_error (GError **error,
                                sqlite3 *db)
{
  g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DATABASE,
               _("The local database failed: %s"), sqlite3_errmsg (db));
}

/* Runs a write statement to its end, and resets it for the next use. */
gboolean
rapport_store_step_done (sqlite3_stmt *stmt,
                         GError      **error)
{
  gboolean ok = sqlite3_step (stmt) == SQLITE_DONE;

  if (!ok)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  sqlite3_reset (stmt);
  return ok;
}

/* The number a "SELECT count(*) ..." gives; 0 if the database fails. */
guint
rapport_store_count_rows (RapportStore *self,
                          const char   *sql)
{
  RapportStoreConnection *reader = rapport_store_begin_read (self, NULL);
  sqlite3_stmt *stmt;
  guint count = 0;

  if (reader == NULL)
    return 0;
  stmt = rapport_store_connection_prepare (reader, sql, NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  rapport_store_end_read (self, reader);
  return count;
}

const RapportEntity *
rapport_store_lookup_entity (const char *name,
                             GError    **error)
{
  const RapportEntity *entity = name ? rapport_entity_lookup (name) : NULL;

  if (entity == NULL)
    g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_UNKNOWN_ENTITY,
                 _("There is no record type “%s”"), name ? name : "");
  return entity;
}

/* As rapport_store_lookup_entity(), for a user's write: a type only the
 * server writes (a deal's history) is refused before anything is queued. */
const RapportEntity *
rapport_store_lookup_writable (const char *name,
                               GError    **error)
{
  const RapportEntity *entity = rapport_store_lookup_entity (name, error);

  if (entity != NULL && entity->write_role == RAPPORT_WRITE_SERVER)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_READ_ONLY, NULL, "%s",
                                    _(entity->labels.write_denied));
      return NULL;
    }
  return entity;
}

char *
rapport_store_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (now) / 1000);
}

/* A list column's stored JSON as a node, or %NULL. Lists are read for every
 * row a list shows: an empty one needs no parser, and the others of a row
 * share one (*@parser, made on first use). */
static JsonNode *
list_node (const char  *text,
           JsonParser **parser)
{
  if (text == NULL)
    return NULL;
  if (strcmp (text, "[]") == 0)
    {
      g_autoptr(JsonArray) empty = json_array_new ();

      return json_node_init_array (json_node_alloc (), empty);
    }
  if (*parser == NULL)
    *parser = json_parser_new ();
  if (!json_parser_load_from_data (*parser, text, -1, NULL))
    return NULL;
  return json_parser_steal_root (*parser);
}

static void
set_column (JsonObject   *record,
            const char   *name,
            sqlite3_stmt *stmt,
            int           column,
            const RapportField *field,
            JsonParser  **parser)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    {
      json_object_set_null_member (record, name);
      return;
    }

  if (field == NULL)
    {
      /* A meta field: version is a number, the rest are text. */
      if (sqlite3_column_type (stmt, column) == SQLITE_INTEGER)
        json_object_set_int_member (record, name, sqlite3_column_int64 (stmt, column));
      else
        json_object_set_string_member (record, name,
                                       (const char *) sqlite3_column_text (stmt, column));
      return;
    }

  switch (field->kind)
    {
    case RAPPORT_FIELD_INT:
    case RAPPORT_FIELD_MONEY:
      json_object_set_int_member (record, name, sqlite3_column_int64 (stmt, column));
      break;

    case RAPPORT_FIELD_BOOL:
      json_object_set_boolean_member (record, name, sqlite3_column_int (stmt, column) != 0);
      break;

    case RAPPORT_FIELD_EMAIL_LIST:
    case RAPPORT_FIELD_PHONE_LIST:
    case RAPPORT_FIELD_TAGS:
      {
        JsonNode *node = list_node ((const char *) sqlite3_column_text (stmt, column), parser);

        if (node != NULL)
          json_object_set_member (record, name, node);
        else
          json_object_set_null_member (record, name);
      }
      break;

    case RAPPORT_FIELD_TEXT:
    case RAPPORT_FIELD_ENUM:
    case RAPPORT_FIELD_EMAIL:
    case RAPPORT_FIELD_PHONE:
    case RAPPORT_FIELD_URL:
    case RAPPORT_FIELD_DATE:
    case RAPPORT_FIELD_DATETIME:
    case RAPPORT_FIELD_CURRENCY:
    case RAPPORT_FIELD_REF:
    default:
      json_object_set_string_member (record, name,
                                     (const char *) sqlite3_column_text (stmt, column));
      break;
    }
}

/* Reads the current row of a statement made from rapport_store_sql()'s
 * select_row. */
static JsonObject *
row_to_record (const RapportEntity *entity,
               sqlite3_stmt        *stmt)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *record = json_object_new ();
  int column = 1;

  for (guint i = 0; rapport_meta_fields[i] != NULL; i++)
    set_column (record, rapport_meta_fields[i], stmt, column++, NULL, &parser);
  for (guint i = 0; i < entity->n_fields; i++)
    set_column (record, entity->fields[i].name, stmt, column++, &entity->fields[i], &parser);
  return record;
}

JsonObject *
rapport_store_read_row (sqlite3             *db,
                        const RapportEntity *entity,
                        gint64               rowid,
                        GError             **error)
{
  sqlite3_stmt *stmt = NULL;
  JsonObject *record = NULL;

  if (sqlite3_prepare_v2 (db, rapport_store_sql (entity)->select_row, -1, &stmt, NULL) != SQLITE_OK)
    {
      rapport_store_set_sqlite_error (error, db);
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    record = row_to_record (entity, stmt);
  sqlite3_finalize (stmt);
  return record;
}

/* The record at @rowid on @conn, or %NULL without an error if there is none. */
JsonObject *
rapport_store_connection_read_rowid (RapportStoreConnection *conn,
                                     const RapportEntity    *entity,
                                     gint64                  rowid,
                                     GError                **error)
{
  sqlite3_stmt *stmt = rapport_store_connection_prepare_static (conn,
                                                                rapport_store_sql (entity)->select_row,
                                                                error);
  JsonObject *record = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    record = row_to_record (entity, stmt);
  else if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, rapport_store_connection_get_db (conn));
  sqlite3_reset (stmt);
  return record;
}

/* The record at @rowid, or %NULL without an error if there is none; on the
 * writer thread. */
JsonObject *
rapport_store_read_rowid (RapportStore        *self,
                          const RapportEntity *entity,
                          gint64               rowid,
                          GError             **error)
{
  g_return_val_if_fail (on_writer_thread (self), NULL);

  return rapport_store_connection_read_rowid (self->writer, entity, rowid, error);
}

/* A read-only connection that sees what was last committed and never waits
 * for a write; hand it back with rapport_store_end_read() in the same thread. */
RapportStoreConnection *
rapport_store_begin_read (RapportStore *self,
                          GError      **error)
{
  return rapport_store_readers_acquire (self->readers, error);
}

void
rapport_store_end_read (RapportStore           *self,
                        RapportStoreConnection *reader)
{
  rapport_store_readers_release (self->readers, reader);
}

RapportStoreWriter *
rapport_store_get_writer (RapportStore *self)
{
  return self->worker;
}

/**
 * rapport_store_forbid_blocking_on_main_thread:
 *
 * The app calls it at start-up: from then on a blocking write made on the
 * main context warns with g_critical(), so a test run with
 * G_DEBUG=fatal-criticals fails where the UI would lose frames to SQLite.
 */
void
rapport_store_forbid_blocking_on_main_thread (void)
{
  rapport_store_writer_forbid_main_context (TRUE);
}

/* The write connection, for helpers that read on either kind; only on the
 * writer thread. */
RapportStoreConnection *
rapport_store_get_write_connection (RapportStore *self)
{
  g_return_val_if_fail (on_writer_thread (self), NULL);

  return self->writer;
}

/* The write connection's statements, prepared once and kept; on the writer
 * thread. */
sqlite3_stmt *
rapport_store_prepare (RapportStore *self,
                       const char   *sql,
                       GError      **error)
{
  g_return_val_if_fail (on_writer_thread (self), NULL);

  return rapport_store_connection_prepare (self->writer, sql, error);
}

/* rapport_store_prepare() for SQL text that lives as long as the process
 * (rapport_store_sql()). */
sqlite3_stmt *
rapport_store_prepare_static (RapportStore *self,
                              const char   *sql,
                              GError      **error)
{
  g_return_val_if_fail (on_writer_thread (self), NULL);

  return rapport_store_connection_prepare_static (self->writer, sql, error);
}

gboolean
rapport_store_exec (RapportStore *self,
                    const char   *sql,
                    GError      **error)
{
  g_return_val_if_fail (on_writer_thread (self), FALSE);

  return rapport_store_connection_exec (self->writer, sql, error);
}

/* Binds @node's value without copying it: @node outlives the statement's
 * step (a row write steps and resets at once), and nested values are handed
 * over with their text. */
static void
bind_node (sqlite3_stmt *stmt,
           int           index,
           JsonNode     *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    {
      sqlite3_bind_text (stmt, index, rapport_json_to_string (node), -1, g_free);
      return;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      break;
    case G_TYPE_BOOLEAN:
      sqlite3_bind_int (stmt, index, json_node_get_boolean (node));
      break;
    case G_TYPE_DOUBLE:
      sqlite3_bind_double (stmt, index, json_node_get_double (node));
      break;
    default:
      sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_STATIC);
      break;
    }
}

/* The indexed text of a row, or NULL. */
static char *
read_search_text (RapportStore        *self,
                  const RapportEntity *entity,
                  gint64               rowid)
{
  sqlite3_stmt *stmt = rapport_store_prepare_static (self, rapport_store_sql (entity)->search_text,
                                                     NULL);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

static gboolean
step_fts (RapportStore *self,
          const char   *sql,
          gint64        rowid,
          const char   *text,
          GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare_static (self, sql, error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    rapport_store_set_sqlite_error (error, self->db);
  sqlite3_reset (stmt);
  return ok;
}

/* Replaces @old_text (nullable) by @new_text (nullable) for @rowid in the
 * full-text index; an edit that leaves the indexed text alone (a title, an
 * owner) costs nothing here. */
static gboolean
update_fts (RapportStore        *self,
            const RapportEntity *entity,
            gint64               rowid,
            const char          *old_text,
            const char          *new_text,
            GError             **error)
{
  const RapportStoreSql *sql = rapport_store_sql (entity);

  if (g_strcmp0 (old_text, new_text) == 0 || self->fts_deferred)
    return TRUE;
  return (old_text == NULL || step_fts (self, sql->fts_delete, rowid, old_text, error)) &&
         (new_text == NULL || step_fts (self, sql->fts_insert, rowid, new_text, error));
}

/* The rowid and version of the record @id: 0 and -1 when there is none. */
gboolean
rapport_store_find_row (RapportStore        *self,
                        const RapportEntity *entity,
                        const char          *id,
                        gint64              *rowid,
                        gint64              *version,
                        GError             **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare_static (self, rapport_store_sql (entity)->find_row,
                                                     error);
  int rc;

  *rowid = 0;
  if (version != NULL)
    *version = -1;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *rowid = sqlite3_column_int64 (stmt, 0);
      if (version != NULL)
        *version = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, self->db);
      return FALSE;
    }
  return TRUE;
}

/* Inserts @record, or overwrites the row @rowid with it. */
gboolean
rapport_store_write_row (RapportStore        *self,
           const RapportEntity *entity,
           JsonObject          *record,
           gint64               rowid,
           GError             **error)
{
  g_autofree char *sort_key = rapport_record_sort_key (entity, record);
  g_autofree char *search_text = NULL;
  g_autofree char *old_text = NULL;
  const RapportStoreSql *sql;
  sqlite3_stmt *stmt;
  int index = 1;

  /* Every row written, typed or pulled, gets its derived values from the
   * values it is written with. */
  rapport_record_compute (entity, record);
  rapport_store_sla_compute (self, entity, record);
  rapport_store_documents_mark (self, entity, record);

  sql = rapport_store_sql (entity);
  stmt = rapport_store_prepare_static (self, rowid == 0 ? sql->insert_row : sql->update_row, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; rapport_meta_fields[i] != NULL; i++)
    bind_node (stmt, index++, json_object_get_member (record, rapport_meta_fields[i]));
  for (guint i = 0; i < entity->n_fields; i++)
    bind_node (stmt, index++, json_object_get_member (record, entity->fields[i].name));
  /* Both outlive the step: SQLite need not copy them. */
  sqlite3_bind_text (stmt, index++, sort_key, -1, SQLITE_STATIC);
  if (entity->searchable)
    {
      search_text = rapport_record_search_text (entity, record);
      sqlite3_bind_text (stmt, index++, search_text, -1, SQLITE_STATIC);
    }
  if (rowid != 0)
    sqlite3_bind_int64 (stmt, index++, rowid);

  if (entity->searchable && rowid != 0 && !self->fts_deferred)
    old_text = read_search_text (self, entity, rowid);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, self->db);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  if (entity->searchable &&
      !update_fts (self, entity, rowid ? rowid : sqlite3_last_insert_rowid (self->db),
                   old_text, search_text, error))
    return FALSE;
  return rapport_store_match_keys_write (self, entity, record, rowid == 0, error);
}

/* The record @id on @conn, with its rowid, or %NULL with
 * %RAPPORT_STORE_ERROR_NOT_FOUND. */
JsonObject *
rapport_store_connection_read_by_id (RapportStoreConnection *conn,
                                     const RapportEntity    *entity,
                                     const char             *id,
                                     gint64                 *rowid,
                                     GError                **error)
{
  sqlite3_stmt *stmt = rapport_store_connection_prepare_static (conn,
                                                                rapport_store_sql (entity)->select_id,
                                                                error);
  JsonObject *record = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      record = row_to_record (entity, stmt);
      if (rowid != NULL)
        *rowid = sqlite3_column_int64 (stmt, 0);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                 _("There is no %s with id %s"), entity->name, id);
  else
    rapport_store_set_sqlite_error (error, rapport_store_connection_get_db (conn));

  sqlite3_reset (stmt);
  return record;
}

/* Appends the lines of @parent_id (@entity has a parent field) to @out, in
 * their order, with one statement: a quote of 500 lines is one query, not
 * 501. */
gboolean
rapport_store_connection_read_children (RapportStoreConnection *conn,
                                        const RapportEntity    *entity,
                                        const char             *parent_id,
                                        GPtrArray              *out,
                                        GError                **error)
{
  const char *sql = rapport_store_sql (entity)->select_children;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (sql != NULL, FALSE);

  if (!(stmt = rapport_store_connection_prepare_static (conn, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, parent_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, row_to_record (entity, stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, rapport_store_connection_get_db (conn));
      return FALSE;
    }
  return TRUE;
}

/* The same on the write connection, on the writer thread. */
JsonObject *
rapport_store_read_by_id (RapportStore        *self,
                          const RapportEntity *entity,
                          const char          *id,
                          gint64              *rowid,
                          GError             **error)
{
  g_return_val_if_fail (on_writer_thread (self), NULL);

  return rapport_store_connection_read_by_id (self->writer, entity, id, rowid, error);
}

gboolean
rapport_store_append_outbox (RapportStore        *self,
               const RapportEntity *entity,
               const char          *record_id,
               RapportChangeKind    kind,
               gint64               base_version,
               JsonObject          *changes,
               GError             **error)
{
  static const char sql[] =
    "INSERT INTO outbox (op_id, entity, record_id, op, base_version, changes, created_at,"
    " group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  g_autofree char *op_id = rapport_uuid_v7_new ();
  g_autofree char *now = rapport_store_now ();
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), changes);
  g_autofree char *changes_text = rapport_json_to_string (node);
  sqlite3_stmt *stmt = rapport_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, rapport_change_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, base_version);
  sqlite3_bind_text (stmt, 6, changes_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  if (self->group_id != NULL)
    sqlite3_bind_text (stmt, 8, self->group_id, -1, SQLITE_TRANSIENT);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, self->db);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* {"field": {"base": old, "new": new}} for one changed field. */
static void
add_change (JsonObject *changes,
            const char *field,
            JsonNode   *base,
            JsonNode   *new_value)
{
  JsonObject *change = json_object_new ();

  json_object_set_member (change, "base", base ? json_node_copy (base) : json_node_new (JSON_NODE_NULL));
  json_object_set_member (change, "new",
                          new_value ? json_node_copy (new_value) : json_node_new (JSON_NODE_NULL));
  json_object_set_object_member (changes, field, change);
}

gboolean
rapport_store_delete_row (RapportStore        *self,
                          const RapportEntity *entity,
                          gint64               rowid,
                          GError             **error)
{
  g_autofree char *old_text = entity->searchable ? read_search_text (self, entity, rowid) : NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  rapport_store_documents_mark_row (self, entity, rowid);
  if (!rapport_store_match_keys_delete (self, entity, rowid, error) ||
      !update_fts (self, entity, rowid, old_text, NULL, error) ||
      !(stmt = rapport_store_prepare_static (self, rapport_store_sql (entity)->delete_row, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rowid);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  if (!ok)
    rapport_store_set_sqlite_error (error, self->db);
  sqlite3_reset (stmt);
  return ok;
}

gboolean
rapport_store_begin (RapportStore *self,
       GError      **error)
{
  return rapport_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
rapport_store_commit (RapportStore *self,
        GError      **error)
{
  g_autoptr(GPtrArray) recomputed = g_ptr_array_new_with_free_func (g_free);

  /* Totals follow whatever the transaction wrote, in the same commit. */
  if (rapport_store_documents_flush (self, recomputed, error) &&
      rapport_store_exec (self, "COMMIT", error))
    {
      g_atomic_int_inc (&self->generation);
      if (recomputed->len > 0)
        rapport_store_emit_changed_keys (self, recomputed);
      return TRUE;
    }
  rapport_store_exec (self, "ROLLBACK", NULL);
  if (self->stale_documents != NULL)
    g_hash_table_remove_all (self->stale_documents);
  return FALSE;
}

GHashTable *
rapport_store_get_stale_documents (RapportStore *self)
{
  return self->stale_documents;
}

void
rapport_store_set_stale_documents (RapportStore *self,
                                   GHashTable   *stale)
{
  self->stale_documents = stale;
}

/* While set, writes leave the full-text index alone (see rapport-store-bulk.c). */
void
rapport_store_defer_fts (RapportStore *self,
                         gboolean      deferred)
{
  self->fts_deferred = deferred;
}

/* Whether the store is being freed: work that queues more of itself stops. */
gboolean
rapport_store_is_closing (RapportStore *self)
{
  return g_atomic_int_get (&self->closing);
}

gboolean
rapport_store_fts_deferred (RapportStore *self)
{
  return self->fts_deferred;
}

/* Changes with every committed write; read it before reading a list, so a
 * write committed meanwhile makes the list stale rather than lost. */
guint64
rapport_store_get_generation (RapportStore *self)
{
  return (guint) g_atomic_int_get (&self->generation);
}

void
rapport_store_rollback (RapportStore *self)
{
  rapport_store_exec (self, "ROLLBACK", NULL);
  if (self->stale_documents != NULL)
    g_hash_table_remove_all (self->stale_documents);
}

/* Until rapport_store_end_group(), outbox entries are written as one group:
 * pushed in one batch and applied by the server together. On the writer
 * thread, inside a transaction. */
void
rapport_store_begin_group (RapportStore *self)
{
  g_free (self->group_id);
  self->group_id = rapport_uuid_v7_new ();
}

void
rapport_store_end_group (RapportStore *self)
{
  g_clear_pointer (&self->group_id, g_free);
}

/* Emits ::changed for each "entity/id" of @keys, one signal per type. */
void
rapport_store_emit_changed_keys (RapportStore *self,
                                 GPtrArray    *keys)
{
  g_autoptr(GHashTable) by_entity = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer name, ids;

  for (guint i = 0; i < keys->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (keys, i), "/", 2);
      GPtrArray *list;

      if (parts[0] == NULL || parts[1] == NULL)
        continue;
      list = g_hash_table_lookup (by_entity, parts[0]);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (by_entity, g_strdup (parts[0]), list);
        }
      g_ptr_array_add (list, g_strdup (parts[1]));
    }
  g_hash_table_iter_init (&iter, by_entity);
  while (g_hash_table_iter_next (&iter, &name, &ids))
    {
      g_ptr_array_add (ids, NULL);
      g_signal_emit (self, signals[CHANGED], 0, name, ((GPtrArray *) ids)->pdata);
    }
}

void
rapport_store_emit_changed (RapportStore        *self,
              const RapportEntity *entity,
              const char          *id)
{
  const char *ids[] = { id, NULL };

  g_signal_emit (self, signals[CHANGED], 0, entity->name, ids);
}

static void
rapport_store_finalize (GObject *object)
{
  RapportStore *self = (RapportStore *) object;

  /* The writer finishes what is queued, and background work queued on the
   * writer thread still sees it until then, and sees the store closing. */
  g_atomic_int_set (&self->closing, TRUE);
  rapport_store_writer_free (self->worker);
  self->worker = NULL;
  g_clear_pointer (&self->readers, rapport_store_readers_free);
  g_clear_pointer (&self->writer, rapport_store_connection_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->user_id, g_free);
  g_clear_pointer (&self->stamp_user_id, g_free);
  g_clear_pointer (&self->group_id, g_free);
  g_clear_pointer (&self->stale_documents, g_hash_table_unref);

  G_OBJECT_CLASS (rapport_store_parent_class)->finalize (object);
}

static void
rapport_store_class_init (RapportStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rapport_store_finalize;

  /**
   * RapportStore::changed:
   * @entity: the record type that changed
   * @ids: the ids of the records written or deleted
   *
   * Emitted after a transaction that changed records has been committed, in
   * the thread that wrote it.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRV);
}

static void
rapport_store_init (RapportStore *self)
{
  self->stale_documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static sqlite3 *
open_database (const char *path,
               GError    **error)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      rapport_filter_register_functions (db) != SQLITE_OK)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DATABASE,
                   _("Could not open the database “%s”: %s"), path,
                   db ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
      sqlite3_close (db);
      return NULL;
    }

  /* What the user typed is committed with synchronous=FULL: in WAL mode that
   * syncs the log at every commit, so an acknowledged save survives a power
   * cut. */
  if (sqlite3_exec (db,
                    "PRAGMA journal_mode = WAL;"
                    "PRAGMA synchronous = FULL;"
                    "PRAGMA busy_timeout = 5000;"
                    "PRAGMA cache_size = -32000;"
                    "PRAGMA temp_store = MEMORY;",
                    NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DATABASE,
                   _("Could not open the database “%s”: %s"), path, message);
      sqlite3_free (message);
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* Creates or upgrades @path to schema @version and closes it; the tests use it
 * to make databases of earlier versions. */
gboolean
rapport_store_open_at_version (const char *path,
                               int         version,
                               GError    **error)
{
  sqlite3 *db = open_database (path, error);
  gboolean ok;

  if (db == NULL)
    return FALSE;
  ok = rapport_store_migrate (db, version, error);
  sqlite3_close (db);
  return ok;
}

/**
 * rapport_store_open:
 * @path: the database file, created if missing
 * @error: return location for a #GError
 *
 * Opens the local database and brings its schema up to date.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
RapportStore *
rapport_store_open (const char *path,
                    GError    **error)
{
  g_autoptr(RapportStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->db = open_database (path, error);
  if (self->db == NULL)
    return NULL;
  self->writer = rapport_store_connection_new (self->db);
  self->readers = rapport_store_readers_new (path);
  /* Until the writer thread starts, this thread is the connection's only
   * user: an app opening its store on the main thread does not wait for
   * another thread. A first sync that was cut short still owes its
   * indexes. */
  if (!rapport_store_migrate (self->db, rapport_store_schema_version (), error) ||
      !rapport_store_finish_bulk_load (self, error))
    return NULL;
  self->worker = rapport_store_writer_new (self);
  rapport_store_match_keys_schedule (self);
  return g_steal_pointer (&self);
}

const char *
rapport_store_get_path (RapportStore *self)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return self->path;
}

typedef struct
{
  RapportStore *self;     /* (owned): like every job of the writer */
  char         *user_id;  /* (owned) (nullable) */
} StampUser;

static void
stamp_user_free (StampUser *stamp)
{
  g_object_unref (stamp->self);
  g_free (stamp->user_id);
  g_free (stamp);
}

static gpointer
set_stamp_user_id (gpointer  source,
                   gpointer  data,
                   GError  **error)
{
  StampUser *stamp = data;

  g_free (stamp->self->stamp_user_id);
  stamp->self->stamp_user_id = g_strdup (stamp->user_id);
  return NULL;
}

/**
 * rapport_store_set_user_id:
 * @user_id: (nullable): the signed-in user
 *
 * Local edits are stamped with this user as created_by and updated_by.
 */
void
rapport_store_set_user_id (RapportStore *self,
                           const char   *user_id)
{
  StampUser *stamp;

  g_return_if_fail (RAPPORT_IS_STORE (self));

  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
  /* The writer's copy changes between two writes: those queued after this
   * call are stamped with @user_id. */
  stamp = g_new0 (StampUser, 1);
  stamp->self = g_object_ref (self);
  stamp->user_id = g_strdup (user_id);
  rapport_store_writer_post (self->worker, set_stamp_user_id, stamp,
                             (GDestroyNotify) stamp_user_free);
}

const char *
rapport_store_get_user_id (RapportStore *self)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return self->user_id;
}

/* A new child of an ordered type goes at the end of its parent's lines,
 * unless the caller placed it. Call inside a transaction. */
static gboolean
place_child (RapportStore        *self,
             const RapportEntity *entity,
             JsonObject          *record,
             GError             **error)
{
  const char *parent_id;
  g_autofree char *last = NULL;
  g_autofree char *position = NULL;

  if (entity->position_field == NULL)
    return TRUE;
  parent_id = json_object_get_string_member_with_default (record, entity->parent_field, NULL);
  if (parent_id == NULL ||
      json_object_get_string_member_with_default (record, entity->position_field, NULL) != NULL)
    return TRUE;
  if (!rapport_store_child_position (self, entity, parent_id, NULL, &last, NULL, error))
    return FALSE;
  position = rapport_position_between (last, NULL);
  json_object_set_string_member (record, entity->position_field, position);
  return TRUE;
}

/* Writes a new record of validated @values and its outbox entry. On the
 * writer thread, inside a transaction. */
JsonObject *
rapport_store_create_in_transaction (RapportStore        *self,
                             const RapportEntity *entity,
                             const char          *id,
                             JsonObject          *values,
                             GError             **error)
{
  g_autoptr(JsonObject) record = json_object_new ();
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autofree char *now = rapport_store_now ();

  rapport_queue_stamp (entity, NULL, values, now);
  json_object_set_string_member (record, "id", id);
  json_object_set_int_member (record, "version", 0);
  json_object_set_string_member (record, "created_at", now);
  json_object_set_string_member (record, "updated_at", now);
  rapport_json_set_nullable_string (record, "created_by", self->stamp_user_id);
  rapport_json_set_nullable_string (record, "updated_by", self->stamp_user_id);
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *field = &entity->fields[i];
      JsonNode *value = json_object_get_member (values, field->name);

      if (value != NULL)
        json_object_set_member (record, field->name, json_node_copy (value));
      /* A new record is the signed-in user's unless the caller says
       * otherwise (null: nobody's). */
      else if (g_strcmp0 (field->name, entity->owner_field) == 0 && self->stamp_user_id != NULL)
        json_object_set_string_member (record, field->name, self->stamp_user_id);
      else if (field->default_value != NULL)
        json_object_set_string_member (record, field->name, field->default_value);
      else
        json_object_set_null_member (record, field->name);
    }
  if (!place_child (self, entity, record, error))
    return NULL;
  for (guint i = 0; i < entity->n_fields; i++)
    {
      JsonNode *value = json_object_get_member (record, entity->fields[i].name);

      if (!JSON_NODE_HOLDS_NULL (value) && !rapport_field_is_server_set (&entity->fields[i]))
        add_change (changes, entity->fields[i].name, NULL, value);
    }
  /* After the outbox's changes: what follows from them is not pushed. */
  if (!rapport_store_follow_forecast (self, entity, NULL, values, record, error))
    return NULL;

  if (!rapport_validate_record (entity, record, error) ||
      !rapport_store_check_unique (self, entity, record, NULL, error) ||
      !rapport_store_write_row (self, entity, record, 0, error) ||
      !rapport_store_append_outbox (self, entity, id, RAPPORT_CHANGE_KIND_CREATE, 0, changes, error))
    return NULL;
  return g_steal_pointer (&record);
}

/* A link of the same pair must not exist already. */
static gboolean
check_new_link (RapportStore        *self,
                const RapportEntity *entity,
                const char          *id,
                GError             **error)
{
  g_autoptr(JsonObject) existing = NULL;

  if (entity->link_pair == NULL)
    return TRUE;
  existing = rapport_store_read_by_id (self, entity, id, NULL, NULL);
  if (existing == NULL)
    return TRUE;
  rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, entity->link_pair[1],
                                _("These two records are linked already"));
  return FALSE;
}

/* rapport_store_create() itself, on the writer thread. */
JsonObject *
rapport_store_create_now (RapportStore *self,
                          const char   *entity_name,
                          JsonObject   *fields,
                          GError      **error)
{
  const RapportEntity *entity;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) values = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  if (!(entity = rapport_store_lookup_writable (entity_name, error)))
    return NULL;

  /* Validation normalises values in place: work on a copy. */
  values = rapport_json_object_copy (fields);
  if (!rapport_validate_changes (entity, values, error))
    return NULL;
  /* A link's id is its pair's: the same two records are linked once. */
  if (entity->link_pair != NULL)
    id = rapport_entity_link_id (entity, values);
  if (id == NULL)
    id = rapport_uuid_v7_new ();
  /* A deal made anywhere lands on the board. */
  if (strcmp (entity->name, "deal") == 0 && !rapport_store_place_new_deal (self, values, error))
    return NULL;

  if (!rapport_store_begin (self, error))
    return NULL;
  if (!check_new_link (self, entity, id, error) ||
      !(record = rapport_store_create_in_transaction (self, entity, id, values, error)))
    {
      rapport_store_rollback (self);
      return NULL;
    }
  if (!rapport_store_commit (self, error))
    return NULL;

  rapport_store_emit_changed (self, entity, id);
  return g_steal_pointer (&record);
}

/**
 * rapport_store_get:
 *
 * Returns: (transfer full): the record, or %NULL with
 *   %RAPPORT_STORE_ERROR_NOT_FOUND
 */
JsonObject *
rapport_store_get (RapportStore *self,
                   const char   *entity_name,
                   const char   *id,
                   GError      **error)
{
  const RapportEntity *entity;
  RapportStoreConnection *reader;
  JsonObject *record;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (!(entity = rapport_store_lookup_entity (entity_name, error)))
    return NULL;

  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  record = rapport_store_connection_read_by_id (reader, entity, id, NULL, error);
  rapport_store_end_read (self, reader);
  return record;
}

/* Applies validated @values to the stored record @id and records what
 * really changed in the outbox; *@changed says whether anything did. On the
 * writer thread, inside a transaction. */
JsonObject *
rapport_store_update_in_transaction (RapportStore        *self,
                             const RapportEntity *entity,
                             const char          *id,
                             JsonObject          *values,
                             gboolean            *changed,
                             GError             **error)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) outbox_changes = json_object_new ();
  g_autofree char *now = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gint64 rowid = 0;

  *changed = FALSE;
  record = rapport_store_read_by_id (self, entity, id, &rowid, error);
  if (record == NULL)
    return NULL;

  now = rapport_store_now ();
  rapport_queue_stamp (entity, record, values, now);
  before = rapport_json_object_copy (record);
  json_object_iter_init (&iter, values);
  while (json_object_iter_next (&iter, &name, &node))
    {
      JsonNode *old_value = json_object_get_member (record, name);

      if (rapport_json_node_equal (old_value, node))
        continue;
      if (entity->link_pair != NULL && g_strv_contains (entity->link_pair, name))
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_READ_ONLY, name,
                                        _("A link always joins the same two records: delete it and link anew"));
          return NULL;
        }
      add_change (outbox_changes, name, old_value, node);
      json_object_set_member (record, name, json_node_copy (node));
    }

  if (json_object_get_size (outbox_changes) == 0)
    return g_steal_pointer (&record);
  if (!rapport_store_follow_forecast (self, entity, before, outbox_changes, record, error))
    return NULL;

  if (!rapport_validate_record (entity, record, error) ||
      !rapport_store_check_unique (self, entity, record, outbox_changes, error))
    return NULL;

  json_object_set_string_member (record, "updated_at", now);
  rapport_json_set_nullable_string (record, "updated_by", self->stamp_user_id);

  if (!rapport_store_write_row (self, entity, record, rowid, error) ||
      !rapport_store_absorb_conflicted_changes (self, entity, id, outbox_changes, error))
    return NULL;
  if (json_object_get_size (outbox_changes) > 0 &&
      !rapport_store_append_outbox (self, entity, id, RAPPORT_CHANGE_KIND_UPDATE,
                                    json_object_get_int_member (record, "version"),
                                    outbox_changes, error))
    return NULL;
  *changed = TRUE;
  return g_steal_pointer (&record);
}

/* rapport_store_update() itself, on the writer thread. */
JsonObject *
rapport_store_update_now (RapportStore *self,
                          const char   *entity_name,
                          const char   *id,
                          JsonObject   *changes,
                          GError      **error)
{
  const RapportEntity *entity;
  g_autoptr(JsonObject) values = NULL;
  g_autoptr(JsonObject) record = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (changes != NULL, NULL);

  if (!(entity = rapport_store_lookup_writable (entity_name, error)))
    return NULL;

  values = rapport_json_object_copy (changes);
  if (!rapport_validate_changes (entity, values, error))
    return NULL;

  if (!rapport_store_begin (self, error))
    return NULL;
  record = rapport_store_update_in_transaction (self, entity, id, values, &changed, error);
  if (record == NULL || !changed)
    {
      rapport_store_rollback (self);
      return g_steal_pointer (&record);
    }
  if (!rapport_store_commit (self, error))
    return NULL;

  rapport_store_emit_changed (self, entity, id);
  return g_steal_pointer (&record);
}

static gboolean
delete_dependent (RapportStore        *self,
                  const RapportEntity *entity,
                  const char          *id,
                  gpointer             deleted,
                  GError             **error)
{
  return rapport_store_delete_in_transaction (self, entity, id, deleted, error);
}

/* Deletes the record @id, its children first, each with an outbox entry
 * keeping its last values; @deleted gets "entity/id" of each. On the writer
 * thread, inside a transaction. */
gboolean
rapport_store_delete_in_transaction (RapportStore        *self,
                             const RapportEntity *entity,
                             const char          *id,
                             GPtrArray           *deleted,
                             GError             **error)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  gint64 rowid = 0;

  /* The server keeps them too: refused here, before it is queued. */
  if (entity->decision_trail)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_READ_ONLY, NULL,
                                    _("Approval requests are kept: recall it instead"));
      return FALSE;
    }
  record = rapport_store_read_by_id (self, entity, id, &rowid, error);
  if (record == NULL || !rapport_store_check_unused (self, entity, id, error))
    return FALSE;

  /* Lines and links go with their record, in the same group of outbox
   * entries. */
  if (!rapport_store_delete_dependents (self, entity, id, delete_dependent, deleted, error))
    return FALSE;

  /* Derived values are not kept: a restore computes them anew. */
  for (guint i = 0; i < entity->n_fields; i++)
    {
      JsonNode *value = json_object_get_member (record, entity->fields[i].name);

      if (!JSON_NODE_HOLDS_NULL (value) && !rapport_field_is_server_set (&entity->fields[i]))
        add_change (changes, entity->fields[i].name, value, NULL);
    }

  if (!rapport_store_delete_row (self, entity, rowid, error) ||
      !rapport_store_append_outbox (self, entity, id, RAPPORT_CHANGE_KIND_DELETE,
                                    json_object_get_int_member (record, "version"), changes,
                                    error))
    return FALSE;
  if (deleted != NULL)
    g_ptr_array_add (deleted, g_strconcat (entity->name, "/", id, NULL));
  return TRUE;
}

/* rapport_store_delete() itself, on the writer thread. */
gboolean
rapport_store_delete_now (RapportStore *self,
                          const char   *entity_name,
                          const char   *id,
                          GError      **error)
{
  const RapportEntity *entity;
  g_autoptr(GPtrArray) deleted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dependents = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!(entity = rapport_store_lookup_writable (entity_name, error)))
    return FALSE;
  dependents = rapport_entity_dependents (entity);

  if (!rapport_store_begin (self, error))
    return FALSE;
  if (dependents->len > 0)
    rapport_store_begin_group (self);
  if (!rapport_store_delete_in_transaction (self, entity, id, deleted, error))
    {
      rapport_store_end_group (self);
      rapport_store_rollback (self);
      return FALSE;
    }
  rapport_store_end_group (self);
  if (!rapport_store_commit (self, error))
    return FALSE;

  rapport_store_emit_changed_keys (self, deleted);
  return TRUE;
}

/* rapport_store_write_synced() itself, on the writer thread. */
gboolean
rapport_store_write_synced_now (RapportStore *self,
                                const char   *entity_name,
                                GPtrArray    *records,
                                GError      **error)
{
  const RapportEntity *entity;
  g_auto(GStrv) ids = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  if (!(entity = rapport_store_lookup_entity (entity_name, error)))
    return FALSE;

  ids = g_new0 (char *, records->len + 1);

  /* The server keeps these records: losing the last commit to a power cut
   * costs a re-download, and the cursor rolls back with the data. */
  rapport_store_exec (self, "PRAGMA synchronous = NORMAL", NULL);
  if (!rapport_store_begin (self, error))
    goto fail;

  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      const char *id = json_object_get_string_member_with_default (record, "id", NULL);
      gint64 rowid = 0;

      if (id == NULL || !rapport_uuid_is_valid (id))
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "id",
                                        _("A record from the server has no valid id"));
          goto fail_rollback;
        }
      if (!rapport_store_find_row (self, entity, id, &rowid, NULL, error))
        goto fail_rollback;

      if (!rapport_store_write_row (self, entity, record, rowid, error))
        goto fail_rollback;
      ids[i] = g_strdup (id);
    }

  if (!rapport_store_commit (self, error))
    goto fail;
  rapport_store_exec (self, "PRAGMA synchronous = FULL", NULL);
  g_signal_emit (self, signals[CHANGED], 0, entity->name, ids);
  return TRUE;

fail_rollback:
  rapport_store_rollback (self);
fail:
  rapport_store_exec (self, "PRAGMA synchronous = FULL", NULL);
  return FALSE;
}

gint64
rapport_store_count (RapportStore *self,
                     const char   *entity_name,
                     GError      **error)
{
  const RapportEntity *entity;
  g_autofree char *sql = NULL;
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), -1);

  if (!(entity = rapport_store_lookup_entity (entity_name, error)))
    return -1;

  sql = g_strdup_printf ("SELECT count(*) FROM %s", entity->table);
  if (!(reader = rapport_store_begin_read (self, error)))
    return -1;
  stmt = rapport_store_connection_prepare (reader, sql, error);
  if (stmt != NULL)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      else
        rapport_store_set_sqlite_error (error, rapport_store_connection_get_db (reader));
      sqlite3_reset (stmt);
    }
  rapport_store_end_read (self, reader);
  return count;
}

/**
 * rapport_store_list_outbox:
 *
 * Returns: (transfer full) (element-type JsonObject): the outbox entries in
 *   the order they were written, each with op_id, entity, record_id, op,
 *   base_version, changes, created_at, state, error and group (the id the
 *   entries of one edit of a record and its children share, or null).
 */
GPtrArray *
rapport_store_list_outbox (RapportStore *self,
                           GError      **error)
{
  static const char sql[] =
    "SELECT seq, op_id, entity, record_id, op, base_version, changes, created_at, state, error,"
    " group_id FROM outbox ORDER BY seq";
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  stmt = rapport_store_connection_prepare (reader, sql, error);
  if (stmt == NULL)
    {
      rapport_store_end_read (self, reader);
      return NULL;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *entry = json_object_new ();
      JsonNode *changes = json_from_string ((const char *) sqlite3_column_text (stmt, 6), NULL);

      json_object_set_int_member (entry, "seq", sqlite3_column_int64 (stmt, 0));
      json_object_set_string_member (entry, "op_id", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (entry, "entity", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (entry, "record_id",
                                     (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_string_member (entry, "op", (const char *) sqlite3_column_text (stmt, 4));
      json_object_set_int_member (entry, "base_version", sqlite3_column_int64 (stmt, 5));
      json_object_set_member (entry, "changes", changes ? changes : json_node_new (JSON_NODE_NULL));
      json_object_set_string_member (entry, "created_at",
                                     (const char *) sqlite3_column_text (stmt, 7));
      json_object_set_string_member (entry, "state", (const char *) sqlite3_column_text (stmt, 8));
      rapport_json_set_nullable_string (entry, "error", (const char *) sqlite3_column_text (stmt, 9));
      rapport_json_set_nullable_string (entry, "group", (const char *) sqlite3_column_text (stmt, 10));
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, rapport_store_connection_get_db (reader));
  sqlite3_reset (stmt);
  rapport_store_end_read (self, reader);

  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&entries);
}

/**
 * rapport_store_get_state:
 * @key: e.g. "cursor"
 *
 * Returns: (transfer full) (nullable): a value the sync engine keeps
 */
char *
rapport_store_get_state (RapportStore *self,
                         const char   *key)
{
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(reader = rapport_store_begin_read (self, NULL)))
    return NULL;
  stmt = rapport_store_connection_prepare (reader, "SELECT value FROM sync_state WHERE key = ?",
                                           NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  rapport_store_end_read (self, reader);
  return value;
}

/* rapport_store_set_state() itself, on the writer thread. */
gboolean
rapport_store_set_state_now (RapportStore *self,
                             const char   *key,
                             const char   *value,
                             GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  stmt = rapport_store_prepare (self,
                                "INSERT INTO sync_state (key, value) VALUES (?, ?)"
                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
      if (!ok)
        rapport_store_set_sqlite_error (error, self->db);
      sqlite3_reset (stmt);
    }
  return ok;
}
