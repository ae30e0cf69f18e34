/* rapport-store-merges.c: merges of contacts and companies, as a client asks and sees them
 *
 * A merge is the server's (rapport-server-record-merges.c): a client
 * queues a merge_event like any record, and the feed brings back the
 * master, the losers' tombstones and the event. The events are what tells
 * a client where a record it still knows of went.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-json.h"
#include "rapport-store-merges.h"
#include "rapport-store-private.h"

/* A chain of merges (A into B, B into C) is followed this far. */
#define MAX_HOPS 16

/**
 * rapport_merge_request:
 * @object: "contact" or "company"
 * @loser_ids: (array zero-terminated=1): the records merged into @master_id
 * @choices: (nullable): field → the id of the record whose value is kept
 *
 * Returns: (transfer full): the fields of the merge_event that asks for it
 */
JsonObject *
rapport_merge_request (const char         *object,
                       const char         *master_id,
                       const char * const *loser_ids,
                       JsonObject         *choices)
{
  JsonObject *fields = json_object_new ();
  g_autoptr(JsonArray) losers = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; loser_ids[i] != NULL; i++)
    json_array_add_string_element (losers, loser_ids[i]);
  node = json_node_init_array (json_node_alloc (), losers);
  text = rapport_json_to_string (node);
  json_object_set_string_member (fields, "object", object);
  json_object_set_string_member (fields, "master_id", master_id);
  json_object_set_string_member (fields, "loser_ids", text);
  if (choices != NULL && json_object_get_size (choices) > 0)
    {
      g_autofree char *chosen = rapport_json_object_to_string (choices);

      json_object_set_string_member (fields, "choices", chosen);
    }
  return fields;
}

/**
 * rapport_store_merged_into:
 *
 * Returns: (transfer full) (nullable): the record @id was merged into, as
 *   the merges synced so far say, following merges of merges; %NULL when
 *   it was not merged (or the merge was undone)
 */
char *
rapport_store_merged_into (RapportStore *self,
                           const char   *id,
                           GError      **error)
{
  RapportStoreConnection *reader;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *current = g_strdup (id);
  char *master = NULL;
  int rc;

  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  db = rapport_store_connection_get_db (reader);
  /* loser_ids is a JSON array of UUIDs: the quoted id is found only as one. */
  rc = sqlite3_prepare_v2 (db,
                           "SELECT master_id FROM merge_events WHERE status = 'merged'"
                           " AND instr (loser_ids, '\"' || ?1 || '\"') > 0"
                           " ORDER BY merged_at DESC LIMIT 1",
                           -1, &stmt, NULL);
  for (guint hop = 0; rc == SQLITE_OK && hop < MAX_HOPS; hop++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, current, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        break;
      g_free (current);
      current = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_free (master);
      master = g_strdup (current);
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      rapport_store_set_sqlite_error (error, db);
      g_clear_pointer (&master, g_free);
    }
  sqlite3_finalize (stmt);
  rapport_store_end_read (self, reader);
  return master;
}

/* A record has few merges; more than this are not listed. */
#define MAX_MERGES 20

/**
 * rapport_store_merges_into:
 *
 * Returns: (transfer full) (element-type JsonObject): the merge_events of
 *   records merged into @master_id and not undone, newest first
 */
GPtrArray *
rapport_store_merges_into (RapportStore *self,
                           const char   *master_id,
                           GError      **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const RapportEntity *entity = rapport_entity_lookup ("merge_event");
  RapportStoreConnection *reader;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  db = rapport_store_connection_get_db (reader);
  rc = sqlite3_prepare_v2 (db,
                           "SELECT id FROM merge_events WHERE master_id = ?1 AND status = 'merged'"
                           " ORDER BY merged_at DESC LIMIT ?2",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, master_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, MAX_MERGES);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          JsonObject *event = rapport_store_connection_read_by_id (
            reader, entity, (const char *) sqlite3_column_text (stmt, 0), NULL, NULL);

          if (event != NULL)
            g_ptr_array_add (events, event);
        }
    }
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, db);
  sqlite3_finalize (stmt);
  rapport_store_end_read (self, reader);
  return rc == SQLITE_DONE ? g_steal_pointer (&events) : NULL;
}
