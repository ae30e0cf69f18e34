/* rapport-record.h: what a record is called, sorted and found by
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

char *rapport_record_title       (const RapportEntity *entity,
                                  JsonObject          *record);
char *rapport_record_sort_key    (const RapportEntity *entity,
                                  JsonObject          *record);
char *rapport_record_search_text (const RapportEntity *entity,
                                  JsonObject          *record);

G_END_DECLS
