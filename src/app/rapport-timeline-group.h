/* rapport-timeline-group.h: a record's activities in its detail view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-record-group.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TIMELINE_GROUP (rapport_timeline_group_get_type ())
G_DECLARE_FINAL_TYPE (RapportTimelineGroup, rapport_timeline_group,
                      RAPPORT, TIMELINE_GROUP, RapportRecordGroup)

G_END_DECLS
