/* rapport-filter-sql.h: filters as SQL, for the local store and the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "rapport-filter.h"

G_BEGIN_DECLS

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

gboolean rapport_filter_to_sql             (const RapportFilter        *filter,
                                            const RapportFilterDialect *dialect,
                                            const RapportFilterContext *context,
                                            const char                 *alias,
                                            GString                    *sql,
                                            GPtrArray                  *params,
                                            GError                    **error);
void     rapport_filter_bind               (sqlite3_stmt               *stmt,
                                            GPtrArray                  *params,
                                            int                         first);
int      rapport_filter_register_functions (sqlite3                    *db);

G_END_DECLS
