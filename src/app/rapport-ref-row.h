/* rapport-ref-row.h: a link to another record, picked by searching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-field-row.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_REF_ROW (rapport_ref_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportRefRow, rapport_ref_row, RAPPORT, REF_ROW, AdwActionRow)

GtkWidget *rapport_ref_row_new (RapportStore        *store,
                                const RapportEntity *entity,
                                const RapportField  *field,
                                JsonObject          *record);
void       rapport_ref_row_set_excluded (RapportRefRow      *self,
                                         const char *const *ids);
void       rapport_ref_row_set_label    (RapportRefRow      *self,
                                         const char         *label);
const char *rapport_ref_row_get_chosen  (RapportRefRow      *self);

G_END_DECLS
