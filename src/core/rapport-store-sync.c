/* rapport-store-sync.c: the store's side of sync
 *
 * The outbox holds what the user typed until the server has it. Before a
 * push, entries of one record that were never sent are merged into one (the
 * first base kept, the last values sent); an entry that was sent keeps its
 * op_id forever, so the server recognises a retry. Pulled records are written
 * under the user's pending edits and unresolved conflicts ("rebase"), so the
 * user keeps seeing what they typed until the server has answered. A conflict
 * is kept with base, mine and theirs for each field until the user settles
 * it; the settlement is a new outbox entry. An entry that cannot be read or
 * sent (damaged on disk, or holding text an older version let in) is never
 * deleted or sent: it is kept as failed, with the reason, for the user to see,
 * and the entries after it still go out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-json.h"
#include "rapport-record.h"
#include "rapport-store-private.h"
#include "rapport-store-resend.h"
#include "rapport-store-sync.h"
#include "rapport-sync-http.h"
#include "rapport-uuid.h"
#include "rapport-validate.h"

typedef struct
{
  gint64      seq;
  char       *op_id;
  char       *entity;
  char       *record_id;
  char       *op;            /* "create", "update", "delete"; NULL once merged away */
  gint64      base_version;
  JsonObject *changes;       /* {field: {base, new}}; empty when damaged */
  char       *damage;        /* (nullable): why the stored changes cannot be used */
  gsize       changes_bytes; /* as stored */
  int         attempts;
  gboolean    failed;
  gboolean    merged;        /* later entries were folded into it */
  char       *group;         /* (nullable): written with a record's children, applied with them */
} OutboxEntry;

typedef struct
{
  char       *id;
  char       *kind;          /* "edit" or "delete" */
  JsonObject *fields;        /* {field: {base, mine, theirs}} */
  JsonObject *theirs;        /* (nullable): the server's record; NULL if it deleted it */
} Conflict;

static gboolean mark_resolved (RapportStore *self,
                               const char   *conflict_id,
                               GError      **error);

static void
outbox_entry_free (OutboxEntry *entry)
{
  g_free (entry->op_id);
  g_free (entry->entity);
  g_free (entry->record_id);
  g_free (entry->op);
  g_clear_pointer (&entry->changes, json_object_unref);
  g_free (entry->damage);
  g_free (entry->group);
  g_free (entry);
}

static void
conflict_free (Conflict *conflict)
{
  g_free (conflict->id);
  g_free (conflict->kind);
  g_clear_pointer (&conflict->fields, json_object_unref);
  g_clear_pointer (&conflict->theirs, json_object_unref);
  g_free (conflict);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Conflict, conflict_free)

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = text ? json_from_string (text, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;

  if (object == NULL)
    return NULL;
  node = json_node_init_object (json_node_alloc (), object);
  return rapport_json_to_string (node);
}

static gboolean
step_done (RapportStore *self,
           sqlite3_stmt *stmt,
           GError      **error)
{
  gboolean ok = sqlite3_step (stmt) == SQLITE_DONE;

  if (!ok)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  sqlite3_reset (stmt);
  return ok;
}

static gboolean
node_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/* An entry's stored {field: {base, new}}, or %NULL and the reason it cannot
 * be used: cut short, not UTF-8, not JSON, or not of that shape. */
static JsonObject *
parse_changes (const char *text,
               char      **damage)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text ? text : "", &error);
  const char *why = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    why = error ? error->message : _("it is not a set of fields");
  else
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *change;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (why == NULL && json_object_iter_next (&iter, &name, &change))
        if (!JSON_NODE_HOLDS_OBJECT (change))
          why = _("it is not a set of fields");
    }
  if (why != NULL)
    {
      *damage = g_strdup_printf (_("This change could not be read from the local database: %s"),
                                 why);
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

/* Outbox entries, oldest first: every unacknowledged one, or those of one
 * record. Failed entries (rejected by the server) are included only for a
 * record, where they still shape what the user sees. */
#define OUTBOX_COLUMNS "SELECT seq, op_id, entity, record_id, op, base_version, changes, attempts," \
                       " state, group_id FROM outbox"

/* Steps @stmt (selecting OUTBOX_COLUMNS) to its end. */
static GPtrArray *
read_entries (sqlite3_stmt *stmt,
              GError      **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) outbox_entry_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OutboxEntry *entry = g_new0 (OutboxEntry, 1);

      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->op_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      entry->op = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      entry->base_version = sqlite3_column_int64 (stmt, 5);
      entry->changes = parse_changes ((const char *) sqlite3_column_text (stmt, 6),
                                      &entry->damage);
      entry->changes_bytes = sqlite3_column_bytes (stmt, 6);
      entry->attempts = sqlite3_column_int (stmt, 7);
      entry->failed = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 8), "failed") == 0;
      entry->group = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
      if (entry->changes == NULL)
        entry->changes = json_object_new ();
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/* Every entry of one record, pending or failed, oldest first. */
static GPtrArray *
load_outbox (RapportStore *self,
             const char   *entity,
             const char   *record_id,
             GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self, OUTBOX_COLUMNS " WHERE entity = ? AND"
                                                    " record_id = ? ORDER BY seq", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  return read_entries (stmt, error);
}

/* The oldest pending entries, at most @limit of them. */
static GPtrArray *
load_first_pending (RapportStore *self,
                    guint         limit,
                    GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self, OUTBOX_COLUMNS " WHERE state = 'pending'"
                                                    " ORDER BY seq LIMIT ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);
  return read_entries (stmt, error);
}

/* The entries that @ops were made from, those still in the outbox. */
static GPtrArray *
load_sent (RapportStore *self,
           GPtrArray    *ops,
           GError      **error)
{
  g_autoptr(JsonArray) op_ids = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt = rapport_store_prepare (self, OUTBOX_COLUMNS " WHERE state = 'pending' AND"
                                                    " op_id IN (SELECT value FROM json_each (?))"
                                                    " ORDER BY seq", error);

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < ops->len; i++)
    json_array_add_string_element (op_ids, json_object_get_string_member (g_ptr_array_index (ops, i),
                                                                          "op_id"));
  node = json_node_init_array (json_node_alloc (), op_ids);
  text = json_to_string (node, FALSE);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  return read_entries (stmt, error);
}

static gboolean
delete_outbox_entry (RapportStore *self,
                     gint64        seq,
                     GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self, "DELETE FROM outbox WHERE seq = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  return step_done (self, stmt, error);
}

/* Kept, never sent again, and shown to the user with @reason. */
static gboolean
set_failed (RapportStore *self,
            gint64        seq,
            const char   *reason,
            GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self, "UPDATE outbox SET state = 'failed', error = ?"
                                                    " WHERE seq = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, seq);
  return step_done (self, stmt, error);
}

static gboolean
rewrite_outbox_entry (RapportStore *self,
                      OutboxEntry  *entry,
                      GError      **error)
{
  g_autofree char *changes = object_to_string (entry->changes);
  sqlite3_stmt *stmt = rapport_store_prepare (self,
                                              "UPDATE outbox SET op = ?, base_version = ?,"
                                              " changes = ? WHERE seq = ?",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entry->op, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, entry->base_version);
  sqlite3_bind_text (stmt, 3, changes, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, entry->seq);
  return step_done (self, stmt, error);
}

