/* rapport-store-outbox.c: what the user typed until the server has it
 *
 * The outbox holds what the user typed until the server has it. Before a
 * push, entries of one record that were never sent are merged into one (the
 * first base kept, the last values sent); an entry that was sent keeps its
 * op_id forever, so the server recognises a retry. An entry that cannot be
 * read or sent (damaged on disk, or holding text an older version let in) is
 * never deleted or sent: it is kept as failed, with the reason, for the user
 * to see, and the entries after it still go out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-json.h"
#include "rapport-record.h"
#include "rapport-store-sync-private.h"
#include "rapport-store-writer.h"
#include "rapport-sync-http.h"

void
rapport_outbox_entry_free (OutboxEntry *entry)
{
  g_free (entry->op_id);
  g_free (entry->entity);
  g_free (entry->record_id);
  g_clear_pointer (&entry->changes, json_object_unref);
  g_free (entry->damage);
  g_free (entry->group);
  g_free (entry);
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
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_outbox_entry_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OutboxEntry *entry = g_new0 (OutboxEntry, 1);

      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->op_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      /* The table's CHECK lets no other word in. */
      if (!rapport_change_kind_from_string ((const char *) sqlite3_column_text (stmt, 4),
                                            &entry->kind))
        entry->kind = RAPPORT_CHANGE_KIND_UPDATE;
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
GPtrArray *
rapport_store_load_outbox (RapportStore *self,
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

gboolean
rapport_store_delete_outbox_entry (RapportStore *self,
                                   gint64        seq,
                                   GError      **error)
{
  sqlite3_stmt *stmt = rapport_store_prepare (self, "DELETE FROM outbox WHERE seq = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  return rapport_store_step_done (stmt, error);
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
  return rapport_store_step_done (stmt, error);
}

static gboolean
rewrite_outbox_entry (RapportStore *self,
                      OutboxEntry  *entry,
                      GError      **error)
{
  g_autofree char *changes = rapport_json_object_to_string (entry->changes);
  sqlite3_stmt *stmt = rapport_store_prepare (self,
                                              "UPDATE outbox SET op = ?, base_version = ?,"
                                              " changes = ? WHERE seq = ?",
                                              error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, rapport_change_kind_to_string (entry->kind), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, entry->base_version);
  sqlite3_bind_text (stmt, 3, changes, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, entry->seq);
  return rapport_store_step_done (stmt, error);
}

/* Folds @next into @into; FALSE when the two cannot be one op. */
static gboolean
merge_entry (OutboxEntry *into,
             OutboxEntry *next)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *change;

  if (into->kind == RAPPORT_CHANGE_KIND_DELETE || next->kind == RAPPORT_CHANGE_KIND_CREATE)
    return FALSE;
  /* A group is applied whole: an edit of another group stays its own op,
   * unless the two come to nothing (a line created, then deleted). */
  if (g_strcmp0 (into->group, next->group) != 0 &&
      !(into->kind == RAPPORT_CHANGE_KIND_CREATE && next->kind == RAPPORT_CHANGE_KIND_DELETE))
    return FALSE;

  if (next->kind == RAPPORT_CHANGE_KIND_DELETE)
    {
      g_autoptr(JsonObject) changes = NULL;

      /* Created and deleted before the server saw it: nothing to send. */
      if (into->kind == RAPPORT_CHANGE_KIND_CREATE)
        {
          into->dropped = TRUE;
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
      into->kind = RAPPORT_CHANGE_KIND_DELETE;
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

  if (entry->dropped || entry->kind != RAPPORT_CHANGE_KIND_UPDATE)
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
    entry->dropped = TRUE;
}

/* Merges the never-sent entries at the end of one record's queue. */
static gboolean
coalesce_record (RapportStore *self,
                 const char   *entity,
                 const char   *record_id,
                 GError      **error)
{
  g_autoptr(GPtrArray) entries = rapport_store_load_outbox (self, entity, record_id, error);
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
      if (entry->attempts > 0 || head == NULL || head->dropped || !merge_entry (head, entry))
        {
          /* A sent entry, or one that cannot merge, starts a new head. */
          head = entry->attempts > 0 ? NULL : entry;
          continue;
        }
      if (!rapport_store_delete_outbox_entry (self, entry->seq, error))
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
      if (entry->dropped)
        {
          if (!rapport_store_delete_outbox_entry (self, entry->seq, error))
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
  json_object_set_string_member (op, "op", rapport_change_kind_to_string (entry->kind));
  json_object_set_int_member (op, "base_version", entry->base_version);
  if (entry->group != NULL)
    json_object_set_string_member (op, "group", entry->group);
  /* A delete's entry keeps the record's last values to restore it from; the
   * server needs only the version it was based on. */
  if (entry->kind == RAPPORT_CHANGE_KIND_DELETE)
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

typedef struct
{
  guint      max_ops;
  GPtrArray *ops;      /* (element-type JsonObject) */
} PushBatch;

static gboolean
take_push_batch (RapportStore *self,
                 gpointer      data,
                 GPtrArray    *changed,
                 GError      **error)
{
  PushBatch *batch = data;
  GPtrArray *ops = batch->ops;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) sent = g_ptr_array_new ();
  gboolean set_aside = TRUE;
  gsize bytes = 0;

  if (!coalesce_outbox (self, error))
    return FALSE;

  /* Until there is something to send or nothing is left: a batch of only
   * unsendable entries must not look like the end of the outbox. */
  while (ops->len == 0 && set_aside)
    {
      set_aside = FALSE;
      g_clear_pointer (&entries, g_ptr_array_unref);
      g_ptr_array_set_size (sent, 0);
      if (!(entries = load_first_pending (self, batch->max_ops, error)))
        return FALSE;

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
                return FALSE;
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
    return FALSE;
  for (guint i = 0; i < sent->len; i++)
    {
      sqlite3_stmt *count = rapport_store_prepare (self, "UPDATE outbox SET attempts = attempts + 1"
                                                         " WHERE seq = ?", error);

      if (count == NULL)
        return FALSE;
      sqlite3_bind_int64 (count, 1, ((OutboxEntry *) g_ptr_array_index (sent, i))->seq);
      if (!rapport_store_step_done (count, error))
        return FALSE;
    }
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
  PushBatch batch = { .max_ops = max_ops, .ops = ops };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!rapport_store_transact (self, take_push_batch, &batch, error))
    return NULL;
  return g_steal_pointer (&ops);
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
  GPtrArray *ops;
  JsonArray *results;
} PushResults;

static gboolean
apply_push_results (RapportStore *self,
                    gpointer      data,
                    GPtrArray    *changed,
                    GError      **error)
{
  PushResults *push = data;
  g_autoptr(GPtrArray) entries = NULL;

  if (!(entries = load_sent (self, push->ops, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (push->results); i++)
    {
      JsonObject *result = rapport_json_array_get_object (push->results, i);
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
      g_debug ("Push of %s %s %s: %s", rapport_change_kind_to_string (entry->kind), entry->entity,
               entry->record_id, status);

      if (g_str_equal (status, "applied") || g_str_equal (status, "merged"))
        {
          if (!rapport_store_delete_outbox_entry (self, entry->seq, error))
            return FALSE;
          if (record != NULL)
            {
              if (!rapport_store_rebase_record (self, entity, entry->record_id, record, error))
                return FALSE;
            }
          else
            {
              gint64 rowid = 0;
              g_autoptr(JsonObject) gone = rapport_store_read_by_id (self, entity, entry->record_id,
                                                                     &rowid, NULL);

              if (gone != NULL && entry->kind == RAPPORT_CHANGE_KIND_DELETE &&
                  !rapport_store_delete_row (self, entity, rowid, error))
                return FALSE;
            }
        }
      else if (g_str_equal (status, "conflict"))
        {
          if (!rapport_store_keep_conflict (self, entity, entry, result, error))
            return FALSE;
        }
      else if (g_str_equal (status, "rejected"))
        {
          if (!mark_failed (self, entry, result, error))
            return FALSE;
        }
      else
        continue;

      g_ptr_array_add (changed, g_strconcat (entry->entity, "/", entry->record_id, NULL));
    }

  return TRUE;
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
  PushResults push = { .ops = ops, .results = results };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return rapport_store_transact (self, apply_push_results, &push, error);
}

/**
 * rapport_store_count_pending:
 *
 * Returns: how many local changes wait to be sent
 */
guint
rapport_store_count_pending (RapportStore *self)
{
  return rapport_store_count_rows (self, "SELECT count(*) FROM outbox WHERE state = 'pending'");
}

/**
 * rapport_store_count_failed:
 *
 * Returns: how many local changes the server refused
 */
guint
rapport_store_count_failed (RapportStore *self)
{
  return rapport_store_count_rows (self, "SELECT count(*) FROM outbox WHERE state = 'failed'");
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
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  rapport_store_writer_check_read ("rapport_store_list_failed()");

  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  stmt = rapport_store_connection_prepare (reader,
                                           "SELECT op_id, entity, record_id, op, error, created_at,"
                                           " changes FROM outbox WHERE state = 'failed' ORDER BY seq",
                                           error);
  if (stmt == NULL)
    {
      rapport_store_end_read (self, reader);
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
      g_autoptr(JsonObject) changes = problem == NULL ? rapport_json_parse_object (changes_text) : NULL;

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
        record = rapport_store_connection_read_by_id (reader, entity,
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
      rapport_store_end_read (self, reader);
      return NULL;
    }
  rapport_store_end_read (self, reader);
  return g_steal_pointer (&failed);
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
