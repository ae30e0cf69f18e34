/* rapport-not-duplicate.h: two records a user said are not duplicates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean rapport_not_duplicate_check (JsonObject *mark,
                                      GError    **error);

G_END_DECLS
