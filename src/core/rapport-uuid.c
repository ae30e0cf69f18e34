/* rapport-uuid.c: UUIDv7 (RFC 9562) record ids
 *
 * Ids are made wherever a record is created, client or server. A UUIDv7 starts
 * with the time in milliseconds, so new ids land at the end of every index
 * instead of at random pages, and no id is ever remapped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-uuid"

#include "config.h"

#include <sys/random.h>

#include "rapport-uuid.h"

static GMutex clock_lock;
static gint64 last_ms;
static guint16 last_counter;

char *
rapport_uuid_v7_new (void)
{
  guint8 b[16];
  gint64 ms;
  guint16 counter;

  /* getrandom() blocks only before the kernel's pool is first seeded. */
  if (getrandom (b, sizeof b, 0) != sizeof b)
    g_error ("Could not read random bytes for a record id");

  ms = g_get_real_time () / 1000;

  /* Within one millisecond the 12-bit rand_a field counts up (RFC 9562, method
   * 1), so ids made by one process stay in creation order. */
  g_mutex_lock (&clock_lock);
  if (ms <= last_ms)
    {
      ms = last_ms;
      counter = ++last_counter;
      if (counter > 0x0fff)
        {
          ms = ++last_ms;
          counter = last_counter = (b[6] << 4 | b[7] >> 4) & 0x03ff;
        }
    }
  else
    {
      last_ms = ms;
      /* Start low in the range so the counter rarely overflows. */
      counter = last_counter = (b[6] << 4 | b[7] >> 4) & 0x03ff;
    }
  g_mutex_unlock (&clock_lock);

  b[0] = ms >> 40;
  b[1] = ms >> 32;
  b[2] = ms >> 24;
  b[3] = ms >> 16;
  b[4] = ms >> 8;
  b[5] = ms;
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (b[8] & 0x3f);

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* Any RFC 9562 UUID in its lower-case text form: ids made elsewhere (an
 * import, an older client) are accepted as long as they are well formed. */
gboolean
rapport_uuid_is_valid (const char *text)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      char c = text[i];

      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (c != '-')
            return FALSE;
        }
      else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
        return FALSE;
    }
  return text[36] == '\0';
}

/* The same UUID for the same @name, everywhere: an RFC 9562 version 8 id
 * made of the name's SHA-256. */
char *
rapport_uuid_from_name (const char *name)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 b[32];
  gsize length = sizeof b;

  g_checksum_update (checksum, (const guchar *) "rapport:", -1);
  g_checksum_update (checksum, (const guchar *) name, -1);
  g_checksum_get_digest (checksum, b, &length);
  b[6] = 0x80 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/**
 * rapport_uuid_v7_time:
 * @text: (nullable): a UUID
 *
 * Returns: (transfer full) (nullable): when a UUIDv7 was made, RFC 3339 in
 *   UTC to the second ("2026-03-02T09:15:00Z"), or %NULL for another UUID
 */
char *
rapport_uuid_v7_time (const char *text)
{
  g_autoptr(GDateTime) time = NULL;
  gint64 ms = 0;

  if (!rapport_uuid_is_valid (text) || text[14] != '7')
    return NULL;
  for (guint i = 0; i < 13; i++)
    if (text[i] != '-')
      ms = ms * 16 + g_ascii_xdigit_value (text[i]);
  time = g_date_time_new_from_unix_utc (ms / 1000);
  return time != NULL ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}
