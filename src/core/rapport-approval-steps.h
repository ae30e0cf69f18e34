/* rapport-approval-steps.h: who approves, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * RapportStepKind:
 * @RAPPORT_STEP_INVALID: not a step
 * @RAPPORT_STEP_MANAGER: `role:manager`, any manager (or admin)
 * @RAPPORT_STEP_ADMIN: `role:admin`, any admin
 * @RAPPORT_STEP_OWNER_MANAGER: `owner_manager`, the document owner's manager
 * @RAPPORT_STEP_USER: `user:<id>`, one person
 * @RAPPORT_STEP_TEAM: `team:<id>`, any one member of a team
 */
typedef enum {
  RAPPORT_STEP_INVALID,
  RAPPORT_STEP_MANAGER,
  RAPPORT_STEP_ADMIN,
  RAPPORT_STEP_OWNER_MANAGER,
  RAPPORT_STEP_USER,
  RAPPORT_STEP_TEAM,
} RapportStepKind;

/* Who a step's approver is, as the caller found them. */
typedef struct
{
  const char         *owner_manager_id; /* (nullable): the document owner's manager */
  const char * const *team_members;     /* (nullable): a team step's members' ids */
} RapportStepPeople;

RapportStepKind rapport_approval_step_parse      (const char              *spec,
                                                  char                   **id);
char          **rapport_approval_step_split      (const char              *text);
gboolean        rapport_approval_steps_check     (const char              *text,
                                                  GError                 **error);
JsonArray      *rapport_approval_steps_of        (JsonArray               *matches,
                                                  const char              *now);
const char     *rapport_approval_step_next_role  (const char              *spec);
gboolean        rapport_approval_step_allows     (const char              *spec,
                                                  const char              *user_id,
                                                  const char              *role,
                                                  const RapportStepPeople *people);
JsonObject     *rapport_approval_current_step    (JsonObject              *request);
JsonObject     *rapport_approval_event_new       (const char              *kind,
                                                  const char              *actor,
                                                  const char              *at,
                                                  const char              *doc_hash);
void            rapport_approval_add_event       (JsonObject              *request,
                                                  JsonObject              *event);
JsonArray      *rapport_approval_parse_array     (JsonObject              *object,
                                                  const char              *member);
void            rapport_approval_set_array       (JsonObject              *object,
                                                  const char              *member,
                                                  JsonArray               *array);

G_END_DECLS

G_BEGIN_DECLS

void     rapport_approval_start_steps (JsonObject *request,
                                       JsonArray  *steps);
gboolean rapport_approval_escalate    (JsonObject *request,
                                       const char *now,
                                       const char *reason);
gboolean rapport_approval_decide_step (JsonObject *request,
                                       const char *decision,
                                       const char *actor,
                                       const char *on_behalf_of,
                                       const char *comment,
                                       const char *now);

G_END_DECLS
