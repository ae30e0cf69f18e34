/* rapport-server-documents.c: a quote's or an order's totals on the server
 *
 * The totals of a document and the amounts of its lines are derived from
 * the document and all its lines at once (RapportEntity.compute_family),
 * with the function the clients use. Whenever the server accepts a write
 * of a document or of one of its lines, it computes the family as that
 * write leaves it: the record written gets its values before it is
 * stored, and every other member whose derived values change is written
 * as a new version, so that the changes feed brings them to every client.
 * A line the arithmetic refuses on its own (two discounts, a credit line
 * that adds) is refused, naming the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server"

#include "config.h"

#include <string.h>

#include "rapport-json.h"
#include "rapport-server-documents.h"
#include "rapport-validate.h"

/* A member of a family whose derived values the write changed. */
typedef struct
{
  const RapportEntity *entity;
  JsonObject          *old;    /* (owned): as stored */
  JsonObject          *record; /* (owned): with its new derived values */
  gint64               version; /* stored */
} FamilyWrite;

static void
family_write_free (FamilyWrite *write)
{
  json_object_unref (write->old);
  json_object_unref (write->record);
  g_free (write);
}

static const RapportEntity *
family_child (const RapportEntity *document)
{
  guint n_entities;
  const RapportEntity * const *all = rapport_entity_all (&n_entities);

  for (guint i = 0; i < n_entities; i++)
    if (rapport_entity_parent (all[i]) == document)
      return all[i];
  return NULL;
}

/* Lines sort as the clients' stores sort them: by position, unset first,
 * then by id. */
static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  JsonObject *x = *(JsonObject **) a, *y = *(JsonObject **) b;
  int order = g_strcmp0 (rapport_json_get_string (x, "position"),
                         rapport_json_get_string (y, "position"));

  return order != 0 ? order : g_strcmp0 (rapport_json_get_string (x, "id"),
                                         rapport_json_get_string (y, "id"));
}

/* The live lines of @document_id, each with its stored version. */
static gboolean
load_lines (RapportServerBackend *backend,
            const RapportEntity  *child,
            const char           *document_id,
            GPtrArray            *lines,
            GError              **error)
{
  g_autofree char *after = NULL;

  for (;;)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_stored_record_free);

      if (!backend->vtable->list_records (backend, child->name, after, 500, rows, error))
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        {
          RapportStoredRecord *stored = g_ptr_array_index (rows, i);
          g_autoptr(JsonObject) line = stored->deleted ? NULL : rapport_server_parse_record (stored);

          if (line != NULL &&
              g_strcmp0 (rapport_json_get_string (line, child->parent_field), document_id) == 0)
            {
              json_object_set_int_member (line, "version", stored->version);
              g_ptr_array_add (lines, g_steal_pointer (&line));
            }
        }
      if (rows->len < 500)
        return TRUE;
      g_free (after);
      after = g_strdup (((RapportStoredRecord *) g_ptr_array_index (rows, rows->len - 1))->id);
    }
}

static gboolean
derived_equal (const RapportEntity *entity,
               JsonObject          *a,
               JsonObject          *b)
{
  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].flags & RAPPORT_FIELD_DERIVED)
      {
        JsonNode *x = json_object_get_member (a, entity->fields[i].name);
        JsonNode *y = json_object_get_member (b, entity->fields[i].name);

        if ((x == NULL) != (y == NULL) || (x != NULL && !json_node_equal (x, y)))
          return FALSE;
      }
  return TRUE;
}

/* Adds @record to @writes if the computation changed it. */
static void
add_if_changed (GPtrArray           *writes,
                const RapportEntity *entity,
                JsonObject          *old,
                JsonObject          *record)
{
  FamilyWrite *write;

  if (derived_equal (entity, old, record))
    return;
  write = g_new0 (FamilyWrite, 1);
  write->entity = entity;
  write->old = json_object_ref (old);
  write->record = json_object_ref (record);
  write->version = json_object_get_int_member_with_default (old, "version", 0);
  g_ptr_array_add (writes, write);
}

/* Whether @line can be computed on its own in the currency and tax mode
 * of @document; else @rejection names its field. */
static gboolean
check_line (const RapportEntity *entity,
            JsonObject          *document,
            JsonObject          *line,
            GError             **rejection)
{
  g_autoptr(JsonObject) alone = json_object_new ();
  g_autoptr(JsonObject) copy = rapport_json_object_copy (line);
  g_autoptr(JsonArray) lines = json_array_new ();
  g_autoptr(GError) refusal = NULL;
  const char *field;

  if (json_object_has_member (document, "currency"))
    json_object_set_member (alone, "currency", json_object_dup_member (document, "currency"));
  if (json_object_has_member (document, "tax_mode"))
    json_object_set_member (alone, "tax_mode", json_object_dup_member (document, "tax_mode"));
  json_array_add_object_element (lines, g_steal_pointer (&copy));
  if (entity->compute_family (alone, lines, &refusal))
    return TRUE;
  /* Alone it is line 1: the message need not number it. The rates are
   * two fields here: the second is the one that repeats the first. */
  field = rapport_validation_error_get_field (refusal);
  rapport_set_validation_error (rejection, refusal->code,
                                g_strcmp0 (field, "tax_rates_ppm") == 0 ? "tax2_rate_ppm" : field,
                                "%s",
                                strchr (refusal->message, ':') != NULL
                                  ? g_strstrip (strchr (refusal->message, ':') + 1)
                                  : refusal->message);
  return FALSE;
}

