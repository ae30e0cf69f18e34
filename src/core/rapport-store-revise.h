/* rapport-store-revise.h: a new revision of a quote, an order's amendment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

JsonObject *rapport_store_revise (RapportStore *self,
                                  const char   *entity,
                                  const char   *id,
                                  GError      **error);

JsonObject *rapport_store_latest_revision (RapportStore *self,
                                           const char   *entity,
                                           const char   *id,
                                           GError      **error);

G_END_DECLS
