/* rapport-team-page.h: a manager's view of each teammate's open deals and tasks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_TEAM_PAGE (rapport_team_page_get_type ())
G_DECLARE_FINAL_TYPE (RapportTeamPage, rapport_team_page, RAPPORT, TEAM_PAGE, GtkWidget)

G_END_DECLS
