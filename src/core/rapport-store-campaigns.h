/* rapport-store-campaigns.h: a campaign's members in the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

/* What adding members did. */
typedef struct
{
  guint added;
  guint already;    /* members already */
  guint no_consent; /* left out: e-mail marketing not granted now */
} RapportMembersAdded;

gboolean    rapport_store_campaign_add_members (RapportStore        *self,
                                                const char          *campaign_id,
                                                GStrv                contact_ids,
                                                const char          *added_from,
                                                RapportMembersAdded *out_added,
                                                GError             **error);
JsonObject *rapport_store_campaign_set_status  (RapportStore        *self,
                                                const char          *member_id,
                                                const char          *status,
                                                GError             **error);
GPtrArray  *rapport_store_campaign_members     (RapportStore        *self,
                                                const char          *campaign_id,
                                                GError             **error);
GPtrArray  *rapport_store_campaign_audience    (RapportStore        *self,
                                                const char          *campaign_id,
                                                guint               *out_left_out,
                                                GError             **error);

G_END_DECLS
