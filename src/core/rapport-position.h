/* rapport-position.h: order keys of ordered child records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *rapport_position_between (const char *before,
                                const char *after);

G_END_DECLS
