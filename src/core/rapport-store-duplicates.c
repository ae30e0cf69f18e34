/* rapport-store-duplicates.c: duplicates among the stored records
 *
 * Candidates come from shared match keys only, never from comparing all
 * pairs, and a key that more than RAPPORT_MATCH_MAX_BLOCK records share is
 * no lead at all (a switchboard, a free mail domain). Reads run on a
 * read-only connection, off the writer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-duplicates"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-json.h"
#include "rapport-match-keys.h"
#include "rapport-record.h"
#include "rapport-store-duplicates.h"
#include "rapport-store-private.h"

void
rapport_duplicate_free (RapportDuplicate *duplicate)
{
  if (duplicate == NULL)
    return;
  g_free (duplicate->id);
  g_clear_pointer (&duplicate->record, json_object_unref);
  rapport_duplicate_match_free (duplicate->match);
  g_free (duplicate);
}

static void
pair_free (RapportDuplicatePair *pair)
{
  if (pair == NULL)
    return;
  rapport_duplicate_match_free (pair->match);
  g_free (pair);
}

void
rapport_duplicate_group_free (RapportDuplicateGroup *group)
{
  if (group == NULL)
    return;
  g_ptr_array_unref (group->records);
  g_ptr_array_unref (group->pairs);
  g_free (group);
}

static const RapportEntity *
lookup (const char *name,
        GError    **error)
{
  const RapportEntity *entity = rapport_store_lookup_entity (name, error);

  if (entity != NULL && !rapport_match_has_keys (entity))
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_UNKNOWN_ENTITY,
                   _("Duplicates are looked for among contacts and companies, not “%s”"), name);
      return NULL;
    }
  return entity;
}

static int
compare_duplicates (gconstpointer a,
                    gconstpointer b)
{
  const RapportDuplicate *x = *(RapportDuplicate **) a, *y = *(RapportDuplicate **) b;

  if (x->match->level != y->match->level)
    return x->match->level > y->match->level ? -1 : 1;
  if (x->match->score != y->match->score)
    return x->match->score > y->match->score ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/* The ids that share @kind/@key, or %NULL when too many do. */
static gboolean
read_block (RapportStoreConnection *reader,
            const RapportEntity    *entity,
            const char             *kind,
            const char             *key,
            GHashTable             *ids,
            GError                **error)
{
  g_autoptr(GPtrArray) block = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = rapport_store_connection_prepare (
    reader,
    "SELECT record_id FROM match_keys WHERE entity = ? AND kind = ? AND key = ? LIMIT ?",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, key, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, RAPPORT_MATCH_MAX_BLOCK + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (block, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, rapport_store_connection_get_db (reader));
      return FALSE;
    }
  if (block->len > RAPPORT_MATCH_MAX_BLOCK)
    {
      g_debug ("Skipped the %s key %s: more than %d records share it", kind, key,
               RAPPORT_MATCH_MAX_BLOCK);
      return TRUE;
    }
  for (guint i = 0; i < block->len; i++)
    g_hash_table_add (ids, g_strdup (g_ptr_array_index (block, i)));
  return TRUE;
}

/* "a b", the ids of a pair in order: how a scan knows a pair. */
static char *
pair_key (const char *a,
          const char *b)
{
  return g_strcmp0 (a, b) < 0 ? g_strconcat (a, " ", b, NULL) : g_strconcat (b, " ", a, NULL);
}

/* The pairs a user said are not duplicates (not_duplicate records, made by
 * "Create anyway"): those of @own_id taken out of @ids, or, without
 * @own_id, every pair of @entity added to @pairs as its pair_key(). */
