/* rapport-consent.c: a contact's consent, kept as a history of records
 *
 * SPEC.md §7.3. A consent record says what a contact agreed to, or
 * refused, on one channel for one purpose, when and how it was captured.
 * Records are never edited: a change of mind is a new record, so the
 * history stays, and the status in force for (channel, purpose) is the
 * latest record's. A global unsubscribe (purpose "marketing" denied)
 * denies every marketing purpose, a topic ("newsletter:tea") only its
 * topic; the transactional purpose ignores marketing denials.
 *
 * Records made on two devices merge as two records, never as one field:
 * when their captured_at are equal a denial is taken as the later, so a
 * denial wins over a concurrent grant with an older or equal time. A
 * grant needs a source and a proof, so nothing turns a denial back into a
 * grant without saying where the new consent came from.
 *
 * A contact's email_consent is derived from its records (the contact's
 * compute_family): the effective e-mail marketing status.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-consent"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-consent.h"
#include "rapport-json.h"
#include "rapport-uuid.h"
#include "rapport-validate.h"

#define MARKETING "marketing"
#define TOPIC_PREFIX "newsletter:"
#define TRANSACTIONAL "transactional"

static RapportConsentStatus
status_of (JsonObject *consent)
{
  const char *status = rapport_json_get_string (consent, "status");

  if (g_strcmp0 (status, "granted") == 0)
    return RAPPORT_CONSENT_GRANTED;
  if (g_strcmp0 (status, "denied") == 0)
    return RAPPORT_CONSENT_DENIED;
  return RAPPORT_CONSENT_UNKNOWN;
}

/* Microseconds since 1970 of @consent's captured_at; G_MININT64 without one. */
static gint64
captured_usec (JsonObject *consent)
{
  const char *text = rapport_json_get_string (consent, "captured_at");
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || (time = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    return G_MININT64;
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/* At equal times a denial counts as the later record, then an unknown. */
static int
tie_rank (RapportConsentStatus status)
{
  return status == RAPPORT_CONSENT_DENIED ? 2 : status == RAPPORT_CONSENT_UNKNOWN ? 1 : 0;
}

/* Whether @a was captured after @b (a NULL @b is before everything). */
static gboolean
is_later (JsonObject *a,
          JsonObject *b)
{
  gint64 ta, tb;

  if (b == NULL)
    return TRUE;
  ta = captured_usec (a);
  tb = captured_usec (b);
  if (ta != tb)
    return ta > tb;
  return tie_rank (status_of (a)) > tie_rank (status_of (b));
}

/* The latest record of @consents on @channel for exactly @purpose. */
static JsonObject *
latest (JsonArray  *consents,
        const char *channel,
        const char *purpose)
{
  JsonObject *found = NULL;
  guint n = consents != NULL ? json_array_get_length (consents) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *consent = json_array_get_object_element (consents, i);

      if (consent != NULL &&
          g_strcmp0 (rapport_json_get_string (consent, "channel"), channel) == 0 &&
          g_strcmp0 (rapport_json_get_string (consent, "purpose"), purpose) == 0 &&
          is_later (consent, found))
        found = consent;
    }
  return found;
}

static gboolean
is_topic (const char *purpose)
{
  return g_str_has_prefix (purpose, TOPIC_PREFIX) && purpose[strlen (TOPIC_PREFIX)] != '\0';
}

/**
 * rapport_consent_effective:
 * @consents: (element-type JsonObject): a contact's consent records
 * @channel: "email", "phone", "sms" or "post"
 * @purpose: "marketing", "newsletter:TOPIC" or "transactional"
 *
 * The status in force for @channel and @purpose: the latest record's. A
 * topic is denied by a global marketing denial later than (or as late as)
 * the topic's own latest record; a global grant leaves a topic's denial
 * alone, and a topic nobody asked about follows the global status.
 */
RapportConsentStatus
rapport_consent_effective (JsonArray  *consents,
                           const char *channel,
                           const char *purpose)
{
  JsonObject *global, *topic;

  g_return_val_if_fail (channel != NULL && purpose != NULL, RAPPORT_CONSENT_UNKNOWN);

  if (!is_topic (purpose))
    {
      JsonObject *own = rapport_consent_latest (consents, channel, purpose);

      return own != NULL ? status_of (own) : RAPPORT_CONSENT_UNKNOWN;
    }
  global = latest (consents, channel, MARKETING);
  topic = latest (consents, channel, purpose);
  if (global != NULL && status_of (global) == RAPPORT_CONSENT_DENIED &&
      (topic == NULL || !is_later (topic, global)))
    return RAPPORT_CONSENT_DENIED;
  if (topic != NULL)
    return status_of (topic);
  return global != NULL ? status_of (global) : RAPPORT_CONSENT_UNKNOWN;
}

/**
 * rapport_consent_latest:
 * @purpose: "marketing" or "transactional": a purpose no other one overrides
 *
 * Returns: (transfer none) (nullable): the record in force for @channel and
 *   @purpose, to say when and how it was captured
 */
JsonObject *
rapport_consent_latest (JsonArray  *consents,
                        const char *channel,
                        const char *purpose)
{
  return latest (consents, channel, purpose);
}

/**
 * rapport_consent_allows:
 *
 * Whether a message for @purpose may go to the contact on @channel now:
 * marketing and topics need a consent in force; transactional notices go
 * unless the contact refused transactional messages themselves.
 */
gboolean
rapport_consent_allows (JsonArray  *consents,
                        const char *channel,
                        const char *purpose)
{
  RapportConsentStatus status = rapport_consent_effective (consents, channel, purpose);

  if (g_strcmp0 (purpose, TRANSACTIONAL) == 0)
    return status != RAPPORT_CONSENT_DENIED;
  return status == RAPPORT_CONSENT_GRANTED;
}

const char *
rapport_consent_status_name (RapportConsentStatus status)
{
  switch (status)
    {
    case RAPPORT_CONSENT_GRANTED:
      return "granted";
    case RAPPORT_CONSENT_DENIED:
      return "denied";
    case RAPPORT_CONSENT_UNKNOWN:
    default:
      return "unknown";
    }
}

static gboolean
is_blank (JsonObject *record,
          const char *field)
{
  const char *value = rapport_json_get_string (record, field);

  if (value == NULL)
    return TRUE;
  for (; *value != '\0'; value++)
    if (!g_ascii_isspace (*value))
      return FALSE;
  return TRUE;
}

/**
 * rapport_consent_check:
 *
 * A consent record's own rules, on client and server: its purpose is one
 * Rapport knows, and a grant says where it came from and its proof.
 */
gboolean
rapport_consent_check (JsonObject *consent,
                       GError    **error)
{
  const char *purpose = rapport_json_get_string (consent, "purpose");

  if (purpose != NULL && g_strcmp0 (purpose, MARKETING) != 0 &&
      g_strcmp0 (purpose, TRANSACTIONAL) != 0 && !is_topic (purpose))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "purpose",
                                    _("“%s” is not a purpose: use marketing, newsletter:TOPIC or transactional"),
                                    purpose);
      return FALSE;
    }
  if (status_of (consent) != RAPPORT_CONSENT_GRANTED)
    return TRUE;
  if (is_blank (consent, "source"))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, "source",
                                    _("A consent granted needs its source: where the contact agreed"));
      return FALSE;
    }
  if (is_blank (consent, "proof"))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, "proof",
                                    _("A consent granted needs its proof: the form, message or call it was given in"));
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_contact_compute_consent:
 * @contact: computed in place
 * @consents: (element-type JsonObject): its consent records
 *
 * Sets the contact's derived `email_consent`: %TRUE when e-mail marketing
 * is granted now, %FALSE when it is denied, null when nobody knows.
 */