/* Folds @next into @into; FALSE when the two cannot be one op. */
static gboolean
merge_entry (OutboxEntry *into,
             OutboxEntry *next)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *change;

  if (g_str_equal (into->op, "delete") || g_str_equal (next->op, "create"))
    return FALSE;
  /* A group is applied whole: an edit of another group stays its own op,
   * unless the two come to nothing (a line created, then deleted). */
  if (g_strcmp0 (into->group, next->group) != 0 &&
      !(g_str_equal (into->op, "create") && g_str_equal (next->op, "delete")))
    return FALSE;

  if (g_str_equal (next->op, "delete"))
    {
      g_autoptr(JsonObject) changes = NULL;

      /* Created and deleted before the server saw it: nothing to send. */
      if (g_str_equal (into->op, "create"))
        {
          g_clear_pointer (&into->op, g_free);
          return TRUE;
        }

      changes = json_object_new ();
      json_object_iter_init (&iter, next->changes);
      while (json_object_iter_next (&iter, &name, &change))
        {
          JsonObject *earlier = rapport_json_get_object (into->changes, name);
          JsonObject *merged = json_object_new ();

          json_object_set_member (merged, "base",
                                  rapport_json_dup_member (earlier ? earlier : json_node_get_object (change), "base"));
          json_object_set_null_member (merged, "new");
          json_object_set_object_member (changes, name, merged);
        }
      g_free (into->op);
      into->op = g_strdup ("delete");
      json_object_unref (into->changes);
      into->changes = g_steal_pointer (&changes);
      return TRUE;
    }

  json_object_iter_init (&iter, next->changes);
  while (json_object_iter_next (&iter, &name, &change))
    {
      JsonObject *earlier = rapport_json_get_object (into->changes, name);

      if (earlier != NULL)
        json_object_set_member (earlier, "new",
                                rapport_json_dup_member (json_node_get_object (change), "new"));
      else
        json_object_set_member (into->changes, name, json_node_copy (change));
    }
  return TRUE;
}

/* An update whose fields all went back to their base changes nothing. */
static void
drop_unchanged_fields (OutboxEntry *entry)
{
  g_autoptr(GList) names = NULL;

  if (entry->op == NULL || !g_str_equal (entry->op, "update"))
    return;

  names = json_object_get_members (entry->changes);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *change = rapport_json_get_object (entry->changes, l->data);

      if (rapport_json_node_equal (json_object_get_member (change, "base"),
                       json_object_get_member (change, "new")))
        json_object_remove_member (entry->changes, l->data);
    }
  if (json_object_get_size (entry->changes) == 0)
    g_clear_pointer (&entry->op, g_free);
}

/* Merges the never-sent entries at the end of one record's queue. */
static gboolean
coalesce_record (RapportStore *self,
                 const char   *entity,
                 const char   *record_id,
                 GError      **error)
{
  g_autoptr(GPtrArray) entries = load_outbox (self, entity, record_id, error);
  OutboxEntry *head = NULL;

  if (entries == NULL)
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      OutboxEntry *entry = g_ptr_array_index (entries, i);

      if (entry->failed)
        continue;
      /* Nothing merges across a damaged entry, and it is never rewritten. */
      if (entry->damage != NULL)
        {
          head = NULL;
          continue;
        }
      if (entry->attempts > 0 || head == NULL || head->op == NULL || !merge_entry (head, entry))
        {
          /* A sent entry, or one that cannot merge, starts a new head. */
          head = entry->attempts > 0 ? NULL : entry;
          continue;
        }
      if (!delete_outbox_entry (self, entry->seq, error))
        return FALSE;
      entry->seq = 0;
      head->merged = TRUE;
      drop_unchanged_fields (head);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      OutboxEntry *entry = g_ptr_array_index (entries, i);

      if (entry->seq == 0 || !entry->merged)
        continue;
      if (entry->op == NULL)
        {
          if (!delete_outbox_entry (self, entry->seq, error))
            return FALSE;
        }
      else if (!rewrite_outbox_entry (self, entry, error))
        return FALSE;
    }
  return TRUE;
}

/* Coalesces every record that has more than one entry never sent. */
static gboolean
coalesce_outbox (RapportStore *self,
                 GError      **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = rapport_store_prepare (self,
    "SELECT entity, record_id FROM outbox WHERE state = 'pending' AND attempts = 0"
    " GROUP BY entity, record_id HAVING count(*) > 1", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (records, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (records, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i + 1 < records->len; i += 2)
    if (!coalesce_record (self, records->pdata[i], records->pdata[i + 1], error))
      return FALSE;
  return TRUE;
}

static JsonObject *
entry_to_op (OutboxEntry *entry)
{
  JsonObject *op = json_object_new ();

  json_object_set_string_member (op, "op_id", entry->op_id);
  json_object_set_string_member (op, "entity", entry->entity);
  json_object_set_string_member (op, "id", entry->record_id);
  json_object_set_string_member (op, "op", entry->op);
  json_object_set_int_member (op, "base_version", entry->base_version);
  if (entry->group != NULL)
    json_object_set_string_member (op, "group", entry->group);
  /* A delete's entry keeps the record's last values to restore it from; the
   * server needs only the version it was based on. */
  if (g_str_equal (entry->op, "delete"))
    json_object_set_object_member (op, "changes", json_object_new ());
  else
    json_object_set_object_member (op, "changes", json_object_ref (entry->changes));
  return op;
}

/* The push op of @entry, or %NULL and why it cannot be sent. The push is
 * written with rapport_json_to_string(), which would quietly replace bytes
 * that are not UTF-8 (an older version stored "\ud800" as such): the user's
 * text is never changed behind their back, so such an entry stays here. */
static JsonObject *
entry_to_sendable_op (OutboxEntry *entry,
                      char       **problem)
{
  g_autoptr(JsonObject) op = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (entry->damage != NULL)
    {
      *problem = g_strdup (entry->damage);
      return NULL;
    }
  op = entry_to_op (entry);
  node = json_node_init_object (json_node_alloc (), op);
  text = json_to_string (node, FALSE);
  if (!g_utf8_validate (text, -1, NULL))
    {
      *problem = g_strdup (_("This change holds bytes that are not UTF-8 text and cannot be sent"));
      return NULL;
    }
  return g_steal_pointer (&op);
}

/* A group goes to the server in one push: if the batch ends inside one,
 * that group waits for the next batch, unless it is all the batch holds
 * (a group larger than a batch is sent in parts). @sent are the entries of
 * @ops, in order. */
static gboolean
keep_last_group_whole (RapportStore *self,
                       GPtrArray    *ops,
                       GPtrArray    *sent,
                       GError      **error)
{
  OutboxEntry *last = sent->len > 0 ? g_ptr_array_index (sent, sent->len - 1) : NULL;
  sqlite3_stmt *stmt;
  gboolean more;
  guint keep;

  if (last == NULL || last->group == NULL)
    return TRUE;
  stmt = rapport_store_prepare (self, "SELECT 1 FROM outbox WHERE state = 'pending' AND"
                                      " group_id = ? AND seq > ? LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, last->group, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, last->seq);
  more = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!more)
    return TRUE;

  for (keep = sent->len; keep > 0; keep--)
    if (g_strcmp0 (((OutboxEntry *) g_ptr_array_index (sent, keep - 1))->group, last->group) != 0)
      break;
  if (keep == 0)
    return TRUE;
  g_ptr_array_set_size (sent, keep);
  g_ptr_array_set_size (ops, keep);
  return TRUE;
}

/**
 * rapport_store_take_push_batch:
 * @max_ops: the most ops to return
 *
 * Merges what can be merged in the outbox, then returns the oldest pending
 * entries as push ops (`{op_id, entity, id, op, base_version, changes}`),
 * counted as sent, no more than RAPPORT_SYNC_PUSH_BYTES of changes unless a
 * single op is larger. Call rapport_store_apply_push_results() with the
 * answer. An entry that cannot be read or sent becomes a failed change
 * instead.
 *
 * Returns: (transfer full) (element-type JsonObject): the ops; empty when
 *   there is nothing to send
 */
GPtrArray *
rapport_store_take_push_batch (RapportStore *self,
                               guint         max_ops,
                               GError      **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) sent = g_ptr_array_new ();
  gboolean set_aside = TRUE;
  gsize bytes = 0;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  rapport_store_lock_db (self);
  if (!rapport_store_begin (self, error))
    goto fail;
  if (!coalesce_outbox (self, error))
    goto fail_rollback;

  /* Until there is something to send or nothing is left: a batch of only
   * unsendable entries must not look like the end of the outbox. */
  while (ops->len == 0 && set_aside)
    {
      set_aside = FALSE;
      g_clear_pointer (&entries, g_ptr_array_unref);
      g_ptr_array_set_size (sent, 0);
      if (!(entries = load_first_pending (self, max_ops, error)))
        goto fail_rollback;

      for (guint i = 0; i < entries->len; i++)
        {
          OutboxEntry *entry = g_ptr_array_index (entries, i);
          g_autofree char *problem = NULL;
          JsonObject *op = entry_to_sendable_op (entry, &problem);

          if (op == NULL)
            {
              g_debug ("Outbox entry %s (%s %s) is kept unsent: %s", entry->op_id,
                       entry->entity, entry->record_id, problem);
              if (!set_failed (self, entry->seq, problem, error))
                goto fail_rollback;
              set_aside = TRUE;
              continue;
            }
          /* A push larger than the server's body limit would be refused
           * whole, every time: big notes go in smaller batches. */
          bytes += entry->changes_bytes;
          if (ops->len > 0 && bytes > RAPPORT_SYNC_PUSH_BYTES)
            {
              json_object_unref (op);
              break;
            }
          g_ptr_array_add (ops, op);
          g_ptr_array_add (sent, entry);
        }
    }

  if (!keep_last_group_whole (self, ops, sent, error))
    goto fail_rollback;
  for (guint i = 0; i < sent->len; i++)
    {
      sqlite3_stmt *count = rapport_store_prepare (self, "UPDATE outbox SET attempts = attempts + 1"
                                                         " WHERE seq = ?", error);

      if (count == NULL)
        goto fail_rollback;
      sqlite3_bind_int64 (count, 1, ((OutboxEntry *) g_ptr_array_index (sent, i))->seq);
      if (!step_done (self, count, error))
        goto fail_rollback;
    }

  if (!rapport_store_commit (self, error))
    goto fail;
  rapport_store_unlock_db (self);
  return g_steal_pointer (&ops);

fail_rollback:
  rapport_store_rollback (self);
fail:
  rapport_store_unlock_db (self);
  return NULL;
}

static GPtrArray *
load_conflicts (RapportStore *self,
                const char   *entity,
                const char   *record_id,
                GError      **error)
{
  static const char all_sql[] =
    "SELECT id, kind, fields, theirs, entity, record_id, created_at FROM conflicts"
    " WHERE resolved_at IS NULL ORDER BY created_at, id";
  static const char record_sql[] =
    "SELECT id, kind, fields, theirs, entity, record_id, created_at FROM conflicts"
    " WHERE resolved_at IS NULL AND entity = ? AND record_id = ? ORDER BY created_at, id";
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) conflict_free);
  sqlite3_stmt *stmt = rapport_store_prepare (self, record_id ? record_sql : all_sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (record_id != NULL)
    {
      sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Conflict *conflict = g_new0 (Conflict, 1);

      conflict->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      conflict->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      conflict->fields = parse_object ((const char *) sqlite3_column_text (stmt, 2));
      conflict->theirs = parse_object ((const char *) sqlite3_column_text (stmt, 3));
      if (conflict->fields == NULL)
        conflict->fields = json_object_new ();
      g_ptr_array_add (conflicts, conflict);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return NULL;
    }
  return g_steal_pointer (&conflicts);
}

