/* rapport-server-migrate.c: moving a team from SQLite to PostgreSQL
 *
 * Every table is copied row by row through the backends (read_table on the
 * source, write_rows on the target), with the same sequence numbers, record
 * versions, history, users, password and token hashes, op results, the
 * failed logins of the current windows and server meta: the target is the
 * same server to its clients, with the same id and epoch, and every cursor
 * a client holds means there what it meant in the file. The change
 * counter is the source's, so the next write takes the number after the
 * largest one copied.
 *
 * The tables are those of known_tables; a table of the source that is not
 * there stops the copy before anything is written, so that a table added
 * later cannot be left behind unnoticed.
 *
 * All of it is one transaction of the target: a run that fails leaves it
 * as it was, and a second run starts again from the start (there is no
 * half-done copy to resume). Before the commit each table of the target is
 * read back and its row count and checksum compared with the source's.
 * The target then keeps a marker (server_meta "migrated_from": the source's
 * server id and a digest of all its tables' checksums), which is how a
 * later run tells a previous copy of the same, unchanged source (nothing to
 * do) from anything else in the target (refused).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-migrate"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "rapport-server-migrate.h"

/* Rows sent to the target in one COPY. */
#define BATCH_ROWS 2000
#define MARKER_KEY "migrated_from"

typedef enum {
  COPY_ROWS,    /* as they are, into an empty table */
  COPY_COUNTER, /* the one row of the change counter, over the target's 0 */
  COPY_META,    /* key by key: the target keeps its own schema version */
} CopyKind;

typedef struct
{
  const char *name;
  const char *key; /* the primary key: the order rows are compared in */
  CopyKind    kind;
} KnownTable;

/* clang-format off */
static const KnownTable known_tables[] = {
  { "credentials", "user_id",             COPY_ROWS },
  { "damaged",     "entity, id",          COPY_ROWS },
  { "history",     "entity, id, version", COPY_ROWS },
  { "login_failures", "key",             COPY_ROWS },
  { "numbers",     "entity, year",        COPY_ROWS },
  { "op_results",  "user_id, op_id",      COPY_ROWS },
  { "records",     "seq",                 COPY_ROWS },
  { "sequence",    "id",                  COPY_COUNTER },
  { "server_meta", "key",                 COPY_META },
  { "tokens",      "hash",                COPY_ROWS },
};
/* clang-format on */

/* A table's row count and checksum, fed a row at a time. Columns are
 * taken by name, so that the same rows in tables whose columns were added
 * in another order sum the same. */
typedef struct
{
  GChecksum  *checksum;
  guint64     rows;
  guint      *order;     /* (owned) (nullable): column indexes, by name */
  int         key;       /* index of the column "key", or -1 */
  GHashTable *only_keys; /* (unowned) (nullable): server_meta rows to count */
} TableSum;

static void
table_sum_init (TableSum   *sum,
                GHashTable *only_keys)
{
  sum->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  sum->rows = 0;
  sum->order = NULL;
  sum->key = -1;
  sum->only_keys = only_keys;
}

static void
table_sum_clear (TableSum *sum)
{
  g_clear_pointer (&sum->checksum, g_checksum_free);
  g_clear_pointer (&sum->order, g_free);
}

static int
compare_columns (gconstpointer a,
                 gconstpointer b,
                 gpointer      names)
{
  const char * const *name = names;

  return strcmp (name[*(const guint *) a], name[*(const guint *) b]);
}

static void
table_sum_add (TableSum           *sum,
               const char * const *names,
               const char * const *values,
               guint               n_columns)
{
  if (sum->order == NULL)
    {
      sum->order = g_new (guint, n_columns);
      for (guint i = 0; i < n_columns; i++)
        {
          sum->order[i] = i;
          if (strcmp (names[i], "key") == 0)
            sum->key = (int) i;
        }
      g_qsort_with_data (sum->order, (gint) n_columns, sizeof (guint), compare_columns,
                         (gpointer) names);
    }
  if (sum->only_keys != NULL &&
      (sum->key < 0 || !g_hash_table_contains (sum->only_keys, values[sum->key])))
    return;
  sum->rows++;
  /* name, then N (NULL) or the length and the text: no two rows alike */
  for (guint i = 0; i < n_columns; i++)
    {
      const char *value = values[sum->order[i]];
      g_autofree char *head = value != NULL ? g_strdup_printf ("%s=%zu:", names[sum->order[i]],
                                                               strlen (value))
                                            : g_strdup_printf ("%s=N", names[sum->order[i]]);

      g_checksum_update (sum->checksum, (const guchar *) head, -1);
      if (value != NULL)
        g_checksum_update (sum->checksum, (const guchar *) value, -1);
    }
  g_checksum_update (sum->checksum, (const guchar *) "\n", 1);
}

