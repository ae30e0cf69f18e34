/* rapport-section.h: a section of the window's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SECTION (rapport_section_get_type ())
G_DECLARE_FINAL_TYPE (RapportSection, rapport_section, RAPPORT, SECTION, GObject)

GListModel          *rapport_section_list_new       (void);
const RapportEntity *rapport_section_get_entity     (RapportSection *self);
const char          *rapport_section_get_name       (RapportSection *self);
const char          *rapport_section_get_title      (RapportSection *self);
const char          *rapport_section_get_icon_name  (RapportSection *self);

G_END_DECLS
