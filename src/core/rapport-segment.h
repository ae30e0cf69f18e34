/* rapport-segment.h: segments, saved filters of one record type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-filter.h"

G_BEGIN_DECLS

gboolean       rapport_segment_check  (JsonObject *segment,
                                       GError    **error);
RapportFilter *rapport_segment_filter (JsonObject *segment,
                                       GError    **error);

G_END_DECLS
