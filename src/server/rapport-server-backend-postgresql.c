/* rapport-server-backend-postgresql.c: the storage of larger teams, in PostgreSQL
 *
 * The same tables as the SQLite backend, reached with libpq: every query a
 * prepared statement of this connection, records kept as JSON text.
 *
 * Text, not jsonb: the server stores exactly what it wrote and reads it
 * back unchanged (jsonb would reorder members and refuses "\u0000" inside a
 * string, which a client may send), and a write does not parse. What reads
 * inside a record (the filter language, a queue's load, references) goes
 * through rapport_json(), a cast to jsonb that is NULL for text that is not
 * JSON, as SQLite's json_valid() guards its reads.
 *
 * Why the changes feed never skips a change, with several server processes
 * on one database: every write transaction takes one advisory lock
 * (WRITE_LOCK) first, and only a transaction holding it takes sequence
 * numbers, from the counter row of `sequence`. PostgreSQL releases a
 * transaction's locks only after its commit is visible to new snapshots, so
 * the writer that gets the lock next can only take numbers above those of
 * every transaction committed before it, and only once they are visible.
 * Committed transactions therefore hold consecutive ranges of numbers, in
 * commit order, and any snapshot sees every transaction up to some point of
 * that order and none after it: a reader that has seen number N has seen
 * every committed number below N, and nothing committed later can take a
 * number at or below N. A rolled-back transaction gives its numbers back
 * with its update of the counter. Reads take no lock; writes are serialized,
 * as SQLite serializes them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-backend-postgresql"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <string.h>

#include "rapport-entity.h"
#include "rapport-filter-sql.h"
#include "rapport-money.h"
#include "rapport-server-backend.h"
#include "rapport-uuid.h"

/* Advisory lock keys, per database: "Rapp" for writes, the next for the
 * schema while a process opens it. */
#define WRITE_LOCK  "1382117488"
#define SCHEMA_LOCK "1382117489"

/* libpq's type ids of the filter language's parameters (pg_type.h) */
#define INT8_OID   20
#define TEXT_OID   25
#define FLOAT8_OID 701

typedef struct
{
  RapportServerBackend  parent;
  PGconn               *conn;
  GHashTable           *statements;    /* (owned): SQL text → prepared statement's name */
  guint                 n_statements;
  gboolean              in_transaction;
  char                 *id;            /* (owned): the database's id */
  char                 *epoch;         /* (owned): its current epoch */
} RapportPgBackend;

/* clang-format off */
/* Created anew whenever a server opens the database, so that they follow
 * this binary: the filter language's functions (rapport-filter-sql.c) and
 * the few of SQLite's JSON functions its SQL calls, over text. */
static const char functions[] =
  "CREATE OR REPLACE FUNCTION rapport_json (t text) RETURNS jsonb"
  "  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$"
  "  BEGIN RETURN t::jsonb; EXCEPTION WHEN others THEN RETURN NULL; END $$;"
  /* rapport_text_fold(): NFKD without marks, lower case, ß as ss, a space
   * on each side of a CJK character (the main blocks of its scripts) */
  "CREATE OR REPLACE FUNCTION rapport_fold (t text) RETURNS text"
  "  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$"
  "  SELECT regexp_replace (regexp_replace (replace (lower (regexp_replace (normalize (t, NFKD),"
  "    '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g')"
  "    COLLATE \"und-x-icu\"), 'ß', 'ss'),"
  "    '(?<=[^ ])([\\u1100-\\u11ff\\u2e80-\\u2fdf\\u3005-\\u3007\\u3021-\\u3029\\u3041-\\u309f"
  "\\u30a1-\\u30fa\\u3105-\\u312f\\u3131-\\u318e\\u31a0-\\u31bf\\u31f0-\\u31ff\\u3400-\\u4dbf"
  "\\u4e00-\\u9fff\\uac00-\\ud7a3\\uf900-\\ufaff])', ' \\1', 'g'),"
  "    '([\\u1100-\\u11ff\\u2e80-\\u2fdf\\u3005-\\u3007\\u3021-\\u3029\\u3041-\\u309f"
  "\\u30a1-\\u30fa\\u3105-\\u312f\\u3131-\\u318e\\u31a0-\\u31bf\\u31f0-\\u31ff\\u3400-\\u4dbf"
  "\\u4e00-\\u9fff\\uac00-\\ud7a3\\uf900-\\ufaff])(?=[^[:space:]])', '\\1 ', 'g') $$;"
  "CREATE OR REPLACE FUNCTION instr (t text, part text) RETURNS integer"
  "  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT strpos (t, part) $$;"
  "CREATE OR REPLACE FUNCTION json_extract (t text, path text) RETURNS text"
  "  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$"
  "  SELECT rapport_json (t) #>> string_to_array (substr (path, 3), '.') $$;"
  "CREATE OR REPLACE FUNCTION json_array_length (t text) RETURNS integer"
  "  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$"
  "  SELECT CASE WHEN jsonb_typeof (rapport_json (t)) = 'array'"
  "    THEN jsonb_array_length (rapport_json (t)) END $$;"
  "CREATE OR REPLACE FUNCTION json_each (t text) RETURNS TABLE (value text)"
  "  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$"
  "  SELECT e #>> '{}' FROM jsonb_array_elements (CASE WHEN jsonb_typeof (rapport_json (t)) = 'array'"
  "    THEN rapport_json (t) ELSE '[]' END) AS e $$;";

/* Step N brings the schema from version N to N + 1; server_meta holds the
 * version. Identifiers compare bytewise (COLLATE "C"), as in SQLite, so that
 * "id > after" pages in the order of ORDER BY id. */
