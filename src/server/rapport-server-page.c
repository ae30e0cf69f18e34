/* rapport-server-page.c: stored records written into a page of an answer
 *
 * Stored records go into responses as text, without a parse and a second
 * generation, once rapport_server_record_text() has checked them. A page ends
 * at a row limit or at RAPPORT_BACKEND_PAGE_BYTES, whichever comes first, so
 * that no set of records can make a page larger than a client accepts, and a
 * damaged record is left out (and noted for admins): one record must never
 * make a page unreadable for every client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-page"

#include "config.h"

#include <string.h>

#include "rapport-json.h"
#include "rapport-server-private.h"

static gboolean
append_record (RapportServer             *self,
               GString                   *json,
               const RapportStoredRecord *row)
{
  g_autofree char *repaired = NULL;
  const char *text = rapport_server_record_text (row, &repaired);

  if (text == NULL)
    {
      rapport_server_note_damaged (self->backend, row);
      return FALSE;
    }
  g_string_append (json, text);
  return TRUE;
}

/* One change of the feed: {"seq", "entity", "id", "deleted", "record"}. */
static gboolean
append_change (RapportServer             *self,
               GString                   *json,
               const RapportStoredRecord *row)
{
  g_string_append_printf (json, "{\"seq\":%" G_GINT64_FORMAT ",\"entity\":\"%s\",\"id\":\"%s\",",
                          row->seq, row->entity, row->id);
  if (row->deleted)
    {
      g_string_append (json, "\"deleted\":true}");
      return TRUE;
    }
  g_string_append (json, "\"deleted\":false,\"record\":");
  if (!append_record (self, json, row))
    return FALSE;
  g_string_append_c (json, '}');
  return TRUE;
}

/**
 * rapport_server_append_page:
 * @rows: (element-type RapportStoredRecord): what the backend read: up to
 *   @limit rows and one more, or fewer when it stopped at its byte bound
 * @as_changes: write feed changes rather than bare records
 * @out_more: whether rows follow the page
 *
 * Returns: how many of @rows the page went through, the damaged ones
 *   included: the page's cursor is the last of them
 */
guint
rapport_server_append_page (RapportServer *self,
                            GString       *json,
                            GPtrArray     *rows,
                            guint          limit,
                            gboolean       as_changes,
                            gboolean      *out_more)
{
  gsize start = json->len;
  gsize read_bytes = 0;
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const char *data = ((RapportStoredRecord *) g_ptr_array_index (rows, i))->data;

      read_bytes += data != NULL ? strlen (data) : 0;
    }

  while (n < MIN (rows->len, limit) && json->len - start <= RAPPORT_BACKEND_PAGE_BYTES)
    {
      RapportStoredRecord *row = g_ptr_array_index (rows, n++);
      gsize mark = json->len;
      gboolean written;

      if (mark > start)
        g_string_append_c (json, ',');
      written = as_changes ? append_change (self, json, row) : append_record (self, json, row);
      if (!written)
        g_string_truncate (json, mark);
    }

  /* The backend stops reading past its byte bound, so rows may follow even
   * when it returned no more than the page used. */
  *out_more = n < rows->len || read_bytes > RAPPORT_BACKEND_PAGE_BYTES;
  return n;
}

/* JSON text the server wrote itself, such as history entries, repaired if an
 * older version wrote it with raw control characters. */
void
rapport_server_append_json_text (GString    *json,
                                 const char *text)
{
  g_autofree char *repaired = rapport_json_make_safe (text, strlen (text));

  g_string_append (json, repaired != NULL ? repaired : text);
}
