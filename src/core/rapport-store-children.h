/* rapport-store-children.h: a record and its child records, edited together
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

JsonObject *rapport_store_save_with_children (RapportStore *self,
                                              const char   *entity,
                                              const char   *id,
                                              JsonObject   *fields,
                                              JsonArray    *children,
                                              GError      **error);
GPtrArray  *rapport_store_list_children      (RapportStore *self,
                                              const char   *child_entity,
                                              const char   *parent_id,
                                              GError      **error);

G_END_DECLS
