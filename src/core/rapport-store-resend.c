/* rapport-store-resend.c: the client's copy, kept while a changed server is caught up
 *
 * When the server turns out to be a restored backup (same id, new epoch) or
 * the user moves the database to another server, the client pulls the whole
 * feed again and sends back what the server no longer has. Before the pull
 * overwrites anything, every record the client had from a server is copied
 * into resend_copy, and the local versions are set to 0 so that the server's
 * records, whatever their versions, are written over them. The pull notes
 * beside each copy what the server sent. At the end of the feed each copy
 * that the server lacks becomes a create in the outbox, and (after a restore)
 * each that the server holds at an older version becomes an update of the
 * fields that differ. The copy lives in the database, so a crash or a lost
 * connection halfway only delays the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store-resend"

#include "config.h"

#include "rapport-json.h"
#include "rapport-store-private.h"
#include "rapport-store-resend.h"

typedef struct
{
  char       *entity;
  char       *id;
  gint64      version;
  JsonObject *data;            /* (owned): the record as the client had it */
  gint64      server_version;  /* 0: the server did not send it; -1: it deleted it */
  JsonObject *server_data;     /* (owned) (nullable) */
  gboolean    queued;
} Copy;

static const char * const mode_names[] = { NULL, "epoch", "adopt" };

static void
copy_free (Copy *copy)
{
  g_free (copy->entity);
  g_free (copy->id);
  g_clear_pointer (&copy->data, json_object_unref);
  g_clear_pointer (&copy->server_data, json_object_unref);
  g_free (copy);
}

static gboolean
run (RapportStore *self,
     sqlite3_stmt *stmt,
     GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return FALSE;
    }
  return TRUE;
}

/* sync_state inside the caller's transaction; NULL removes the key. */
static gboolean
put_state (RapportStore *self,
           const char   *key,
           const char   *value,
           GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self, value != NULL
    ? "INSERT INTO sync_state (key, value) VALUES (?1, ?2)"
      " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    : "DELETE FROM sync_state WHERE key = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return run (self, stmt, error);
}

static RapportResend
mode_from_name (const char *name)
{
  for (guint i = 1; i < G_N_ELEMENTS (mode_names); i++)
    if (g_strcmp0 (name, mode_names[i]) == 0)
      return i;
  return RAPPORT_RESEND_NONE;
}

/* The mode as the write connection sees it, inside a write. */
static RapportResend
read_mode (RapportStore *self)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self, "SELECT value FROM sync_state WHERE key = 'resend'",
                                              NULL);
  RapportResend mode = RAPPORT_RESEND_NONE;

  if (stmt == NULL)
    return mode;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    mode = mode_from_name ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return mode;
}

/* Copies every record of @entity that came from a server, and lets the
 * server's next copy overwrite it whatever its version. */