static gboolean
save_conflict (RapportStore *self,
                      Conflict     *conflict,
                      GError      **error)
{
  g_autofree char *fields = object_to_string (conflict->fields);
  g_autofree char *theirs = object_to_string (conflict->theirs);
  sqlite3_stmt *stmt = rapport_store_prepare (self, "UPDATE conflicts SET kind = ?, fields = ?,"
                                                    " theirs = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, conflict->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, fields, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, theirs, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, conflict->id, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

/* Writes @server_record (or, if %NULL, the record as stored) with the user's
 * pending edits and unresolved conflicts on top, or removes it if the user
 * deleted it. Unresolved conflicts learn the server's newest values. */
static gboolean
rebase_record (RapportStore        *self,
               const RapportEntity *entity,
               const char          *id,
               JsonObject          *server_record,
               GError             **error)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(JsonObject) local = NULL;
  gint64 rowid = 0;
  gboolean deleted = FALSE;

  local = rapport_store_read_by_id (self, entity, id, &rowid, NULL);
  /* A replayed op answers with the record as it was then: never go back to
   * an older version than the one already here. */
  if (server_record != NULL && local != NULL &&
      json_object_get_int_member_with_default (server_record, "version", 0) <
      json_object_get_int_member_with_default (local, "version", 0))
    server_record = NULL;
  record = server_record ? json_object_ref (server_record) : (local ? json_object_ref (local) : NULL);
  if (record == NULL)
    return TRUE;
  if (server_record != NULL)
    {
      /* Don't edit the caller's object in place. */
      json_object_unref (record);
      record = rapport_json_object_copy (server_record);
    }

  if (!(entries = load_outbox (self, entity->name, id, error)) ||
      !(conflicts = load_conflicts (self, entity->name, id, error)))
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      OutboxEntry *entry = g_ptr_array_index (entries, i);
      JsonObjectIter iter;
      const char *name;
      JsonNode *change;

      if (g_str_equal (entry->op, "delete"))
        {
          deleted = TRUE;
          continue;
        }
      deleted = FALSE;
      json_object_iter_init (&iter, entry->changes);
      while (json_object_iter_next (&iter, &name, &change))
        json_object_set_member (record, name,
                                rapport_json_dup_member (json_node_get_object (change), "new"));
    }

  for (guint i = 0; i < conflicts->len; i++)
    {
      Conflict *conflict = g_ptr_array_index (conflicts, i);
      JsonObjectIter iter;
      const char *name;
      JsonNode *field;
      gboolean agreed = TRUE;

      /* Somebody restored the record the user was asked about: what is
       * left to ask is where their values and the user's differ. */
      if (g_str_equal (conflict->kind, "delete") && conflict->theirs == NULL &&
          server_record != NULL)
        {
          g_free (conflict->kind);
          conflict->kind = g_strdup ("edit");
        }

      if (g_str_equal (conflict->kind, "delete"))
        {
          /* The user deleted what the server changed: stays deleted. */
          if (conflict->theirs != NULL)
            {
              deleted = TRUE;
              if (server_record != NULL)
                {
                  g_clear_pointer (&conflict->theirs, json_object_unref);
                  conflict->theirs = json_object_ref (server_record);
                  if (!save_conflict (self, conflict, error))
                    return FALSE;
                }
            }
          continue;
        }

      json_object_iter_init (&iter, conflict->fields);
      while (json_object_iter_next (&iter, &name, &field))
        {
          JsonObject *values = json_node_get_object (field);

          json_object_set_member (record, name, rapport_json_dup_member (values, "mine"));
          if (server_record != NULL)
            {
              json_object_set_member (values, "theirs",
                                      rapport_json_dup_member (server_record, name));
              agreed = agreed && rapport_json_node_equal (json_object_get_member (values, "mine"),
                                              json_object_get_member (values, "theirs"));
            }
        }
      if (server_record != NULL)
        {
          g_clear_pointer (&conflict->theirs, json_object_unref);
          conflict->theirs = json_object_ref (server_record);
          /* The server came round to the user's values: nothing to ask. */
          if (agreed ? !mark_resolved (self, conflict->id, error) : !save_conflict (self, conflict, error))
            return FALSE;
        }
    }

  if (deleted)
    return rowid == 0 || rapport_store_delete_row (self, entity, rowid, error);
  return rapport_store_write_row (self, entity, record, rowid, error);
}

