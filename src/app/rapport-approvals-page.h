/* rapport-approvals-page.h: the requests a manager or an admin may decide
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_APPROVALS_PAGE (rapport_approvals_page_get_type ())
G_DECLARE_FINAL_TYPE (RapportApprovalsPage, rapport_approvals_page, RAPPORT, APPROVALS_PAGE, GtkWidget)

guint rapport_approvals_page_get_count (RapportApprovalsPage *self);

G_END_DECLS
