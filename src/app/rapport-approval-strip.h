/* rapport-approval-strip.h: a quote's or an order's approval, on its page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_APPROVAL_STRIP (rapport_approval_strip_get_type ())
G_DECLARE_FINAL_TYPE (RapportApprovalStrip, rapport_approval_strip, RAPPORT, APPROVAL_STRIP, GtkBox)

gboolean   rapport_approval_strip_applies (const RapportEntity *entity);
GtkWidget *rapport_approval_strip_new     (RapportStore        *store,
                                           const RapportEntity *entity,
                                           const char          *id);

G_END_DECLS
