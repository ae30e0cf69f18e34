/* rapport-entity-private.h: the descriptor table, for rapport-entity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-entity.h"

G_BEGIN_DECLS

/* Referenced records come before the records that point at them. */
extern const RapportEntity * const rapport_entity_table[];
extern const guint rapport_entity_table_length;

G_END_DECLS