static gboolean
insert_conflict (RapportStore        *self,
                 const RapportEntity *entity,
                 const char          *record_id,
                 const char          *op_id,
                 const char          *kind,
                 JsonObject          *fields,
                 JsonObject          *theirs,
                 GError             **error)
{
  g_autofree char *id = rapport_uuid_v7_new ();
  g_autofree char *now = rapport_store_now ();
  g_autofree char *fields_text = object_to_string (fields);
  g_autofree char *theirs_text = object_to_string (theirs);
  sqlite3_stmt *stmt = rapport_store_prepare (self,
    "INSERT INTO conflicts (id, entity, record_id, op_id, kind, fields, theirs, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, op_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, fields_text, -1, SQLITE_TRANSIENT);
  if (theirs_text != NULL)
    sqlite3_bind_text (stmt, 7, theirs_text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 7);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

/* One question per record and kind: a clash that joins an open conflict adds
 * its fields to it (each field keeps its first base and takes the newest
 * values), so settling it settles them all. A deletion by the user of what
 * the server changed is asked about once anyway. */
static gboolean
add_conflict (RapportStore        *self,
              const RapportEntity *entity,
              const char          *record_id,
              const char          *op_id,
              const char          *kind,
              JsonObject          *fields,
              JsonObject          *theirs,
              GError             **error)
{
  g_autoptr(GPtrArray) open = load_conflicts (self, entity->name, record_id, error);
  JsonObjectIter iter;
  const char *name;
  JsonNode *values;

  if (open == NULL)
    return FALSE;
  for (guint i = 0; i < open->len; i++)
    {
      Conflict *conflict = g_ptr_array_index (open, i);

      if (!g_str_equal (conflict->kind, kind) || (conflict->theirs == NULL) != (theirs == NULL) ||
          (g_str_equal (kind, "delete") && theirs != NULL))
        continue;
      json_object_iter_init (&iter, fields);
      while (json_object_iter_next (&iter, &name, &values))
        {
          JsonObject *earlier = rapport_json_get_object (conflict->fields, name);
          JsonObject *later = json_node_get_object (values);

          if (earlier == NULL)
            {
              json_object_set_member (conflict->fields, name, json_node_copy (values));
              continue;
            }
          json_object_set_member (earlier, "mine", rapport_json_dup_member (later, "mine"));
          json_object_set_member (earlier, "theirs", rapport_json_dup_member (later, "theirs"));
        }
      if (theirs != NULL)
        {
          g_clear_pointer (&conflict->theirs, json_object_unref);
          conflict->theirs = json_object_ref (theirs);
        }
      return save_conflict (self, conflict, error);
    }
  return insert_conflict (self, entity, record_id, op_id, kind, fields, theirs, error);
}

/**
 * rapport_store_absorb_conflicted_changes:
 * @changes: `{field: {base, new}}` of a local edit; the absorbed fields are
 *   removed from it
 *
 * An edit of a field the user is still being asked about answers nothing
 * yet: it becomes that conflict's "mine", so settling it keeps what was
 * typed last. Every edit of a record the server deleted joins that question,
 * since sending it would only meet the deletion again. Call inside the
 * edit's transaction.
 */
gboolean
rapport_store_absorb_conflicted_changes (RapportStore        *self,
                                         const RapportEntity *entity,
                                         const char          *record_id,
                                         JsonObject          *changes,
                                         GError             **error)
{
  g_autoptr(GPtrArray) open = load_conflicts (self, entity->name, record_id, error);

  if (open == NULL)
    return FALSE;
  for (guint i = 0; i < open->len; i++)
    {
      Conflict *conflict = g_ptr_array_index (open, i);
      gboolean whole_record = g_str_equal (conflict->kind, "delete");
      g_autoptr(GList) names = json_object_get_members (changes);
      gboolean absorbed = FALSE;

      if (whole_record && conflict->theirs != NULL)
        continue;
      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonObject *change = rapport_json_get_object (changes, l->data);
          JsonObject *earlier = rapport_json_get_object (conflict->fields, l->data);

          if (earlier == NULL && !whole_record)
            continue;
          if (earlier == NULL)
            {
              earlier = json_object_new ();
              json_object_set_member (earlier, "base", rapport_json_dup_member (change, "base"));
              json_object_set_null_member (earlier, "theirs");
              json_object_set_object_member (conflict->fields, l->data, earlier);
            }
          json_object_set_member (earlier, "mine", rapport_json_dup_member (change, "new"));
          json_object_remove_member (changes, l->data);
          absorbed = TRUE;
        }
      if (absorbed && !save_conflict (self, conflict, error))
        return FALSE;
    }
  return TRUE;
}

/* {field: {base, mine, theirs}} for every field an entry changes. */
static JsonObject *
fields_from_changes (JsonObject *changes,
                     JsonObject *theirs)
{
  JsonObject *fields = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *change;

  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &change))
    {
      JsonObject *values = json_object_new ();

      json_object_set_member (values, "base",
                              rapport_json_dup_member (json_node_get_object (change), "base"));
      json_object_set_member (values, "mine",
                              rapport_json_dup_member (json_node_get_object (change), "new"));
      json_object_set_member (values, "theirs",
                              rapport_json_dup_member (theirs, name));
      json_object_set_object_member (fields, name, values);
    }
  return fields;
}

/* The server refused some fields of @entry: keep those as a conflict and
 * queue the rest again on top of the server's version. */
static gboolean
keep_conflict (RapportStore        *self,
               const RapportEntity *entity,
               OutboxEntry         *entry,
               JsonObject          *result,
               GError             **error)
{
  JsonObject *theirs = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) rest = json_object_new ();
  JsonArray *reported = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *change;

  theirs = rapport_json_get_object (result, "record");
  reported = rapport_json_get_array (result, "conflicts");

  /* Edit against delete, either way round. */
  if (theirs == NULL || g_str_equal (entry->op, "delete"))
    {
      g_autoptr(JsonObject) all = fields_from_changes (entry->changes, theirs);

      if (!add_conflict (self, entity, entry->record_id, entry->op_id, "delete", all, theirs, error))
        return FALSE;
      if (!delete_outbox_entry (self, entry->seq, error))
        return FALSE;
      return theirs == NULL || rebase_record (self, entity, entry->record_id, theirs, error);
    }

  for (guint i = 0; reported != NULL && i < json_array_get_length (reported); i++)
    {
      JsonObject *conflict = rapport_json_array_get_object (reported, i);
      const char *field = conflict ? json_object_get_string_member_with_default (conflict, "field", NULL) : NULL;
      JsonObject *mine = field ? rapport_json_get_object (entry->changes, field) : NULL;
      JsonObject *values;

      if (mine == NULL)
        continue;
      values = json_object_new ();
      json_object_set_member (values, "base", rapport_json_dup_member (mine, "base"));
      json_object_set_member (values, "mine", rapport_json_dup_member (mine, "new"));
      json_object_set_member (values, "theirs", rapport_json_dup_member (theirs, field));
      json_object_set_object_member (fields, field, values);
    }

  json_object_iter_init (&iter, entry->changes);
  while (json_object_iter_next (&iter, &name, &change))
    {
      JsonObject *again;

      if (json_object_has_member (fields, name))
        continue;
      again = json_object_new ();
      json_object_set_member (again, "base", rapport_json_dup_member (theirs, name));
      json_object_set_member (again, "new",
                              rapport_json_dup_member (json_node_get_object (change), "new"));
      json_object_set_object_member (rest, name, again);
    }

  /* A server that names no field still disagreed: keep every field. */
  if (json_object_get_size (fields) == 0)
    {
      json_object_unref (fields);
      fields = fields_from_changes (entry->changes, theirs);
      json_object_unref (rest);
      rest = json_object_new ();
    }

  if (!add_conflict (self, entity, entry->record_id, entry->op_id, "edit", fields, theirs, error) ||
      !delete_outbox_entry (self, entry->seq, error))
    return FALSE;
  if (json_object_get_size (rest) > 0 &&
      !rapport_store_append_outbox (self, entity, entry->record_id, "update",
                                    json_object_get_int_member_with_default (theirs, "version", 0),
                                    rest, error))
    return FALSE;
  return rebase_record (self, entity, entry->record_id, theirs, error);
}

