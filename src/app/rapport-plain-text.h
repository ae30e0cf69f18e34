/* rapport-plain-text.h: user text into libadwaita labels that parse markup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwToast *rapport_toast_new_plain             (const char          *text);
void      rapport_group_set_plain_title       (AdwPreferencesGroup *group,
                                               const char          *text);
void      rapport_group_set_plain_description (AdwPreferencesGroup *group,
                                               const char          *text);

G_END_DECLS
