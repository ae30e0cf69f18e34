/* rapport-change-monitor.h: the store's changes, told once per burst on the main context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CHANGE_MONITOR (rapport_change_monitor_get_type ())
G_DECLARE_FINAL_TYPE (RapportChangeMonitor, rapport_change_monitor,
                      RAPPORT, CHANGE_MONITOR, GObject)

RapportChangeMonitor *rapport_change_monitor_new        (RapportStore         *store,
                                                         GMainContext         *context);
RapportChangeMonitor *rapport_change_monitor_get_for_store (RapportStore     *store);
RapportStore         *rapport_change_monitor_get_store  (RapportChangeMonitor *self);
void                  rapport_change_monitor_add        (RapportChangeMonitor *self,
                                                         const char           *entity,
                                                         const char * const   *ids);
gboolean              rapport_change_monitor_has_id     (const char * const   *ids,
                                                         const char           *id);

G_END_DECLS