static gboolean
mark_failed (RapportStore *self,
             OutboxEntry  *entry,
             JsonObject   *result,
             GError      **error)
{
  JsonObject *problem = NULL;
  const char *message = NULL;
  const char *field = NULL;
  g_autofree char *text = NULL;

  problem = rapport_json_get_object (result, "error");
  if (problem != NULL)
    {
      message = json_object_get_string_member_with_default (problem, "message", NULL);
      field = json_object_get_string_member_with_default (problem, "field", NULL);
    }
  if (message == NULL)
    message = _("The server refused this change");
  text = field ? g_strdup_printf ("%s: %s", field, message) : g_strdup (message);
  return set_failed (self, entry->seq, text, error);
}

static OutboxEntry *
find_entry (GPtrArray  *entries,
            const char *op_id)
{
  for (guint i = 0; i < entries->len; i++)
    {
      OutboxEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->op_id, op_id) == 0)
        return entry;
    }
  return NULL;
}

typedef struct
{
  GHashTable *ids_by_entity;  /* entity name -> GPtrArray of ids */
} ChangeSet;

static void
change_set_add (ChangeSet  *set,
                const char *entity,
                const char *id)
{
  GPtrArray *ids = g_hash_table_lookup (set->ids_by_entity, entity);

  if (ids == NULL)
    {
      ids = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (set->ids_by_entity, g_strdup (entity), ids);
    }
  g_ptr_array_add (ids, g_strdup (id));
}

static void
change_set_emit (ChangeSet    *set,
                 RapportStore *self)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, set->ids_by_entity);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *ids = value;

      g_ptr_array_add (ids, NULL);
      g_signal_emit_by_name (self, "changed", key, (const char * const *) ids->pdata);
    }
  g_hash_table_unref (set->ids_by_entity);
}

static void
change_set_init (ChangeSet *set)
{
  set->ids_by_entity = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);
}

/**
 * rapport_store_apply_push_results:
 * @ops: (element-type JsonObject): the ops that were sent
 * @results: the server's `results`, one per op
 *
 * Acknowledged ops leave the outbox and their records take the server's
 * version; conflicts are kept for the user to settle; rejected ops stay in
 * the outbox as failed changes with the server's reason. An op without a
 * result stays pending and is sent again.
 */
gboolean
rapport_store_apply_push_results (RapportStore *self,
                                  GPtrArray    *ops,
                                  JsonArray    *results,
                                  GError      **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  ChangeSet changed;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  change_set_init (&changed);
  rapport_store_lock_db (self);
  if (!rapport_store_begin (self, error))
    goto fail;
  if (!(entries = load_sent (self, ops, error)))
    goto fail_rollback;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = rapport_json_array_get_object (results, i);
      const char *op_id, *status;
      OutboxEntry *entry;
      const RapportEntity *entity;
      JsonObject *record;

      if (result == NULL)
        continue;
      op_id = json_object_get_string_member_with_default (result, "op_id", NULL);
      status = json_object_get_string_member_with_default (result, "status", "");
      if (op_id == NULL || (entry = find_entry (entries, op_id)) == NULL)
        continue;
      entity = rapport_entity_lookup (entry->entity);
      record = rapport_json_get_object (result, "record");
      g_debug ("Push of %s %s %s: %s", entry->op, entry->entity, entry->record_id, status);

      if (g_str_equal (status, "applied") || g_str_equal (status, "merged"))
        {
          if (!delete_outbox_entry (self, entry->seq, error))
            goto fail_rollback;
          if (record != NULL)
            {
              if (!rebase_record (self, entity, entry->record_id, record, error))
                goto fail_rollback;
            }
          else
            {
              gint64 rowid = 0;
              g_autoptr(JsonObject) gone = rapport_store_read_by_id (self, entity, entry->record_id,
                                                                     &rowid, NULL);

              if (gone != NULL && g_str_equal (entry->op, "delete") &&
                  !rapport_store_delete_row (self, entity, rowid, error))
                goto fail_rollback;
            }
        }
      else if (g_str_equal (status, "conflict"))
        {
          if (!keep_conflict (self, entity, entry, result, error))
            goto fail_rollback;
        }
      else if (g_str_equal (status, "rejected"))
        {
          if (!mark_failed (self, entry, result, error))
            goto fail_rollback;
        }
      else
        continue;

      change_set_add (&changed, entry->entity, entry->record_id);
    }

  if (!rapport_store_commit (self, error))
    goto fail;
  rapport_store_unlock_db (self);
  change_set_emit (&changed, self);
  return TRUE;

fail_rollback:
  rapport_store_rollback (self);
fail:
  rapport_store_unlock_db (self);
  g_hash_table_unref (changed.ids_by_entity);
  return FALSE;
}

