/* rapport-welcome-page.h: what a first run shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_WELCOME_PAGE (rapport_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (RapportWelcomePage, rapport_welcome_page, RAPPORT, WELCOME_PAGE, GtkWidget)

G_END_DECLS
