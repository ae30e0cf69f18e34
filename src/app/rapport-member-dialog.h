/* rapport-member-dialog.h: adding a user to a team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-item-dialog.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_MEMBER_DIALOG (rapport_member_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RapportMemberDialog, rapport_member_dialog, RAPPORT, MEMBER_DIALOG, RapportItemDialog)

RapportMemberDialog *rapport_member_dialog_new (GtkWindow           *parent,
                                                RapportStore        *store,
                                                const RapportEntity *child,
                                                const char          *parent_id,
                                                const char          *link_field,
                                                const char * const  *taken);

G_END_DECLS
