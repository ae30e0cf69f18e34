/* rapport-store-merges.h: merges of contacts and companies, as a client asks and sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

JsonObject *rapport_merge_request      (const char         *object,
                                        const char         *master_id,
                                        const char * const *loser_ids,
                                        JsonObject         *choices);
char       *rapport_store_merged_into  (RapportStore       *self,
                                        const char         *id,
                                        GError            **error);
GPtrArray  *rapport_store_merges_into  (RapportStore       *self,
                                        const char         *master_id,
                                        GError            **error);

G_END_DECLS
