/* rapport-merge-dialog.h: merging records that are one, field by field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

GtkWidget *rapport_merge_dialog_present (GtkWidget           *parent,
                                         RapportStore        *store,
                                         const RapportEntity *entity,
                                         GPtrArray           *records);

G_END_DECLS
