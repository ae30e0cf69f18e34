/* rapport-conflicts-window.h: settling what the user and the team both changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CONFLICTS_WINDOW (rapport_conflicts_window_get_type ())
G_DECLARE_FINAL_TYPE (RapportConflictsWindow, rapport_conflicts_window,
                      RAPPORT, CONFLICTS_WINDOW, AdwWindow)

RapportConflictsWindow *rapport_conflicts_window_new (RapportContext *context);

G_END_DECLS
