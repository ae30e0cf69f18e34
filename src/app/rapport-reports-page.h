/* rapport-reports-page.h: the Reports section: key figures and charts of the book's deals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_REPORTS_PAGE (rapport_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (RapportReportsPage, rapport_reports_page, RAPPORT, REPORTS_PAGE, GtkWidget)

G_END_DECLS