static const char * const migrations[] = {
  "CREATE TABLE records ("
  "  seq bigint PRIMARY KEY,"
  "  entity text COLLATE \"C\" NOT NULL,"
  "  id text COLLATE \"C\" NOT NULL,"
  "  version bigint NOT NULL,"
  "  data text,"
  "  parent_id text COLLATE \"C\","
  "  UNIQUE (entity, id)"
  ");"
  "CREATE INDEX records_by_parent ON records (entity, parent_id, id) WHERE parent_id IS NOT NULL;"
  "CREATE INDEX records_case_load ON records ((rapport_json (data) ->> 'queue_id'),"
  "  (rapport_json (data) ->> 'assignee_id'), (rapport_json (data) ->> 'status'))"
  "  WHERE entity = 'case';"
  "CREATE TABLE sequence (id integer PRIMARY KEY CHECK (id = 1), value bigint NOT NULL);"
  "INSERT INTO sequence (id, value) VALUES (1, 0);"
  "CREATE TABLE history ("
  "  entity text COLLATE \"C\" NOT NULL,"
  "  id text COLLATE \"C\" NOT NULL,"
  "  version bigint NOT NULL,"
  "  entry text NOT NULL,"
  "  PRIMARY KEY (entity, id, version)"
  ");"
  "CREATE TABLE op_results ("
  "  user_id text COLLATE \"C\" NOT NULL,"
  "  op_id text COLLATE \"C\" NOT NULL,"
  "  result text NOT NULL,"
  "  PRIMARY KEY (user_id, op_id)"
  ");"
  "CREATE TABLE credentials ("
  "  user_id text COLLATE \"C\" PRIMARY KEY,"
  "  name text COLLATE \"C\" NOT NULL UNIQUE,"
  "  hash text"
  ");"
  "CREATE TABLE tokens ("
  "  hash text COLLATE \"C\" PRIMARY KEY,"
  "  user_id text COLLATE \"C\" NOT NULL,"
  "  expires_at bigint NOT NULL"
  ");"
  "CREATE INDEX tokens_user ON tokens (user_id);"
  "CREATE TABLE damaged ("
  "  entity text COLLATE \"C\" NOT NULL,"
  "  id text COLLATE \"C\" NOT NULL,"
  "  seq bigint NOT NULL,"
  "  found_at text COLLATE \"C\" NOT NULL,"
  "  PRIMARY KEY (entity, id)"
  ");"
  "CREATE TABLE numbers ("
  "  entity text COLLATE \"C\" NOT NULL,"
  "  year integer NOT NULL,"
  "  last bigint NOT NULL,"
  "  PRIMARY KEY (entity, year)"
  ");",
  /* 2: when each op result was stored, for pruning; those already there
   * count from the upgrade */
  "ALTER TABLE op_results ADD COLUMN created_at bigint NOT NULL DEFAULT 0;"
  "UPDATE op_results SET created_at = extract (epoch FROM now ())::bigint;"
  "CREATE INDEX op_results_by_age ON op_results (created_at);",
  /* 3: failed logins, counted here so that every process shares the
   * limits (they were counted in each process's memory) */
  "CREATE TABLE login_failures ("
  "  key text COLLATE \"C\" PRIMARY KEY,"
  "  window_start bigint NOT NULL,"
  "  failures integer NOT NULL"
  ");"
  "CREATE INDEX login_failures_by_age ON login_failures (window_start);",
};
/* clang-format on */

static gboolean
set_pg_error (RapportPgBackend *self,
              const PGresult   *result,
              GError          **error)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *message = g_strdup (result != NULL ? PQresultErrorMessage (result)
                                                      : PQerrorMessage (self->conn));
  int code = RAPPORT_BACKEND_ERROR_FAILED;

  /* unique_violation; serialization_failure, deadlock_detected,
   * lock_not_available; and a database gone for now (a lost connection,
   * class 08, or one shutting down or starting: 57P01–57P03), which the
   * next request finds back: a client is told to try again, not that the
   * server failed. */
  if (g_strcmp0 (state, "23505") == 0)
    code = RAPPORT_BACKEND_ERROR_EXISTS;
  else if (g_strcmp0 (state, "40001") == 0 || g_strcmp0 (state, "40P01") == 0 ||
           g_strcmp0 (state, "55P03") == 0 || g_str_has_prefix (state ? state : "", "08") ||
           g_strcmp0 (state, "57P01") == 0 || g_strcmp0 (state, "57P02") == 0 ||
           g_strcmp0 (state, "57P03") == 0 || PQstatus (self->conn) == CONNECTION_BAD)
    code = RAPPORT_BACKEND_ERROR_BUSY;
  g_set_error (error, RAPPORT_BACKEND_ERROR, code, "PostgreSQL: %s", g_strchomp (message));
  return FALSE;
}

static gboolean
succeeded (const PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

/* SQL that is not a prepared statement: the schema, transactions. */
static gboolean
exec (RapportPgBackend *self,
      const char       *sql,
      GError          **error)
{
  PGresult *result = PQexec (self->conn, sql);
  gboolean ok = succeeded (result);

  if (!ok)
    set_pg_error (self, result, error);
  PQclear (result);
  return ok;
}

/* A writer waits for the write lock as SQLite waits for its file: 5 s,
 * then BUSY (lock_not_available), which the routes answer with a retry. */
static gboolean
set_up_session (RapportPgBackend *self,
                GError          **error)
{
  return exec (self, "SET lock_timeout = '5s'", error);
}

/* Opens a lost connection again, with nothing prepared on it. */
static void
reconnect (RapportPgBackend *self)
{
  PQreset (self->conn);
  g_hash_table_remove_all (self->statements);
  if (PQstatus (self->conn) == CONNECTION_OK)
    set_up_session (self, NULL);
}

/* Runs @sql, prepared on first use and kept: the feed and push run the same
 * few queries thousands of times. NULL parameters are SQL NULL. */
static PGresult *
run (RapportPgBackend   *self,
     const char         *sql,
     int                 n_params,
     const char * const *params,
     GError            **error)
{
  const char *name = g_hash_table_lookup (self->statements, sql);
  PGresult *result;

  /* A connection lost between transactions is opened again; inside one,
   * what it wrote is gone, so the transaction fails. */
  if (PQstatus (self->conn) == CONNECTION_BAD && !self->in_transaction)
    {
      reconnect (self);
      name = NULL;
    }
  if (name == NULL)
    {
      g_autofree char *new_name = g_strdup_printf ("rapport_%u", ++self->n_statements);

      result = PQprepare (self->conn, new_name, sql, n_params, NULL);
      if (!succeeded (result))
        {
          set_pg_error (self, result, error);
          PQclear (result);
          return NULL;
        }
      PQclear (result);
      name = new_name;
      g_hash_table_insert (self->statements, (gpointer) sql, g_steal_pointer (&new_name));
    }
  result = PQexecPrepared (self->conn, name, n_params, params, NULL, NULL, 0);
  if (!succeeded (result))
    {
      set_pg_error (self, result, error);
      PQclear (result);
      return NULL;
    }
  return result;
}

/* Runs a statement whose rows, if any, do not matter. */
static gboolean
run_done (RapportPgBackend   *self,
          const char         *sql,
          int                 n_params,
          const char * const *params,
          GError            **error)
{
  PGresult *result = run (self, sql, n_params, params, error);

  PQclear (result);
  return result != NULL;
}

static char *
value_text (const PGresult *result,
            int             row,
            int             column)
{
  return PQgetisnull (result, row, column) ? NULL : g_strdup (PQgetvalue (result, row, column));
}

static gint64
value_int (const PGresult *result,
           int             row,
           int             column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

/* Runs a one-row query of text columns; leaves the outputs NULL on no row. */
static gboolean
query_texts (RapportPgBackend   *self,
             const char         *sql,
             int                 n_params,
             const char * const *params,
             char              **out0,
             char              **out1,
             GError            **error)
{
  PGresult *result = run (self, sql, n_params, params, error);

  *out0 = NULL;
  if (out1 != NULL)
    *out1 = NULL;
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) > 0)
    {
      *out0 = value_text (result, 0, 0);
      if (out1 != NULL)
        *out1 = value_text (result, 0, 1);
    }
  PQclear (result);
  return TRUE;
}

