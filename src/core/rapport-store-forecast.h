/* rapport-store-forecast.h: a deal's forecast category, on the client's own writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-entity.h"
#include "rapport-store.h"

G_BEGIN_DECLS

gboolean rapport_store_follow_forecast (RapportStore        *self,
                                        const RapportEntity *entity,
                                        JsonObject          *old,
                                        JsonObject          *applied,
                                        JsonObject          *record,
                                        GError             **error);

G_END_DECLS
