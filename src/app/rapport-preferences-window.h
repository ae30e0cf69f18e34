/* rapport-preferences-window.h: the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-application.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_PREFERENCES_WINDOW (rapport_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RapportPreferencesWindow, rapport_preferences_window,
                      RAPPORT, PREFERENCES_WINDOW, AdwWindow)

RapportPreferencesWindow *rapport_preferences_window_new       (RapportApplication *application);
char                     *rapport_preferences_default_currency (void);

G_END_DECLS