static gboolean
query_count (RapportPgBackend   *self,
             const char         *sql,
             int                 n_params,
             const char * const *params,
             gint64             *out_count,
             GError            **error)
{
  PGresult *result = run (self, sql, n_params, params, error);

  *out_count = 0;
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) > 0)
    *out_count = value_int (result, 0, 0);
  PQclear (result);
  return TRUE;
}

static gboolean
collect_texts (RapportPgBackend   *self,
               const char         *sql,
               int                 n_params,
               const char * const *params,
               GPtrArray          *out,
               GError            **error)
{
  PGresult *result = run (self, sql, n_params, params, error);

  if (result == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (out, value_text (result, row, 0));
  PQclear (result);
  return TRUE;
}

/* Rows of (entity, id, version, seq, data), up to RAPPORT_BACKEND_PAGE_BYTES
 * of text past which the caller has a page. */
static gboolean
collect_records (RapportPgBackend   *self,
                 const char         *sql,
                 int                 n_params,
                 const char * const *params,
                 GPtrArray          *out,
                 GError            **error)
{
  PGresult *result = run (self, sql, n_params, params, error);
  gsize bytes = 0;

  if (result == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (result) && bytes <= RAPPORT_BACKEND_PAGE_BYTES; row++)
    {
      RapportStoredRecord *record = g_new0 (RapportStoredRecord, 1);

      record->entity = value_text (result, row, 0);
      record->id = value_text (result, row, 1);
      record->version = value_int (result, row, 2);
      record->seq = value_int (result, row, 3);
      record->data = value_text (result, row, 4);
      record->deleted = record->data == NULL;
      bytes += record->data != NULL ? strlen (record->data) : 0;
      g_ptr_array_add (out, record);
    }
  PQclear (result);
  return TRUE;
}

static void
pg_free (RapportServerBackend *backend)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->conn, PQfinish);
  g_free (self->id);
  g_free (self->epoch);
  g_free (self);
}

/* The write lock first: see the top of this file. */
static gboolean
pg_begin (RapportServerBackend *backend,
          GError              **error)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;

  if (PQstatus (self->conn) == CONNECTION_BAD)
    reconnect (self);
  if (!exec (self, "BEGIN", error))
    return FALSE;
  self->in_transaction = TRUE;
  if (!run_done (self, "SELECT pg_advisory_xact_lock (" WRITE_LOCK ")", 0, NULL, error))
    {
      exec (self, "ROLLBACK", NULL);
      self->in_transaction = FALSE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
pg_commit (RapportServerBackend *backend,
           GError              **error)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;
  PGresult *result = PQexec (self->conn, "COMMIT");
  /* COMMIT of a failed transaction answers ROLLBACK, without an error. */
  gboolean ok = succeeded (result) && g_strcmp0 (PQcmdStatus (result), "COMMIT") == 0;

  if (!ok && succeeded (result))
    g_set_error_literal (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_FAILED,
                         "PostgreSQL: the transaction failed and was rolled back");
  else if (!ok)
    set_pg_error (self, result, error);
  PQclear (result);
  self->in_transaction = FALSE;
  return ok;
}

static void
pg_rollback (RapportServerBackend *backend)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;

  if (PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    exec (self, "ROLLBACK", NULL);
  self->in_transaction = FALSE;
}

static gboolean
pg_get_record (RapportServerBackend *backend,
               const char           *entity,
               const char           *id,
               RapportStoredRecord **out,
               GError              **error)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;
  const char *params[] = { entity, id };
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_stored_record_free);

  *out = NULL;
  if (!collect_records (self,
                        "SELECT entity, id, version, seq, data FROM records"
                        " WHERE entity = $1 AND id = $2",
                        2, params, found, error))
    return FALSE;
  if (found->len > 0)
    *out = g_ptr_array_steal_index (found, 0);
  return TRUE;
}

static gboolean
pg_put_record (RapportServerBackend *backend,
               const char           *entity,
               const char           *id,
               gint64                version,
               const char           *data,
               const char           *parent_id,
               gint64               *out_seq,
               GError              **error)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;
  char version_text[24], seq_text[24];
  const char *params[] = { entity, id, version_text, seq_text, data,
                           data != NULL ? parent_id : NULL };
  gint64 seq;

  g_return_val_if_fail (self->in_transaction, FALSE);
  if (!query_count (self, "UPDATE sequence SET value = value + 1 WHERE id = 1 RETURNING value", 0,
                    NULL, &seq, error))
    return FALSE;
  g_snprintf (version_text, sizeof version_text, "%" G_GINT64_FORMAT, version);
  g_snprintf (seq_text, sizeof seq_text, "%" G_GINT64_FORMAT, seq);
  if (!run_done (self,
                 "INSERT INTO records (entity, id, version, seq, data, parent_id)"
                 " VALUES ($1, $2, $3, $4, $5, $6)"
                 " ON CONFLICT (entity, id) DO UPDATE SET"
                 " version = excluded.version, seq = excluded.seq, data = excluded.data,"
                 " parent_id = excluded.parent_id",
                 6, params, error))
    return FALSE;
  /* What was damaged is now written anew. */
  if (!run_done (self, "DELETE FROM damaged WHERE entity = $1 AND id = $2", 2, params, error))
    return FALSE;
  if (out_seq != NULL)
    *out_seq = seq;
  return TRUE;
}

static gboolean
pg_list_records (RapportServerBackend *backend,
                 const char           *entity,
                 const char           *after,
                 guint                 limit,
                 GPtrArray            *out,
                 GError              **error)
{
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  const char *params[] = { entity, after != NULL ? after : "", limit_text };

  return collect_records ((RapportPgBackend *) backend,
                          "SELECT entity, id, version, seq, data FROM records"
                          " WHERE entity = $1 AND id > $2 AND data IS NOT NULL"
                          " ORDER BY id LIMIT $3",
                          3, params, out, error);
}

static gboolean
pg_list_children (RapportServerBackend *backend,
                  const char           *entity,
                  const char           *parent_id,
                  const char           *after,
                  guint                 limit,
                  GPtrArray            *out,
                  GError              **error)
{
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  const char *params[] = { entity, parent_id, after != NULL ? after : "", limit_text };

  g_return_val_if_fail (parent_id != NULL, FALSE);
  return collect_records ((RapportPgBackend *) backend,
                          "SELECT entity, id, version, seq, data FROM records"
                          " WHERE entity = $1 AND parent_id = $2 AND id > $3"
                          " ORDER BY id LIMIT $4",
                          4, params, out, error);
}

