/* rapport-campaign.h: marketing campaigns and their members' statuses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A member status a campaign's type offers, in order. */
typedef struct
{
  const char *value;         /* "responded" */
  const char *label;         /* N_(): "Responded" */
  gboolean    has_responded;
} RapportMemberStatus;

const RapportMemberStatus *rapport_campaign_statuses      (const char *type,
                                                           guint      *n_statuses);
const RapportMemberStatus *rapport_campaign_find_status   (const char *type,
                                                           const char *status);
const char                *rapport_campaign_default_status (const char *type);
gboolean                   rapport_campaign_check          (JsonObject *campaign,
                                                            GError    **error);
gboolean                   rapport_campaign_member_check_status (const char *type,
                                                                 const char *status,
                                                                 GError    **error);
void                       rapport_campaign_member_follow  (JsonObject *member,
                                                            const char *old_status,
                                                            const char *type,
                                                            const char *now);

JsonObject                *rapport_campaign_unsubscribe_consent (JsonObject *member,
                                                                 const char *campaign_name);

G_END_DECLS
