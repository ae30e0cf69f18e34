/* rapport-store.h: the local database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

#define RAPPORT_STORE_ERROR (rapport_store_error_quark ())

/**
 * RapportStoreError:
 * @RAPPORT_STORE_ERROR_DATABASE: SQLite failed; the message says why
 * @RAPPORT_STORE_ERROR_NOT_FOUND: no record has that id
 * @RAPPORT_STORE_ERROR_UNKNOWN_ENTITY: no record type has that name
 * @RAPPORT_STORE_ERROR_TOO_NEW: the file was written by a newer Rapport
 * @RAPPORT_STORE_ERROR_INVALID_QUERY: a filter names a field lists cannot filter on
 * @RAPPORT_STORE_ERROR_DAMAGED: a local change cannot be read or sent, only discarded
 * @RAPPORT_STORE_ERROR_IN_USE: other records use the record (a product on a
 *   line): it cannot be deleted; the message says how many
 */
typedef enum {
  RAPPORT_STORE_ERROR_DATABASE,
  RAPPORT_STORE_ERROR_NOT_FOUND,
  RAPPORT_STORE_ERROR_UNKNOWN_ENTITY,
  RAPPORT_STORE_ERROR_TOO_NEW,
  RAPPORT_STORE_ERROR_INVALID_QUERY,
  RAPPORT_STORE_ERROR_DAMAGED,
  RAPPORT_STORE_ERROR_IN_USE,
} RapportStoreError;

GQuark rapport_store_error_quark (void);

#define RAPPORT_TYPE_STORE (rapport_store_get_type ())
G_DECLARE_FINAL_TYPE (RapportStore, rapport_store, RAPPORT, STORE, GObject)

RapportStore *rapport_store_open         (const char   *path,
                                          GError      **error);
const char   *rapport_store_get_path     (RapportStore *self);
void          rapport_store_set_user_id  (RapportStore *self,
                                          const char   *user_id);
const char   *rapport_store_get_user_id  (RapportStore *self);

JsonObject   *rapport_store_create       (RapportStore *self,
                                          const char   *entity,
                                          JsonObject   *fields,
                                          GError      **error);
JsonObject   *rapport_store_get          (RapportStore *self,
                                          const char   *entity,
                                          const char   *id,
                                          GError      **error);
JsonObject   *rapport_store_update       (RapportStore *self,
                                          const char   *entity,
                                          const char   *id,
                                          JsonObject   *changes,
                                          GError      **error);
gboolean      rapport_store_delete       (RapportStore *self,
                                          const char   *entity,
                                          const char   *id,
                                          GError      **error);
void          rapport_store_create_async (RapportStore        *self,
                                          const char          *entity,
                                          JsonObject          *fields,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
JsonObject   *rapport_store_create_finish (RapportStore  *self,
                                           GAsyncResult  *result,
                                           GError       **error);
void          rapport_store_update_async (RapportStore        *self,
                                          const char          *entity,
                                          const char          *id,
                                          JsonObject          *changes,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
JsonObject   *rapport_store_update_finish (RapportStore  *self,
                                           GAsyncResult  *result,
                                           GError       **error);
void          rapport_store_delete_async (RapportStore        *self,
                                          const char          *entity,
                                          const char          *id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean      rapport_store_delete_finish (RapportStore  *self,
                                           GAsyncResult  *result,
                                           GError       **error);
gboolean      rapport_store_write_synced (RapportStore *self,
                                          const char   *entity,
                                          GPtrArray    *records,
                                          GError      **error);
gint64        rapport_store_count        (RapportStore *self,
                                          const char   *entity,
                                          GError      **error);

GPtrArray    *rapport_store_list_outbox  (RapportStore *self,
                                          GError      **error);
char         *rapport_store_get_state    (RapportStore *self,
                                          const char   *key);
gboolean      rapport_store_set_state    (RapportStore *self,
                                          const char   *key,
                                          const char   *value,
                                          GError      **error);
gboolean      rapport_store_set_states (RapportStore      *self,
                                        guint              n_keys,
                                        const char *const *keys,
                                        const char *const *values,
                                        GError           **error);
void          rapport_store_wait_for_writes (RapportStore *self);
void          rapport_store_forbid_blocking_on_main_thread (void);

G_END_DECLS
