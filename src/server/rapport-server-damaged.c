/* rapport-server-damaged.c: live records whose stored text cannot be read
 *
 * A row can only be damaged from outside the server (a disk fault, a hand
 * edit of the file, a bug of an older version). Such a record is never
 * served, never written over by a rep and never taken for unowned; it is
 * noted in the database, logged once, and listed for admins by
 * GET /api/v1/damaged and `rapport-server check`. A manager's or an admin's
 * delete clears it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-damaged"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-server-error.h"
#include "rapport-server-private.h"

#define SCAN_PAGE 1000

void
rapport_server_note_damaged (RapportServerBackend      *backend,
                             const RapportStoredRecord *stored)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = rapport_server_now ();
  gboolean is_new = FALSE;

  if (!backend->vtable->note_damaged (backend, stored->entity, stored->id, stored->seq, now,
                                      &is_new, &error))
    g_message ("Cannot note damaged %s %s: %s", stored->entity, stored->id, error->message);
  else if (is_new)
    g_message ("The stored %s %s (change %" G_GINT64_FORMAT ") is not readable JSON: it is not"
               " served and cannot be edited until a manager or an admin deletes it",
               stored->entity, stored->id, stored->seq);
}

/**
 * rapport_server_scan_damaged:
 * @out_checked: (out): how many live records were read
 *
 * Reads every live record and notes those that cannot be read; then
 * `list_damaged` has them all.
 */
gboolean
rapport_server_scan_damaged (RapportServerBackend *backend,
                             guint                *out_checked,
                             GError              **error)
{
  gint64 since = 0;

  *out_checked = 0;
  for (;;)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_stored_record_free);

      if (!backend->vtable->list_changes (backend, since, SCAN_PAGE, rows, error))
        return FALSE;
      if (rows->len == 0)
        return TRUE;
      for (guint i = 0; i < rows->len; i++)
        {
          RapportStoredRecord *row = g_ptr_array_index (rows, i);
          g_autofree char *repaired = NULL;

          since = row->seq;
          if (row->deleted)
            continue;
          (*out_checked)++;
          if (rapport_server_record_text (row, &repaired) == NULL)
            rapport_server_note_damaged (backend, row);
        }
    }
}

void
rapport_server_handle_damaged (RapportServer      *self,
                               SoupServerMessage  *msg,
                               RapportServerActor *actor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  if (!rapport_server_actor_is (actor, "admin"))
    {
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_FORBIDDEN, NULL,
                                _("Only an admin can list damaged records"));
      rapport_server_respond_error (msg, error);
      return;
    }
  if (!self->backend->vtable->list_damaged (self->backend, entries, &error))
    {
      rapport_server_respond_error (msg, error);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (entries, i)));
  json_object_set_array_member (body, "damaged", g_steal_pointer (&array));
  node = json_node_init_object (json_node_alloc (), body);
  rapport_server_respond_json (msg, SOUP_STATUS_OK, node);
}
