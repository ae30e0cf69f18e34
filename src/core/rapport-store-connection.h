/* rapport-store-connection.h: one SQLite connection and its prepared statements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _RapportStoreConnection RapportStoreConnection;
typedef struct _RapportStoreReaders RapportStoreReaders;

RapportStoreConnection *rapport_store_connection_new     (sqlite3                *db);
void                    rapport_store_connection_free    (RapportStoreConnection *conn);
sqlite3                *rapport_store_connection_get_db  (RapportStoreConnection *conn);
sqlite3_stmt           *rapport_store_connection_prepare (RapportStoreConnection *conn,
                                                          const char             *sql,
                                                          GError                **error);
gboolean                rapport_store_connection_exec    (RapportStoreConnection *conn,
                                                          const char             *sql,
                                                          GError                **error);
sqlite3_stmt           *rapport_store_connection_prepare_static (RapportStoreConnection *conn,
                                                                 const char             *sql,
                                                                 GError                **error);

RapportStoreReaders    *rapport_store_readers_new        (const char             *path);
void                    rapport_store_readers_free       (RapportStoreReaders    *readers);
RapportStoreConnection *rapport_store_readers_acquire    (RapportStoreReaders    *readers,
                                                          GError                **error);
void                    rapport_store_readers_release    (RapportStoreReaders    *readers,
                                                          RapportStoreConnection *reader);

G_END_DECLS
