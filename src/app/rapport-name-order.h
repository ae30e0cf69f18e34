/* rapport-name-order.h: which of a person's names is asked for first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean rapport_name_order_family_first (void);
char   **rapport_name_order_apply        (const char * const *fields);

G_END_DECLS
