/* rapport-store-withheld.c: records deleted while Undo is offered
 *
 * A record deleted in the app stays in the store while a toast offers Undo,
 * so that Undo gives it back as it was. Until then it is withheld: every
 * snapshot leaves it out and counts it out, and withholding it or giving
 * it back is a change like any other, announced by ::changed, so no list
 * or view hides rows of its own. Kept in memory only: after a crash the
 * record is still there, as the user never saw the delete go through.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-store-private.h"
#include "rapport-store-withheld.h"

#define DATA_KEY "rapport-store-withheld"

/* Snapshots are taken on worker threads. */
static GMutex lock;

/* "entity/id" → (gint64 *) its rowid; created with the first withheld
 * record and kept as the store's data. */
static GHashTable *
get_withheld (RapportStore *self,
              gboolean      create)
{
  GHashTable *withheld = g_object_get_data (G_OBJECT (self), DATA_KEY);

  if (withheld == NULL && create)
    {
      withheld = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_object_set_data_full (G_OBJECT (self), DATA_KEY, withheld,
                              (GDestroyNotify) g_hash_table_unref);
    }
  return withheld;
}

static void
announce (RapportStore *self,
          const char   *entity,
          const char   *id)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (keys, g_strconcat (entity, "/", id, NULL));
  rapport_store_emit_changed_keys (self, keys);
}

/**
 * rapport_store_withhold:
 * @entity: the record's type
 * @id: the record
 *
 * Leaves the record out of every snapshot taken from now on, until
 * rapport_store_give_back(). Nothing is written. A record that is not in
 * the store is not withheld.
 */
void
rapport_store_withhold (RapportStore *self,
                        const char   *entity,
                        const char   *id)
{
  const RapportEntity *type;
  RapportStoreConnection *reader;
  g_autoptr(JsonObject) record = NULL;
  gint64 rowid = 0;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (id != NULL);

  if ((type = rapport_store_lookup_entity (entity, NULL)) == NULL ||
      (reader = rapport_store_begin_read (self, NULL)) == NULL)
    return;
  /* One row by its key, on a read-only connection: never waits for a write. */
  record = rapport_store_connection_read_by_id (reader, type, id, &rowid, NULL);
  rapport_store_end_read (self, reader);
  if (record == NULL)
    return;

  g_mutex_lock (&lock);
  g_hash_table_replace (get_withheld (self, TRUE), g_strconcat (entity, "/", id, NULL),
                        g_memdup2 (&rowid, sizeof rowid));
  g_mutex_unlock (&lock);
  announce (self, entity, id);
}

/**
 * rapport_store_give_back:
 * @entity: the record's type
 * @id: the record
 *
 * Lists the record again: Undo was chosen, the delete failed, or it went
 * through and the record is gone anyway.
 */
void
rapport_store_give_back (RapportStore *self,
                         const char   *entity,
                         const char   *id)
{
  g_autofree char *key = NULL;
  GHashTable *withheld;
  gboolean removed = FALSE;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (entity != NULL && id != NULL);

  key = g_strconcat (entity, "/", id, NULL);
  g_mutex_lock (&lock);
  if ((withheld = get_withheld (self, FALSE)) != NULL)
    removed = g_hash_table_remove (withheld, key);
  g_mutex_unlock (&lock);
  if (removed)
    announce (self, entity, id);
}

gboolean
rapport_store_is_withheld (RapportStore *self,
                           const char   *entity,
                           const char   *id)
{
  g_autofree char *key = NULL;
  GHashTable *withheld;
  gboolean found;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  key = g_strconcat (entity, "/", id, NULL);
  g_mutex_lock (&lock);
  withheld = get_withheld (self, FALSE);
  found = withheld != NULL && g_hash_table_contains (withheld, key);
  g_mutex_unlock (&lock);
  return found;
}

/* The rowids of @entity's withheld records, or %NULL if there are none. */
GHashTable *
rapport_store_withheld_rowids (RapportStore        *self,
                               const RapportEntity *entity)
{
  g_autofree char *prefix = g_strconcat (entity->name, "/", NULL);
  GHashTable *rowids = NULL;
  GHashTable *withheld;
  GHashTableIter iter;
  gpointer key, rowid;

  g_mutex_lock (&lock);
  if ((withheld = get_withheld (self, FALSE)) != NULL)
    {
      g_hash_table_iter_init (&iter, withheld);
      while (g_hash_table_iter_next (&iter, &key, &rowid))
        {
          if (!g_str_has_prefix (key, prefix))
            continue;
          if (rowids == NULL)
            rowids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_hash_table_add (rowids, g_memdup2 (rowid, sizeof (gint64)));
        }
    }
  g_mutex_unlock (&lock);
  return rowids;
}