static gboolean
keep_copies (RapportStore        *self,
             const RapportEntity *entity,
             gboolean             copy,
             GError             **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT rowid FROM %s WHERE version > 0", entity->table);
  g_autofree char *reset = g_strdup_printf ("UPDATE %s SET version = 0 WHERE version > 0",
                                            entity->table);
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  if (copy)
    {
      if (!(stmt = rapport_store_prepare (self, select, error)))
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (rowids, rowid);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
          return FALSE;
        }
    }

  for (guint i = 0; i < rowids->len; i++)
    {
      g_autoptr(JsonObject) record = rapport_store_read_rowid (self, entity,
                                                               g_array_index (rowids, gint64, i),
                                                               error);
      g_autofree char *text = NULL;

      if (record == NULL)
        return FALSE;
      text = rapport_json_object_to_string (record);
      if (!(stmt = rapport_store_prepare (self,
                                          "INSERT OR REPLACE INTO resend_copy (entity, id, version, data)"
                                          " VALUES (?, ?, ?, ?)", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, json_object_get_string_member (record, "id"), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, json_object_get_int_member (record, "version"));
      sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
      if (!run (self, stmt, error))
        return FALSE;
    }
  return rapport_store_exec (self, reset, error);
}

typedef struct
{
  RapportResend mode;
  const char   *server_id;
  const char   *server_epoch;
} Identity;

static gboolean
set_server_identity (RapportStore *self,
                     gpointer      data,
                     GPtrArray    *changed,
                     GError      **error)
{
  Identity *identity = data;

  return put_state (self, "server_id", identity->server_id, error) &&
         put_state (self, "server_epoch", identity->server_epoch, error);
}

static gboolean
begin_resend (RapportStore *self,
              gpointer      data,
              GPtrArray    *changed,
              GError      **error)
{
  Identity *identity = data;
  guint n_entities;
  const RapportEntity * const *entities = rapport_entity_all (&n_entities);
  gboolean fresh;

  if (!rapport_store_exec (self, "CREATE TABLE IF NOT EXISTS resend_copy ("
                                 "  entity TEXT NOT NULL, id TEXT NOT NULL,"
                                 "  version INTEGER NOT NULL, data TEXT NOT NULL,"
                                 "  server_version INTEGER NOT NULL DEFAULT 0, server_data TEXT,"
                                 "  PRIMARY KEY (entity, id)) WITHOUT ROWID", error))
    return FALSE;
  fresh = read_mode (self) == RAPPORT_RESEND_NONE;
  if (!rapport_store_exec (self, fresh ? "DELETE FROM resend_copy"
                                       : "UPDATE resend_copy SET server_version = 0, server_data = NULL",
                           error))
    return FALSE;
  for (guint i = 0; i < n_entities; i++)
    /* Users are the server admin's to restore, with their passwords. */
    if (!keep_copies (self, entities[i], fresh && !g_str_equal (entities[i]->name, "user"), error))
      return FALSE;
  return put_state (self, "resend", mode_names[identity->mode], error) &&
         put_state (self, "cursor", "0", error) &&
         set_server_identity (self, identity, changed, error);
}

/**
 * rapport_store_set_server_identity:
 *
 * Remembers the server the cursor belongs to, when it was not known yet.
 */
gboolean
rapport_store_set_server_identity (RapportStore *self,
                                   const char   *server_id,
                                   const char   *server_epoch,
                                   GError      **error)
{
  Identity identity = { .server_id = server_id, .server_epoch = server_epoch };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return rapport_store_transact (self, set_server_identity, &identity, error);
}

/**
 * rapport_store_begin_resend:
 * @server_id: the server's id, from its answer
 * @server_epoch: its epoch
 *
 * Keeps the client's copy of every record that came from a server, and
 * moves the cursor back to the start of the feed under the new server id and
 * epoch, in one transaction. A catch-up that was under way keeps the copy it
 * made first: that is the one the server lost.
 */
gboolean
rapport_store_begin_resend (RapportStore  *self,
                            RapportResend  mode,
                            const char    *server_id,
                            const char    *server_epoch,
                            GError       **error)
{
  Identity identity = { .mode = mode, .server_id = server_id, .server_epoch = server_epoch };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (mode != RAPPORT_RESEND_NONE, FALSE);

  return rapport_store_transact (self, begin_resend, &identity, error);
}

RapportResend
rapport_store_get_resend (RapportStore *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), RAPPORT_RESEND_NONE);

  name = rapport_store_get_state (self, "resend");
  return mode_from_name (name);
}

/* Whether a catch-up is under way, inside a write. */
gboolean
rapport_store_resend_active (RapportStore *self)
{
  return read_mode (self) != RAPPORT_RESEND_NONE;
}

/**
 * rapport_store_resend_note:
 * @record: (nullable): the server's record; %NULL for its tombstone
 *
 * Notes beside the client's copy what the server sent of it.
 */
gboolean
rapport_store_resend_note (RapportStore        *self,
                           const RapportEntity *entity,
                           const char          *id,
                           JsonObject          *record,
                           GError             **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self,
                                              "UPDATE resend_copy SET server_version = ?, server_data = ?"
                                              " WHERE entity = ? AND id = ?", error);
  g_autofree char *text = record != NULL ? rapport_json_object_to_string (record) : NULL;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, record != NULL ? MAX (1, json_object_get_int_member_with_default (record, "version", 1))
                                              : -1);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
  return run (self, stmt, error);
}