static gboolean
sum_row_cb (const char * const *names,
            const char * const *values,
            guint               n_columns,
            gpointer            user_data,
            GError            **error)
{
  table_sum_add (user_data, names, values, n_columns);
  return TRUE;
}

static RapportMigratedTable *
table_sum_finish (TableSum   *sum,
                  const char *table)
{
  RapportMigratedTable *result = g_new0 (RapportMigratedTable, 1);

  result->table = g_strdup (table);
  result->rows = sum->rows;
  result->checksum = g_strdup (g_checksum_get_string (sum->checksum));
  table_sum_clear (sum);
  return result;
}

void
rapport_migrated_table_free (RapportMigratedTable *table)
{
  g_free (table->table);
  g_free (table->checksum);
  g_free (table);
}

/* The tables copied from the source, and what it holds. */
typedef struct
{
  RapportServerBackend *target;
  const KnownTable     *known;
  TableSum              sum;
  char                **columns;   /* (owned) (nullable): until the first row */
  guint                 n_columns;
  GPtrArray            *batch;     /* (owned): rows of n_columns texts */
  GHashTable           *meta_keys; /* (unowned): server_meta keys copied */
  gint64                max_seq;   /* of records */
  gint64                counter;   /* of sequence */
} Copy;

static void
free_batch_rows (Copy *copy)
{
  for (guint r = 0; r < copy->batch->len; r++)
    {
      char **row = g_ptr_array_index (copy->batch, r);

      for (guint i = 0; i < copy->n_columns; i++)
        g_free (row[i]);
      g_free (row);
    }
  g_ptr_array_set_size (copy->batch, 0);
}

static gboolean
flush (Copy    *copy,
       GError **error)
{
  gboolean ok = TRUE;

  if (copy->batch->len > 0)
    ok = copy->target->vtable->write_rows (copy->target, copy->known->name,
                                           (const char * const *) copy->columns, copy->n_columns,
                                           copy->batch, error);
  free_batch_rows (copy);
  return ok;
}

static const char *
value_of (const char * const *names,
          const char * const *values,
          guint               n_columns,
          const char         *name)
{
  for (guint i = 0; i < n_columns; i++)
    if (strcmp (names[i], name) == 0)
      return values[i];
  return NULL;
}

static gboolean
copy_row_cb (const char * const *names,
             const char * const *values,
             guint               n_columns,
             gpointer            user_data,
             GError            **error)
{
  Copy *copy = user_data;
  const char *seq = NULL;
  char **row;

  table_sum_add (&copy->sum, names, values, n_columns);
  if (copy->known->kind == COPY_META)
    {
      const char *key = value_of (names, values, n_columns, "key");
      const char *value = value_of (names, values, n_columns, "value");

      g_hash_table_add (copy->meta_keys, g_strdup (key));
      return copy->target->vtable->set_meta (copy->target, key, value, error);
    }
  if (copy->columns == NULL)
    {
      copy->columns = g_new0 (char *, n_columns + 1);
      for (guint i = 0; i < n_columns; i++)
        copy->columns[i] = g_strdup (names[i]);
      copy->n_columns = n_columns;
    }
  row = g_new0 (char *, n_columns);
  for (guint i = 0; i < n_columns; i++)
    row[i] = g_strdup (values[i]);
  g_ptr_array_add (copy->batch, row);

  if (strcmp (copy->known->name, "records") == 0)
    seq = value_of (names, values, n_columns, "seq");
  if (seq != NULL)
    copy->max_seq = MAX (copy->max_seq, g_ascii_strtoll (seq, NULL, 10));
  if (copy->known->kind == COPY_COUNTER)
    copy->counter = g_ascii_strtoll (value_of (names, values, n_columns, "value") ?: "0", NULL, 10);

  return copy->batch->len < BATCH_ROWS || flush (copy, error);
}

