/* rapport-account-menu.h: who is signed in, Sign In and Sign Out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-application.h"

G_BEGIN_DECLS

void rapport_account_menu_install (GtkWindow          *window,
                                   GtkMenuButton      *button,
                                   RapportApplication *application);

G_END_DECLS
