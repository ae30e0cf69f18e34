/* rapport-consent-group.h: a contact's e-mail marketing consent on its page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CONSENT_GROUP (rapport_consent_group_get_type ())
G_DECLARE_FINAL_TYPE (RapportConsentGroup, rapport_consent_group, RAPPORT, CONSENT_GROUP,
                      AdwPreferencesGroup)

GtkWidget *rapport_consent_group_new (RapportStore *store,
                                      JsonObject   *contact);

G_END_DECLS
