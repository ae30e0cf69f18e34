/* rapport-filter-condition-row.h: one condition of the filter editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_FILTER_CONDITION_ROW (rapport_filter_condition_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportFilterConditionRow, rapport_filter_condition_row,
                      RAPPORT, FILTER_CONDITION_ROW, GtkListBoxRow)

GtkWidget *rapport_filter_condition_row_new       (const RapportEntity       *entity);
gboolean   rapport_filter_condition_row_load      (RapportFilterConditionRow *self,
                                                   JsonObject                *condition);
JsonNode  *rapport_filter_condition_row_dup_json  (RapportFilterConditionRow *self,
                                                   GError                   **error);

G_END_DECLS
