/* rapport-segment-picker.h: a small window to pick one of the saved segments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

/* @segment: the segment picked; the window is closed. */
typedef void (*RapportSegmentPicked) (JsonObject *segment,
                                      gpointer    user_data);

void rapport_segment_picker_present (GtkWindow           *parent,
                                     RapportStore        *store,
                                     const char          *object,
                                     const char          *title,
                                     RapportSegmentPicked picked,
                                     gpointer             user_data,
                                     GDestroyNotify       user_data_free);

G_END_DECLS
