/* rapport-automation.h: automation rules, what they say and when they fire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-filter.h"

G_BEGIN_DECLS

/* The author "automation" of what rules write: created_by and updated_by
 * of the records their actions make or change. A user id in the shape of
 * one (DESIGN.md's records are written by users), which no user has. */
#define RAPPORT_AUTOMATION_AUTHOR "00000000-0000-0000-0000-00000000a070"

/* How deep rules may set each other off: a write that rules made this many
 * levels below a user's write fires none, and each rule it would have
 * fired is logged as "loop_stopped" (SPEC.md §9.3). */
#define RAPPORT_AUTOMATION_MAX_DEPTH 3

gboolean       rapport_automation_rule_check      (JsonObject *rule,
                                                   GError    **error);
JsonArray     *rapport_automation_rule_actions    (JsonObject *rule,
                                                   GError    **error);
const char    *rapport_automation_contact_of      (const RapportEntity *entity);
gboolean       rapport_automation_rule_conditions (JsonObject     *rule,
                                                   RapportFilter **out_filter,
                                                   GError        **error);
gboolean       rapport_automation_rule_fires      (JsonObject *rule,
                                                   const char *entity,
                                                   JsonObject *before,
                                                   JsonObject *after);
char          *rapport_automation_run_id          (const char *rule_id,
                                                   const char *entity,
                                                   const char *record_id,
                                                   gint64      version);
char          *rapport_automation_timed_run_id    (const char *rule_id,
                                                   const char *entity,
                                                   const char *record_id,
                                                   const char *trigger,
                                                   const char *since);

G_END_DECLS
