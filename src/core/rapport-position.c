/* rapport-position.c: order keys of ordered child records
 *
 * A line's place among its siblings is a key of digits 0-9A-Za-z that sorts
 * as plain text (SQLite's BINARY order), ties broken by the record's id. A
 * new line gets a key between its neighbours', so inserting never renumbers
 * the others: two clients that insert between the same two lines offline
 * each send one new record, and every replica orders the two the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-position"

#include "config.h"

#include <string.h>

#include "rapport-position.h"

static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
#define BASE ((int) sizeof digits - 1)

/* The value of a digit; anything else counts as the lowest. */
static int
digit_value (char c)
{
  const char *at = c != '\0' ? strchr (digits, c) : NULL;

  return at != NULL ? (int) (at - digits) : 0;
}

/**
 * rapport_position_between:
 * @before: (nullable): the key of the line before; %NULL or "" for the start
 * @after: (nullable): the key of the line after; %NULL for the end
 *
 * A key that sorts after @before and before @after. Keys it makes never end
 * in the lowest digit, so there is always room before one. When @after does
 * not sort after @before (two lines with the same key), the key goes after
 * @before: the order is then kept by the ids.
 *
 * Returns: (transfer full): the new key
 */
char *
rapport_position_between (const char *before,
                          const char *after)
{
  GString *key = g_string_new (NULL);
  gboolean bounded;
  gsize i;

  if (before == NULL)
    before = "";
  bounded = after != NULL && strcmp (before, after) < 0;

  for (i = 0;; i++)
    {
      int low = i < strlen (before) ? digit_value (before[i]) : 0;
      int high = bounded && i < strlen (after) ? digit_value (after[i]) : BASE;

      if (high - low > 1)
        {
          g_string_append_c (key, digits[(low + high) / 2]);
          break;
        }
      g_string_append_c (key, digits[low]);
      /* Once a digit is below @after's, any tail keeps the key below it. */
      if (high != low)
        bounded = FALSE;
    }
  return g_string_free (key, FALSE);
}
