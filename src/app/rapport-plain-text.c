/* rapport-plain-text.c: user text into libadwaita labels that parse markup
 *
 * In libadwaita 1.2 a toast's title and a preferences group's title and
 * description are always Pango markup, with no property to turn it off: a
 * record called "Bergmann & Söhne" would show blank, and "<b>" would turn
 * bold. Anything that may hold a record's text, a server's message or an
 * error goes through here. (Rows have use-markup; they set it to FALSE
 * before their title.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport"

#include "config.h"

#include "rapport-plain-text.h"

AdwToast *
rapport_toast_new_plain (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  return adw_toast_new (escaped);
}

void
rapport_group_set_plain_title (AdwPreferencesGroup *group,
                               const char          *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  adw_preferences_group_set_title (group, escaped);
}

void
rapport_group_set_plain_description (AdwPreferencesGroup *group,
                                     const char          *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  adw_preferences_group_set_description (group, escaped);
}
