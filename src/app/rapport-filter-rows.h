/* rapport-filter-rows.h: the conditions of the filter editor, matched all or any
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_FILTER_ROWS (rapport_filter_rows_get_type ())
G_DECLARE_FINAL_TYPE (RapportFilterRows, rapport_filter_rows, RAPPORT, FILTER_ROWS, GtkBox)

GtkWidget *rapport_filter_rows_new           (const RapportEntity *entity);
void       rapport_filter_rows_load          (RapportFilterRows   *self,
                                              JsonNode            *filter);
void       rapport_filter_rows_add_condition (RapportFilterRows   *self);
JsonNode  *rapport_filter_rows_dup_json      (RapportFilterRows   *self,
                                              gboolean            *valid);

G_END_DECLS
