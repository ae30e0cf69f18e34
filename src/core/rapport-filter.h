/* rapport-filter.h: the one filter language of lists, segments and rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

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

/* How one database keeps records: the client has a table per type with a
 * column per field, the server one table of JSON documents. */
typedef struct
{
  /* (transfer full): the SQL value of @field of the row @alias of @entity */
  char *(*column) (const RapportEntity *entity,
                   const char          *alias,
                   const char          *field);
  /* (transfer full): "FROM … WHERE …" over the live records of @entity as @alias */
  char *(*rows) (const RapportEntity *entity,
                 const char          *alias);
} RapportFilterDialect;

extern const RapportFilterDialect rapport_filter_store_dialect;

GQuark               rapport_filter_error_quark (void);

RapportFilter       *rapport_filter_parse      (const RapportEntity *entity,
                                                const char          *text,
                                                GError             **error);
RapportFilter       *rapport_filter_from_json  (const RapportEntity *entity,
                                                JsonNode            *node,
                                                GError             **error);
JsonNode            *rapport_filter_to_json    (const RapportFilter *filter);
char                *rapport_filter_to_text    (const RapportFilter *filter);
const RapportEntity *rapport_filter_get_entity (const RapportFilter *filter);
void                 rapport_filter_free       (RapportFilter       *filter);

gboolean             rapport_filter_to_sql     (const RapportFilter        *filter,
                                                const RapportFilterDialect *dialect,
                                                const RapportFilterContext *context,
                                                const char                 *alias,
                                                GString                    *sql,
                                                GPtrArray                  *params,
                                                GError                    **error);
void                 rapport_filter_bind       (sqlite3_stmt               *stmt,
                                                GPtrArray                  *params,
                                                int                         first);
int                  rapport_filter_register_functions (sqlite3 *db);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportFilter, rapport_filter_free)

G_END_DECLS
