/* rapport-store-consent.c: a contact's consent records in the local store
 *
 * Reads a contact's consent history (rapport-consent.c says what is in
 * force) and records a new consent: a change of mind is always a new
 * record, written with its outbox entry like any other create.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-json.h"
#include "rapport-store-children.h"
#include "rapport-store-consent.h"
#include "rapport-store-private.h"
#include "rapport-uuid.h"

/**
 * rapport_store_consents:
 *
 * Returns: (transfer full) (nullable): the consent records of the contact
 *   @contact_id, or %NULL with @error
 */
JsonArray *
rapport_store_consents (RapportStore *self,
                        const char   *contact_id,
                        GError      **error)
{
  g_autoptr(GPtrArray) records = rapport_store_list_children (self, "consent", contact_id, error);
  JsonArray *consents;

  if (records == NULL)
    return NULL;
  consents = json_array_sized_new (records->len);
  for (guint i = 0; i < records->len; i++)
    json_array_add_object_element (consents, json_object_ref (g_ptr_array_index (records, i)));
  return consents;
}

/**
 * rapport_store_consents_in_transaction:
 *
 * The same on the writer thread, inside its transaction.
 */
JsonArray *
rapport_store_consents_in_transaction (RapportStore *self,
                                       const char   *contact_id,
                                       GError      **error)
{
  const RapportEntity *entity = rapport_entity_lookup ("consent");
  g_auto(GStrv) ids = rapport_store_child_ids (rapport_store_get_write_connection (self), entity,
                                               NULL, contact_id, error);
  g_autoptr(JsonArray) consents = NULL;

  if (ids == NULL)
    return NULL;
  consents = json_array_new ();
  for (guint i = 0; ids[i] != NULL; i++)
    {
      JsonObject *consent = rapport_store_read_by_id (self, entity, ids[i], NULL, error);

      if (consent == NULL)
        return NULL;
      json_array_add_object_element (consents, consent);
    }
  return g_steal_pointer (&consents);
}

/* A consent of the contact @contact_id to e-mail for @purpose, now. */
static JsonObject *
consent_values (const char          *contact_id,
                const char          *purpose,
                RapportConsentStatus status,
                const char          *source,
                const char          *proof)
{
  JsonObject *values = json_object_new ();
  g_autofree char *now = rapport_store_now ();

  json_object_set_string_member (values, "contact_id", contact_id);
  json_object_set_string_member (values, "channel", "email");
  json_object_set_string_member (values, "purpose", purpose);
  json_object_set_string_member (values, "status", rapport_consent_status_name (status));
  json_object_set_string_member (values, "legal_basis", "consent");
  if (source != NULL)
    json_object_set_string_member (values, "source", source);
  if (proof != NULL)
    json_object_set_string_member (values, "proof", proof);
  json_object_set_string_member (values, "captured_at", now);
  return values;
}

/**
 * rapport_store_record_consent:
 * @purpose: "marketing", "newsletter:TOPIC" or "transactional"
 * @status: granted or denied
 * @source: (nullable): needed for a grant
 * @proof: (nullable): needed for a grant
 *
 * Records that the contact @contact_id agreed to or refused e-mail for
 * @purpose now: a new consent record, pushed like any other.
 *
 * Returns: (transfer full) (nullable): the consent record, or %NULL with a
 *   validation error naming the field (a grant without source or proof)
 */
JsonObject *
rapport_store_record_consent (RapportStore        *self,
                              const char          *contact_id,
                              const char          *purpose,
                              RapportConsentStatus status,
                              const char          *source,
                              const char          *proof,
                              GError             **error)
{
  g_autoptr(JsonObject) values = consent_values (contact_id, purpose, status, source, proof);

  return rapport_store_create (self, "consent", values, error);
}

/**
 * rapport_store_record_consent_in_transaction:
 *
 * rapport_store_record_consent() on the writer thread, inside its
 * transaction.
 */
JsonObject *
rapport_store_record_consent_in_transaction (RapportStore        *self,
                                             const char          *contact_id,
                                             const char          *purpose,
                                             RapportConsentStatus status,
                                             const char          *source,
                                             const char          *proof,
                                             GError             **error)
{
  g_autoptr(JsonObject) values = consent_values (contact_id, purpose, status, source, proof);
  g_autofree char *id = rapport_uuid_v7_new ();

  return rapport_store_create_in_transaction (self, rapport_entity_lookup ("consent"), id, values,
                                              error);
}
