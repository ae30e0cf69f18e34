/* rapport-store-documents.c: the totals of a quote or an order, kept current
 *
 * A document's totals are derived from the document and all its lines at
 * once (RapportEntity.compute_family); a line's own amounts from the line
 * and its document's currency and tax mode only, so that writing one line
 * never rewrites its siblings. A line gets its amounts as it is written;
 * every row written or deleted in a transaction marks its family stale,
 * and the commit recomputes each family once, from what the transaction
 * left: a quote saved with 500 lines is totalled once, not 500 times, and
 * a line is written again only if its amounts changed (the document's
 * currency did). Typed edits, pulled records, merges and undone pushes all
 * pass through here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-derived.h"
#include "rapport-json.h"
#include "rapport-store-private.h"

/* The child type whose records are @parent's lines. */
static const RapportEntity *
family_child (const RapportEntity *parent)
{
  guint                        n_entities;
  const RapportEntity * const *all = rapport_entity_all (&n_entities);

  for (guint i = 0; i < n_entities; i++)
    if (rapport_entity_parent (all[i]) == parent)
      return all[i];
  return NULL;
}

/* The document a row of @entity with @parent_id (its own id if it is the
 * document) belongs to, if its family has derived totals. */
static const RapportEntity *
family_of (const RapportEntity *entity)
{
  const RapportEntity *parent;

  if (entity->compute_family != NULL)
    return entity;
  parent = rapport_entity_parent (entity);
  return parent != NULL && parent->compute_family != NULL ? parent : NULL;
}

/* Reads the lines of the document @id, in order, with their rowids. */
static gboolean
read_lines (RapportStore        *self,
            const RapportEntity *document,
            const char          *id,
            JsonArray           *lines,
            GArray              *rowids,
            GError             **error)
{
  const RapportEntity *child = family_child (document);
  g_auto(GStrv) ids = NULL;

  if (child == NULL)
    return TRUE;
  if (!(ids = rapport_store_child_ids (rapport_store_get_write_connection (self), child, NULL, id,
                                       error)))
    return FALSE;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      gint64      rowid;
      JsonObject *line = rapport_store_read_by_id (self, child, ids[i], &rowid, error);

      if (line == NULL)
        return FALSE;
      json_array_add_object_element (lines, line);
      if (rowids != NULL)
        g_array_append_val (rowids, rowid);
    }
  return TRUE;
}

/* Marks stale the family of @record, a row of @entity being written; a
 * document itself gets its totals now, from the lines stored so far, and a
 * line its own amounts, so that the record its writer hands back has them. */
void
rapport_store_documents_mark (RapportStore        *self,
                              const RapportEntity *entity,
                              JsonObject          *record)
{
  const RapportEntity *document = family_of (entity);
  const char          *id;

  if (document == NULL || rapport_store_get_stale_documents (self) == NULL)
    return;
  id = rapport_json_get_string (record, document == entity ? "id" : entity->parent_field);
  if (id == NULL)
    return;
  g_hash_table_add (rapport_store_get_stale_documents (self),
                    g_strconcat (document->name, "/", id, NULL));
  if (document == entity)
    {
      g_autoptr(JsonArray) lines = json_array_new ();

      /* A failed read leaves the totals to the commit. */
      if (read_lines (self, document, id, lines, NULL, NULL))
        document->compute_family (record, lines, NULL);
    }
  else
    {
      g_autoptr(JsonObject) parent = rapport_store_read_by_id (self, document, id, NULL, NULL);

      /* What the arithmetic refuses is null here; the server refuses it
       * when it is pushed. */
      if (parent != NULL && rapport_entity_has_derived (entity))
        rapport_document_compute_line (parent, record, NULL);
    }
}

/* The same for the row @rowid of @entity, about to be deleted. */
void
rapport_store_documents_mark_row (RapportStore        *self,
                                  const RapportEntity *entity,
                                  gint64               rowid)
{
  g_autoptr(JsonObject) record = NULL;

  if (family_of (entity) == NULL ||
      !(record = rapport_store_read_rowid (self, entity, rowid, NULL)))
    return;
  rapport_store_documents_mark (self, entity, record);
}

static gboolean
recompute (RapportStore        *self,
           const RapportEntity *document,
           const char          *id,
           GPtrArray           *changed,
           GError             **error)
{
  const RapportEntity *child = family_child (document);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonArray) lines = json_array_new ();
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) stored_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) stored = NULL;
  gboolean wrote = FALSE;
  gint64 rowid;

  record = rapport_store_read_by_id (self, document, id, &rowid, &local_error);
  if (record == NULL)
    {
      /* Deleted in the same transaction: nothing left to total. */
      if (g_error_matches (local_error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!read_lines (self, document, id, lines, rowids, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (lines); i++)
    g_ptr_array_add (stored_lines,
                     rapport_json_object_copy (json_array_get_object_element (lines, i)));

  /* What the arithmetic refuses (two discounts on a line) is null here;
   * the server refuses it when it is pushed. */
  stored = rapport_json_object_copy (record);
  document->compute_family (record, lines, NULL);
  /* Only what the totals changed is written and announced: a contact
   * edited without a change to its consent is announced once, by its
   * own write. */
  if (!rapport_record_derived_equal (document, record, stored))
    {
      if (!rapport_store_write_row (self, document, record, rowid, error))
        return FALSE;
      wrote = TRUE;
    }
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);

      if (rapport_record_derived_equal (child, line, g_ptr_array_index (stored_lines, i)))
        continue;
      if (!rapport_store_write_row (self, child, line, g_array_index (rowids, gint64, i), error))
        return FALSE;
      wrote = TRUE;
    }
  if (wrote)
    g_ptr_array_add (changed, g_strconcat (document->name, "/", id, NULL));
  return TRUE;
}

/* Recomputes every family marked since the last call, on the writer
 * thread inside the transaction; @changed gets "entity/id" of each
 * document recomputed. */
gboolean
rapport_store_documents_flush (RapportStore *self,
                               GPtrArray    *changed,
                               GError      **error)
{
  GHashTable *stale = rapport_store_get_stale_documents (self);
  g_autoptr(GHashTable) work = NULL;
  GHashTableIter iter;
  gpointer       key;
  gboolean       ok = TRUE;

  if (stale == NULL || g_hash_table_size (stale) == 0)
    return TRUE;
  work = g_hash_table_ref (stale);
  /* The rows written below mark nothing: marking is off while the set is
   * swapped out. */
  rapport_store_set_stale_documents (self, NULL);
  g_hash_table_iter_init (&iter, work);
  while (ok && g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, "/", 2);

      ok = recompute (self, rapport_entity_lookup (parts[0]), parts[1], changed, error);
    }
  g_hash_table_remove_all (work);
  rapport_store_set_stale_documents (self, work);
  return ok;
}
