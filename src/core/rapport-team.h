/* rapport-team.h: who is signed in, what their role allows, and each rep's load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

typedef struct
{
  char  *user_id;     /* (owned) */
  char  *name;        /* (owned) */
  char  *role;        /* (owned): "admin", "manager" or "rep" */
  guint  open_deals;
  guint  open_tasks;
} RapportRepSummary;

void       rapport_rep_summary_free          (RapportRepSummary *summary);
GPtrArray *rapport_store_team_summary        (RapportStore      *store,
                                              GError           **error);
char      *rapport_store_get_signed_in_role  (RapportStore      *store);
gboolean   rapport_role_can_manage_pipelines (const char        *role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportRepSummary, rapport_rep_summary_free)

G_END_DECLS