static gboolean
read_not_duplicates (RapportStoreConnection *reader,
                     const RapportEntity    *entity,
                     const char             *own_id,
                     GHashTable             *ids,
                     GHashTable             *pairs,
                     GError                **error)
{
  sqlite3_stmt *stmt = rapport_store_connection_prepare (
    reader,
    "SELECT record_id, other_id FROM not_duplicates"
    " WHERE object = ?1 AND (?2 IS NULL OR record_id = ?2 OR other_id = ?2)",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, own_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *a = (const char *) sqlite3_column_text (stmt, 0);
      const char *b = (const char *) sqlite3_column_text (stmt, 1);

      if (ids != NULL)
        g_hash_table_remove (ids, g_strcmp0 (a, own_id) == 0 ? b : a);
      if (pairs != NULL)
        g_hash_table_add (pairs, pair_key (a, b));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_sqlite_error (error, rapport_store_connection_get_db (reader));
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_store_find_duplicates:
 * @self: a store
 * @entity: "contact" or "company"
 * @draft: the record as being typed; its "id", if any, is left out, and
 *   so are the records said not to be its duplicates (not_duplicate)
 * @min_level: the weakest match to return
 * @error: return location for a #GError
 *
 * What the editor asks while a record is typed: the stored records that
 * look like @draft, the most alike first.
 *
 * Returns: (transfer full) (element-type RapportDuplicate): the matches, or
 *   %NULL with @error set
 */
GPtrArray *
rapport_store_find_duplicates (RapportStore          *self,
                               const char            *entity_name,
                               JsonObject            *draft,
                               RapportDuplicateLevel  min_level,
                               GError               **error)
{
  const RapportEntity *entity;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GPtrArray) found = NULL;
  RapportStoreConnection *reader;
  const char *own_id = rapport_json_get_string (draft, "id");
  GHashTableIter iter;
  gpointer id;
  gboolean ok = TRUE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(entity = lookup (entity_name, error)))
    return NULL;
  keys = rapport_match_keys_for_record (entity, draft);
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_duplicate_free);
  if (keys->len == 0)
    return g_steal_pointer (&found);
  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;

  for (guint i = 0; ok && i < keys->len; i++)
    {
      RapportMatchKey *key = g_ptr_array_index (keys, i);

      ok = read_block (reader, entity, key->kind, key->key, ids, error);
    }
  if (own_id != NULL)
    g_hash_table_remove (ids, own_id);
  if (ok && own_id != NULL)
    ok = read_not_duplicates (reader, entity, own_id, ids, NULL, error);

  g_hash_table_iter_init (&iter, ids);
  while (ok && g_hash_table_iter_next (&iter, &id, NULL))
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonObject) record = rapport_store_connection_read_by_id (reader, entity, id, NULL,
                                                                          &local_error);
      g_autoptr(RapportDuplicateMatch) match = NULL;
      RapportDuplicate *duplicate;

      /* A key left behind by a record deleted since is no match. */
      if (record == NULL)
        continue;
      match = rapport_duplicates_compare (entity, draft, record);
      if (match->level == RAPPORT_DUPLICATE_NONE || match->level < min_level)
        continue;
      duplicate = g_new0 (RapportDuplicate, 1);
      duplicate->id = g_strdup (id);
      duplicate->record = g_steal_pointer (&record);
      duplicate->match = g_steal_pointer (&match);
      g_ptr_array_add (found, duplicate);
    }
  rapport_store_end_read (self, reader);
  if (!ok)
    return NULL;
  g_ptr_array_sort (found, compare_duplicates);
  return g_steal_pointer (&found);
}

/* Union-find over the records of a scan. */
static guint
find_root (GArray *parents,
           guint   i)
{
  while (g_array_index (parents, guint, i) != i)
    {
      guint grandparent = g_array_index (parents, guint, g_array_index (parents, guint, i));

      g_array_index (parents, guint, i) = grandparent;
      i = grandparent;
    }
  return i;
}

typedef struct
{
  const RapportEntity    *entity;
  RapportStoreConnection *reader;
  GHashTable             *index;   /* id → position in records + 1 */
  GPtrArray              *records; /* (element-type JsonObject) */
  GPtrArray              *profiles; /* (element-type RapportDuplicateProfile): of each record */
  GHashTable             *seen;    /* "id id" of the pairs compared */
  GPtrArray              *pairs;   /* (element-type RapportDuplicatePair) */
  RapportDuplicateLevel   min_level;
} Scan;

/* The position of the record @id in the scan, read on first use; -1 when
 * it is gone. */
static int
scan_record (Scan       *scan,
             const char *id)
{
  gpointer position = g_hash_table_lookup (scan->index, id);
  JsonObject *record;

  if (position != NULL)
    return GPOINTER_TO_INT (position) - 1;
  record = rapport_store_connection_read_by_id (scan->reader, scan->entity, id, NULL, NULL);
  if (record == NULL)
    return -1;
  g_ptr_array_add (scan->records, record);
  g_ptr_array_add (scan->profiles, rapport_duplicate_profile_new (scan->entity, record));
  g_hash_table_insert (scan->index, g_strdup (id), GINT_TO_POINTER (scan->records->len));
  return scan->records->len - 1;
}

static void
scan_block (Scan  *scan,
            char **ids)
{
  for (guint i = 0; ids[i] != NULL; i++)
    for (guint j = i + 1; ids[j] != NULL; j++)
      {
        g_autofree char *both = pair_key (ids[i], ids[j]);
        RapportDuplicateMatch *match;
        RapportDuplicatePair *pair;
        int a, b;

        if (!g_hash_table_add (scan->seen, g_steal_pointer (&both)))
          continue;
        if ((a = scan_record (scan, ids[i])) < 0 || (b = scan_record (scan, ids[j])) < 0)
          continue;
        match = rapport_duplicates_compare_profiles (g_ptr_array_index (scan->profiles, a),
                                                     g_ptr_array_index (scan->profiles, b));
        if (match->level == RAPPORT_DUPLICATE_NONE || match->level < scan->min_level)
          {
            rapport_duplicate_match_free (match);
            continue;
          }
        pair = g_new0 (RapportDuplicatePair, 1);
        pair->a = a;
        pair->b = b;
        pair->match = match;
        g_ptr_array_add (scan->pairs, pair);
      }
}