/**
 * rapport_server_documents_compute:
 * @entity: the type of the record written
 * @record: (nullable): the record as it will be stored; %NULL when it is
 *   deleted
 * @writes: gets the other members of its family whose derived values
 *   change, for rapport_server_documents_write() once @record is stored
 * @rejection: set, naming the field, when @record is a line that cannot
 *   be computed
 *
 * Sets the derived values of @record from its family as the write leaves
 * it. Does nothing for a type whose records have no family totals.
 */
gboolean
rapport_server_documents_compute (RapportServerBackend *backend,
                                  const RapportEntity  *entity,
                                  const char           *id,
                                  JsonObject           *record,
                                  GPtrArray            *writes,
                                  GError              **rejection,
                                  GError              **error)
{
  const RapportEntity *parent = rapport_entity_parent (entity);
  const RapportEntity *document = entity->compute_family != NULL ? entity : parent;
  const RapportEntity *child;
  g_autoptr(JsonObject) stored_document = NULL;
  g_autoptr(JsonObject) new_document = NULL;
  g_autoptr(GPtrArray) stored_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonArray) lines = json_array_new ();
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  const char *document_id;
  gboolean found = FALSE;

  g_ptr_array_set_free_func (writes, (GDestroyNotify) family_write_free);
  if (document == NULL || document->compute_family == NULL)
    return TRUE;
  child = family_child (document);

  if (document == entity)
    {
      /* A deleted document takes its lines with it: nothing to total. */
      if (record == NULL)
        return TRUE;
      document_id = id;
      new_document = json_object_ref (record);
    }
  else
    {
      g_autoptr(JsonObject) old_line = NULL;
      g_autoptr(RapportStoredRecord) stored_row = NULL;

      if (record == NULL)
        {
          g_autoptr(RapportStoredRecord) stored = NULL;

          if (!rapport_server_load_record (backend, entity, id, &stored, &old_line, error))
            return FALSE;
        }
      document_id = rapport_json_get_string (record != NULL ? record : old_line, entity->parent_field);
      if (document_id == NULL ||
          !rapport_server_load_record (backend, document, document_id, &stored_row,
                                       &stored_document, error))
        return document_id == NULL;
      /* A line of a deleted document is refused elsewhere. */
      if (stored_document == NULL || stored_row->deleted)
        return TRUE;
      json_object_set_int_member (stored_document, "version", stored_row->version);
      new_document = rapport_json_object_copy (stored_document);
      document_id = rapport_json_get_string (new_document, "id");
      if (record != NULL && !check_line (document, new_document, record, rejection))
        return TRUE;
    }

  if (child != NULL && !load_lines (backend, child, document_id, stored_lines, error))
    return FALSE;
  for (guint i = 0; i < stored_lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (stored_lines, i);

      if (entity == child && g_strcmp0 (rapport_json_get_string (line, "id"), id) == 0)
        {
          found = TRUE;
          if (record != NULL)
            g_ptr_array_add (sorted, record);
        }
      else
        g_ptr_array_add (sorted, rapport_json_object_copy (line));
    }
  if (entity == child && !found && record != NULL)
    g_ptr_array_add (sorted, record);
  g_ptr_array_sort (sorted, compare_lines);
  for (guint i = 0; i < sorted->len; i++)
    json_array_add_object_element (lines, g_ptr_array_index (sorted, i) == record
                                            ? json_object_ref (record)
                                            : g_ptr_array_index (sorted, i));

  /* A document the arithmetic refuses as a whole (a header discount larger
   * than its lines) has no totals until it is put right. */
  document->compute_family (new_document, lines, NULL);

  if (document != entity)
    add_if_changed (writes, document, stored_document, new_document);
  for (guint i = 0; i < stored_lines->len; i++)
    {
      JsonObject *old = g_ptr_array_index (stored_lines, i);

      for (guint k = 0; k < json_array_get_length (lines); k++)
        {
          JsonObject *line = json_array_get_object_element (lines, k);

          if (line != record &&
              g_strcmp0 (rapport_json_get_string (line, "id"), rapport_json_get_string (old, "id")) == 0)
            add_if_changed (writes, child, old, line);
        }
    }
  return TRUE;
}

/* Stores each of @writes as a new version: a derived value changed, not
 * what anybody typed, so who and when it was last edited stay. */
gboolean
rapport_server_documents_write (RapportServerBackend     *backend,
                                const RapportServerActor *actor,
                                GPtrArray                *writes,
                                const char               *now,
                                GError                  **error)
{
  for (guint i = 0; i < writes->len; i++)
    {
      FamilyWrite *write = g_ptr_array_index (writes, i);

      json_object_set_int_member (write->record, "version", write->version + 1);
      if (!rapport_server_store_write (backend, actor, write->entity,
                                       rapport_json_get_string (write->record, "id"),
                                       RAPPORT_OP_UPDATE, write->old, write->record,
                                       write->version + 1, now, error))
        return FALSE;
    }
  return TRUE;
}
