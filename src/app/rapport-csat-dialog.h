/* rapport-csat-dialog.h: Log Satisfaction… on a resolved case's page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

GtkWidget *rapport_csat_group_new (RapportStore *store,
                                   JsonObject   *a_case);

G_END_DECLS
