/* rapport-campaign-group.h: a campaign's results and members on its page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CAMPAIGN_GROUP (rapport_campaign_group_get_type ())
G_DECLARE_FINAL_TYPE (RapportCampaignGroup, rapport_campaign_group, RAPPORT, CAMPAIGN_GROUP, GtkBox)

GtkWidget *rapport_campaign_group_new (RapportStore *store,
                                       JsonObject   *campaign);

G_END_DECLS