static gboolean
pg_count_referring (RapportServerBackend *backend,
                    const char           *entity,
                    const char           *field,
                    const char           *value,
                    gint64               *out_count,
                    GError              **error)
{
  const char *params[] = { entity, field, value };

  return query_count ((RapportPgBackend *) backend,
                      "SELECT count(*) FROM records WHERE entity = $1 AND data IS NOT NULL"
                      " AND rapport_json (data) ->> $2 = $3",
                      3, params, out_count, error);
}

static gboolean
pg_list_referring (RapportServerBackend *backend,
                   const char           *entity,
                   const char           *field,
                   const char           *value,
                   const char           *after,
                   guint                 limit,
                   GPtrArray            *out,
                   GError              **error)
{
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  const char *params[] = { entity, field, value, after != NULL ? after : "", limit_text };

  return collect_records ((RapportPgBackend *) backend,
                          "SELECT entity, id, version, seq, data FROM records"
                          " WHERE entity = $1 AND data IS NOT NULL AND id > $4"
                          " AND rapport_json (data) ->> $2 = $3"
                          " ORDER BY id LIMIT $5",
                          5, params, out, error);
}

static gboolean
pg_latest_referring (RapportServerBackend *backend,
                     const char           *entity,
                     const char           *field,
                     const char           *values,
                     const char           *time_field,
                     const char           *upto,
                     GHashTable           *out,
                     GError              **error)
{
  const char *params[] = { entity, field, values, time_field, upto };
  PGresult *result = run ((RapportPgBackend *) backend,
                          "SELECT rapport_json (data) ->> $2, max (rapport_json (data) ->> $4)"
                          " FROM records WHERE entity = $1 AND data IS NOT NULL"
                          " AND rapport_json (data) ->> $2 IN (SELECT jsonb_array_elements_text ($3::jsonb))"
                          " AND rapport_json (data) ->> $4 <= $5 GROUP BY 1",
                          5, params, error);

  if (result == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (result); row++)
    g_hash_table_replace (out, value_text (result, row, 0), value_text (result, row, 1));
  PQclear (result);
  return TRUE;
}

static gboolean
pg_list_changes (RapportServerBackend *backend,
                 gint64                since,
                 guint                 limit,
                 GPtrArray            *out,
                 GError              **error)
{
  g_autofree char *since_text = g_strdup_printf ("%" G_GINT64_FORMAT, since);
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  const char *params[] = { since_text, limit_text };

  return collect_records ((RapportPgBackend *) backend,
                          "SELECT entity, id, version, seq, data FROM records"
                          " WHERE seq > $1 ORDER BY seq LIMIT $2",
                          2, params, out, error);
}

/* An index-only count of the primary key's range. */
static gboolean
pg_count_changes (RapportServerBackend *backend,
                  gint64                since,
                  guint64              *out_count,
                  GError              **error)
{
  g_autofree char *since_text = g_strdup_printf ("%" G_GINT64_FORMAT, since);
  const char *params[] = { since_text };
  gint64 count = 0;
  gboolean ok = query_count ((RapportPgBackend *) backend,
                             "SELECT count(*) FROM records WHERE seq > $1", 1, params, &count,
                             error);

  *out_count = (guint64) count;
  return ok;
}

static gboolean
pg_add_history (RapportServerBackend *backend,
                const char           *entity,
                const char           *id,
                gint64                version,
                const char           *entry,
                GError              **error)
{
  g_autofree char *version_text = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  const char *params[] = { entity, id, version_text, entry };

  return run_done ((RapportPgBackend *) backend,
                   "INSERT INTO history (entity, id, version, entry) VALUES ($1, $2, $3, $4)"
                   " ON CONFLICT (entity, id, version) DO UPDATE SET entry = excluded.entry",
                   4, params, error);
}

static gboolean
pg_list_history (RapportServerBackend *backend,
                 const char           *entity,
                 const char           *id,
                 GPtrArray            *out,
                 GError              **error)
{
  const char *params[] = { entity, id };

  return collect_texts ((RapportPgBackend *) backend,
                        "SELECT entry FROM history WHERE entity = $1 AND id = $2 ORDER BY version",
                        2, params, out, error);
}

static gboolean
pg_get_history (RapportServerBackend *backend,
                const char           *entity,
                const char           *id,
                gint64                version,
                char                **out_entry,
                GError              **error)
{
  g_autofree char *version_text = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  const char *params[] = { entity, id, version_text };

  return query_texts ((RapportPgBackend *) backend,
                      "SELECT entry FROM history WHERE entity = $1 AND id = $2 AND version = $3",
                      3, params, out_entry, NULL, error);
}

static gboolean
pg_get_op_result (RapportServerBackend *backend,
                  const char           *user_id,
                  const char           *op_id,
                  char                **out_result,
                  GError              **error)
{
  const char *params[] = { user_id, op_id };

  return query_texts ((RapportPgBackend *) backend,
                      "SELECT result FROM op_results WHERE user_id = $1 AND op_id = $2",
                      2, params, out_result, NULL, error);
}

static gboolean
pg_put_op_result (RapportServerBackend *backend,
                  const char           *user_id,
                  const char           *op_id,
                  const char           *result,
                  GError              **error)
{
  g_autofree char *now_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               g_get_real_time () / G_USEC_PER_SEC);
  const char *params[] = { user_id, op_id, result, now_text };

  return run_done ((RapportPgBackend *) backend,
                   "INSERT INTO op_results (user_id, op_id, result, created_at)"
                   " VALUES ($1, $2, $3, $4)",
                   4, params, error);
}

static gboolean
pg_prune_op_results (RapportServerBackend *backend,
                     gint64                before,
                     guint                 limit,
                     guint                *out_deleted,
                     GError              **error)
{
  g_autofree char *before_text = g_strdup_printf ("%" G_GINT64_FORMAT, before);
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  const char *params[] = { before_text, limit_text };
  PGresult *result = run ((RapportPgBackend *) backend,
                          "DELETE FROM op_results WHERE (user_id, op_id) IN"
                          " (SELECT user_id, op_id FROM op_results WHERE created_at < $1 LIMIT $2)",
                          2, params, error);

  *out_deleted = 0;
  if (result == NULL)
    return FALSE;
  *out_deleted = (guint) g_ascii_strtoull (PQcmdTuples (result), NULL, 10);
  PQclear (result);
  return TRUE;
}

/* One row per key, as in SQLite: a failure is one upsert, which
 * PostgreSQL makes atomic when processes count the same key at once. No
 * write lock: these rows take no sequence number. */
