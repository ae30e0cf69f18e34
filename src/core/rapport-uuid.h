/* rapport-uuid.h: record ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *rapport_uuid_v7_new   (void);
gboolean  rapport_uuid_is_valid (const char *text);
char     *rapport_uuid_from_name (const char *name);
char     *rapport_uuid_v7_time   (const char *text);

G_END_DECLS
