/* rapport-context.h: what every page of a window works with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-change-monitor.h"
#include "rapport-clock.h"
#include "rapport-store.h"
#include "rapport-sync.h"
#include "rapport-undo-queue.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CONTEXT (rapport_context_get_type ())
G_DECLARE_FINAL_TYPE (RapportContext, rapport_context, RAPPORT, CONTEXT, GObject)

RapportContext   *rapport_context_new            (RapportStore   *store,
                                                  RapportSync    *sync,
                                                  GSettings      *settings,
                                                  RapportClock   *clock);
RapportStore     *rapport_context_get_store      (RapportContext *self);
RapportSync      *rapport_context_get_sync       (RapportContext *self);
GSettings        *rapport_context_get_settings   (RapportContext *self);
RapportClock     *rapport_context_get_clock      (RapportContext *self);
RapportChangeMonitor *rapport_context_get_changes (RapportContext *self);
RapportUndoQueue *rapport_context_get_undo_queue (RapportContext *self);

GParamSpec       *rapport_context_param_spec     (void);
gboolean          rapport_context_set_once       (GObject         *page,
                                                  RapportContext **slot,
                                                  RapportContext  *context);

G_END_DECLS