static gboolean
pg_add_login_failure (RapportServerBackend *backend,
                      const char           *key,
                      gint64                now,
                      gint64                window,
                      GError              **error)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;
  g_autofree char *now_text = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  g_autofree char *since_text = g_strdup_printf ("%" G_GINT64_FORMAT, now - window);
  const char *forget[] = { since_text };
  const char *params[] = { key, now_text, since_text };

  g_return_val_if_fail (!self->in_transaction, FALSE);
  return run_done (self, "DELETE FROM login_failures WHERE window_start <= $1", 1, forget,
                   error) &&
         run_done (self,
                   "INSERT INTO login_failures (key, window_start, failures) VALUES ($1, $2, 1)"
                   " ON CONFLICT (key) DO UPDATE SET failures = CASE"
                   " WHEN login_failures.window_start > $3 THEN login_failures.failures + 1"
                   " ELSE 1 END, window_start = CASE"
                   " WHEN login_failures.window_start > $3 THEN login_failures.window_start"
                   " ELSE excluded.window_start END",
                   3, params, error);
}

static gboolean
pg_get_login_failures (RapportServerBackend *backend,
                       const char           *key,
                       gint64                now,
                       gint64                window,
                       guint                *out_failures,
                       gint64               *out_window_start,
                       GError              **error)
{
  g_autofree char *since_text = g_strdup_printf ("%" G_GINT64_FORMAT, now - window);
  const char *params[] = { key, since_text };
  g_autofree char *failures = NULL;
  g_autofree char *window_start = NULL;

  if (!query_texts ((RapportPgBackend *) backend,
                    "SELECT failures, window_start FROM login_failures"
                    " WHERE key = $1 AND window_start > $2",
                    2, params, &failures, &window_start, error))
    return FALSE;
  *out_failures = failures != NULL ? (guint) g_ascii_strtoull (failures, NULL, 10) : 0;
  *out_window_start = window_start != NULL ? g_ascii_strtoll (window_start, NULL, 10) : now;
  return TRUE;
}

static gboolean
pg_clear_login_failures (RapportServerBackend *backend,
                         const char           *key,
                         GError              **error)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;
  const char *params[] = { key };

  g_return_val_if_fail (!self->in_transaction, FALSE);
  return run_done (self, "DELETE FROM login_failures WHERE key = $1", 1, params, error);
}

static gboolean
pg_get_credentials (RapportServerBackend *backend,
                    const char           *name,
                    char                **out_user_id,
                    char                **out_hash,
                    GError              **error)
{
  const char *params[] = { name };

  return query_texts ((RapportPgBackend *) backend,
                      "SELECT user_id, hash FROM credentials WHERE name = $1",
                      1, params, out_user_id, out_hash, error);
}

static gboolean
pg_list_credentials (RapportServerBackend *backend,
                     GPtrArray            *out_user_ids,
                     GError              **error)
{
  return collect_texts ((RapportPgBackend *) backend,
                        "SELECT user_id FROM credentials ORDER BY name", 0, NULL, out_user_ids,
                        error);
}

static gboolean
pg_set_credentials (RapportServerBackend *backend,
                    const char           *user_id,
                    const char           *name,
                    const char           *hash,
                    GError              **error)
{
  const char *params[] = { user_id, name, hash };

  return run_done ((RapportPgBackend *) backend,
                   "INSERT INTO credentials (user_id, name, hash) VALUES ($1, $2, $3)"
                   " ON CONFLICT (user_id) DO UPDATE SET name = excluded.name,"
                   " hash = coalesce (excluded.hash, credentials.hash)",
                   3, params, error);
}

static gboolean
pg_add_token (RapportServerBackend *backend,
              const char           *token_hash,
              const char           *user_id,
              gint64                expires_at,
              GError              **error)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;
  g_autofree char *now_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *expires_text = g_strdup_printf ("%" G_GINT64_FORMAT, expires_at);
  const char *sweep[] = { now_text };
  const char *params[] = { token_hash, user_id, expires_text };

  /* Expired tokens are swept whenever a new one is made. */
  return run_done (self, "DELETE FROM tokens WHERE expires_at < $1", 1, sweep, error) &&
         run_done (self, "INSERT INTO tokens (hash, user_id, expires_at) VALUES ($1, $2, $3)", 3,
                   params, error);
}

static gboolean
pg_lookup_token (RapportServerBackend *backend,
                 const char           *token_hash,
                 char                **out_user_id,
                 char                **out_stored_hash,
                 gint64               *out_expires_at,
                 GError              **error)
{
  const char *params[] = { token_hash };
  PGresult *result = run ((RapportPgBackend *) backend,
                          "SELECT user_id, expires_at, hash FROM tokens WHERE hash = $1", 1, params,
                          error);

  *out_user_id = NULL;
  *out_stored_hash = NULL;
  *out_expires_at = 0;
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) > 0)
    {
      *out_user_id = value_text (result, 0, 0);
      *out_expires_at = value_int (result, 0, 1);
      *out_stored_hash = value_text (result, 0, 2);
    }
  PQclear (result);
  return TRUE;
}

static gboolean
pg_delete_tokens (RapportServerBackend *backend,
                  const char           *token_hash,
                  const char           *user_id,
                  GError              **error)
{
  const char *params[] = { token_hash, user_id };

  return run_done ((RapportPgBackend *) backend,
                   "DELETE FROM tokens WHERE hash = $1 OR user_id = $2", 2, params, error);
}

static gboolean
pg_note_damaged (RapportServerBackend *backend,
                 const char           *entity,
                 const char           *id,
                 gint64                seq,
                 const char           *found_at,
                 gboolean             *out_new,
                 GError              **error)
{
  g_autofree char *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  const char *params[] = { entity, id, seq_text, found_at };
  PGresult *result = run ((RapportPgBackend *) backend,
                          "INSERT INTO damaged (entity, id, seq, found_at) VALUES ($1, $2, $3, $4)"
                          " ON CONFLICT DO NOTHING",
                          4, params, error);

  if (result == NULL)
    return FALSE;
  *out_new = g_strcmp0 (PQcmdTuples (result), "0") != 0;
  PQclear (result);
  return TRUE;
}

static gboolean
pg_list_damaged (RapportServerBackend *backend,
                 GPtrArray            *out,
                 GError              **error)
{
  PGresult *result = run ((RapportPgBackend *) backend,
                          "SELECT entity, id, seq, found_at FROM damaged"
                          " ORDER BY found_at, entity, id",
                          0, NULL, error);

  if (result == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (result); row++)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "entity", PQgetvalue (result, row, 0));
      json_object_set_string_member (entry, "id", PQgetvalue (result, row, 1));
      json_object_set_int_member (entry, "seq", value_int (result, row, 2));
      json_object_set_string_member (entry, "found_at", PQgetvalue (result, row, 3));
      g_ptr_array_add (out, entry);
    }
  PQclear (result);
  return TRUE;
}

static gboolean
get_meta (RapportPgBackend *self,
          const char       *key,
          char            **out_value,
          GError          **error)
{
  const char *params[] = { key };

  return query_texts (self, "SELECT value FROM server_meta WHERE key = $1", 1, params, out_value,
                      NULL, error);
}

