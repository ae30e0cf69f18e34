/* rapport-pending-deletes.h: the undo queue, for views that have only the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"
#include "rapport-undo-queue.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_PENDING_DELETES (rapport_pending_deletes_get_type ())
G_DECLARE_FINAL_TYPE (RapportPendingDeletes, rapport_pending_deletes,
                      RAPPORT, PENDING_DELETES, GObject)

RapportPendingDeletes *rapport_pending_deletes_get    (RapportStore          *store);
void                   rapport_pending_deletes_follow (RapportPendingDeletes *self,
                                                       RapportUndoQueue      *queue);
gboolean               rapport_pending_deletes_has    (RapportPendingDeletes *self,
                                                       const char            *id);

G_END_DECLS
