/* rapport-change.h: the kinds of change a record goes through, and of conflict
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * RapportChangeKind:
 * @RAPPORT_CHANGE_KIND_CREATE: a new record
 * @RAPPORT_CHANGE_KIND_UPDATE: some fields of a record changed
 * @RAPPORT_CHANGE_KIND_DELETE: a record deleted
 *
 * What an outbox entry, a push op or a history entry does. The nicks are
 * the words the local database and the server use.
 */
typedef enum
{
  RAPPORT_CHANGE_KIND_CREATE, /*< nick=create >*/
  RAPPORT_CHANGE_KIND_UPDATE, /*< nick=update >*/
  RAPPORT_CHANGE_KIND_DELETE, /*< nick=delete >*/
} RapportChangeKind;

/**
 * RapportConflictKind:
 * @RAPPORT_CONFLICT_KIND_EDIT: both sides changed the same fields
 * @RAPPORT_CONFLICT_KIND_DELETE: one side deleted what the other changed
 *
 * What a conflict asks the user. The nicks are the words the local
 * database uses.
 */
typedef enum
{
  RAPPORT_CONFLICT_KIND_EDIT,   /*< nick=edit >*/
  RAPPORT_CONFLICT_KIND_DELETE, /*< nick=delete >*/
} RapportConflictKind;

const char *rapport_change_kind_to_string     (RapportChangeKind    kind);
gboolean    rapport_change_kind_from_string   (const char          *text,
                                               RapportChangeKind   *kind);
RapportChangeKind rapport_change_kind_of      (JsonObject          *change);

const char *rapport_conflict_kind_to_string   (RapportConflictKind  kind);
gboolean    rapport_conflict_kind_from_string (const char          *text,
                                               RapportConflictKind *kind);
RapportConflictKind rapport_conflict_kind_of  (JsonObject          *conflict);

G_END_DECLS
