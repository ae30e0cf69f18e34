/* rapport-change-text.h: a changed value as the user reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

char *rapport_change_text_value (RapportStore        *store,
                                 const RapportEntity *entity,
                                 const char          *field,
                                 JsonNode            *value,
                                 const char          *currency);
char *rapport_change_text_line  (RapportStore        *store,
                                 const RapportEntity *entity,
                                 const char          *field,
                                 JsonObject          *change,
                                 const char          *currency_before,
                                 const char          *currency_after);

G_END_DECLS
