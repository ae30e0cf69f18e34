/* rapport-server-documents.c: a quote's or an order's totals on the server
 *
 * A line's own amounts follow from the line and its document's currency
 * and tax mode (rapport_document_compute_line()); the document's totals
 * from the document and all its lines (RapportEntity.compute_family), with
 * the functions the clients use. A line written gets its amounts before it
 * is stored, and marks its document stale; before the transaction commits,
 * each stale document is totalled once and, if its totals changed, written
 * as a new version, so that the changes feed brings them to every client:
 * a push of 500 lines reads the document's lines once, not 500 times. A
 * document written gets its totals at once, and its lines new versions
 * only if their amounts changed with its currency or tax mode. A line the
 * arithmetic refuses (two discounts, a credit line that adds) is refused,
 * naming the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server"

#include "config.h"

#include <string.h>

#include "rapport-derived.h"
#include "rapport-json.h"
#include "rapport-server-approvals.h"
#include "rapport-server-children.h"
#include "rapport-server-documents.h"
#include "rapport-server-lifecycle.h"
#include "rapport-validate.h"

/* A member of a family whose derived values the write changed. */
typedef struct
{
  const RapportEntity *entity;
  JsonObject          *old;     /* (owned): as stored */
  JsonObject          *record;  /* (owned): with its new derived values */
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
  guint                        n_entities;
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
  int         order = g_strcmp0 (rapport_json_get_string (x, "position"),
                                 rapport_json_get_string (y, "position"));

  return order != 0 ? order : g_strcmp0 (rapport_json_get_string (x, "id"), rapport_json_get_string (y, "id"));
}

/**
 * rapport_server_documents_add_write:
 * @old: the record as stored, with its `version`
 * @record: what to store as its next version
 *
 * Adds to @writes a write that follows from another (a document's totals,
 * its state after an approval), stored by rapport_server_documents_write().
 */
void
rapport_server_documents_add_write (GPtrArray           *writes,
                                    const RapportEntity *entity,
                                    JsonObject          *old,
                                    JsonObject          *record)
{
  FamilyWrite *write = g_new0 (FamilyWrite, 1);

  write->entity = entity;
  write->old = json_object_ref (old);
  write->record = json_object_ref (record);
  write->version = json_object_get_int_member_with_default (old, "version", 0);
  g_ptr_array_add (writes, write);
}

/* Adds @record to @writes if the computation changed it. */
static void
add_if_changed (GPtrArray           *writes,
                const RapportEntity *entity,
                JsonObject          *old,
                JsonObject          *record)
{
  if (!rapport_record_derived_equal (entity, old, record))
    rapport_server_documents_add_write (writes, entity, old, record);
}

/* The stored lines of @document in order, each with its version, in
 * @stored_lines, and copies of them in @lines. */
static gboolean
read_lines (RapportServerBackend *backend,
            const RapportEntity  *entity,
            JsonObject           *document,
            GPtrArray            *stored_lines,
            JsonArray            *lines,
            GError              **error)
{
  const RapportEntity *child = family_child (entity);

  if (child != NULL &&
      !rapport_server_list_children (backend, child, child->parent_field,
                                     rapport_json_get_string (document, "id"), stored_lines,
                                     error))
    return FALSE;
  g_ptr_array_sort (stored_lines, compare_lines);
  for (guint i = 0; i < stored_lines->len; i++)
    json_array_add_object_element (lines,
                                   rapport_json_object_copy (g_ptr_array_index (stored_lines, i)));
  return TRUE;
}

/**
 * rapport_server_documents_family:
 * @document: a quote or an order, computed in place
 * @lines: (out) (transfer full): its stored lines in order, computed
 */
gboolean
rapport_server_documents_family (RapportServerBackend *backend,
                                 const RapportEntity  *entity,
                                 JsonObject           *document,
                                 JsonArray           **lines,
                                 GError              **error)
{
  g_autoptr(GPtrArray) stored_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonArray) computed = json_array_new ();

  if (!read_lines (backend, entity, document, stored_lines, computed, error))
    return FALSE;
  entity->compute_family (document, computed, NULL);
  *lines = g_steal_pointer (&computed);
  return TRUE;
}

/* Computes @document (its stored lines with it) and adds to @writes the
 * lines whose amounts that changes, and @stored_document if given and its
 * totals changed; @out_lines gets the lines computed. */
static gboolean
compute_family (RapportServerBackend *backend,
                const RapportEntity  *entity,
                JsonObject           *document,
                JsonObject           *stored_document,
                GPtrArray            *writes,
                JsonArray           **out_lines,
                GError              **error)
{
  const RapportEntity *child = family_child (entity);
  g_autoptr(GPtrArray) stored_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonArray) lines = json_array_new ();

  if (!read_lines (backend, entity, document, stored_lines, lines, error))
    return FALSE;

  /* A document the arithmetic refuses as a whole (a header discount larger
   * than its lines) has no totals until it is put right. */
  entity->compute_family (document, lines, NULL);

  if (stored_document != NULL)
    add_if_changed (writes, entity, stored_document, document);
  for (guint i = 0; i < stored_lines->len; i++)
    add_if_changed (writes, child, g_ptr_array_index (stored_lines, i),
                    json_array_get_object_element (lines, i));
  if (out_lines != NULL)
    *out_lines = g_steal_pointer (&lines);
  return TRUE;
}

/* Computes @line on its own in the currency and tax mode of @document;
 * else @rejection names its field. */