/* Copies one table; fills @out_sum with what the source holds. */
static gboolean
copy_table (RapportServerBackend *source,
            Copy                 *copy,
            const KnownTable     *known,
            GError              **error)
{
  gboolean ok;

  copy->known = known;
  table_sum_init (&copy->sum, NULL);
  g_clear_pointer (&copy->columns, g_strfreev);
  if (known->kind == COPY_COUNTER &&
      !copy->target->vtable->empty_table (copy->target, known->name, error))
    return FALSE;
  ok = source->vtable->read_table (source, known->name, known->key, copy_row_cb, copy, error) &&
       flush (copy, error);
  free_batch_rows (copy);
  return ok;
}

typedef struct
{
  gboolean    found;
  const char *table;
} Emptiness;

/* A row of a table that must be empty (the counter: at 0) */
static gboolean
find_row_cb (const char * const *names,
             const char * const *values,
             guint               n_columns,
             gpointer            user_data,
             GError            **error)
{
  Emptiness *emptiness = user_data;
  const char *counter = value_of (names, values, n_columns, "value");

  if (strcmp (emptiness->table, "sequence") == 0 && g_strcmp0 (counter, "0") == 0)
    return TRUE;
  emptiness->found = TRUE;
  return FALSE;
}

/* Every table of @backend is a known one, and every known one is there. */
static gboolean
check_tables (RapportServerBackend *backend,
              gboolean              is_source,
              GError              **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (!backend->vtable->list_tables (backend, names, error))
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    {
      gboolean known = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (known_tables); k++)
        known = known || strcmp (names->pdata[i], known_tables[k].name) == 0;
      if (!known)
        {
          g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_FAILED,
                       is_source ? _("The source database has a table “%s” that migrate does not "
                                     "know how to copy; nothing was copied. Migrate with the "
                                     "rapport-server that made that table.")
                                 : _("The target database has a table “%s” that migrate does not "
                                     "know; nothing was copied. Migrate into a new, empty "
                                     "database."),
                       (const char *) names->pdata[i]);
          return FALSE;
        }
    }
  for (guint k = 0; k < G_N_ELEMENTS (known_tables); k++)
    if (!g_ptr_array_find_with_equal_func (names, known_tables[k].name, g_str_equal, NULL))
      {
        g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_FAILED,
                     is_source ? _("The source database has no table “%s”; nothing was copied")
                               : _("The target database has no table “%s”; nothing was copied"),
                     known_tables[k].name);
        return FALSE;
      }
  return TRUE;
}

/* The name of a table of @target that holds rows, or NULL */
static gboolean
find_rows (RapportServerBackend *target,
           const char          **out_table,
           GError              **error)
{
  *out_table = NULL;
  for (guint k = 0; k < G_N_ELEMENTS (known_tables); k++)
    {
      Emptiness emptiness = { FALSE, known_tables[k].name };

      if (known_tables[k].kind == COPY_META)
        continue;
      if (!target->vtable->read_table (target, known_tables[k].name, known_tables[k].key,
                                       find_row_cb, &emptiness, error))
        return FALSE;
      if (emptiness.found)
        {
          *out_table = known_tables[k].name;
          return TRUE;
        }
    }
  return TRUE;
}

