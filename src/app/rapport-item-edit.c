/* rapport-item-edit.c: what the task and activity dialogs do alike
 *
 * Both dialogs make a new item or edit one they were given: an edit stores
 * only the fields that changed, and a delete waits for the Undo toast of
 * the window behind the dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-item-edit"

#include "config.h"

#include "rapport-item-edit.h"
#include "rapport-pending-deletes.h"

/* A text member of @record (nullable), or NULL. */
const char *
rapport_item_edit_get_string (JsonObject *record,
                              const char *member)
{
  JsonNode *node = record != NULL ? json_object_get_member (record, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* Sets @member to @value, or to null when the user emptied it. */
void
rapport_item_edit_set_or_clear (JsonObject *fields,
                                const char *member,
                                const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (fields, member, value);
  else
    json_object_set_null_member (fields, member);
}

/**
 * rapport_item_edit_save:
 * @existing: (nullable): the item being edited, or %NULL for a new one
 * @fields: what to store: all of a new item, what changed of an edited one
 *
 * Returns: (transfer full) (nullable): the item as stored, or %NULL with
 *   @error set (a validation error names its field)
 */
JsonObject *
rapport_item_edit_save (RapportStore *store,
                        const char   *entity,
                        JsonObject   *existing,
                        JsonObject   *fields,
                        GError      **error)
{
  if (existing == NULL)
    return rapport_store_create (store, entity, fields, error);
  if (json_object_get_size (fields) == 0)
    return json_object_ref (existing);
  return rapport_store_update (store, entity, rapport_item_edit_get_string (existing, "id"), fields,
                               error);
}

/**
 * rapport_item_edit_delete:
 * @label: what the Undo toast calls the item
 *
 * Deletes @existing once the Undo toast of the window behind @dialog has
 * gone, and closes @dialog.
 */
void
rapport_item_edit_delete (GtkWindow    *dialog,
                          RapportStore *store,
                          const char   *entity,
                          JsonObject   *existing,
                          const char   *label)
{
  rapport_pending_deletes_add (rapport_pending_deletes_get (store),
                               gtk_window_get_transient_for (dialog), entity,
                               rapport_item_edit_get_string (existing, "id"), label);
  gtk_window_close (dialog);
}
