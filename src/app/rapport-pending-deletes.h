/* rapport-pending-deletes.h: tasks and activities deleted while Undo is offered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_PENDING_DELETES (rapport_pending_deletes_get_type ())
G_DECLARE_FINAL_TYPE (RapportPendingDeletes, rapport_pending_deletes,
                      RAPPORT, PENDING_DELETES, GObject)

RapportPendingDeletes *rapport_pending_deletes_get        (RapportStore          *store);
void                   rapport_pending_deletes_add        (RapportPendingDeletes *self,
                                                           GtkWindow             *window,
                                                           const char            *entity,
                                                           const char            *id,
                                                           const char            *title);
gboolean               rapport_pending_deletes_has        (RapportPendingDeletes *self,
                                                           const char            *id);
void                   rapport_pending_deletes_commit_all (RapportPendingDeletes *self);

G_END_DECLS