/* One text of all the tables' counts and checksums. */
static char *
digest (GPtrArray *tables)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < tables->len; i++)
    {
      RapportMigratedTable *table = g_ptr_array_index (tables, i);
      g_autofree char *line = g_strdup_printf ("%s %" G_GUINT64_FORMAT " %s\n", table->table,
                                               table->rows, table->checksum);

      g_checksum_update (checksum, (const guchar *) line, -1);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

/* A target that is not empty: a copy of this same source, unchanged since,
 * is no work (@out_tables says what it holds); anything else is refused. */
static gboolean
check_previous_copy (RapportServerBackend *source,
                     RapportServerBackend *target,
                     const char           *table_with_rows,
                     char                **out_migrated_at,
                     GPtrArray            *out_tables,
                     GError              **error)
{
  g_autofree char *marker = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  const char *source_id, *source_epoch;
  g_autofree char *source_digest = NULL;

  if (!target->vtable->get_meta (target, MARKER_KEY, &marker, error))
    return FALSE;
  node = marker != NULL ? json_from_string (marker, NULL) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_EXISTS,
                   _("The target database is not empty (table “%s” has rows) and is not a copy "
                     "made by migrate; nothing was copied. Migrate into a new, empty database."),
                   table_with_rows);
      return FALSE;
    }
  object = json_node_get_object (node);
  source->vtable->get_identity (source, &source_id, &source_epoch);
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "server", NULL),
                 source_id) != 0)
    {
      g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_EXISTS,
                   _("The target database holds a copy of another server (%s, not %s); nothing "
                     "was copied. Migrate into a new, empty database."),
                   json_object_get_string_member_with_default (object, "server", "?"), source_id);
      return FALSE;
    }
  for (guint k = 0; k < G_N_ELEMENTS (known_tables); k++)
    {
      TableSum sum;

      table_sum_init (&sum, NULL);
      if (!source->vtable->read_table (source, known_tables[k].name, known_tables[k].key,
                                       sum_row_cb, &sum, error))
        {
          table_sum_clear (&sum);
          return FALSE;
        }
      g_ptr_array_add (out_tables, table_sum_finish (&sum, known_tables[k].name));
    }
  source_digest = digest (out_tables);
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "digest", NULL),
                 source_digest) != 0)
    {
      g_ptr_array_set_size (out_tables, 0);
      g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_EXISTS,
                   _("The target database holds a copy of this server made on %s, but the source "
                     "has changed since (was a server still running on it?); nothing was copied. "
                     "To copy it again, drop and create the target database, then migrate."),
                   json_object_get_string_member_with_default (object, "at", "?"));
      return FALSE;
    }
  *out_migrated_at = g_strdup (json_object_get_string_member_with_default (object, "at", ""));
  return TRUE;
}

