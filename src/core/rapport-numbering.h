/* rapport-numbering.h: the numbers the server gives records (C-2026-00042)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

gboolean  rapport_field_is_server_set  (const RapportField  *field);
char     *rapport_numbering_format     (const RapportNumbering *numbering,
                                        int                  year,
                                        gint64               counter);
int       rapport_numbering_year       (const char          *created_at);
char     *rapport_numbering_draft      (const RapportEntity *entity,
                                        const char          *id);
gboolean  rapport_numbering_is_draft   (const RapportEntity *entity,
                                        JsonObject          *record);
char     *rapport_record_number        (const RapportEntity *entity,
                                        JsonObject          *record);
char     *rapport_numbering_counter_text (const char        *number);

G_END_DECLS
