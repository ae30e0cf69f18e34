/* rapport-delegation-group.h: out of office, who decides one's approvals meanwhile
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_DELEGATION_GROUP (rapport_delegation_group_get_type ())
G_DECLARE_FINAL_TYPE (RapportDelegationGroup, rapport_delegation_group, RAPPORT,
                      DELEGATION_GROUP, AdwPreferencesGroup)

GtkWidget *rapport_delegation_group_new (RapportStore *store);

G_END_DECLS
