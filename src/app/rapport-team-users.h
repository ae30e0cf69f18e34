/* rapport-team-users.h: the teammates a record can be handed to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

GPtrArray *rapport_team_users_load        (RapportStore *store);
char      *rapport_team_users_name        (JsonObject   *user);
char      *rapport_team_users_lookup_name (RapportStore *store,
                                           const char   *user_id);
GtkWidget *rapport_team_users_combo_row   (GPtrArray    *users,
                                           const char   *title,
                                           const char   *selected_id);
const char *rapport_team_users_get_chosen (GtkWidget    *combo_row,
                                           GPtrArray    *users);

const char *rapport_team_users_owner_field   (const RapportEntity *entity);
GtkWidget  *rapport_team_users_owner_row     (RapportStore        *store,
                                              const RapportEntity *entity,
                                              JsonObject          *record);
void        rapport_team_users_owner_changes (GtkWidget           *owner_row,
                                              JsonObject          *changes);
GtkWidget  *rapport_team_users_owner_value   (RapportStore        *store,
                                              const RapportEntity *entity,
                                              JsonObject          *record);

G_END_DECLS
