/* rapport-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-application.h"
#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_WINDOW (rapport_window_get_type ())
G_DECLARE_FINAL_TYPE (RapportWindow, rapport_window, RAPPORT, WINDOW, AdwApplicationWindow)

RapportWindow  *rapport_window_new         (RapportApplication *application,
                                            RapportContext     *context);
RapportContext *rapport_window_get_context (RapportWindow      *self);
void            rapport_window_add_toast   (RapportWindow      *self,
                                            AdwToast           *toast);

G_END_DECLS
