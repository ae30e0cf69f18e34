/* rapport-timeline.h: a record's activities, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-query.h"

G_BEGIN_DECLS

RapportSnapshot *rapport_store_timeline      (RapportStore *store,
                                              const char   *entity,
                                              const char   *id,
                                              GError      **error);
const char      *rapport_timeline_link_field (const char   *entity);
void             rapport_timeline_link_to    (RapportStore *store,
                                              JsonObject   *fields,
                                              const char   *entity,
                                              const char   *id);

G_END_DECLS
