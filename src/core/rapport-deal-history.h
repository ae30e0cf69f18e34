/* rapport-deal-history.h: a deal's forecast category, slips and history events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

const char *rapport_stage_forecast_category (JsonObject *stage);
void        rapport_deal_follow_forecast    (JsonObject *deal,
                                             JsonObject *old,
                                             JsonObject *applied,
                                             JsonObject *stage);
void        rapport_deal_count_push         (JsonObject *deal,
                                             JsonObject *old);
gboolean    rapport_deal_history_changed    (JsonObject *old,
                                             JsonObject *deal);
JsonObject *rapport_deal_history_event_new  (JsonObject *old,
                                             JsonObject *deal,
                                             JsonObject *from_stage,
                                             JsonObject *to_stage,
                                             const char *user_id,
                                             const char *client_time,
                                             const char *server_time,
                                             gboolean    superseded);

G_END_DECLS
