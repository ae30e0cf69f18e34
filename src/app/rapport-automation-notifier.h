/* rapport-automation-notifier.h: desktop notifications that automation rules leave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_AUTOMATION_NOTIFIER (rapport_automation_notifier_get_type ())
G_DECLARE_FINAL_TYPE (RapportAutomationNotifier, rapport_automation_notifier,
                      RAPPORT, AUTOMATION_NOTIFIER, GObject)

RapportAutomationNotifier *rapport_automation_notifier_new       (GApplication              *application);
void                       rapport_automation_notifier_set_store (RapportAutomationNotifier *self,
                                                                  RapportStore              *store);

G_END_DECLS