static int
compare_created (gconstpointer a,
                 gconstpointer b)
{
  JsonObject *x = *(JsonObject **) a, *y = *(JsonObject **) b;
  int order = g_strcmp0 (rapport_json_get_string (x, "created_at"),
                         rapport_json_get_string (y, "created_at"));

  return order != 0 ? order : g_strcmp0 (rapport_json_get_string (x, "id"),
                                         rapport_json_get_string (y, "id"));
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const RapportDuplicateGroup *x = *(RapportDuplicateGroup **) a;
  const RapportDuplicateGroup *y = *(RapportDuplicateGroup **) b;

  if (x->level != y->level)
    return x->level > y->level ? -1 : 1;
  return compare_created (&g_ptr_array_index (x->records, 0), &g_ptr_array_index (y->records, 0));
}

/* Groups the matched pairs: records linked through any chain of matches
 * are one group, oldest record first. */
static GPtrArray *
make_groups (Scan *scan)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_duplicate_group_free);
  g_autoptr(GArray) parents = g_array_sized_new (FALSE, FALSE, sizeof (guint), scan->records->len);
  g_autoptr(GHashTable) by_root = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < scan->records->len; i++)
    g_array_append_val (parents, i);
  for (guint i = 0; i < scan->pairs->len; i++)
    {
      RapportDuplicatePair *pair = g_ptr_array_index (scan->pairs, i);

      g_array_index (parents, guint, find_root (parents, pair->a)) = find_root (parents, pair->b);
    }

  for (guint i = 0; i < scan->pairs->len; i++)
    {
      RapportDuplicatePair *pair = g_ptr_array_index (scan->pairs, i);
      guint root = find_root (parents, pair->a);
      RapportDuplicateGroup *group = g_hash_table_lookup (by_root, GUINT_TO_POINTER (root));

      if (group == NULL)
        {
          group = g_new0 (RapportDuplicateGroup, 1);
          group->records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
          group->pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
          g_hash_table_insert (by_root, GUINT_TO_POINTER (root), group);
          g_ptr_array_add (groups, group);
        }
      group->level = MAX (group->level, pair->match->level);
      g_ptr_array_add (group->pairs, pair);
      g_ptr_array_index (scan->pairs, i) = NULL;
    }

  /* Each group's records, oldest first, and its pairs by those positions. */
  for (guint g = 0; g < groups->len; g++)
    {
      RapportDuplicateGroup *group = g_ptr_array_index (groups, g);
      g_autoptr(GHashTable) positions = g_hash_table_new (NULL, NULL);

      for (guint i = 0; i < group->pairs->len; i++)
        {
          RapportDuplicatePair *pair = g_ptr_array_index (group->pairs, i);

          g_hash_table_add (positions, GUINT_TO_POINTER (pair->a + 1));
          g_hash_table_add (positions, GUINT_TO_POINTER (pair->b + 1));
        }
      {
        GHashTableIter iter;
        gpointer key;

        g_hash_table_iter_init (&iter, positions);
        while (g_hash_table_iter_next (&iter, &key, NULL))
          g_ptr_array_add (group->records,
                           json_object_ref (g_ptr_array_index (scan->records,
                                                               GPOINTER_TO_UINT (key) - 1)));
      }
      g_ptr_array_sort (group->records, compare_created);
      for (guint i = 0; i < group->pairs->len; i++)
        {
          RapportDuplicatePair *pair = g_ptr_array_index (group->pairs, i);
          JsonObject *a = g_ptr_array_index (scan->records, pair->a);
          JsonObject *b = g_ptr_array_index (scan->records, pair->b);

          for (guint r = 0; r < group->records->len; r++)
            {
              if (g_ptr_array_index (group->records, r) == a)
                pair->a = r;
              else if (g_ptr_array_index (group->records, r) == b)
                pair->b = r;
            }
        }
    }
  g_ptr_array_sort (groups, compare_groups);
  return groups;
}

/**
 * rapport_store_scan_duplicates:
 * @self: a store
 * @entity: "contact" or "company"
 * @min_level: the weakest match that links two records
 * @n_skipped: (out) (optional): how many keys were skipped as shared by
 *   more than %RAPPORT_MATCH_MAX_BLOCK records
 * @error: return location for a #GError
 *
 * Scans the whole local book, from the stored keys (those still owed are
 * built first). Pairs said not to be duplicates (not_duplicate) are no match.
 *
 * Returns: (transfer full) (element-type RapportDuplicateGroup): the
 *   groups, strongest first, or %NULL with @error set
 */
