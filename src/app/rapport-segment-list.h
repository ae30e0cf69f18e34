/* rapport-segment-list.h: the sidebar's Segments, each with its member count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SEGMENT_LIST (rapport_segment_list_get_type ())
G_DECLARE_FINAL_TYPE (RapportSegmentList, rapport_segment_list, RAPPORT, SEGMENT_LIST, GtkBox)

GtkWidget *rapport_segment_list_new       (RapportContext     *context);
GStrv      rapport_segment_list_dup_names (RapportSegmentList *self);
const char *rapport_segment_list_get_name (RapportSegmentList *self,
                                           const char         *id);

G_END_DECLS
