/* rapport-approval-notifier.h: desktop notifications of approvals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_APPROVAL_NOTIFIER (rapport_approval_notifier_get_type ())
G_DECLARE_FINAL_TYPE (RapportApprovalNotifier, rapport_approval_notifier,
                      RAPPORT, APPROVAL_NOTIFIER, GObject)

RapportApprovalNotifier *rapport_approval_notifier_new       (GApplication            *application);
void                     rapport_approval_notifier_set_store (RapportApprovalNotifier *self,
                                                              RapportStore            *store);

G_END_DECLS
