/* rapport-store-withheld.h: records deleted while Undo is offered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

void     rapport_store_withhold       (RapportStore *self,
                                       const char   *entity,
                                       const char   *id);
void     rapport_store_give_back      (RapportStore *self,
                                       const char   *entity,
                                       const char   *id);
gboolean rapport_store_is_withheld    (RapportStore *self,
                                       const char   *entity,
                                       const char   *id);

G_END_DECLS
