/* rapport-filter-editor.h: the Filter… window of a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-entity.h"
#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_FILTER_EDITOR (rapport_filter_editor_get_type ())
G_DECLARE_FINAL_TYPE (RapportFilterEditor, rapport_filter_editor, RAPPORT, FILTER_EDITOR, AdwWindow)

RapportFilterEditor *rapport_filter_editor_new (GtkWindow           *parent,
                                                RapportStore        *store,
                                                const RapportEntity *entity,
                                                const char          *json);

G_END_DECLS