gboolean
rapport_contact_compute_consent (JsonObject *contact,
                                 JsonArray  *consents,
                                 GError    **error)
{
  switch (rapport_consent_effective (consents, "email", MARKETING))
    {
    case RAPPORT_CONSENT_GRANTED:
      json_object_set_boolean_member (contact, "email_consent", TRUE);
      break;
    case RAPPORT_CONSENT_DENIED:
      json_object_set_boolean_member (contact, "email_consent", FALSE);
      break;
    case RAPPORT_CONSENT_UNKNOWN:
    default:
      json_object_set_null_member (contact, "email_consent");
      break;
    }
  return TRUE;
}

/**
 * rapport_consent_migrated:
 * @agreed: the contact's email_consent before consent records
 * @captured_at: when it was known: the contact's created_at
 *
 * The consent record that keeps a contact's old boolean: a grant (or a
 * denial) of e-mail marketing with source "migrated". Its id follows from
 * the contact's, so the server and every client that migrate the same
 * contact make the same record.
 *
 * Returns: (transfer full): the record, with its id, without meta fields
 */
JsonObject *
rapport_consent_migrated (const char *contact_id,
                          gboolean    agreed,
                          const char *captured_at)
{
  g_autofree char *name = g_strdup_printf ("consent/migrated/%s", contact_id);
  g_autofree char *id = rapport_uuid_from_name (name);
  JsonObject *consent = json_object_new ();

  json_object_set_string_member (consent, "id", id);
  json_object_set_string_member (consent, "contact_id", contact_id);
  json_object_set_string_member (consent, "channel", "email");
  json_object_set_string_member (consent, "purpose", MARKETING);
  json_object_set_string_member (consent, "status", agreed ? "granted" : "denied");
  json_object_set_string_member (consent, "legal_basis", "consent");
  json_object_set_string_member (consent, "source", "migrated");
  json_object_set_string_member (consent, "proof",
                                 "The contact’s “Agreed to Emails” before consent was kept as records");
  json_object_set_string_member (consent, "captured_at", captured_at);
  return consent;
}
