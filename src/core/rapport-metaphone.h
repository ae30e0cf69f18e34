/* rapport-metaphone.h: how a Latin name sounds, for matching only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void rapport_double_metaphone (const char  *name,
                               char       **primary,
                               char       **secondary);

G_END_DECLS
