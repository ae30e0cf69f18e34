/* rapport-deal-stale.h: deals nobody has worked on for their stage's rotten_days
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-filter.h"

G_BEGIN_DECLS

RapportFilter *rapport_deal_stale_filter (const char *stage_id,
                                          gint64      rotten_days,
                                          GDateTime  *now,
                                          GError    **error);
const char    *rapport_deal_touched_at   (JsonObject *record);

G_END_DECLS