GPtrArray *
rapport_store_scan_duplicates (RapportStore          *self,
                               const char            *entity_name,
                               RapportDuplicateLevel  min_level,
                               guint                 *n_skipped,
                               GError               **error)
{
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  g_autoptr(GPtrArray) profiles =
    g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_duplicate_profile_free);
  Scan scan = { .index = index, .records = records, .profiles = profiles, .seen = seen, .pairs = pairs,
                .min_level = MAX (min_level, RAPPORT_DUPLICATE_POSSIBLE) };
  sqlite3_stmt *stmt;
  guint skipped = 0;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(scan.entity = lookup (entity_name, error)) || !rapport_store_build_match_keys (self, error))
    return NULL;
  if (!(scan.reader = rapport_store_begin_read (self, error)))
    return NULL;
  /* One snapshot: the blocks and the records they name agree. The pairs
   * said not to be duplicates count as compared already. */
  if (!rapport_store_connection_exec (scan.reader, "BEGIN", error) ||
      !read_not_duplicates (scan.reader, scan.entity, NULL, NULL, seen, error) ||
      !(stmt = rapport_store_connection_prepare (
          scan.reader,
          "SELECT count(*), group_concat(record_id, ' ') FROM match_keys WHERE entity = ?"
          " GROUP BY kind, key HAVING count(*) > 1",
          error)))
    {
      rapport_store_end_read (self, scan.reader);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, scan.entity->name, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GStrv) ids = NULL;

      if (sqlite3_column_int (stmt, 0) > RAPPORT_MATCH_MAX_BLOCK)
        {
          skipped++;
          continue;
        }
      ids = g_strsplit ((const char *) sqlite3_column_text (stmt, 1), " ", -1);
      scan_block (&scan, ids);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, rapport_store_connection_get_db (scan.reader));
  rapport_store_connection_exec (scan.reader, "COMMIT", NULL);
  rapport_store_end_read (self, scan.reader);
  if (rc != SQLITE_DONE)
    return NULL;

  if (skipped > 0)
    g_debug ("Duplicate scan: %u keys shared by more than %d records skipped", skipped,
             RAPPORT_MATCH_MAX_BLOCK);
  if (n_skipped != NULL)
    *n_skipped = skipped;
  return make_groups (&scan);
}

/* A record is said not to be a duplicate of few others; more are not listed. */
#define MAX_NOT_DUPLICATES 50

/**
 * rapport_store_not_duplicates_of:
 * @self: a store
 * @entity: "contact" or "company"
 * @id: one of its records
 * @error: return location for a #GError
 *
 * The records @id was said not to be a duplicate of, for its page: each
 * not_duplicate record of @id, newest first, with `other_title`, the title
 * of the other record (or its id when it is gone).
 *
 * Returns: (transfer full) (element-type JsonObject): the marks, or %NULL
 *   with @error set
 */
GPtrArray *
rapport_store_not_duplicates_of (RapportStore *self,
                                 const char   *entity_name,
                                 const char   *id,
                                 GError      **error)
{
  g_autoptr(GPtrArray) marks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const RapportEntity *marks_entity = rapport_entity_lookup ("not_duplicate");
  const RapportEntity *entity;
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if (!(entity = lookup (entity_name, error)) || !(reader = rapport_store_begin_read (self, error)))
    return NULL;
  stmt = rapport_store_connection_prepare (
    reader,
    "SELECT id, CASE WHEN record_id = ?2 THEN other_id ELSE record_id END FROM not_duplicates"
    " WHERE object = ?1 AND (record_id = ?2 OR other_id = ?2) ORDER BY created_at DESC LIMIT ?3",
    error);
  if (stmt == NULL)
    {
      rapport_store_end_read (self, reader);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, MAX_NOT_DUPLICATES);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *other_id = (const char *) sqlite3_column_text (stmt, 1);
      JsonObject *mark = rapport_store_connection_read_by_id (
        reader, marks_entity, (const char *) sqlite3_column_text (stmt, 0), NULL, NULL);
      g_autoptr(JsonObject) other = NULL;
      g_autofree char *title = NULL;

      if (mark == NULL)
        continue;
      other = rapport_store_connection_read_by_id (reader, entity, other_id, NULL, NULL);
      title = other != NULL ? rapport_record_title (entity, other) : g_strdup (other_id);
      json_object_set_string_member (mark, "other_id", other_id);
      json_object_set_string_member (mark, "other_title", title);
      g_ptr_array_add (marks, mark);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, rapport_store_connection_get_db (reader));
  rapport_store_end_read (self, reader);
  return rc == SQLITE_DONE ? g_steal_pointer (&marks) : NULL;
}
