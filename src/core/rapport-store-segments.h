/* rapport-store-segments.h: a segment's members in the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

GStrv rapport_store_segment_ids (RapportStore *self,
                                 JsonObject   *segment,
                                 GError      **error);

G_END_DECLS
