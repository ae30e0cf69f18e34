/* rapport-store-private.h: what the parts of the store share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "rapport-change.h"
#include "rapport-store-connection.h"
#include "rapport-store.h"
#include "rapport-store-writer.h"

G_BEGIN_DECLS

int           rapport_store_schema_version (void);
gboolean      rapport_store_schema_add_table (sqlite3           *db,
                                              const char        *table,
                                              const char        *columns,
                                              const char        *indexes,
                                              GError           **error);
gboolean      rapport_store_migrate        (sqlite3             *db,
                                            int                  target_version,
                                            GError             **error);
gboolean      rapport_store_open_at_version (const char         *path,
                                             int                 version,
                                             GError            **error);

gboolean      rapport_store_check_unique   (RapportStore        *self,
                                            const RapportEntity *entity,
                                            JsonObject          *record,
                                            JsonObject          *changed,
                                            GError             **error);
JsonObject   *rapport_store_read_row       (sqlite3             *db,
                                            const RapportEntity *entity,
                                            gint64               rowid,
                                            GError             **error);
JsonObject   *rapport_store_read_rowid     (RapportStore        *self,
                                            const RapportEntity *entity,
                                            gint64               rowid,
                                            GError             **error);
JsonObject   *rapport_store_connection_read_rowid (RapportStoreConnection *conn,
                                                  const RapportEntity    *entity,
                                                  gint64                  rowid,
                                                  GError                **error);
JsonObject   *rapport_store_connection_read_by_id (RapportStoreConnection *conn,
                                                  const RapportEntity    *entity,
                                                  const char             *id,
                                                  gint64                 *rowid,
                                                  GError                **error);
gboolean      rapport_store_connection_read_children (RapportStoreConnection *conn,
                                                     const RapportEntity    *entity,
                                                     const char             *parent_id,
                                                     GPtrArray              *out,
                                                     GError                **error);
RapportStoreConnection *rapport_store_begin_read (RapportStore        *self,
                                                  GError             **error);
void          rapport_store_end_read       (RapportStore           *self,
                                            RapportStoreConnection *reader);
RapportStoreWriter *rapport_store_get_writer (RapportStore     *self);
GHashTable   *rapport_store_withheld_rowids (RapportStore       *self,
                                             const RapportEntity *entity);

/* Writes: each runs on the writer thread, the one owner of the write
 * connection (rapport-store-writes.c). @work returns FALSE on failure, with
 * @error set unless there was nothing to do. */
typedef gboolean (*RapportStoreWork) (RapportStore        *self,
                                      gpointer             data,
                                      GError             **error);
gboolean      rapport_store_run_write      (RapportStore        *self,
                                            RapportStoreWork     work,
                                            gpointer             data,
                                            GError             **error);
/* A write in one transaction: @work adds "entity/id" of each record it
 * changes to @changed, announced by ::changed after the commit; when it
 * fails, the transaction is rolled back. */
typedef gboolean (*RapportStoreTransaction) (RapportStore     *self,
                                             gpointer          data,
                                             GPtrArray        *changed,
                                             GError          **error);
gboolean      rapport_store_transact       (RapportStore        *self,
                                            RapportStoreTransaction work,
                                            gpointer             data,
                                            GError             **error);
gboolean      rapport_store_transact_server_data (RapportStore  *self,
                                                  RapportStoreTransaction work,
                                                  gpointer       data,
                                                  GError       **error);
void          rapport_store_changed_add    (GPtrArray           *changed,
                                            const RapportEntity *entity,
                                            const char          *id);

/* Everything below that takes the store uses the write connection: call it
 * on the writer thread only (it checks), from a write. */
RapportStoreConnection *rapport_store_get_write_connection (RapportStore *self);
sqlite3_stmt *rapport_store_prepare        (RapportStore        *self,
                                            const char          *sql,
                                            GError             **error);
sqlite3_stmt *rapport_store_prepare_static (RapportStore        *self,
                                            const char          *sql,
                                            GError             **error);
gboolean      rapport_store_find_row       (RapportStore        *self,
                                            const RapportEntity *entity,
                                            const char          *id,
                                            gint64              *rowid,
                                            gint64              *version,
                                            GError             **error);
void          rapport_store_set_sqlite_error (GError           **error,
                                              sqlite3           *db);
gboolean      rapport_store_step_done      (sqlite3_stmt        *stmt,
                                            GError             **error);
guint         rapport_store_count_rows     (RapportStore        *self,
                                            const char          *sql);
gboolean      rapport_store_check_unused   (RapportStore        *self,
                                            const RapportEntity *entity,
                                            const char          *id,
                                            GError             **error);
const RapportEntity *rapport_store_lookup_entity (const char    *name,
                                                  GError       **error);
const RapportEntity *rapport_store_lookup_writable (const char  *name,
                                                    GError     **error);

/* The building blocks of a write, inside rapport_store_begin() and
 * rapport_store_commit(). */
char         *rapport_store_now            (void);
gboolean      rapport_store_exec           (RapportStore        *self,
                                            const char          *sql,
                                            GError             **error);
gboolean      rapport_store_begin          (RapportStore        *self,
                                            GError             **error);
gboolean      rapport_store_commit         (RapportStore        *self,
                                            GError             **error);
void          rapport_store_rollback       (RapportStore        *self);
guint64       rapport_store_get_generation (RapportStore        *self);
void          rapport_store_defer_fts      (RapportStore        *self,
                                            gboolean             deferred);
gboolean      rapport_store_fts_deferred   (RapportStore        *self);
gboolean      rapport_store_is_closing     (RapportStore        *self);

