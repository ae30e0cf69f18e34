/* rapport-document-copy.h: a quote's revision, an order from a quote
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

JsonObject *rapport_document_copy_fields (const RapportEntity *from,
                                          JsonObject          *record,
                                          const RapportEntity *to);

G_END_DECLS
