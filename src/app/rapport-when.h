/* rapport-when.h: times as the user types and reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GDateTime *rapport_when_parse_local  (const char *text);
char      *rapport_when_format_local (GDateTime  *time);
char      *rapport_when_format_value (const char *value);
char      *rapport_when_near         (const char *value,
                                      GDateTime  *now);
char      *rapport_when_relative     (const char *value,
                                      GDateTime  *now);
char      *rapport_when_typing_hint  (void);

G_END_DECLS
