/* rapport-line-dialog.h: one line of a quote or an order, to edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-item-dialog.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_LINE_DIALOG (rapport_line_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RapportLineDialog, rapport_line_dialog, RAPPORT, LINE_DIALOG, RapportItemDialog)

RapportLineDialog *rapport_line_dialog_new (GtkWindow           *parent,
                                            RapportStore        *store,
                                            const RapportEntity *entity,
                                            JsonObject          *line,
                                            const char          *label,
                                            const char          *price_list_id);
void               rapport_line_dialog_set_fresh (RapportLineDialog *self,
                                                  const char        *id);

G_END_DECLS
