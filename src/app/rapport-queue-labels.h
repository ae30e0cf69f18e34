/* rapport-queue-labels.h: what a row of a queue (cases) says
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

char *rapport_queue_labels_age      (const char          *since,
                                     GDateTime           *now);
char *rapport_queue_labels_subtitle (const RapportEntity *entity,
                                     JsonObject          *record,
                                     const char          *customer,
                                     GDateTime           *now);
char *rapport_queue_labels_flags    (const RapportEntity *entity,
                                     JsonObject          *record,
                                     GDateTime           *now,
                                     const char         **style);

G_END_DECLS
