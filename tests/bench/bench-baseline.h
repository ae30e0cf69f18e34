/* bench-baseline.h: what plain SQLite does, to compare the store with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

void          bench_sqlite_error    (GError             **error,
                                     sqlite3             *db);
sqlite3      *bench_raw_open        (const char          *path,
                                     GError             **error);
gboolean      bench_raw_exec        (sqlite3             *db,
                                     const char          *sql,
                                     GError             **error);
sqlite3_stmt *bench_raw_prepare     (sqlite3             *db,
                                     const char          *sql,
                                     GError             **error);
gboolean      bench_raw_insert_page (sqlite3             *db,
                                     const RapportEntity *entity,
                                     GPtrArray           *page,
                                     GError             **error);
gint64        bench_raw_count_rows  (sqlite3_stmt        *stmt,
                                     GError             **error);
gboolean      bench_raw_read_row    (sqlite3_stmt        *stmt,
                                     gint64               rowid);

G_END_DECLS
