/* rapport-record-row.h: a row of a record list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-record-item.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RECORD_ROW (rapport_record_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportRecordRow, rapport_record_row, RAPPORT, RECORD_ROW, GtkWidget)

RapportRecordItem *rapport_record_row_get_item (RapportRecordRow  *self);
void               rapport_record_row_set_item (RapportRecordRow  *self,
                                                RapportRecordItem *item);
void               rapport_record_row_set_picked (RapportRecordRow *self,
                                                  gboolean          picked);

G_END_DECLS
