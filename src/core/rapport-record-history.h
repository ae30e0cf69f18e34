/* rapport-record-history.h: who changed a record, when, from what to what
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-change.h"
#include "rapport-store.h"
#include "rapport-sync.h"

G_BEGIN_DECLS

/**
 * RapportHistoryEntry:
 * @kind: what the change did
 * @at: when, RFC 3339 UTC
 * @by: (nullable): the user id of who did it; %NULL from the server's
 *   command line
 * @changes: {"field": {"from": old, "to": new}}, fields in the descriptor's order
 * @pending: still in this computer's outbox: not sent yet
 * @refused: (pending only) the server refused it; it waits in Conflicts
 */
typedef struct
{
  RapportChangeKind kind;
  char       *at;
  char       *by;
  JsonObject *changes;
  gboolean    pending;
  gboolean    refused;
} RapportHistoryEntry;

void rapport_history_entry_free (RapportHistoryEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportHistoryEntry, rapport_history_entry_free)

/**
 * RapportRecordHistory:
 * @entries: (element-type RapportHistoryEntry) (nullable): the server's
 *   history, oldest first; %NULL when it could not be read
 * @error: (nullable): why @entries is %NULL
 * @pending: (element-type RapportHistoryEntry): the changes not sent yet,
 *   oldest first
 */
typedef struct
{
  GPtrArray *entries;
  GError    *error;
  GPtrArray *pending;
} RapportRecordHistory;

void rapport_record_history_free (RapportRecordHistory *history);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportRecordHistory, rapport_record_history_free)

GPtrArray            *rapport_record_history_parse        (const RapportEntity *entity,
                                                           JsonNode            *answer,
                                                           GError             **error);
GPtrArray            *rapport_record_history_pending      (RapportStore        *store,
                                                           const char          *entity,
                                                           const char          *id,
                                                           GError             **error);
RapportRecordHistory *rapport_record_history_load         (RapportSync         *sync,
                                                           RapportStore        *store,
                                                           const char          *entity,
                                                           const char          *id,
                                                           GCancellable        *cancellable);
void                  rapport_record_history_load_async   (RapportSync         *sync,
                                                           RapportStore        *store,
                                                           const char          *entity,
                                                           const char          *id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
RapportRecordHistory *rapport_record_history_load_finish  (GAsyncResult        *result,
                                                           GError             **error);

G_END_DECLS
