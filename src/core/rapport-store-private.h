/* rapport-store-private.h: what the parts of the store share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "rapport-store.h"

G_BEGIN_DECLS

int           rapport_store_schema_version (void);
gboolean      rapport_store_migrate        (sqlite3             *db,
                                            int                  target_version,
                                            GError             **error);
gboolean      rapport_store_open_at_version (const char         *path,
                                             int                 version,
                                             GError            **error);

JsonObject   *rapport_store_read_row       (sqlite3             *db,
                                            const RapportEntity *entity,
                                            gint64               rowid,
                                            GError             **error);
JsonObject   *rapport_store_read_rowid     (RapportStore        *self,
                                            const RapportEntity *entity,
                                            gint64               rowid,
                                            GError             **error);
sqlite3      *rapport_store_lock_db        (RapportStore        *self);
void          rapport_store_unlock_db      (RapportStore        *self);
sqlite3_stmt *rapport_store_prepare        (RapportStore        *self,
                                            const char          *sql,
                                            GError             **error);
void          rapport_store_set_sqlite_error (GError           **error,
                                              sqlite3           *db);
const RapportEntity *rapport_store_lookup_entity (const char    *name,
                                                  GError       **error);

G_END_DECLS
