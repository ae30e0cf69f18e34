/* rapport-sla-labels.h: what an SLA clock says, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-sla.h"

G_BEGIN_DECLS

char *rapport_sla_labels_duration  (gint64                 secs);
char *rapport_sla_labels_countdown (const RapportSlaClock *clock,
                                    const char           **style);
char *rapport_sla_labels_flag      (JsonObject            *record,
                                    GDateTime             *now,
                                    const char           **style);

G_END_DECLS
