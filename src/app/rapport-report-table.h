/* rapport-report-table.h: a report's rows as a table, for every reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-report.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_REPORT_TABLE (rapport_report_table_get_type ())
G_DECLARE_FINAL_TYPE (RapportReportTable, rapport_report_table, RAPPORT, REPORT_TABLE, GtkWidget)

GtkWidget *rapport_report_table_new        (void);
void       rapport_report_table_set_report (RapportReportTable *self,
                                            RapportReport      *report);
guint      rapport_report_table_get_n_rows (RapportReportTable *self);
char      *rapport_report_table_get_cell   (RapportReportTable *self,
                                            guint               row,
                                            guint               column);

G_END_DECLS
