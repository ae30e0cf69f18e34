/* rapport-server-epoch-mark.c: the mark beside a database that tells a restore
 *
 * A database file copied back from a backup cannot know that it was: it
 * looks like the live file did at the time of the backup. The mark, a small
 * text file beside it ("DB.epoch"), remembers the database's id, its epoch
 * and how far its change sequence had come. It is written only with what
 * was committed, so the database is never honestly behind it; a database of
 * the same id and epoch that is behind its mark was put back, and the server
 * starts a new epoch so that clients re-send what it lost. `rapport-server
 * restore` starts one in any case; the mark catches a `cp`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-epoch-mark"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-server-epoch-mark.h"

#define MARK_SUFFIX ".epoch"
#define MAX_MARK_BYTES 256

/**
 * rapport_server_epoch_mark_derive_id:
 * @seed: something every copy of a database shares (its first user's id)
 *
 * Returns: (transfer full): a UUID (version 8) made from @seed
 */
char *
rapport_server_epoch_mark_derive_id (const char *seed)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);

  /* Version 8 ("custom") and the RFC 9562 variant, over the digest's bits. */
  digest[12] = '8';
  digest[16] = "89ab"[g_ascii_xdigit_value (digest[16]) & 3];
  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", digest, digest + 8, digest + 12,
                          digest + 16, digest + 20);
}

static char *
mark_path (const char *database)
{
  return g_strconcat (database, MARK_SUFFIX, NULL);
}

/**
 * rapport_server_epoch_mark_read:
 *
 * Returns: %TRUE when a readable mark was found; a missing or damaged one is
 *   no mark at all
 */
gboolean
rapport_server_epoch_mark_read (const char  *database,
                                char       **out_id,
                                char       **out_epoch,
                                gint64      *out_seq)
{
  g_autofree char *path = mark_path (database);
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;
  gsize length;

  if (!g_file_get_contents (path, &text, &length, NULL) || length > MAX_MARK_BYTES)
    return FALSE;
  words = g_strsplit_set (g_strstrip (text), " \n", -1);
  if (g_strv_length (words) != 3 ||
      !g_ascii_string_to_signed (words[2], 10, 0, G_MAXINT64, out_seq, NULL))
    return FALSE;
  *out_id = g_strdup (words[0]);
  *out_epoch = g_strdup (words[1]);
  return TRUE;
}

gboolean
rapport_server_epoch_mark_write (const char  *database,
                                 const char  *id,
                                 const char  *epoch,
                                 gint64       seq,
                                 GError     **error)
{
  g_autofree char *path = mark_path (database);
  g_autofree char *text = g_strdup_printf ("%s %s %" G_GINT64_FORMAT "\n", id, epoch, seq);

  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      g_prefix_error (error, _("Could not mark how far %s has come: "), database);
      return FALSE;
    }
  return TRUE;
}
