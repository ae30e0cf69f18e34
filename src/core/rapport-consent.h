/* rapport-consent.h: a contact's consent, kept as a history of records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  RAPPORT_CONSENT_UNKNOWN,
  RAPPORT_CONSENT_GRANTED,
  RAPPORT_CONSENT_DENIED,
} RapportConsentStatus;

RapportConsentStatus rapport_consent_effective     (JsonArray   *consents,
                                                    const char  *channel,
                                                    const char  *purpose);
JsonObject          *rapport_consent_latest        (JsonArray   *consents,
                                                    const char  *channel,
                                                    const char  *purpose);
gboolean             rapport_consent_allows        (JsonArray   *consents,
                                                    const char  *channel,
                                                    const char  *purpose);
const char          *rapport_consent_status_name   (RapportConsentStatus status);
gboolean             rapport_consent_check         (JsonObject  *consent,
                                                    GError     **error);
gboolean             rapport_contact_compute_consent (JsonObject *contact,
                                                      JsonArray  *consents,
                                                      GError    **error);

JsonObject          *rapport_consent_migrated      (const char  *contact_id,
                                                    gboolean     agreed,
                                                    const char  *captured_at);

G_END_DECLS
