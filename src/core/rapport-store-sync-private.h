/* rapport-store-sync-private.h: what the outbox, the pull and the conflicts share
 *
 * The store's side of sync is in four parts: the outbox
 * (rapport-store-outbox.c: merging, pushing, results), the pull
 * (rapport-store-pull.c: pages, tombstones, cursor), the conflicts
 * (rapport-store-conflicts.c: kept, listed, settled) and the rebase
 * (rapport-store-rebase.c: the server's record with the user's edits on
 * top), which the other three use. Call all of this on the writer thread,
 * inside a transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-change.h"
#include "rapport-store-private.h"
#include "rapport-store-sync.h"

G_BEGIN_DECLS

/* One outbox row. */
typedef struct
{
  gint64      seq;
  char       *op_id;
  char       *entity;
  char       *record_id;
  RapportChangeKind kind;
  gboolean    dropped;       /* merged away: nothing left to send */
  gint64      base_version;
  JsonObject *changes;       /* {field: {base, new}}; empty when damaged */
  char       *damage;        /* (nullable): why the stored changes cannot be used */
  gsize       changes_bytes; /* as stored */
  int         attempts;
  gboolean    failed;
  gboolean    merged;        /* later entries were folded into it */
  char       *group;         /* (nullable): written with a record's children, applied with them */
} OutboxEntry;

/* One open conflict. */
typedef struct
{
  char       *id;
  RapportConflictKind kind;
  JsonObject *fields;        /* {field: {base, mine, theirs}} */
  JsonObject *theirs;        /* (nullable): the server's record; NULL if it deleted it */
} Conflict;

void       rapport_outbox_entry_free       (OutboxEntry         *entry);
void       rapport_conflict_free           (Conflict            *conflict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Conflict, rapport_conflict_free)

/* rapport-store-outbox.c */
GPtrArray *rapport_store_load_outbox       (RapportStore        *self,
                                            const char          *entity,
                                            const char          *record_id,
                                            GError             **error);
gboolean   rapport_store_delete_outbox_entry (RapportStore      *self,
                                              gint64             seq,
                                              GError           **error);

/* rapport-store-conflicts.c */
GPtrArray *rapport_store_load_conflicts    (RapportStore        *self,
                                            const char          *entity,
                                            const char          *record_id,
                                            GError             **error);
gboolean   rapport_store_save_conflict     (RapportStore        *self,
                                            Conflict            *conflict,
                                            GError             **error);
gboolean   rapport_store_add_conflict      (RapportStore        *self,
                                            const RapportEntity *entity,
                                            const char          *record_id,
                                            const char          *op_id,
                                            RapportConflictKind  kind,
                                            JsonObject          *fields,
                                            JsonObject          *theirs,
                                            GError             **error);
gboolean   rapport_store_mark_resolved     (RapportStore        *self,
                                            const char          *conflict_id,
                                            GError             **error);
JsonObject *rapport_store_conflict_fields  (JsonObject          *changes,
                                            JsonObject          *theirs);
gboolean   rapport_store_keep_conflict     (RapportStore        *self,
                                            const RapportEntity *entity,
                                            OutboxEntry         *entry,
                                            JsonObject          *result,
                                            GError             **error);
gboolean   rapport_store_settle_conflicts_with_tombstone (RapportStore        *self,
                                                          const RapportEntity *entity,
                                                          const char          *id,
                                                          gboolean            *keep_row,
                                                          GError             **error);

G_END_DECLS
