/* rapport-store-bulk.h: a first sync into an empty database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

gboolean rapport_store_begin_bulk_load  (RapportStore *self,
                                         GError      **error);
gboolean rapport_store_finish_bulk_load (RapportStore *self,
                                         GError      **error);

G_END_DECLS
