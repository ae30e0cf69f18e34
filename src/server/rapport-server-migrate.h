/* rapport-server-migrate.h: moving a team's database to another backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-backend.h"

G_BEGIN_DECLS

/* What one table holds: in the source, and, once copied, in the target. */
typedef struct
{
  char   *table;    /* (owned) */
  guint64 rows;
  char   *checksum; /* (owned): SHA-256, hex, of the rows in key order */
} RapportMigratedTable;

typedef enum {
  RAPPORT_MIGRATE_COPIED,       /* the target was empty and now holds the source */
  RAPPORT_MIGRATE_ALREADY_DONE, /* the target holds this very source already */
} RapportMigrateOutcome;

void     rapport_migrated_table_free (RapportMigratedTable *table);
gboolean rapport_server_migrate_check_source (const char *path,
                                              GError    **error);
gboolean rapport_server_migrate (RapportServerBackend  *source,
                                 RapportServerBackend  *target,
                                 RapportMigrateOutcome *out_outcome,
                                 char                 **out_migrated_at,
                                 GPtrArray             *out_tables,
                                 GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportMigratedTable, rapport_migrated_table_free)

G_END_DECLS