static gboolean
set_cursor (RapportStore *self,
            const char   *cursor,
            GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self,
                                              "INSERT INTO sync_state (key, value) VALUES ('cursor', ?)"
                                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, cursor, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

/* A record with open conflicts was deleted on the server. A clash of edits
 * becomes edit-versus-delete, and the user's record stays until settled; a
 * deletion the user wanted anyway settles itself. */
static gboolean
settle_conflicts_with_tombstone (RapportStore        *self,
                                 const RapportEntity *entity,
                                 const char          *id,
                                 gboolean            *keep_row,
                                 GError             **error)
{
  g_autoptr(GPtrArray) conflicts = load_conflicts (self, entity->name, id, error);

  if (conflicts == NULL)
    return FALSE;
  *keep_row = FALSE;
  for (guint i = 0; i < conflicts->len; i++)
    {
      Conflict *conflict = g_ptr_array_index (conflicts, i);

      if (g_str_equal (conflict->kind, "delete") && conflict->theirs != NULL)
        {
          if (!mark_resolved (self, conflict->id, error))
            return FALSE;
          continue;
        }

      *keep_row = TRUE;
      if (g_str_equal (conflict->kind, "edit"))
        {
          sqlite3_stmt *stmt = rapport_store_prepare (self, "UPDATE conflicts SET kind = 'delete',"
                                                            " theirs = NULL WHERE id = ?", error);

          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, conflict->id, -1, SQLITE_TRANSIENT);
          if (!step_done (self, stmt, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean apply_tombstone (RapportStore        *self,
                                 const RapportEntity *entity,
                                 const char          *id,
                                 GError             **error);

static gboolean
tombstone_dependent (RapportStore        *self,
                     const RapportEntity *entity,
                     const char          *id,
                     gpointer             data,
                     GError             **error)
{
  return apply_tombstone (self, entity, id, error);
}

/* The server deleted a record. Pending edits of it become an
 * edit-versus-delete conflict; otherwise it goes. */
static gboolean
apply_tombstone (RapportStore        *self,
                 const RapportEntity *entity,
                 const char          *id,
                 GError             **error)
{
  g_autoptr(GPtrArray) entries = load_outbox (self, entity->name, id, error);
  g_autoptr(JsonObject) mine = json_object_new ();
  const char *first_op_id = NULL;
  gint64 rowid = 0;
  g_autoptr(JsonObject) local = NULL;
  gboolean keep_row = FALSE;

  if (entries == NULL)
    return FALSE;

  /* Its lines and links go with it, even those whose own tombstones are
   * still to come; what the user changed in one becomes a conflict of it. */
  if (!rapport_store_delete_dependents (self, entity, id, tombstone_dependent, NULL, error))
    return FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      OutboxEntry *entry = g_ptr_array_index (entries, i);
      JsonObjectIter iter;
      const char *name;
      JsonNode *change;

      if (entry->damage != NULL)
        continue;
      /* The user already chose to restore it: an older deletion changes nothing. */
      if (g_str_equal (entry->op, "create"))
        return TRUE;
      if (!g_str_equal (entry->op, "delete"))
        {
          first_op_id = first_op_id ? first_op_id : entry->op_id;
          json_object_iter_init (&iter, entry->changes);
          while (json_object_iter_next (&iter, &name, &change))
            if (!json_object_has_member (mine, name))
              json_object_set_member (mine, name, json_node_copy (change));
            else
              json_object_set_member (rapport_json_get_object (mine, name), "new",
                                      rapport_json_dup_member (json_node_get_object (change), "new"));
        }
    }

  if (first_op_id != NULL)
    {
      g_autoptr(JsonObject) fields = fields_from_changes (mine, NULL);

      if (!add_conflict (self, entity, id, first_op_id, "delete", fields, NULL, error))
        return FALSE;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      OutboxEntry *entry = g_ptr_array_index (entries, i);

      /* What could not be read stays for the user to see, whatever happens. */
      if (entry->damage == NULL && !delete_outbox_entry (self, entry->seq, error))
        return FALSE;
    }
  if (first_op_id != NULL)
    return TRUE;
  if (!settle_conflicts_with_tombstone (self, entity, id, &keep_row, error))
    return FALSE;
  if (keep_row)
    return TRUE;

  local = rapport_store_read_by_id (self, entity, id, &rowid, NULL);
  return local == NULL || rapport_store_delete_row (self, entity, rowid, error);
}

/* "entity/id" of every record with outbox entries or open conflicts. */
static GHashTable *
records_with_local_changes (RapportStore *self,
                            GError      **error)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = rapport_store_prepare (self,
    "SELECT entity, record_id FROM outbox UNION"
    " SELECT entity, record_id FROM conflicts WHERE resolved_at IS NULL", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (keys, g_strconcat ((const char *) sqlite3_column_text (stmt, 0), "/",
                                         (const char *) sqlite3_column_text (stmt, 1), NULL));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return NULL;
    }
  return g_steal_pointer (&keys);
}

/* The rowid and version of a stored record; 0 and -1 when there is none. */
static gboolean
find_row (RapportStore        *self,
          const RapportEntity *entity,
          const char          *id,
          gint64              *rowid,
          gint64              *version,
          GError             **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rowid, version FROM %s WHERE id = ?",
                                          entity->table);
  sqlite3_stmt *stmt = rapport_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *rowid = sqlite3_column_int64 (stmt, 0);
      *version = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_store_apply_pull_page:
 * @changes: the `changes` of one page of the changes feed
 * @cursor: the page's `cursor`
 *
 * Writes a page of the changes feed and its cursor in one transaction, so a
 * crash never leaves the cursor ahead of the data.
 */
gboolean
rapport_store_apply_pull_page (RapportStore *self,
                               JsonArray    *changes,
                               const char   *cursor,
                               GError      **error)
{
  g_autoptr(GHashTable) busy = NULL;
  ChangeSet changed;
  gboolean resending;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (cursor != NULL, FALSE);

  change_set_init (&changed);
  rapport_store_lock_db (self);
  /* Pulled data is the server's: a power cut costs a re-download of the last
   * page, and the cursor rolls back with it. */
  rapport_store_exec (self, "PRAGMA synchronous = NORMAL", NULL);
  if (!rapport_store_begin (self, error))
    goto fail;
  if (!(busy = records_with_local_changes (self, error)))
    goto fail_rollback;
  /* After a server change, what the server sends is noted beside the
   * client's copy (see rapport-store-resend.c). */
  resending = rapport_store_resend_active (self);

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = rapport_json_array_get_object (changes, i);
      const char *entity_name, *id;
      const RapportEntity *entity;
      JsonObject *record = NULL;

      if (change == NULL)
        goto bad_page;
      entity_name = json_object_get_string_member_with_default (change, "entity", NULL);
      id = json_object_get_string_member_with_default (change, "id", NULL);
      entity = entity_name ? rapport_entity_lookup (entity_name) : NULL;
      if (entity == NULL || !rapport_uuid_is_valid (id))
        goto bad_page;

      if (json_object_get_boolean_member_with_default (change, "deleted", FALSE))
        {
          if ((resending && !rapport_store_resend_note (self, entity, id, NULL, error)) ||
              !apply_tombstone (self, entity, id, error))
            goto fail_rollback;
        }
      else
        {
          g_autofree char *key = g_strconcat (entity->name, "/", id, NULL);
          gint64 rowid = 0, version = -1;

          record = rapport_json_get_object (change, "record");
          if (record == NULL || g_strcmp0 (json_object_get_string_member_with_default (record, "id", NULL), id) != 0)
            goto bad_page;
          if (resending && !rapport_store_resend_note (self, entity, id, record, error))
            goto fail_rollback;

          /* Already have this version (say, from our own push): keep it. */
          if (!find_row (self, entity, id, &rowid, &version, error))
            goto fail_rollback;
          if (version >= json_object_get_int_member_with_default (record, "version", 0))
            continue;

          /* Most records of a page have nothing of the user's on top: they
           * are written as they come. */
          if (!g_hash_table_contains (busy, key))
            {
              if (!rapport_store_write_row (self, entity, record, rowid, error))
                goto fail_rollback;
            }
          else if (!rebase_record (self, entity, id, record, error))
            goto fail_rollback;
        }
      change_set_add (&changed, entity->name, id);
    }

  if (!set_cursor (self, cursor, error) || !rapport_store_commit (self, error))
    goto fail;
  rapport_store_exec (self, "PRAGMA synchronous = FULL", NULL);
  rapport_store_unlock_db (self);
  change_set_emit (&changed, self);
  return TRUE;

bad_page:
  g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DATABASE,
               _("The server sent a change that is not a valid record"));
fail_rollback:
  rapport_store_rollback (self);
fail:
  rapport_store_exec (self, "PRAGMA synchronous = FULL", NULL);
  rapport_store_unlock_db (self);
  g_hash_table_unref (changed.ids_by_entity);
  return FALSE;
}

static guint
count_where (RapportStore *self,
             const char   *sql)
{
  sqlite3_stmt *stmt;
  guint count = 0;

  rapport_store_lock_db (self);
  stmt = rapport_store_prepare (self, sql, NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  rapport_store_unlock_db (self);
  return count;
}

/**
 * rapport_store_count_pending:
 *
 * Returns: how many local changes wait to be sent
 */
guint
rapport_store_count_pending (RapportStore *self)
{
  return count_where (self, "SELECT count(*) FROM outbox WHERE state = 'pending'");
}

/**
 * rapport_store_count_failed:
 *
 * Returns: how many local changes the server refused
 */
guint
rapport_store_count_failed (RapportStore *self)
{
  return count_where (self, "SELECT count(*) FROM outbox WHERE state = 'failed'");
}

/**
 * rapport_store_list_failed:
 *
 * The changes that could not be sent and are kept here: refused by the
 * server, or unreadable in the local database.
 *
 * Returns: (transfer full) (element-type JsonObject): oldest first, each
 *   with op_id, entity, record_id, op, error, created_at, title (the
 *   record's as shown here, or null when there is no such record here),
 *   damaged (TRUE when it can only be discarded, never sent again) and
 *   changes (`{field: {base, new}}`, empty when damaged)
 */
GPtrArray *
rapport_store_list_failed (RapportStore *self,
                           GError      **error)
{
  g_autoptr(GPtrArray) failed = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  rapport_store_lock_db (self);
  stmt = rapport_store_prepare (self, "SELECT op_id, entity, record_id, op, error, created_at,"
                                      " changes FROM outbox WHERE state = 'failed' ORDER BY seq",
                                error);
  if (stmt == NULL)
    {
      rapport_store_unlock_db (self);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      static const char * const columns[] = { "op_id", "entity", "record_id", "op", "error",
                                              "created_at" };
      JsonObject *change = json_object_new ();
      const RapportEntity *entity;
      g_autoptr(JsonObject) record = NULL;
      g_autofree char *title = NULL;
      const char *changes_text = (const char *) sqlite3_column_text (stmt, 6);
      g_autofree char *problem = rapport_store_outbox_changes_problem (changes_text);
      g_autoptr(JsonObject) changes = problem == NULL ? parse_object (changes_text) : NULL;

      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, i);
          /* Written by whatever wrote the row, and shown: made UTF-8. */
          g_autofree char *valid = value ? g_utf8_make_valid (value, -1) : NULL;

          if (valid != NULL)
            json_object_set_string_member (change, columns[i], valid);
          else
            json_object_set_null_member (change, columns[i]);
        }
      entity = rapport_entity_lookup (json_object_get_string_member (change, "entity"));
      if (entity != NULL)
        record = rapport_store_read_by_id (self, entity,
                                           json_object_get_string_member (change, "record_id"),
                                           NULL, NULL);
      if (record != NULL)
        title = rapport_record_title (entity, record);
      if (title != NULL)
        json_object_set_string_member (change, "title", title);
      else
        json_object_set_null_member (change, "title");
      json_object_set_boolean_member (change, "damaged", problem != NULL || entity == NULL);
      json_object_set_object_member (change, "changes",
                                     changes ? g_steal_pointer (&changes) : json_object_new ());
      g_ptr_array_add (failed, change);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
      rapport_store_unlock_db (self);
      return NULL;
    }
  rapport_store_unlock_db (self);
  return g_steal_pointer (&failed);
}

