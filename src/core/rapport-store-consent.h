/* rapport-store-consent.h: a contact's consent records in the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-consent.h"
#include "rapport-store.h"

G_BEGIN_DECLS

JsonArray *rapport_store_consents (RapportStore *self,
                                   const char   *contact_id,
                                   GError      **error);
JsonArray *rapport_store_consents_in_transaction (RapportStore *self,
                                                  const char   *contact_id,
                                                  GError      **error);
JsonObject *rapport_store_record_consent (RapportStore *self,
                                          const char   *contact_id,
                                          const char   *purpose,
                                          RapportConsentStatus status,
                                          const char   *source,
                                          const char   *proof,
                                          GError      **error);
JsonObject *rapport_store_record_consent_in_transaction (RapportStore *self,
                                                         const char   *contact_id,
                                                         const char   *purpose,
                                                         RapportConsentStatus status,
                                                         const char   *source,
                                                         const char   *proof,
                                                         GError      **error);

G_END_DECLS
