/* rapport-store-revise.c: a new revision of a quote, an order's amendment
 *
 * A sent quote, a confirmed order, never changes: "New Revision" and
 * "Amend" copy what was typed on it and its lines
 * (rapport_document_copy_fields()) into a new draft that says which
 * document it revises, saved with its lines as one group. The server then
 * gives it the document's number and the next revision number, and
 * supersedes the old one (rapport-server-lifecycle.c); until the next sync
 * the copy shows the revision it will have. An amendment's lines say which
 * line of the order they carry on, with what was delivered of it, which
 * the server keeps.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-document-copy.h"
#include "rapport-json.h"
#include "rapport-query.h"
#include "rapport-store-children.h"
#include "rapport-store-revise.h"

/**
 * rapport_store_revise:
 * @entity: "quote" or "sales_order"
 * @id: a quote to revise, a confirmed order to amend
 *
 * Blocks on the store's writer: call off the main thread.
 *
 * Returns: (transfer full) (nullable): the new revision, a draft
 */
JsonObject *
rapport_store_revise (RapportStore *self,
                      const char   *entity,
                      const char   *id,
                      GError      **error)
{
  const RapportEntity *document_entity = rapport_entity_lookup (entity);
  gboolean is_order = g_strcmp0 (entity, "sales_order") == 0;
  const RapportEntity *line_entity = rapport_entity_lookup (is_order ? "sales_order_line"
                                                                     : "quote_line");
  g_autoptr(JsonObject) document = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(JsonArray) edits = json_array_new ();

  g_return_val_if_fail (is_order || g_strcmp0 (entity, "quote") == 0, NULL);

  if (!(document = rapport_store_get (self, document_entity->name, id, error)) ||
      !(lines = rapport_store_list_children (self, line_entity->name, id, error)))
    return NULL;
  fields = rapport_document_copy_fields (document_entity, document, document_entity);
  json_object_set_string_member (fields, "revision_of", id);
  json_object_set_int_member (fields, "revision",
                              MAX (json_object_get_int_member_with_default (document, "revision",
                                                                            1), 1) + 1);
  /* An amended order stays the order of its quote. */
  if (is_order && rapport_json_get_string (document, "quote_id") != NULL)
    json_object_set_string_member (fields, "quote_id",
                                   rapport_json_get_string (document, "quote_id"));
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);
      JsonObject *edit = json_object_new ();
      JsonObject *copy = rapport_document_copy_fields (line_entity, line, line_entity);

      if (is_order)
        json_object_set_string_member (copy, "amends_line_id",
                                       rapport_json_get_string (line, "id"));
      json_object_set_string_member (edit, "op", "create");
      json_object_set_string_member (edit, "entity", line_entity->name);
      json_object_set_object_member (edit, "fields", copy);
      json_array_add_object_element (edits, edit);
    }
  return rapport_store_save_with_children (self, document_entity->name, NULL, fields, edits,
                                           error);
}

/**
 * rapport_store_latest_revision:
 * @entity: "quote" or "sales_order"
 * @id: a document that a later revision may supersede
 *
 * Follows the revisions of @id (each new one says what it revises) to the
 * latest one this store has.
 *
 * Returns: (transfer full) (nullable): the latest revision, or %NULL when
 *   none revises @id here (or with @error set)
 */
JsonObject *
rapport_store_latest_revision (RapportStore *self,
                               const char   *entity,
                               const char   *id,
                               GError      **error)
{
  g_autoptr(JsonObject) latest = NULL;
  g_autofree char *current = g_strdup (id);

  /* Bounded: a revision never revises a later one, but a store is data. */
  for (guint step = 0; step < 1000; step++)
    {
      g_autoptr(RapportQuery) query = rapport_query_new (entity);
      g_autoptr(RapportSnapshot) snapshot = NULL;
      g_autoptr(GPtrArray) found = NULL;

      rapport_query_add_filter (query, "revision_of", current);
      if (!(snapshot = rapport_store_snapshot (self, query, error)) ||
          !(found = rapport_store_fetch (self, snapshot, 0,
                                         MIN (1, rapport_snapshot_get_n_rows (snapshot)), error)))
        return NULL;
      if (found->len == 0)
        break;
      g_clear_pointer (&latest, json_object_unref);
      latest = json_object_ref (g_ptr_array_index (found, 0));
      g_free (current);
      current = g_strdup (rapport_json_get_string (latest, "id"));
    }
  return g_steal_pointer (&latest);
}