guint
rapport_store_count_conflicts (RapportStore *self)
{
  return count_where (self, "SELECT count(*) FROM conflicts WHERE resolved_at IS NULL");
}

/* The title of a record as stored here, else as the server has it. */
static char *
stored_title (RapportStore        *self,
              const RapportEntity *entity,
              const char          *id,
              JsonObject          *theirs)
{
  g_autoptr(JsonObject) local = id ? rapport_store_read_by_id (self, entity, id, NULL, NULL) : NULL;
  JsonObject *record = local != NULL ? local : theirs;

  return record != NULL ? rapport_record_title (entity, record) : NULL;
}

/* Names what a conflict is about: "title" (null when neither side has the
 * record any more), and for a line of a record (an item of a price list)
 * "parent_title" too, so that the user knows which line of which record. */
static void
add_conflict_titles (RapportStore *self,
                     JsonObject   *conflict,
                     JsonObject   *theirs)
{
  const RapportEntity *entity = rapport_entity_lookup (json_object_get_string_member (conflict, "entity"));
  const char *id = json_object_get_string_member (conflict, "record_id");
  g_autoptr(JsonObject) local = NULL;
  g_autofree char *title = NULL;
  g_autofree char *parent_title = NULL;

  if (entity == NULL)
    return;
  title = stored_title (self, entity, id, theirs);
  if (title != NULL)
    json_object_set_string_member (conflict, "title", title);
  else
    json_object_set_null_member (conflict, "title");
  if (entity->parent_field == NULL)
    return;
  local = rapport_store_read_by_id (self, entity, id, NULL, NULL);
  parent_title = stored_title (self, rapport_entity_parent (entity),
                               json_object_get_string_member_with_default (local ? local : theirs ? theirs : conflict,
                                                                           entity->parent_field, NULL),
                               NULL);
  if (parent_title != NULL)
    json_object_set_string_member (conflict, "parent_title", parent_title);
}

/**
 * rapport_store_list_conflicts:
 *
 * Returns: (transfer full) (element-type JsonObject): the unresolved
 *   conflicts, oldest first, each `{id, entity, record_id, kind, fields,
 *   theirs, created_at, title}` where fields is `{field: {base, mine,
 *   theirs}}`, theirs is the server's record or null if the server deleted
 *   it, and title names the record or is null (a line also has its
 *   parent's parent_title)
 */
