/* rapport-reminders.h: task reminders as desktop notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_REMINDERS (rapport_reminders_get_type ())
G_DECLARE_FINAL_TYPE (RapportReminders, rapport_reminders, RAPPORT, REMINDERS, GObject)

RapportReminders *rapport_reminders_new       (GApplication     *application);
void              rapport_reminders_set_store (RapportReminders *self,
                                               RapportStore     *store);

G_END_DECLS
