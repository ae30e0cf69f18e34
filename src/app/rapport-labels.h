/* rapport-labels.h: what the user reads for record types, fields and choices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

const char *rapport_labels_section      (const RapportEntity *entity);
const char *rapport_labels_singular     (const RapportEntity *entity);
const char *rapport_labels_new_record   (const RapportEntity *entity);
const char *rapport_labels_empty        (const RapportEntity *entity);
const char *rapport_labels_field        (const RapportEntity *entity,
                                         const char          *field);
const char *rapport_labels_field_choice (const RapportEntity *entity,
                                         const char          *field,
                                         const char          *value);
const char *rapport_labels_choice       (const char          *field,
                                         const char          *value);
char       *rapport_labels_format_date  (const char          *value);
char       *rapport_labels_format_value (const RapportEntity *entity,
                                         const char          *field,
                                         JsonNode            *node);

G_END_DECLS
