/* rapport-filter-labels.h: filters in the words of the user, for the editor and the filter bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

/* What the editor offers for a field: its operators and its value widget. */
typedef enum {
  RAPPORT_FILTER_VALUE_TEXT,
  RAPPORT_FILTER_VALUE_CHOICE,
  RAPPORT_FILTER_VALUE_DATE,
  RAPPORT_FILTER_VALUE_MONEY,
  RAPPORT_FILTER_VALUE_NUMBER,
  RAPPORT_FILTER_VALUE_BOOL,
  RAPPORT_FILTER_VALUE_REFERENCE, /* a user: "is me"; any record: empty or not */
  RAPPORT_FILTER_VALUE_LIST,      /* tags, emails, phones */
} RapportFilterValueKind;

const RapportField *rapport_filter_labels_resolve (const RapportEntity *entity,
                                                   const char          *path);
gboolean            rapport_filter_labels_kind (const RapportField     *field,
                                                RapportFilterValueKind *kind);
const char * const *rapport_filter_labels_ops (RapportFilterValueKind kind);
const char         *rapport_filter_labels_op (RapportFilterValueKind kind,
                                              const char            *op);
GPtrArray          *rapport_filter_labels_paths (const RapportEntity *entity);
char               *rapport_filter_labels_path (const RapportEntity *entity,
                                                const char          *path);
const char         *rapport_filter_labels_unit (const char *unit);
char               *rapport_filter_labels_describe (const RapportEntity *entity,
                                                    JsonNode            *filter);

G_END_DECLS