/* Duplicate keys (rapport-store-match-keys.c), kept by the row writes. */
gboolean      rapport_store_match_keys_write  (RapportStore        *self,
                                               const RapportEntity *entity,
                                               JsonObject          *record,
                                               gboolean             inserted,
                                               GError             **error);
gboolean      rapport_store_match_keys_delete (RapportStore        *self,
                                               const RapportEntity *entity,
                                               gint64               rowid,
                                               GError             **error);
gboolean      rapport_store_match_keys_defer  (RapportStore        *self,
                                               GError             **error);
void          rapport_store_match_keys_schedule (RapportStore      *self);
GHashTable   *rapport_store_get_stale_documents (RapportStore  *self);
void          rapport_store_set_stale_documents (RapportStore  *self,
                                                 GHashTable    *stale);
void          rapport_store_documents_mark (RapportStore        *self,
                                            const RapportEntity *entity,
                                            JsonObject          *record);
void          rapport_store_documents_mark_row (RapportStore        *self,
                                                const RapportEntity *entity,
                                                gint64               rowid);
gboolean      rapport_store_documents_flush (RapportStore *self,
                                             GPtrArray    *changed,
                                             GError      **error);
JsonObject   *rapport_store_read_by_id     (RapportStore        *self,
                                            const RapportEntity *entity,
                                            const char          *id,
                                            gint64              *rowid,
                                            GError             **error);
void          rapport_store_sla_compute    (RapportStore        *self,
                                            const RapportEntity *entity,
                                            JsonObject          *record);
gboolean      rapport_store_write_row      (RapportStore        *self,
                                            const RapportEntity *entity,
                                            JsonObject          *record,
                                            gint64               rowid,
                                            GError             **error);
gboolean      rapport_store_delete_row     (RapportStore        *self,
                                            const RapportEntity *entity,
                                            gint64               rowid,
                                            GError             **error);
gboolean      rapport_store_append_outbox  (RapportStore        *self,
                                            const RapportEntity *entity,
                                            const char          *record_id,
                                            RapportChangeKind    kind,
                                            gint64               base_version,
                                            JsonObject          *changes,
                                            GError             **error);
gboolean      rapport_store_absorb_conflicted_changes (RapportStore        *self,
                                                       const RapportEntity *entity,
                                                       const char          *record_id,
                                                       JsonObject          *changes,
                                                       GError             **error);
gboolean      rapport_store_rebase_record  (RapportStore        *self,
                                            const RapportEntity *entity,
                                            const char          *id,
                                            JsonObject          *server_record,
                                            GError             **error);
char         *rapport_store_outbox_changes_problem (const char  *changes);
void          rapport_store_emit_changed   (RapportStore        *self,
                                            const RapportEntity *entity,
                                            const char          *id);
void          rapport_store_emit_changed_keys (RapportStore     *self,
                                               GPtrArray        *keys);
void          rapport_store_begin_group    (RapportStore        *self);
void          rapport_store_end_group      (RapportStore        *self);

/* Local edits inside a transaction (rapport-store.c). */
JsonObject   *rapport_store_create_in_transaction  (RapportStore        *self,
                                            const RapportEntity *entity,
                                            const char          *id,
                                            JsonObject          *values,
                                            GError             **error);
JsonObject   *rapport_store_update_in_transaction  (RapportStore        *self,
                                            const RapportEntity *entity,
                                            const char          *id,
                                            JsonObject          *values,
                                            gboolean            *changed,
                                            GError             **error);
gboolean      rapport_store_delete_in_transaction  (RapportStore        *self,
                                            const RapportEntity *entity,
                                            const char          *id,
                                            GPtrArray           *deleted,
                                            GError             **error);

/* Child records (rapport-store-children.c); child ids on either kind of
 * connection. */
char        **rapport_store_child_ids      (RapportStoreConnection *conn,
                                            const RapportEntity *child,
                                            const char          *field,
                                            const char          *parent_id,
                                            GError             **error);
gboolean      rapport_store_delete_dependents (RapportStore     *self,
                                               const RapportEntity *entity,
                                               const char       *id,
                                               gboolean        (*delete) (RapportStore        *self,
                                                                          const RapportEntity *entity,
                                                                          const char          *id,
                                                                          gpointer             data,
                                                                          GError             **error),
                                               gpointer          data,
                                               GError          **error);
gboolean      rapport_store_child_position (RapportStore        *self,
                                            const RapportEntity *child,
                                            const char          *parent_id,
                                            const char          *after_id,
                                            char               **before_key,
                                            char               **after_key,
                                            GError             **error);

/* The public writes themselves, run on the writer thread
 * (rapport-store-writes.c queues them there). */
JsonObject   *rapport_store_create_now     (RapportStore        *self,
                                            const char          *entity_name,
                                            JsonObject          *fields,
                                            GError             **error);
JsonObject   *rapport_store_update_now     (RapportStore        *self,
                                            const char          *entity_name,
                                            const char          *id,
                                            JsonObject          *changes,
                                            GError             **error);
gboolean      rapport_store_delete_now     (RapportStore        *self,
                                            const char          *entity_name,
                                            const char          *id,
                                            GError             **error);
gboolean      rapport_store_write_synced_now (RapportStore      *self,
                                              const char        *entity_name,
                                              GPtrArray         *records,
                                              GError           **error);
gboolean      rapport_store_set_state_now  (RapportStore        *self,
                                            const char          *key,
                                            const char          *value,
                                            GError             **error);

G_END_DECLS
