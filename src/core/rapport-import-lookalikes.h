/* rapport-import-lookalikes.h: rows of an import that look like other records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-entity.h"
#include "rapport-store.h"

G_BEGIN_DECLS

typedef struct _RapportImportLookalikes RapportImportLookalikes;

RapportImportLookalikes *rapport_import_lookalikes_new   (RapportStore            *store,
                                                          const RapportEntity     *entity);
char                    *rapport_import_lookalikes_check (RapportImportLookalikes *self,
                                                          guint                    line,
                                                          JsonObject              *values,
                                                          gboolean                 creates);
void                     rapport_import_lookalikes_free  (RapportImportLookalikes *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportImportLookalikes, rapport_import_lookalikes_free)

G_END_DECLS
