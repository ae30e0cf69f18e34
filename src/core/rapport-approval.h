/* rapport-approval.h: when a quote or an order needs approval, and of what
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char      *rapport_approval_hash      (JsonObject *document,
                                       JsonArray  *lines);
JsonArray *rapport_approval_evaluate  (const char *document_type,
                                       JsonObject *document,
                                       JsonArray  *lines,
                                       JsonArray  *rules,
                                       JsonObject *context);
char      *rapport_approval_reasons   (JsonArray  *matches);
GPtrArray *rapport_approval_segment_ids (const char *document_type,
                                         JsonArray  *rules);
const char *rapport_approval_segment_customer (JsonObject *segment,
                                               JsonObject *document);
const char *rapport_approval_approver (JsonArray  *matches);
JsonObject *rapport_approval_submission (const char *document_type,
                                         JsonObject *document,
                                         const char *comment);
JsonObject *rapport_approval_decision   (const char *status,
                                         JsonObject *document,
                                         JsonObject *request,
                                         const char *comment);

G_END_DECLS
