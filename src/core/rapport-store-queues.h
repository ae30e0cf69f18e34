/* rapport-store-queues.h: the case queues a user works, read from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

GPtrArray *rapport_store_queues_of_user (RapportStore *store,
                                         const char   *user_id,
                                         GError      **error);

G_END_DECLS