static gboolean
set_meta (RapportPgBackend *self,
          const char       *key,
          const char       *value,
          GError          **error)
{
  const char *params[] = { key, value };

  return run_done (self,
                   "INSERT INTO server_meta (key, value) VALUES ($1, $2)"
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                   2, params, error);
}

/* Read on every call: another process may have started a new epoch. */
static void
pg_get_identity (RapportServerBackend *backend,
                 const char          **out_id,
                 const char          **out_epoch)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;
  g_autofree char *epoch = NULL;

  if (get_meta (self, "epoch", &epoch, NULL) && epoch != NULL)
    {
      g_free (self->epoch);
      self->epoch = g_steal_pointer (&epoch);
    }
  *out_id = self->id;
  *out_epoch = self->epoch;
}

static gboolean
pg_new_epoch (RapportServerBackend *backend,
              GError              **error)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;
  g_autofree char *epoch = rapport_uuid_v7_new ();

  if (!set_meta (self, "epoch", epoch, error))
    return FALSE;
  g_free (self->epoch);
  self->epoch = g_steal_pointer (&epoch);
  return TRUE;
}

static gboolean
pg_next_number (RapportServerBackend *backend,
                const char           *entity,
                int                   year,
                gint64               *out_number,
                GError              **error)
{
  g_autofree char *year_text = g_strdup_printf ("%d", year);
  const char *params[] = { entity, year_text };

  return query_count ((RapportPgBackend *) backend,
                      "INSERT INTO numbers (entity, year, last) VALUES ($1, $2, 1)"
                      " ON CONFLICT (entity, year) DO UPDATE SET last = numbers.last + 1"
                      " RETURNING last",
                      2, params, out_number, error);
}

/* From records_case_load, each status looked up in the index, stopping at
 * the limit. */
static gboolean
pg_count_queue_load (RapportServerBackend *backend,
                     const char           *queue_id,
                     const char           *assignee_id,
                     const char * const   *statuses,
                     gint64                up_to,
                     gint64               *out_count,
                     GError              **error)
{
  *out_count = 0;
  for (guint i = 0; statuses[i] != NULL; i++)
    {
      g_autofree char *limit_text = up_to > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT,
                                                                 up_to - *out_count)
                                              : NULL;
      const char *params[] = { queue_id, assignee_id, statuses[i], limit_text };
      gint64 count;

      if (!query_count ((RapportPgBackend *) backend,
                        "SELECT count(*) FROM (SELECT 1 FROM records WHERE entity = 'case'"
                        " AND rapport_json (data) ->> 'queue_id' = $1"
                        " AND rapport_json (data) ->> 'assignee_id' = $2"
                        " AND rapport_json (data) ->> 'status' = $3 LIMIT $4) AS load",
                        4, params, &count, error))
        return FALSE;
      *out_count += count;
      if (up_to > 0 && *out_count >= up_to)
        break;
    }
  return TRUE;
}

static gboolean
pg_get_meta (RapportServerBackend *backend,
             const char           *key,
             char                **out_value,
             GError              **error)
{
  return get_meta ((RapportPgBackend *) backend, key, out_value, error);
}

static gboolean
pg_set_meta (RapportServerBackend *backend,
             const char           *key,
             const char           *value,
             GError              **error)
{
  return set_meta ((RapportPgBackend *) backend, key, value, error);
}

/* The filter language over records kept as JSON text: a field is a member
 * of the document, typed as the SQL the compiler writes compares it (a
 * number, a boolean as 0 or 1, a list as its JSON text for json_each). */
static char *
pg_json_column (const RapportEntity *entity,
                const char          *alias,
                const char          *field)
{
  const RapportField *described = rapport_entity_get_field (entity, field);
  RapportFieldKind kind = described != NULL ? described->kind : RAPPORT_FIELD_TEXT;

  if (strcmp (field, "id") == 0)
    return g_strdup_printf ("%s.id", alias);
  if (kind == RAPPORT_FIELD_INT || kind == RAPPORT_FIELD_MONEY)
    return g_strdup_printf ("(rapport_json (%s.data) ->> '%s')::numeric", alias, field);
  if (kind == RAPPORT_FIELD_BOOL)
    return g_strdup_printf ("((rapport_json (%s.data) ->> '%s')::boolean)::integer", alias, field);
  return g_strdup_printf ("(rapport_json (%s.data) ->> '%s')", alias, field);
}

static char *
pg_json_rows (const RapportEntity *entity,
              const char          *alias)
{
  return g_strdup_printf ("FROM records AS %1$s WHERE %1$s.entity = '%2$s'"
                          " AND %1$s.data IS NOT NULL AND rapport_json (%1$s.data) IS NOT NULL",
                          alias, entity->name);
}

static const RapportFilterDialect pg_json_dialect = { pg_json_column, pg_json_rows };

/* The compiler writes "?" placeholders, SQLite's; PostgreSQL numbers them.
 * Its SQL holds no "?" of its own: values are always bound. */
static char *
numbered_placeholders (const char *sql)
{
  GString *out = g_string_sized_new (strlen (sql) + 32);
  guint n = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '?')
        g_string_append_printf (out, "$%u", ++n);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Runs @sql, with "?" placeholders, on @params (GVariants of the filter
 * compiler: int64, double or string). Not prepared: each is its own SQL. */
static PGresult *
exec_filter_sql (RapportPgBackend *self,
                 const char       *sql,
                 GPtrArray        *params,
                 GError          **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *numbered = numbered_placeholders (sql);
  g_autofree Oid *types = g_new0 (Oid, params->len + 1);
  PGresult *result;

  for (guint i = 0; i < params->len; i++)
    {
      GVariant *value = params->pdata[i];

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
        {
          types[i] = INT8_OID;
          g_ptr_array_add (texts, g_strdup_printf ("%" G_GINT64_FORMAT,
                                                   g_variant_get_int64 (value)));
        }
      else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          types[i] = FLOAT8_OID;
          g_ptr_array_add (texts, g_strdup (g_ascii_dtostr (buffer, sizeof buffer,
                                                            g_variant_get_double (value))));
        }
      else
        {
          types[i] = TEXT_OID;
          g_ptr_array_add (texts, g_variant_dup_string (value, NULL));
        }
    }
  result = PQexecParams (self->conn, numbered, (int) texts->len, types,
                         (const char * const *) texts->pdata, NULL, NULL, 0);
  if (!succeeded (result))
    {
      set_pg_error (self, result, error);
      PQclear (result);
      return NULL;
    }
  return result;
}

