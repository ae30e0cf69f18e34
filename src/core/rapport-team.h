/* rapport-team.h: who is signed in, what their role allows, and each rep's load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-pipeline.h"

G_BEGIN_DECLS

typedef struct
{
  char      *user_id;        /* (owned) */
  char      *name;           /* (owned) */
  char      *role;           /* (owned): "admin", "manager" or "rep" */
  guint      open_deals;
  guint      open_tasks;
  guint      overdue_tasks;  /* open tasks due before the summary's "now" */
  GPtrArray *totals;         /* (owned) (element-type RapportMoneyTotal): the open
                              * deals that have an amount, one total per currency */
} RapportRepSummary;

void             rapport_rep_summary_free           (RapportRepSummary   *summary);
GPtrArray       *rapport_store_team_summary         (RapportStore        *store,
                                                     GDateTime           *now,
                                                     GError             **error);
void             rapport_store_team_summary_async   (RapportStore        *store,
                                                     GDateTime           *now,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GPtrArray       *rapport_store_team_summary_finish  (RapportStore        *store,
                                                     GAsyncResult        *result,
                                                     GError             **error);
RapportSnapshot *rapport_store_rep_open_deals       (RapportStore        *store,
                                                     const char          *owner_id,
                                                     GError             **error);
RapportSnapshot *rapport_store_rep_open_tasks       (RapportStore        *store,
                                                     const char          *assignee_id,
                                                     GError             **error);
char            *rapport_store_get_signed_in_role   (RapportStore        *store);
gboolean         rapport_role_can_manage_pipelines  (const char          *role);
gboolean         rapport_role_can_see_team          (const char          *role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportRepSummary, rapport_rep_summary_free)

G_END_DECLS
