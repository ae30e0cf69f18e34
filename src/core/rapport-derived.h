/* rapport-derived.h: values computed from a record's synced fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

gint64 rapport_divide_rounded  (gint64               numerator,
                                gint64               denominator);
void   rapport_deal_compute    (JsonObject          *deal);
void   rapport_record_compute  (const RapportEntity *entity,
                                JsonObject          *record);
gboolean rapport_record_derived_equal  (const RapportEntity *entity,
                                        JsonObject          *a,
                                        JsonObject          *b);
gboolean rapport_document_compute      (JsonObject          *document,
                                        JsonArray           *lines,
                                        GError             **error);
gboolean rapport_document_compute_line (JsonObject          *document,
                                        JsonObject          *line,
                                        GError             **error);
JsonObject *rapport_document_breakdown (JsonObject          *document,
                                        JsonArray           *lines,
                                        GError             **error);

G_END_DECLS
