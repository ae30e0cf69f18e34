/* rapport-sla.h: a case's SLA clock, from its policy and calendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-business-time.h"

G_BEGIN_DECLS

/* What a case's clock says at a given instant, live. */
typedef enum {
  RAPPORT_SLA_NONE,            /* no policy applies */
  RAPPORT_SLA_RUNNING,         /* a target is ahead */
  RAPPORT_SLA_WARNING,         /* past the warning share of the target */
  RAPPORT_SLA_OVERDUE,         /* past the target (the server records the breach) */
  RAPPORT_SLA_PAUSED,          /* waiting on the customer */
  RAPPORT_SLA_MET,             /* resolved within its targets */
  RAPPORT_SLA_BREACHED,        /* resolved, or still open, with a breach recorded */
} RapportSlaState;

typedef struct
{
  RapportSlaState state;
  gboolean        responding;  /* the first response is the target, else the resolution */
  gint64          due;         /* Unix seconds; 0 when there is none */
  gint64          left;        /* due − now in seconds; negative when overdue */
} RapportSlaClock;

gboolean rapport_sla_policy_check     (JsonObject            *policy,
                                       GError               **error);
gboolean rapport_sla_policy_targets   (JsonObject            *policy,
                                       const char            *priority,
                                       gint64                *first_response_secs,
                                       gint64                *resolution_secs);
gboolean rapport_sla_is_pause_status  (JsonObject            *policy,
                                       const char            *status);
void     rapport_case_sla_compute     (JsonObject            *record,
                                       JsonObject            *policy,
                                       const RapportCalendar *calendar,
                                       const char            *now,
                                       gboolean               authority);
gboolean rapport_case_sla_first_response (JsonObject         *record,
                                          const char         *responded_at,
                                          const char         *received_at);
void     rapport_case_sla_clock       (JsonObject            *record,
                                       gint64                 now,
                                       RapportSlaClock       *clock);
gint64   rapport_sla_parse_time       (const char            *text);
char    *rapport_sla_format_time      (gint64                 instant);

G_END_DECLS
