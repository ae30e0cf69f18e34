/* rapport-related-section.h: the records that point at one record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RELATED_SECTION (rapport_related_section_get_type ())
G_DECLARE_FINAL_TYPE (RapportRelatedSection, rapport_related_section, RAPPORT, RELATED_SECTION, GtkBox)

GtkWidget *rapport_related_section_new     (RapportStore        *store,
                                            const RapportEntity *entity,
                                            const char          *id);
GtkWidget *rapport_related_section_row_new (const RapportEntity *entity,
                                            JsonObject          *record,
                                            const char          *subtitle);

G_END_DECLS
