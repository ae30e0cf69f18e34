/* rapport-item-edit.c: deleting a task or an activity, and asking about unlikely values
 *
 * A delete from the task or activity dialog waits for the Undo toast of
 * the window behind the dialog. Before saving, the record editor asks
 * once about values that are valid but unlikely.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-item-edit"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-item-edit.h"
#include "rapport-json.h"
#include "rapport-window.h"
#include "rapport-plausible.h"

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autofree char *entity = data;
  g_autoptr(GError) error = NULL;

  if (!rapport_store_delete_finish (RAPPORT_STORE (object), result, &error))
    g_warning ("Could not delete the %s: %s", entity, error->message);
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
  GtkWindow *window = gtk_window_get_transient_for (dialog);
  const char *id = rapport_json_get_string (existing, "id");

  /* Undone like a record: through the book's queue, with the window's toast. */
  if (RAPPORT_IS_WINDOW (window))
    rapport_undo_queue_delete (rapport_context_get_undo_queue (rapport_window_get_context (RAPPORT_WINDOW (window))),
                               entity, id, label);
  else
    rapport_store_delete_async (store, entity, id, NULL, deleted_cb, g_strdup (entity));
  gtk_window_close (dialog);
}

/**
 * rapport_item_edit_doubt:
 * @existing: (nullable): the record being edited, or %NULL for a new one
 * @fields: what the user changed
 * @asked: (inout) (transfer full) (nullable): what was last asked; the same
 *   question about the same values a second time counts as "yes, keep it"
 * @field: (out): the field the question is about
 *
 * Returns: (transfer full) (nullable): a question to show at @field before
 *   saving, such as "The reminder is after the due time", or %NULL to save
 */
char *
rapport_item_edit_doubt (const RapportEntity  *entity,
                         JsonObject           *existing,
                         JsonObject           *fields,
                         char                **asked,
                         const char          **field)
{
  g_autoptr(JsonObject) record = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) doubts = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *values = NULL;
  g_autofree char *key = NULL;
  RapportDoubt *doubt;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  *field = NULL;
  /* The record as it would be stored: what it was, then what changed. */
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *part = i == 0 ? existing : fields;

      if (part == NULL)
        continue;
      json_object_iter_init (&iter, part);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (record, name, json_node_copy (value));
    }
  doubts = rapport_plausible_check (entity, record, now);
  if (doubts->len == 0)
    return NULL;

  doubt = g_ptr_array_index (doubts, 0);
  node = json_node_init_object (json_node_alloc (), fields);
  values = json_to_string (node, FALSE);
  key = g_strconcat (doubt->message, "\n", values, NULL);
  if (g_strcmp0 (*asked, key) == 0)
    return NULL;
  g_free (*asked);
  *asked = g_steal_pointer (&key);
  *field = doubt->field;
  /* Translators: %s is a question about a value, e.g. "The reminder is after the due time" */
  return g_strdup_printf (_("%s\nSave again to keep it."), doubt->message);
}