static void
compute_line (JsonObject *document,
              JsonObject *line,
              GError    **rejection)
{
  g_autoptr(GError) refusal = NULL;
  const char *field;

  if (rapport_document_compute_line (document, line, &refusal))
    return;
  /* Alone it is line 1: the message need not number it. The rates are
   * two fields here: the second is the one that repeats the first. */
  field = rapport_validation_error_get_field (refusal);
  rapport_set_validation_error (rejection, refusal->code,
                                g_strcmp0 (field, "tax_rates_ppm") == 0 ? "tax2_rate_ppm" : field,
                                "%s",
                                strchr (refusal->message, ':') != NULL
                                  ? g_strstrip (strchr (refusal->message, ':') + 1)
                                  : refusal->message);
}

/**
 * rapport_server_documents_mark_stale:
 * @document: a quote or an order type
 *
 * Has the document @id computed again when the transaction is flushed:
 * its totals, and how far an order is delivered.
 */
void
rapport_server_documents_mark_stale (RapportServerBackend *backend,
                                     const RapportEntity  *document,
                                     const char           *id)
{
  if (backend->stale_documents == NULL)
    backend->stale_documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (backend->stale_documents, g_strconcat (document->name, "/", id, NULL));
}

/**
 * rapport_server_documents_compute:
 * @entity: the type of the record written
 * @record: (nullable): the record as it will be stored; %NULL when it is
 *   deleted
 * @writes: gets the lines whose amounts a document's write changes, for
 *   rapport_server_documents_write() once @record is stored
 * @rejection: set, naming the field, when @record is a line that cannot
 *   be computed
 *
 * Sets the derived values of @record: a document's totals from its stored
 * lines, a line's own amounts; a line's document is marked for
 * rapport_server_documents_flush(). Does nothing for a type whose records
 * have no family totals.
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
  const RapportEntity *document = rapport_entity_parent (entity);
  g_autoptr(RapportStoredRecord) stored_row = NULL;
  g_autoptr(JsonObject) stored_document = NULL;
  g_autoptr(JsonObject) old_line = NULL;
  const char *document_id;

  g_ptr_array_set_free_func (writes, (GDestroyNotify) family_write_free);
  if (entity->compute_family != NULL)
    {
      /* A deleted document takes its lines with it: nothing to total. */
      if (record == NULL)
        return TRUE;
      return compute_family (backend, entity, record, NULL, writes, NULL, error);
    }
  if (document == NULL || document->compute_family == NULL)
    return TRUE;

  if (record == NULL)
    {
      g_autoptr(RapportStoredRecord) stored = NULL;

      if (!rapport_server_load_record (backend, entity, id, &stored, &old_line, error))
        return FALSE;
    }
  document_id = rapport_json_get_string (record != NULL ? record : old_line, entity->parent_field);
  if (document_id == NULL ||
      !rapport_server_load_record (backend, document, document_id, &stored_row, &stored_document,
                                   error))
    return document_id == NULL;
  /* A line of a deleted document is refused elsewhere. */
  if (stored_document == NULL || stored_row->deleted)
    return TRUE;
  if (record != NULL && rapport_entity_has_derived (entity))
    compute_line (stored_document, record, rejection);
  rapport_server_documents_mark_stale (backend, document, document_id);
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

/**
 * rapport_server_documents_flush:
 *
 * Totals every document whose lines the open transaction wrote, once,
 * and writes those whose totals changed. Call before the commit.
 */
gboolean
rapport_server_documents_flush (RapportServerBackend     *backend,
                                const RapportServerActor *actor,
                                const char               *now,
                                GError                  **error)
{
  g_autoptr(GHashTable) stale = g_steal_pointer (&backend->stale_documents);
  g_autoptr(GPtrArray) writes = g_ptr_array_new_with_free_func ((GDestroyNotify) family_write_free);
  GHashTableIter iter;
  gpointer       key;

  if (stale == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, stale);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto(GStrv) parts = g_strsplit (key, "/", 2);
      const RapportEntity *entity = rapport_entity_lookup (parts[0]);
      g_autoptr(RapportStoredRecord) stored = NULL;
      g_autoptr(JsonObject) record = NULL;
      g_autoptr(JsonObject) computed = NULL;
      g_autoptr(JsonArray) lines = NULL;

      if (!rapport_server_load_record (backend, entity, parts[1], &stored, &record, error))
        return FALSE;
      /* Deleted since its line was written. */
      if (record == NULL || stored->deleted)
        continue;
      json_object_set_int_member (record, "version", stored->version);
      computed = rapport_json_object_copy (record);
      /* What its lines change: its totals, whether its approval holds, how
       * far it is delivered. */
      if (!compute_family (backend, entity, computed, NULL, writes, &lines, error) ||
          !rapport_server_approvals_follow_edit (backend, entity, record, computed, writes, error))
        return FALSE;
      rapport_server_lifecycle_follow_lines (entity, computed, lines);
      if (!rapport_record_derived_equal (entity, record, computed) ||
          g_strcmp0 (rapport_json_get_string (record, "state"),
                     rapport_json_get_string (computed, "state")) != 0)
        rapport_server_documents_add_write (writes, entity, record, computed);
    }
  return rapport_server_documents_write (backend, actor, writes, now, error);
}

/**
 * rapport_server_documents_forget:
 *
 * Forgets the documents marked stale: the transaction that marked them
 * was rolled back.
 */
void
rapport_server_documents_forget (RapportServerBackend *backend)
{
  g_clear_pointer (&backend->stale_documents, g_hash_table_unref);
}
