/* rapport-failed-change-group.h: one change that could not be sent, as the Conflicts window shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

GtkWidget *rapport_failed_change_group_new (JsonObject *change);
char      *rapport_failed_change_title     (JsonObject *change);

G_END_DECLS
