/* rapport-filter.h: the one filter language of lists, segments and rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

#define RAPPORT_FILTER_ERROR (rapport_filter_error_quark ())

/**
 * RapportFilterError:
 * @RAPPORT_FILTER_ERROR_SYNTAX: the text cannot be read; the message says where
 * @RAPPORT_FILTER_ERROR_FIELD: a field, a type or a path does not exist
 * @RAPPORT_FILTER_ERROR_VALUE: a value does not fit its field or operator
 */
typedef enum {
  RAPPORT_FILTER_ERROR_SYNTAX,
  RAPPORT_FILTER_ERROR_FIELD,
  RAPPORT_FILTER_ERROR_VALUE,
} RapportFilterError;

typedef struct _RapportFilter RapportFilter;

/* What a filter is evaluated against: relative dates move with @now, read
 * in @zone; "me" is @user_id. */
typedef struct
{
  GDateTime  *now;
  GTimeZone  *zone;
  const char *user_id;
} RapportFilterContext;

GQuark               rapport_filter_error_quark (void);

RapportFilter       *rapport_filter_parse      (const RapportEntity *entity,
                                                const char          *text,
                                                GError             **error);
RapportFilter       *rapport_filter_from_json  (const RapportEntity *entity,
                                                JsonNode            *node,
                                                GError             **error);
RapportFilter       *rapport_filter_from_json_text (const RapportEntity *entity,
                                                    const char          *text,
                                                    GError             **error);
JsonNode            *rapport_filter_to_json    (const RapportFilter *filter);
char                *rapport_filter_to_text    (const RapportFilter *filter);
const RapportEntity *rapport_filter_get_entity (const RapportFilter *filter);
void                 rapport_filter_free       (RapportFilter       *filter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportFilter, rapport_filter_free)

G_END_DECLS
