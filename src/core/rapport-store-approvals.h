/* rapport-store-approvals.h: what the app shows of approvals, read from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-approval-steps.h"
#include "rapport-store.h"

G_BEGIN_DECLS

JsonObject *rapport_store_approval_status (RapportStore *store,
                                           const char   *entity,
                                           const char   *id,
                                           GError      **error);
JsonObject *rapport_store_approval_inbox  (RapportStore *store,
                                           GError      **error);
GPtrArray  *rapport_store_approval_mine   (RapportStore *store,
                                           guint         limit,
                                           GError      **error);
JsonObject *rapport_store_approval_context (RapportStore *store,
                                            const char   *document_type,
                                            JsonObject   *document,
                                            GPtrArray    *lines,
                                            JsonArray    *rules);
gboolean    rapport_approval_may_decide   (JsonObject              *request,
                                           JsonObject              *document,
                                           const char              *user_id,
                                           const char              *role,
                                           const RapportStepPeople *people);

GPtrArray  *rapport_store_approval_choices  (RapportStore *store,
                                            const char   *entity,
                                            const char   *field,
                                            const char   *value,
                                            GError      **error);
char       *rapport_approval_step_label     (RapportStore *store,
                                            const char   *spec);
char       *rapport_approval_steps_describe (RapportStore *store,
                                            const char   *text);
char       *rapport_approval_event_text     (RapportStore *store,
                                            JsonObject   *event);

G_END_DECLS
