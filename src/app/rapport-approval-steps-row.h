/* rapport-approval-steps-row.h: an approval rule's approvers, picked in order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-field-row.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_APPROVAL_STEPS_ROW (rapport_approval_steps_row_get_type ())
G_DECLARE_FINAL_TYPE (RapportApprovalStepsRow, rapport_approval_steps_row, RAPPORT,
                      APPROVAL_STEPS_ROW, AdwExpanderRow)

GtkWidget *rapport_approval_steps_row_new (RapportStore        *store,
                                           const RapportEntity *entity,
                                           const RapportField  *field,
                                           JsonObject          *record);

G_END_DECLS
