/* rapport-scaled.h: whole numbers of a finer unit, as the user reads and types them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-entity.h"

G_BEGIN_DECLS

gboolean  rapport_scaled_field           (const RapportField *field);
char     *rapport_scaled_format_quantity (gint64              milli);
char     *rapport_scaled_format_percent  (gint64              ppm);
char     *rapport_scaled_format          (const RapportField *field,
                                          gint64              value,
                                          const char         *currency);
char     *rapport_scaled_format_field    (const RapportField *field,
                                          JsonObject         *record);
gboolean  rapport_scaled_parse           (const RapportField *field,
                                          const char         *text,
                                          const char         *currency,
                                          gint64             *value);

G_END_DECLS
