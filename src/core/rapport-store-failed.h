/* rapport-store-failed.h: what the user does with changes that could not be sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-store.h"

G_BEGIN_DECLS

gboolean  rapport_store_retry_failed     (RapportStore *self,
                                          const char   *op_id,
                                          GError      **error);
gboolean  rapport_store_discard_failed   (RapportStore *self,
                                          const char   *op_id,
                                          GError      **error);

/* For the sync engine: records whose server copy is to be fetched again. */
GStrv     rapport_store_list_refetch     (RapportStore *self);
gboolean  rapport_store_apply_refetched  (RapportStore *self,
                                          const char   *entity,
                                          const char   *id,
                                          JsonObject   *record,
                                          gboolean      gone,
                                          GError      **error);

G_END_DECLS
