/* rapport-server-merge.h: the field-level three-way merge of a pushed op
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  RAPPORT_OP_CREATE,
  RAPPORT_OP_UPDATE,
  RAPPORT_OP_DELETE,
} RapportOpKind;

typedef enum
{
  RAPPORT_MERGE_APPLIED,  /* the op applies as it is */
  RAPPORT_MERGE_MERGED,   /* it applies next to changes it had not seen */
  RAPPORT_MERGE_CONFLICT, /* nothing of it applies; see the conflicts */
} RapportMergeStatus;

/* The pseudo-field of an edit-versus-delete conflict. */
#define RAPPORT_MERGE_DELETED_FIELD "_deleted"

RapportMergeStatus rapport_server_merge            (RapportOpKind kind,
                                                    gint64        base_version,
                                                    JsonObject   *changes,
                                                    JsonObject   *current,
                                                    gboolean      current_deleted,
                                                    gint64        current_version,
                                                    JsonObject   *apply,
                                                    JsonArray    *conflicts);
const char        *rapport_server_merge_status_name (RapportMergeStatus status);
RapportOpKind      rapport_op_kind_from_string     (const char *text,
                                                    gboolean   *ok);
const char        *rapport_op_kind_to_string       (RapportOpKind kind);

G_END_DECLS