GPtrArray *
rapport_store_list_conflicts (RapportStore *self,
                              GError      **error)
{
  static const char sql[] =
    "SELECT id, entity, record_id, kind, fields, theirs, created_at FROM conflicts"
    " WHERE resolved_at IS NULL ORDER BY created_at, id";
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  rapport_store_lock_db (self);
  stmt = rapport_store_prepare (self, sql, error);
  if (stmt == NULL)
    {
      rapport_store_unlock_db (self);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *conflict = json_object_new ();
      JsonObject *fields = parse_object ((const char *) sqlite3_column_text (stmt, 4));
      JsonObject *theirs = parse_object ((const char *) sqlite3_column_text (stmt, 5));

      json_object_set_string_member (conflict, "id", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (conflict, "entity", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (conflict, "record_id",
                                     (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (conflict, "kind", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_object_member (conflict, "fields", fields ? fields : json_object_new ());
      if (theirs != NULL)
        json_object_set_object_member (conflict, "theirs", theirs);
      else
        json_object_set_null_member (conflict, "theirs");
      json_object_set_string_member (conflict, "created_at",
                                     (const char *) sqlite3_column_text (stmt, 6));
      add_conflict_titles (self, conflict, theirs);
      g_ptr_array_add (list, conflict);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  rapport_store_unlock_db (self);

  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&list);
}

static Conflict *
load_conflict (RapportStore *self,
               const char   *conflict_id,
               char        **entity_out,
               char        **record_id_out,
               GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self,
    "SELECT id, kind, fields, theirs, entity, record_id FROM conflicts"
    " WHERE id = ? AND resolved_at IS NULL", error);
  Conflict *conflict = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, conflict_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      conflict = g_new0 (Conflict, 1);
      conflict->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      conflict->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      conflict->fields = parse_object ((const char *) sqlite3_column_text (stmt, 2));
      conflict->theirs = parse_object ((const char *) sqlite3_column_text (stmt, 3));
      if (conflict->fields == NULL)
        conflict->fields = json_object_new ();
      *entity_out = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      *record_id_out = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
    }
  else
    g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
                 _("There is no open conflict with id %s"), conflict_id);
  sqlite3_reset (stmt);
  return conflict;
}

static gboolean
mark_resolved (RapportStore *self,
               const char   *conflict_id,
               GError      **error)
{
  g_autofree char *now = rapport_store_now ();
  sqlite3_stmt *stmt = rapport_store_prepare (self, "UPDATE conflicts SET resolved_at = ?"
                                                    " WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, conflict_id, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

/* Reads "mine"/"theirs" for @field from @choices; FALSE with an error naming
 * the field when it is missing or something else. */
static gboolean
get_choice (JsonObject  *choices,
            const char  *field,
            RapportKeep *keep,
            GError     **error)
{
  const char *choice = json_object_get_string_member_with_default (choices, field, NULL);

  if (g_strcmp0 (choice, "mine") == 0)
    *keep = RAPPORT_KEEP_MINE;
  else if (g_strcmp0 (choice, "theirs") == 0)
    *keep = RAPPORT_KEEP_THEIRS;
  else
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, field,
                                    _("Choose mine or theirs for “%s”"), field);
      return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_edit (RapportStore        *self,
              const RapportEntity *entity,
              const char          *record_id,
              Conflict            *conflict,
              JsonObject          *choices,
              GError             **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) record = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *field;
  gint64 rowid = 0;

  json_object_iter_init (&iter, conflict->fields);
  while (json_object_iter_next (&iter, &name, &field))
    {
      JsonObject *values = json_node_get_object (field);
      RapportKeep keep;

      if (!get_choice (choices, name, &keep, error))
        return FALSE;
      if (keep == RAPPORT_KEEP_MINE &&
          !rapport_json_node_equal (json_object_get_member (values, "mine"),
                        json_object_get_member (values, "theirs")))
        {
          JsonObject *change = json_object_new ();

          json_object_set_member (change, "base", rapport_json_dup_member (values, "theirs"));
          json_object_set_member (change, "new", rapport_json_dup_member (values, "mine"));
          json_object_set_object_member (changes, name, change);
        }
    }

  if (!mark_resolved (self, conflict->id, error))
    return FALSE;
  if (json_object_get_size (changes) > 0 &&
      !rapport_store_append_outbox (self, entity, record_id, "update",
                                    json_object_get_int_member_with_default (conflict->theirs, "version", 0),
                                    changes, error))
    return FALSE;

  record = rapport_store_read_by_id (self, entity, record_id, &rowid, NULL);
  return rebase_record (self, entity, record_id, conflict->theirs ? conflict->theirs : record, error);
}

static gboolean
drop_queued_updates (RapportStore        *self,
                     const RapportEntity *entity,
                     const char          *record_id,
                     GError             **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self,
    "DELETE FROM outbox WHERE entity = ? AND record_id = ? AND op = 'update'"
    " AND state = 'pending'", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

static gboolean
resolve_delete (RapportStore        *self,
                const RapportEntity *entity,
                const char          *record_id,
                Conflict            *conflict,
                RapportKeep          keep,
                GError             **error)
{
  g_autoptr(JsonObject) local = NULL;
  gint64 rowid = 0;

  if (!mark_resolved (self, conflict->id, error))
    return FALSE;
  local = rapport_store_read_by_id (self, entity, record_id, &rowid, NULL);

  if (conflict->theirs == NULL)
    {
      /* The server deleted what the user edited. Queued edits of it would
       * only meet the deletion again: a restore carries their values. */
      g_autoptr(JsonObject) changes = json_object_new ();

      if (!drop_queued_updates (self, entity, record_id, error))
        return FALSE;
      if (keep == RAPPORT_KEEP_THEIRS)
        return local == NULL || rapport_store_delete_row (self, entity, rowid, error);

      /* Restore with my changes: the whole record, created again. */
      if (local == NULL)
        return TRUE;
      for (guint i = 0; i < entity->n_fields; i++)
        {
          JsonNode *value = json_object_get_member (local, entity->fields[i].name);
          JsonObject *change;

          if (node_is_null (value))
            continue;
          change = json_object_new ();
          json_object_set_null_member (change, "base");
          json_object_set_member (change, "new", json_node_copy (value));
          json_object_set_object_member (changes, entity->fields[i].name, change);
        }
      return rapport_store_append_outbox (self, entity, record_id, "create", 0, changes, error);
    }

  /* The user deleted what the server changed. */
  if (keep == RAPPORT_KEEP_THEIRS)
    return rebase_record (self, entity, record_id, conflict->theirs, error);

  {
    g_autoptr(JsonObject) changes = json_object_new ();

    for (guint i = 0; i < entity->n_fields; i++)
      {
        JsonNode *value = json_object_get_member (conflict->theirs, entity->fields[i].name);
        JsonObject *change;

        if (node_is_null (value))
          continue;
        change = json_object_new ();
        json_object_set_member (change, "base", json_node_copy (value));
        json_object_set_null_member (change, "new");
        json_object_set_object_member (changes, entity->fields[i].name, change);
      }
    if (!rapport_store_append_outbox (self, entity, record_id, "delete",
                                      json_object_get_int_member_with_default (conflict->theirs, "version", 0),
                                      changes, error))
      return FALSE;
    return local == NULL || rapport_store_delete_row (self, entity, rowid, error);
  }
}

/**
 * rapport_store_resolve_conflict:
 * @conflict_id: the conflict's id
 * @choices: `{field: "mine"|"theirs"}` for every field of the conflict; for
 *   an edit-versus-delete conflict, every field must have the same choice
 *   (or the single member `_record` gives it)
 *
 * Settles a conflict: the record takes the chosen values and the choices
 * that keep the user's values become a new outbox entry based on the
 * server's version. Keeping mine on an edit-versus-delete conflict restores
 * the record with the user's changes (or deletes it again).
 */
gboolean
rapport_store_resolve_conflict (RapportStore *self,
                                const char   *conflict_id,
                                JsonObject   *choices,
                                GError      **error)
{
  g_autoptr(Conflict) conflict = NULL;
  g_autofree char *entity_name = NULL;
  g_autofree char *record_id = NULL;
  const RapportEntity *entity;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (conflict_id != NULL && choices != NULL, FALSE);

  rapport_store_lock_db (self);
  if (!rapport_store_begin (self, error))
    goto fail;
  conflict = load_conflict (self, conflict_id, &entity_name, &record_id, error);
  if (conflict == NULL)
    goto fail_rollback;
  entity = rapport_entity_lookup (entity_name);

  if (g_str_equal (conflict->kind, "delete"))
    {
      RapportKeep keep = RAPPORT_KEEP_MINE, field_keep;
      g_autoptr(GList) names = json_object_get_members (conflict->fields);

      if (json_object_has_member (choices, "_record"))
        {
          if (!get_choice (choices, "_record", &keep, error))
            goto fail_rollback;
        }
      else
        {
          for (GList *l = names; l != NULL; l = l->next)
            {
              if (!get_choice (choices, l->data, &field_keep, error))
                goto fail_rollback;
              if (l != names && field_keep != keep)
                {
                  rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, l->data,
                                                _("A deleted record is kept or deleted as a whole"));
                  goto fail_rollback;
                }
              keep = field_keep;
            }
        }
      ok = resolve_delete (self, entity, record_id, conflict, keep, error);
    }
  else
    ok = resolve_edit (self, entity, record_id, conflict, choices, error);

  if (!ok)
    goto fail_rollback;
  if (!rapport_store_commit (self, error))
    goto fail;
  rapport_store_unlock_db (self);
  rapport_store_emit_changed (self, entity, record_id);
  return TRUE;

fail_rollback:
  rapport_store_rollback (self);
fail:
  rapport_store_unlock_db (self);
  return FALSE;
}

/**
 * rapport_store_resolve_conflict_keep:
 *
 * Settles a conflict with the same choice for every field.
 */
gboolean
rapport_store_resolve_conflict_keep (RapportStore *self,
                                     const char   *conflict_id,
                                     RapportKeep   keep,
                                     GError      **error)
{
  g_autoptr(JsonObject) choices = json_object_new ();
  const char *choice = keep == RAPPORT_KEEP_MINE ? "mine" : "theirs";
  g_autoptr(GPtrArray) conflicts = rapport_store_list_conflicts (self, error);

  if (conflicts == NULL)
    return FALSE;
  json_object_set_string_member (choices, "_record", choice);
  for (guint i = 0; i < conflicts->len; i++)
    {
      JsonObject *conflict = g_ptr_array_index (conflicts, i);
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      if (!g_str_equal (json_object_get_string_member (conflict, "id"), conflict_id))
        continue;
      json_object_iter_init (&iter, rapport_json_get_object (conflict, "fields"));
      while (json_object_iter_next (&iter, &name, &node))
        json_object_set_string_member (choices, name, choice);
    }
  return rapport_store_resolve_conflict (self, conflict_id, choices, error);
}

/**
 * rapport_store_rebase_record:
 *
 * rebase_record() for the other parts of the store: writes @server_record
 * (or the record as stored) with the user's outbox entries and open
 * conflicts on top. Call with the lock held, inside a transaction.
 */
gboolean
rapport_store_rebase_record (RapportStore        *self,
                             const RapportEntity *entity,
                             const char          *id,
                             JsonObject          *server_record,
                             GError             **error)
{
  return rebase_record (self, entity, id, server_record, error);
}

/**
 * rapport_store_outbox_changes_problem:
 * @changes: an outbox entry's stored changes
 *
 * Returns: (transfer full) (nullable): why an entry with @changes can never
 *   be sent (it cannot be read, or holds bytes that are not UTF-8), or %NULL
 */
char *
rapport_store_outbox_changes_problem (const char *changes)
{
  g_autoptr(JsonObject) parsed = NULL;
  char *damage = NULL;

  parsed = parse_changes (changes, &damage);
  if (parsed == NULL)
    return damage;
  if (!g_utf8_validate (changes, -1, NULL))
    return g_strdup (_("This change holds bytes that are not UTF-8 text and cannot be sent"));
  return NULL;
}
