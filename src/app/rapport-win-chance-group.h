/* rapport-win-chance-group.h: a deal's win chance on its page, and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_WIN_CHANCE_GROUP (rapport_win_chance_group_get_type ())
G_DECLARE_FINAL_TYPE (RapportWinChanceGroup, rapport_win_chance_group,
                      RAPPORT, WIN_CHANCE_GROUP, AdwPreferencesGroup)

GtkWidget *rapport_win_chance_group_new (RapportStore *store,
                                         const char   *deal_id);

G_END_DECLS
