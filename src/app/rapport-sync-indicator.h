/* rapport-sync-indicator.h: the sync state in the header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-application.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SYNC_INDICATOR (rapport_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (RapportSyncIndicator, rapport_sync_indicator, RAPPORT, SYNC_INDICATOR, GtkWidget)

void rapport_sync_indicator_set_application (RapportSyncIndicator *self,
                                             RapportApplication   *application);

G_END_DECLS
