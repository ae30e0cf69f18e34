/* rapport-server-demo-private.h: what the parts of the demo book share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

typedef struct
{
  RapportServerBackend *backend;
  RapportServerActor   *actor;
  char                 *users[4];  /* admin, manager, rep, rep */
  GPtrArray            *companies; /* ids */
  GPtrArray            *contacts;
  GPtrArray            *stages;
  GPtrArray            *deals;
  GPtrArray            *cases;
  char                 *pipeline;
  GDateTime            *today;     /* midnight UTC of the day the book is made */
} RapportServerDemo;

char     *rapport_server_demo_days_from_today (RapportServerDemo        *demo,
                                               int                       days,
                                               int                       hour,
                                               const char               *format);
char     *rapport_server_demo_write           (RapportServerDemo        *demo,
                                               const RapportServerActor *actor,
                                               const char               *entity_name,
                                               const char               *id,
                                               JsonObject               *fields,
                                               GError                  **error);
char     *rapport_server_demo_write_at        (RapportServerDemo        *demo,
                                               const RapportServerActor *actor,
                                               const char               *entity_name,
                                               const char               *id,
                                               JsonObject               *fields,
                                               const char               *at,
                                               GError                  **error);
gboolean  rapport_server_demo_add_history     (RapportServerDemo        *demo,
                                               GError                  **error);
gboolean  rapport_server_demo_add_sla         (RapportServerDemo        *demo,
                                               GError                  **error);
gboolean  rapport_server_demo_age_cases       (RapportServerDemo        *demo,
                                               GError                  **error);
gboolean  rapport_server_demo_add_queues      (RapportServerDemo        *demo,
                                               GError                  **error);
gboolean  rapport_server_demo_add_automation (RapportServerDemo       *demo,
                                              const char              *proposal_stage,
                                              GError                 **error);
gboolean  rapport_server_demo_add_sales       (RapportServerDemo        *demo,
                                               guint                    *n_quotes,
                                               GError                  **error);

#define RAPPORT_DEMO_DATE "%Y-%m-%d"
#define RAPPORT_DEMO_DATE_TIME "%Y-%m-%dT%H:%M:%SZ"

G_END_DECLS
