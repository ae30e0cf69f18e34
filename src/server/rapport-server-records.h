/* rapport-server-records.h: every write to a record, from REST or a push
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"
#include "rapport-server-backend.h"
#include "rapport-server-damaged.h"
#include "rapport-server-merge.h"

G_BEGIN_DECLS

/* Who writes. id NULL is the command line, which may do anything. */
typedef struct
{
  char *id;
  char *name;
  char *role;
} RapportServerActor;

typedef struct
{
  RapportOpKind        kind;
  const RapportEntity *entity;
  const char          *id;
  gint64               base_version; /* < 0: whatever the server has now */
  JsonObject          *changes;      /* (nullable): field → {"base", "new"} */
  const char          *op_id;        /* (nullable): a pushed op's; its UUIDv7 time is the client's */
  const char          *at;           /* (nullable): the server time to stamp instead of now: only
                                      * the demo book, made of a past year, sets it */
  gboolean             result_pruned; /* made longer ago than op results are kept, and none is:
                                       * it may be a retry of one whose result was pruned */
} RapportServerOp;

typedef enum
{
  RAPPORT_WRITE_APPLIED,
  RAPPORT_WRITE_MERGED,
  RAPPORT_WRITE_CONFLICT,
  RAPPORT_WRITE_REJECTED,
} RapportWriteStatus;

typedef struct
{
  RapportWriteStatus  status;
  JsonObject         *record;    /* (owned) (nullable): the server's record after the op */
  JsonArray          *conflicts; /* (owned) (nullable) */
  GError             *error;     /* (owned) (nullable): why the op was rejected */
} RapportWriteResult;

void        rapport_server_actor_free      (RapportServerActor        *actor);
RapportServerActor *rapport_server_actor_new_from_record (JsonObject   *user);
gboolean    rapport_server_actor_is        (const RapportServerActor  *actor,
                                            const char                *role);

char       *rapport_server_now             (void);
JsonObject *rapport_server_parse_record    (const RapportStoredRecord *stored);
const char *rapport_server_record_text     (const RapportStoredRecord *stored,
                                            char                     **out_repaired);
gboolean    rapport_server_is_damaged      (const RapportStoredRecord *stored,
                                            JsonObject                *record);
void        rapport_server_set_damaged_error (GError                 **error);
char       *rapport_server_object_to_text  (JsonObject                *object);
gboolean    rapport_server_load_record     (RapportServerBackend      *backend,
                                            const RapportEntity       *entity,
                                            const char                *id,
                                            RapportStoredRecord      **out_stored,
                                            JsonObject               **out_record,
                                            GError                   **error);
gboolean    rapport_server_load_all        (RapportServerBackend      *backend,
                                            const char                *entity_name,
                                            GPtrArray                 *out,
                                            GError                   **error);
gboolean    rapport_server_load_last_live  (RapportServerBackend      *backend,
                                            const RapportEntity       *entity,
                                            const RapportStoredRecord *stored,
                                            JsonObject               **out_record,
                                            GError                   **error);
gboolean    rapport_server_check_role      (const RapportServerActor  *actor,
                                            const RapportEntity       *entity,
                                            GError                   **error);
gboolean    rapport_server_apply_op        (RapportServerBackend      *backend,
                                            const RapportServerActor  *actor,
                                            const RapportServerOp     *op,
                                            RapportWriteResult        *result,
                                            GError                   **error);
gboolean    rapport_server_ops_done        (RapportServerBackend      *backend,
                                            const RapportServerActor  *actor,
                                            GError                   **error);
gboolean    rapport_server_write           (RapportServerBackend      *backend,
                                            const RapportServerActor  *actor,
                                            const RapportServerOp     *op,
                                            JsonObject               **out_record,
                                            GError                   **error);
gboolean    rapport_server_store_write     (RapportServerBackend      *backend,
                                            const RapportServerActor  *actor,
                                            const RapportEntity       *entity,
                                            const char                *id,
                                            RapportOpKind              kind,
                                            JsonObject                *old,
                                            JsonObject                *record,
                                            gint64                     version,
                                            const char                *now,
                                            GError                   **error);
void        rapport_server_changes_add     (JsonObject                *changes,
                                            const char                *name,
                                            JsonNode                  *value);
void        rapport_write_result_clear     (RapportWriteResult        *result);
JsonNode   *rapport_write_result_to_json   (const RapportWriteResult  *result,
                                            const char                *op_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportServerActor, rapport_server_actor_free)

G_END_DECLS
