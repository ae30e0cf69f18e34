/* rapport-detail-view.h: one record, to read and to edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DETAIL_VIEW (rapport_detail_view_get_type ())
G_DECLARE_FINAL_TYPE (RapportDetailView, rapport_detail_view, RAPPORT, DETAIL_VIEW, GtkWidget)

void        rapport_detail_view_set_folded    (RapportDetailView *self,
                                               gboolean           folded);
void        rapport_detail_view_show          (RapportDetailView *self,
                                               const char        *entity,
                                               const char        *id);
void        rapport_detail_view_create        (RapportDetailView *self,
                                               const char        *entity);
const char *rapport_detail_view_get_record_id (RapportDetailView *self);
gboolean    rapport_detail_view_get_editing   (RapportDetailView *self);

G_END_DECLS
