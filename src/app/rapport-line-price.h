/* rapport-line-price.h: where a line's unit price came from, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean rapport_line_price_is_manual (JsonObject *line);
char    *rapport_line_price_source    (JsonObject *line);

G_END_DECLS