static gboolean
pg_filter_records (RapportServerBackend       *backend,
                   const RapportFilter        *filter,
                   const RapportFilterContext *context,
                   GPtrArray                  *out_ids,
                   GError                    **error)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autofree char *rows = pg_json_rows (rapport_filter_get_entity (filter), "t");
  g_autoptr(GString) sql = g_string_new (NULL);
  PGresult *result;

  g_string_printf (sql, "SELECT t.id %s AND ", rows);
  if (!rapport_filter_to_sql (filter, &pg_json_dialect, context, "t", sql, params, error))
    return FALSE;
  g_string_append (sql, " ORDER BY t.id");
  if (!(result = exec_filter_sql (self, sql->str, params, error)))
    return FALSE;
  for (int row = 0; row < PQntuples (result); row++)
    g_ptr_array_add (out_ids, value_text (result, row, 0));
  PQclear (result);
  return TRUE;
}

static gboolean
pg_list_tables (RapportServerBackend *backend,
                GPtrArray            *out_names,
                GError              **error)
{
  return collect_texts ((RapportPgBackend *) backend,
                        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema ()"
                        " ORDER BY tablename COLLATE \"C\"",
                        0, NULL, out_names, error);
}

/* "name", quoted for SQL */
static char *
quote_identifier (RapportPgBackend *self,
                  const char       *name)
{
  char *quoted = PQescapeIdentifier (self->conn, name, strlen (name));
  char *copy = g_strdup (quoted);

  PQfreemem (quoted);
  return copy;
}

#define FETCH_ROWS "2000"

/* Through a cursor, FETCH_ROWS at a time: a table of millions of records
 * is never held in memory. Outside a transaction, in one of its own that
 * sees one snapshot. */
static gboolean
pg_read_table (RapportServerBackend  *backend,
               const char            *table,
               const char            *order_by,
               RapportBackendRowFunc  func,
               gpointer               user_data,
               GError               **error)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;
  g_autofree char *quoted = quote_identifier (self, table);
  g_autofree char *declare = g_strdup_printf ("DECLARE rapport_rows NO SCROLL CURSOR FOR"
                                              " SELECT * FROM %s ORDER BY %s", quoted, order_by);
  gboolean own_transaction = !self->in_transaction;
  gboolean go_on = TRUE, ok;
  GError *stopped = NULL;

  if (own_transaction && !exec (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;
  ok = exec (self, declare, &stopped);
  while (ok && go_on)
    {
      PGresult *result = PQexec (self->conn, "FETCH " FETCH_ROWS " FROM rapport_rows");
      int n_columns = PQnfields (result);
      g_autofree const char **names = g_new0 (const char *, n_columns + 1);
      g_autofree const char **values = g_new0 (const char *, n_columns + 1);

      ok = succeeded (result);
      if (!ok)
        set_pg_error (self, result, &stopped);
      for (int i = 0; ok && i < n_columns; i++)
        names[i] = PQfname (result, i);
      for (int row = 0; ok && go_on && row < PQntuples (result); row++)
        {
          for (int i = 0; i < n_columns; i++)
            values[i] = PQgetisnull (result, row, i) ? NULL : PQgetvalue (result, row, i);
          go_on = func (names, values, (guint) n_columns, user_data, &stopped);
        }
      if (ok && PQntuples (result) == 0)
        go_on = FALSE;
      PQclear (result);
    }
  if (ok)
    exec (self, "CLOSE rapport_rows", NULL);
  if (own_transaction)
    exec (self, stopped == NULL ? "COMMIT" : "ROLLBACK", NULL);
  if (stopped != NULL)
    {
      g_propagate_error (error, stopped);
      return FALSE;
    }
  return TRUE;
}

static gboolean
pg_empty_table (RapportServerBackend *backend,
                const char           *table,
                GError              **error)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;
  g_autofree char *quoted = quote_identifier (self, table);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", quoted);

  g_return_val_if_fail (self->in_transaction, FALSE);
  return exec (self, sql, error);
}

/* A value in COPY's text format: \N for NULL, the separators escaped. */
static void
append_copy_value (GString    *line,
                   const char *value)
{
  if (value == NULL)
    {
      g_string_append (line, "\\N");
      return;
    }
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (line, "\\\\");
          break;
        case '\n':
          g_string_append (line, "\\n");
          break;
        case '\r':
          g_string_append (line, "\\r");
          break;
        case '\t':
          g_string_append (line, "\\t");
          break;
        default:
          g_string_append_c (line, *p);
        }
    }
}

/* COPY FROM STDIN: the fastest way in, a whole batch in one round trip. */
static gboolean
pg_write_rows (RapportServerBackend *backend,
               const char           *table,
               const char * const   *columns,
               guint                 n_columns,
               GPtrArray            *rows,
               GError              **error)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;
  g_autofree char *quoted = quote_identifier (self, table);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) data = g_string_new (NULL);
  PGresult *result;
  gboolean ok;

  g_return_val_if_fail (self->in_transaction, FALSE);
  g_string_printf (sql, "COPY %s (", quoted);
  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *column = quote_identifier (self, columns[i]);

      g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", column);
    }
  g_string_append (sql, ") FROM STDIN");
  for (guint r = 0; r < rows->len; r++)
    {
      const char * const *values = g_ptr_array_index (rows, r);

      for (guint i = 0; i < n_columns; i++)
        {
          if (i > 0)
            g_string_append_c (data, '\t');
          append_copy_value (data, values[i]);
        }
      g_string_append_c (data, '\n');
    }

  result = PQexec (self->conn, sql->str);
  ok = PQresultStatus (result) == PGRES_COPY_IN;
  if (!ok)
    set_pg_error (self, result, error);
  PQclear (result);
  if (!ok)
    return FALSE;
  if (PQputCopyData (self->conn, data->str, (int) data->len) != 1 ||
      PQputCopyEnd (self->conn, NULL) != 1)
    return set_pg_error (self, NULL, error);
  while ((result = PQgetResult (self->conn)) != NULL)
    {
      if (ok && !succeeded (result))
        ok = set_pg_error (self, result, error);
      PQclear (result);
    }
  return ok;
}

/* A query a filter, as on SQLite (see sqlite_filters_match()). */
static gboolean
pg_filters_match (RapportServerBackend        *backend,
                  RapportFilter * const       *filters,
                  guint                        n_filters,
                  const RapportFilterContext  *context,
                  const char                  *id,
                  gboolean                    *out_matches,
                  GError                     **error)
{
  RapportPgBackend *self = (RapportPgBackend *) backend;

  for (guint i = 0; i < n_filters; i++)
    {
      g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      g_autofree char *rows = pg_json_rows (rapport_filter_get_entity (filters[i]), "t");
      g_autoptr(GString) sql = g_string_new (NULL);
      PGresult *result;

      g_string_printf (sql, "SELECT 1 %s AND t.id = ? AND ", rows);
      g_ptr_array_add (params, g_variant_ref_sink (g_variant_new_string (id)));
      if (!rapport_filter_to_sql (filters[i], &pg_json_dialect, context, "t", sql, params, error) ||
          !(result = exec_filter_sql (self, sql->str, params, error)))
        return FALSE;
      out_matches[i] = PQntuples (result) > 0;
      PQclear (result);
    }
  return TRUE;
}

