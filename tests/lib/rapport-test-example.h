/* rapport-test-example.h: a valid record of any type, from its descriptor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

JsonObject         *rapport_test_example            (const RapportEntity *entity,
                                                     guint                n);
const RapportField *rapport_test_example_text_field (const RapportEntity *entity,
                                                     gboolean             searchable);
const RapportField *rapport_test_example_edit_field (const RapportEntity *entity);
const char         *rapport_test_example_new_value  (const RapportField  *field,
                                                     const char          *text);

G_END_DECLS
