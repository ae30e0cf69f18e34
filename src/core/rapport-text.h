/* rapport-text.h: text as search and sorting see it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char    *rapport_text_fold      (const char *text);
gboolean rapport_text_is_cjk    (gunichar    c);
char    *rapport_text_fts_query (const char *typed);

G_END_DECLS
