/* rapport-name-order.c: which of a person's names is asked for first
 *
 * In Chinese (and Japanese, Korean, Hungarian, …) the family name comes
 * first: a form that asks 名 before 姓 gets them typed the wrong way round.
 * The translation says which order its language uses, so the form follows
 * the language the user reads, whatever the other locale settings are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-name-order"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-name-order.h"

/* TRUE when the user's language writes the family name before the given one. */
gboolean
rapport_name_order_family_first (void)
{
  /* Translators: "family-first" if your language writes the family name
   * before the given name (as Chinese does), else "given-first". Do not
   * translate it into other words. */
  return g_str_equal (C_("name order", "given-first"), "family-first");
}

/**
 * rapport_name_order_apply:
 * @fields: a layout's field names, %NULL-terminated
 *
 * Returns: (transfer full): @fields in the order the form asks for them:
 *   with "last_name" moved before "first_name" where the family name comes
 *   first.
 */
char **
rapport_name_order_apply (const char * const *fields)
{
  g_auto(GStrv) ordered = g_strdupv ((char **) fields);
  char **first = NULL, **last = NULL;

  if (!rapport_name_order_family_first ())
    return g_steal_pointer (&ordered);
  for (char **field = ordered; *field != NULL; field++)
    {
      if (g_str_equal (*field, "first_name"))
        first = field;
      else if (g_str_equal (*field, "last_name"))
        last = field;
    }
  if (first != NULL && last != NULL && first < last)
    {
      char *given = *first;

      *first = *last;
      *last = given;
    }
  return g_steal_pointer (&ordered);
}