static GPtrArray *
load_copies (RapportStore *self,
             GError      **error)
{
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func ((GDestroyNotify) copy_free);
  sqlite3_stmt *stmt = rapport_store_prepare (self,
                                              "SELECT entity, id, version, data, server_version, server_data"
                                              " FROM resend_copy", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Copy *copy = g_new0 (Copy, 1);

      copy->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      copy->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      copy->version = sqlite3_column_int64 (stmt, 2);
      copy->data = rapport_json_parse_object ((const char *) sqlite3_column_text (stmt, 3));
      copy->server_version = sqlite3_column_int64 (stmt, 4);
      copy->server_data = rapport_json_parse_object ((const char *) sqlite3_column_text (stmt, 5));
      if (copy->data == NULL)
        copy_free (copy);
      else
        g_ptr_array_add (copies, copy);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return NULL;
    }
  return g_steal_pointer (&copies);
}

/* The names of the fields that the record's outbox entries (@sql) or open
 * conflicts touch, added to @names. */
static gboolean
collect_fields (RapportStore *self,
                const char   *sql,
                Copy         *copy,
                GHashTable   *names,
                GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, copy->entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, copy->id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) fields = rapport_json_parse_object ((const char *) sqlite3_column_text (stmt, 0));
      g_autoptr(GList) members = fields != NULL ? json_object_get_members (fields) : NULL;

      for (GList *l = members; l != NULL; l = l->next)
        g_hash_table_add (names, g_strdup (l->data));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return FALSE;
    }
  return TRUE;
}

/* The update that brings the server's older record back to what the user
 * has: the values of the client's copy, except where the user edited since
 * (the local row has those) or where a conflict waits for the user. */
static JsonObject *
changes_since_server (RapportStore        *self,
                      const RapportEntity *entity,
                      Copy                *copy,
                      JsonObject          *local,
                      GError             **error)
{
  g_autoptr(GHashTable) edited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonObject) changes = json_object_new ();

  if (!collect_fields (self, "SELECT changes FROM outbox WHERE entity = ? AND record_id = ?",
                       copy, edited, error) ||
      !collect_fields (self, "SELECT fields FROM conflicts WHERE entity = ? AND record_id = ?"
                             " AND resolved_at IS NULL", copy, asked, error))
    return NULL;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const char *name = entity->fields[i].name;
      JsonObject *source = g_hash_table_contains (edited, name) ? local : copy->data;
      JsonNode *mine = json_object_get_member (source, name);
      JsonNode *theirs = copy->server_data ? json_object_get_member (copy->server_data, name) : NULL;
      JsonObject *change;

      if (g_hash_table_contains (asked, name) || rapport_json_node_equal (mine, theirs))
        continue;
      change = json_object_new ();
      json_object_set_member (change, "base", theirs ? json_node_copy (theirs) : json_node_new (JSON_NODE_NULL));
      json_object_set_member (change, "new", mine ? json_node_copy (mine) : json_node_new (JSON_NODE_NULL));
      json_object_set_object_member (changes, name, change);
    }
  return g_steal_pointer (&changes);
}

static JsonObject *
all_values (const RapportEntity *entity,
            JsonObject          *record)
{
  JsonObject *changes = json_object_new ();

  for (guint i = 0; i < entity->n_fields; i++)
    {
      JsonNode *value = json_object_get_member (record, entity->fields[i].name);
      JsonObject *change;

      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        continue;
      change = json_object_new ();
      json_object_set_null_member (change, "base");
      json_object_set_member (change, "new", json_node_copy (value));
      json_object_set_object_member (changes, entity->fields[i].name, change);
    }
  return changes;
}

static gboolean
exec_for_record (RapportStore *self,
                 const char   *sql,
                 Copy         *copy,
                 gint64        number,
                 GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, copy->entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, copy->id, -1, SQLITE_TRANSIENT);
  if (number >= 0)
    sqlite3_bind_int64 (stmt, 3, number);
  return run (self, stmt, error);
}