static const RapportServerBackendVTable pg_vtable = {
  .free = pg_free,
  .begin = pg_begin,
  .commit = pg_commit,
  .rollback = pg_rollback,
  .get_record = pg_get_record,
  .put_record = pg_put_record,
  .list_records = pg_list_records,
  .list_children = pg_list_children,
  .count_referring = pg_count_referring,
  .list_referring = pg_list_referring,
  .latest_referring = pg_latest_referring,
  .count_queue_load = pg_count_queue_load,
  .filter_records = pg_filter_records,
  .filters_match = pg_filters_match,
  .list_changes = pg_list_changes,
  .count_changes = pg_count_changes,
  .add_history = pg_add_history,
  .list_history = pg_list_history,
  .get_history = pg_get_history,
  .get_op_result = pg_get_op_result,
  .put_op_result = pg_put_op_result,
  .prune_op_results = pg_prune_op_results,
  .add_login_failure = pg_add_login_failure,
  .get_login_failures = pg_get_login_failures,
  .clear_login_failures = pg_clear_login_failures,
  .get_credentials = pg_get_credentials,
  .list_credentials = pg_list_credentials,
  .set_credentials = pg_set_credentials,
  .add_token = pg_add_token,
  .lookup_token = pg_lookup_token,
  .delete_tokens = pg_delete_tokens,
  .note_damaged = pg_note_damaged,
  .list_damaged = pg_list_damaged,
  .get_identity = pg_get_identity,
  .new_epoch = pg_new_epoch,
  .next_number = pg_next_number,
  .get_meta = pg_get_meta,
  .set_meta = pg_set_meta,
  .list_tables = pg_list_tables,
  .read_table = pg_read_table,
  .empty_table = pg_empty_table,
  .write_rows = pg_write_rows,
};

/* rapport_money_scale(currency): rapport_money_exponent()'s table as SQL,
 * the codes whose minor unit is not a hundredth listed. */
static char *
money_scale_function (void)
{
  GString *sql = g_string_new ("CREATE OR REPLACE FUNCTION rapport_money_scale (currency text)"
                               " RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$"
                               " SELECT CASE");

  for (int exponent = 0; exponent <= 4; exponent++)
    {
      g_autoptr(GString) codes = g_string_new (NULL);
      gint64 scale = 1;

      if (exponent == 2)
        continue;
      for (int i = 0; i < exponent; i++)
        scale *= 10;
      for (char a = 'A'; a <= 'Z'; a++)
        for (char b = 'A'; b <= 'Z'; b++)
          for (char c = 'A'; c <= 'Z'; c++)
            {
              char code[4] = { a, b, c, '\0' };

              if (rapport_money_exponent (code) == exponent)
                g_string_append_printf (codes, "%s'%s'", codes->len > 0 ? ", " : "", code);
            }
      if (codes->len > 0)
        g_string_append_printf (sql, " WHEN currency IN (%s) THEN %" G_GINT64_FORMAT, codes->str,
                                scale);
    }
  g_string_append (sql, " ELSE 100 END $$;");
  return g_string_free (sql, FALSE);
}

/* Brings the schema to this binary's version, under SCHEMA_LOCK so that
 * processes starting together do it once; call inside a transaction. */
static gboolean
upgrade_schema (RapportPgBackend *self,
                GError          **error)
{
  g_autofree char *money_scale = money_scale_function ();
  g_autofree char *stored = NULL;
  guint64 version = 0;
  g_autofree char *all_functions = g_strconcat (functions, money_scale, NULL);
  g_autofree char *checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, all_functions, -1);
  g_autofree char *stored_checksum = NULL;

  if (!exec (self, "SELECT pg_advisory_xact_lock (" SCHEMA_LOCK ")", error) ||
      !exec (self, "CREATE TABLE IF NOT EXISTS server_meta ("
                   "  key text COLLATE \"C\" PRIMARY KEY, value text NOT NULL)", error) ||
      !get_meta (self, "functions", &stored_checksum, error))
    return FALSE;
  /* The functions are made again only when this binary's differ: a restart
   * must be quick, clients wait for it. */
  if (g_strcmp0 (stored_checksum, checksum) != 0 &&
      (!exec (self, all_functions, error) || !set_meta (self, "functions", checksum, error)))
    return FALSE;
  if (!get_meta (self, "schema_version", &stored, error))
    return FALSE;
  if (stored != NULL)
    version = g_ascii_strtoull (stored, NULL, 10);
  if (version > G_N_ELEMENTS (migrations))
    {
      g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_FAILED,
                   "The database has schema version %" G_GUINT64_FORMAT ", newer than this"
                   " rapport-server knows (%u): upgrade rapport-server",
                   version, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }
  for (; version < G_N_ELEMENTS (migrations); version++)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, version + 1);

      if (!exec (self, migrations[version], error) ||
          !set_meta (self, "schema_version", text, error))
        return FALSE;
    }
  return TRUE;
}

/* Gives a database without an id one, and a first epoch. */
static gboolean
load_identity (RapportPgBackend *self,
               GError          **error)
{
  if (!get_meta (self, "id", &self->id, error) || !get_meta (self, "epoch", &self->epoch, error))
    return FALSE;
  if (self->id == NULL)
    {
      self->id = g_uuid_string_random ();
      if (!set_meta (self, "id", self->id, error))
        return FALSE;
    }
  if (self->epoch == NULL)
    {
      self->epoch = rapport_uuid_v7_new ();
      if (!set_meta (self, "epoch", self->epoch, error))
        return FALSE;
    }
  return TRUE;
}

static void
ignore_notice (void       *data,
               const char *message)
{
}

/**
 * rapport_server_backend_postgresql_open:
 * @url: a libpq connection string, "postgresql://user@host/db"
 *
 * Connects, and creates or upgrades the schema.
 */
RapportServerBackend *
rapport_server_backend_postgresql_open (const char *url,
                                        GError    **error)
{
  RapportPgBackend *self = g_new0 (RapportPgBackend, 1);

  self->parent.vtable = &pg_vtable;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->conn = PQconnectdb (url);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strdup (PQerrorMessage (self->conn));

      /* Not the URL itself: it may hold a password. */
      g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_FAILED,
                   "Cannot connect to PostgreSQL: %s", g_strchomp (message));
      pg_free (&self->parent);
      return NULL;
    }
  /* "relation already exists, skipping": the server's own business */
  PQsetNoticeProcessor (self->conn, ignore_notice, NULL);
  if (!set_up_session (self, error) ||
      !exec (self, "BEGIN", error) ||
      !upgrade_schema (self, error) ||
      !load_identity (self, error) ||
      !exec (self, "COMMIT", error))
    {
      g_prefix_error (error, "PostgreSQL database %s: ", PQdb (self->conn));
      pg_free (&self->parent);
      return NULL;
    }
  return &self->parent;
}
