/* rapport-segment-name-dialog.h: asks a segment's name, for Save as Segment and Rename
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef void (*RapportSegmentNameFunc) (const char *name,
                                        gpointer    user_data);

void rapport_segment_name_dialog_present (GtkWindow              *parent,
                                          const char             *heading,
                                          const char             *action_label,
                                          const char             *current,
                                          const char * const     *taken,
                                          RapportSegmentNameFunc  func,
                                          gpointer                user_data,
                                          GDestroyNotify          user_data_free);

G_END_DECLS