/* Queues what the server needs of one copy. */
static gboolean
resend_one (RapportStore  *self,
            RapportResend  mode,
            Copy          *copy,
            GError       **error)
{
  const RapportEntity *entity = rapport_entity_lookup (copy->entity);
  g_autoptr(JsonObject) local = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonObject) record = NULL;
  gint64 rowid = 0;
  RapportChangeKind kind;

  if (entity == NULL || copy->server_version < 0)
    return TRUE;
  local = rapport_store_read_by_id (self, entity, copy->id, &rowid, NULL);
  if (local == NULL)
    {
      /* The user deleted it meanwhile: the deletion is of the server's
       * record as it is now. */
      g_autofree char *sql = g_strdup_printf ("UPDATE outbox SET base_version = ?3 WHERE"
                                              " entity = ?1 AND record_id = ?2 AND op = '%s'",
                                              rapport_change_kind_to_string (RAPPORT_CHANGE_KIND_DELETE));

      return copy->server_version == 0 ||
             exec_for_record (self, sql, copy, copy->server_version, error);
    }

  if (copy->server_version == 0)
    {
      kind = RAPPORT_CHANGE_KIND_CREATE;
      changes = all_values (entity, local);
    }
  else if (mode == RAPPORT_RESEND_EPOCH && copy->server_version < copy->version &&
           copy->server_data != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *change;

      kind = RAPPORT_CHANGE_KIND_UPDATE;
      if (!(changes = changes_since_server (self, entity, copy, local, error)))
        return FALSE;
      if (json_object_get_size (changes) == 0)
        return TRUE;
      /* The user sees what is being sent, on top of the server's record. */
      record = rapport_json_object_copy (copy->server_data);
      json_object_iter_init (&iter, changes);
      while (json_object_iter_next (&iter, &name, &change))
        json_object_set_member (record, name,
                                json_node_copy (json_object_get_member (json_node_get_object (change), "new")));
    }
  else
    return TRUE;

  /* The op carries everything the record's queued entries did. */
  if (!exec_for_record (self, "DELETE FROM outbox WHERE entity = ?1 AND record_id = ?2", copy, -1,
                        error) ||
      !rapport_store_append_outbox (self, entity, copy->id, kind,
                                    copy->server_version > 0 ? copy->server_version : 0, changes,
                                    error) ||
      (record != NULL && !rapport_store_write_row (self, entity, record, rowid, error)))
    return FALSE;
  copy->queued = TRUE;
  return TRUE;
}

typedef struct
{
  guint queued;
} Resend;

static gboolean
finish_resend (RapportStore *self,
               gpointer      data,
               GPtrArray    *changed,
               GError      **error)
{
  Resend *resend = data;
  g_autoptr(GPtrArray) copies = NULL;
  RapportResend mode = read_mode (self);

  if (mode == RAPPORT_RESEND_NONE)
    return TRUE;
  if (!(copies = load_copies (self, error)))
    return FALSE;
  for (guint i = 0; i < copies->len; i++)
    {
      Copy *copy = g_ptr_array_index (copies, i);

      if (!resend_one (self, mode, copy, error))
        return FALSE;
      if (copy->queued)
        g_ptr_array_add (changed, g_strconcat (copy->entity, "/", copy->id, NULL));
      resend->queued += copy->queued;
    }
  return rapport_store_exec (self, "DELETE FROM resend_copy", error) &&
         put_state (self, "resend", NULL, error);
}

/**
 * rapport_store_finish_resend:
 * @out_queued: (out): how many records were queued for the server
 *
 * At the end of the feed, queues in the outbox what the server lost, and
 * forgets the copy, in one transaction.
 */
gboolean
rapport_store_finish_resend (RapportStore *self,
                             guint        *out_queued,
                             GError      **error)
{
  Resend resend = { 0 };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  *out_queued = 0;
  if (!rapport_store_transact (self, finish_resend, &resend, error))
    return FALSE;
  *out_queued = resend.queued;
  return TRUE;
}
