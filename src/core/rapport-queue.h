/* rapport-queue.h: records worked as a queue (cases): stamps, due, rank
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

void      rapport_queue_stamp          (const RapportEntity *entity,
                                        JsonObject          *old,
                                        JsonObject          *changes,
                                        const char          *now);
gboolean  rapport_queue_is_unresolved  (const RapportEntity *entity,
                                        JsonObject          *record);
gboolean  rapport_queue_is_overdue     (const RapportEntity *entity,
                                        JsonObject          *record,
                                        GDateTime           *now);
gboolean  rapport_queue_is_urgent      (const RapportEntity *entity,
                                        JsonObject          *record);

G_END_DECLS
