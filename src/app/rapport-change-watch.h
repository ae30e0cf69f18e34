/* rapport-change-watch.h: one record type's changes, told on the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-main-thread.h"
#include "rapport-store.h"

G_BEGIN_DECLS

typedef struct _RapportChangeWatch RapportChangeWatch;

RapportChangeWatch *rapport_change_watch_new  (RapportStore       *store,
                                               const char         *entity,
                                               GObject            *target,
                                               RapportTargetFunc   func);
void                rapport_change_watch_free (RapportChangeWatch *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportChangeWatch, rapport_change_watch_free)

G_END_DECLS
