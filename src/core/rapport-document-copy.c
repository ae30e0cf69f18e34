/* rapport-document-copy.c: a quote's revision, an order from a quote
 *
 * A new revision of a quote, and the sales order an accepted quote makes,
 * start as copies of what people typed on the document and its lines: the
 * fields both types have, but not what makes the record itself (its id, its
 * number, its state and revision, its parent) nor what is derived from the
 * rest. The client copies for a revision, the server for an order, with
 * this one function.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-document-copy"

#include "config.h"

#include "rapport-document-copy.h"
#include "rapport-json.h"
#include "rapport-numbering.h"

static const char * const own_fields[] = {
  "id", "state", "revision", "revision_of", "valid_until", "quote_id", NULL
};

/**
 * rapport_document_copy_fields:
 * @from: the type of @record
 * @record: a quote, an order or one of their lines
 * @to: the type of the copy: the same, or the order (line) of a quote (line)
 *
 * Returns: (transfer full): the fields of @record that a copy of type @to
 *   takes
 */
JsonObject *
rapport_document_copy_fields (const RapportEntity *from,
                              JsonObject          *record,
                              const RapportEntity *to)
{
  JsonObject *fields = json_object_new ();

  for (guint i = 0; i < from->n_fields; i++)
    {
      const RapportField *field = &from->fields[i];
      JsonNode *value = json_object_get_member (record, field->name);

      if (value == NULL || JSON_NODE_HOLDS_NULL (value) || rapport_field_is_server_set (field) ||
          g_strv_contains (own_fields, field->name) ||
          g_strcmp0 (field->name, from->parent_field) == 0 ||
          rapport_entity_get_field (to, field->name) == NULL)
        continue;
      json_object_set_member (fields, field->name, json_node_copy (value));
    }
  return fields;
}
