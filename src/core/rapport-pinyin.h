/* rapport-pinyin.h: Chinese names in pinyin, for matching only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *rapport_pinyin_of_name      (const char *name);
char     *rapport_pinyin_letters      (const char *name);
gboolean  rapport_pinyin_is_syllables (const char *letters);

G_END_DECLS
