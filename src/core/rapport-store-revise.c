/* rapport-store-revise.c: a new revision of a quote
 *
 * A sent quote never changes; "New Revision" copies what was typed on it
 * and its lines (rapport_document_copy_fields()) into a new draft that
 * says which quote it revises, saved with its lines as one group. The
 * server then gives it the quote's number and the next revision number,
 * and supersedes the old one (rapport-server-lifecycle.c); until the next
 * sync the copy shows the revision it will have.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-document-copy.h"
#include "rapport-json.h"
#include "rapport-store-children.h"
#include "rapport-store-revise.h"

/**
 * rapport_store_revise:
 * @id: a quote
 *
 * Blocks on the store's writer: call off the main thread.
 *
 * Returns: (transfer full) (nullable): the new revision, a draft
 */
JsonObject *
rapport_store_revise (RapportStore *self,
                      const char   *id,
                      GError      **error)
{
  const RapportEntity *quote_entity = rapport_entity_lookup ("quote");
  const RapportEntity *line_entity = rapport_entity_lookup ("quote_line");
  g_autoptr(JsonObject) quote = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(JsonArray) edits = json_array_new ();

  if (!(quote = rapport_store_get (self, quote_entity->name, id, error)) ||
      !(lines = rapport_store_list_children (self, line_entity->name, id, error)))
    return NULL;
  fields = rapport_document_copy_fields (quote_entity, quote, quote_entity);
  json_object_set_string_member (fields, "revision_of", id);
  json_object_set_int_member (fields, "revision",
                              MAX (json_object_get_int_member_with_default (quote, "revision", 1),
                                   1) + 1);
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *edit = json_object_new ();

      json_object_set_string_member (edit, "op", "create");
      json_object_set_string_member (edit, "entity", line_entity->name);
      json_object_set_object_member (edit, "fields",
                                     rapport_document_copy_fields (line_entity,
                                                                   g_ptr_array_index (lines, i),
                                                                   line_entity));
      json_array_add_object_element (edits, edit);
    }
  return rapport_store_save_with_children (self, quote_entity->name, NULL, fields, edits, error);
}