/* Reads each table of @target back and compares it with the source's. */
static gboolean
verify (RapportServerBackend *target,
        GPtrArray            *source_tables,
        GHashTable           *meta_keys,
        GError              **error)
{
  for (guint k = 0; k < G_N_ELEMENTS (known_tables); k++)
    {
      RapportMigratedTable *expected = g_ptr_array_index (source_tables, k);
      g_autoptr(RapportMigratedTable) found = NULL;
      TableSum sum;

      /* The target's own meta (its schema version) is not the source's. */
      table_sum_init (&sum, known_tables[k].kind == COPY_META ? meta_keys : NULL);
      if (!target->vtable->read_table (target, known_tables[k].name, known_tables[k].key,
                                       sum_row_cb, &sum, error))
        {
          table_sum_clear (&sum);
          return FALSE;
        }
      found = table_sum_finish (&sum, known_tables[k].name);
      if (found->rows != expected->rows || strcmp (found->checksum, expected->checksum) != 0)
        {
          g_autofree char *found_rows = g_strdup_printf ("%" G_GUINT64_FORMAT, found->rows);
          g_autofree char *expected_rows = g_strdup_printf ("%" G_GUINT64_FORMAT, expected->rows);

          g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_FAILED,
                       _("The copy of table “%s” differs from the source (%s rows, checksum "
                         "%.12s, where the source has %s rows, checksum %.12s); nothing was "
                         "copied"),
                       known_tables[k].name, found_rows, found->checksum, expected_rows,
                       expected->checksum);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
copy_all (RapportServerBackend *source,
          RapportServerBackend *target,
          GPtrArray            *out_tables,
          GError              **error)
{
  g_autoptr(GHashTable) meta_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  g_autoptr(JsonObject) marker = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  g_autofree char *source_digest = NULL;
  g_autofree char *marker_text = NULL;
  g_autoptr(JsonNode) marker_node = NULL;
  Copy copy = { .target = target, .batch = batch, .meta_keys = meta_keys };
  const char *source_id, *source_epoch;
  gboolean ok = TRUE;

  for (guint k = 0; ok && k < G_N_ELEMENTS (known_tables); k++)
    {
      ok = copy_table (source, &copy, &known_tables[k], error);
      if (ok)
        g_ptr_array_add (out_tables, table_sum_finish (&copy.sum, known_tables[k].name));
      else
        table_sum_clear (&copy.sum);
    }
  g_clear_pointer (&copy.columns, g_strfreev);
  if (!ok)
    return FALSE;
  /* Else the target would give a number twice. */
  if (copy.counter < copy.max_seq)
    {
      g_autofree char *counter = g_strdup_printf ("%" G_GINT64_FORMAT, copy.counter);
      g_autofree char *max_seq = g_strdup_printf ("%" G_GINT64_FORMAT, copy.max_seq);

      g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_FAILED,
                   _("The source’s change counter (%s) is behind its records (%s); nothing was "
                     "copied"),
                   counter, max_seq);
      return FALSE;
    }
  if (!verify (target, out_tables, meta_keys, error))
    return FALSE;

  source->vtable->get_identity (source, &source_id, &source_epoch);
  source_digest = digest (out_tables);
  json_object_set_string_member (marker, "server", source_id);
  json_object_set_string_member (marker, "epoch", source_epoch);
  json_object_set_string_member (marker, "digest", source_digest);
  json_object_set_string_member (marker, "at", at);
  marker_node = json_node_init_object (json_node_alloc (), marker);
  marker_text = json_to_string (marker_node, FALSE);
  return target->vtable->set_meta (target, MARKER_KEY, marker_text, error);
}

/**
 * rapport_server_migrate_check_source:
 * @path: a SQLite file
 *
 * Whether @path is a Rapport server's database, looked at read-only:
 * opening a foreign file through the backend would add tables to it.
 */
gboolean
rapport_server_migrate_check_source (const char *path,
                                     GError    **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int found = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                              " AND name IN ('records', 'sequence', 'credentials')",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    found = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (found != 3)
    {
      g_set_error (error, RAPPORT_BACKEND_ERROR, RAPPORT_BACKEND_ERROR_FAILED,
                   _("%s is not a Rapport server database; nothing was copied"), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_server_migrate:
 * @source: the database to copy, kept locked against writes meanwhile
 * @target: an empty database (or a previous copy of @source)
 * @out_outcome: whether rows were copied
 * @out_migrated_at: (out) (nullable): when the earlier copy was made, if
 *   @out_outcome is RAPPORT_MIGRATE_ALREADY_DONE
 * @out_tables: filled with #RapportMigratedTable, one a table: what the
 *   source holds, and the target after the copy
 *
 * Copies every table of @source into @target in one transaction of the
 * target, checked before its commit (see the top of this file).
 */
gboolean
rapport_server_migrate (RapportServerBackend  *source,
                        RapportServerBackend  *target,
                        RapportMigrateOutcome *out_outcome,
                        char                 **out_migrated_at,
                        GPtrArray             *out_tables,
                        GError               **error)
{
  const char *table_with_rows = NULL;
  gboolean ok;

  *out_outcome = RAPPORT_MIGRATE_COPIED;
  *out_migrated_at = NULL;
  g_return_val_if_fail (target->vtable->write_rows != NULL, FALSE);
  if (!check_tables (source, TRUE, error) || !check_tables (target, FALSE, error))
    return FALSE;
  /* The source's write lock: a server still running on it waits. */
  if (!source->vtable->begin (source, error))
    return FALSE;
  if (!target->vtable->begin (target, error))
    {
      source->vtable->rollback (source);
      return FALSE;
    }
  ok = find_rows (target, &table_with_rows, error);
  if (ok && table_with_rows != NULL)
    {
      ok = check_previous_copy (source, target, table_with_rows, out_migrated_at, out_tables,
                                error);
      *out_outcome = RAPPORT_MIGRATE_ALREADY_DONE;
      target->vtable->rollback (target);
    }
  else if (ok)
    ok = copy_all (source, target, out_tables, error) && target->vtable->commit (target, error);
  if (!ok)
    {
      target->vtable->rollback (target);
      g_ptr_array_set_size (out_tables, 0);
    }
  source->vtable->rollback (source);
  return ok;
}
