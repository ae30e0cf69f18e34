/* rapport-deal-stage.h: where a new deal goes on the board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *rapport_deal_default_stage  (GPtrArray  *pipelines,
                                         GPtrArray  *stages,
                                         const char *status);
void        rapport_deal_place_in_stage (JsonObject *deal,
                                         JsonObject *stage);

G_END_DECLS
