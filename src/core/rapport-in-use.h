/* rapport-in-use.h: records that stay while other records use them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-entity.h"

G_BEGIN_DECLS

GPtrArray *rapport_in_use_relations (const RapportEntity *entity);
char      *rapport_in_use_message   (const RapportEntity *entity,
                                     GPtrArray           *relations,
                                     const gint64        *counts);

G_END_DECLS
