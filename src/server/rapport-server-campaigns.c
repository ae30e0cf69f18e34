/* rapport-server-campaigns.c: campaign members on the server
 *
 * A member's status must be one its campaign's type offers; a change of
 * status is stamped (last_status_at, and first_responded_at once) by the
 * rule the clients follow (rapport-campaign.c), unless the write says
 * when; a first response recorded stays. A move to Unsubscribed records a
 * denial of e-mail marketing for the member's contact alone, with the id
 * the client that made the move gives it, so the two make one record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-campaigns"

#include "config.h"

#include "rapport-campaign.h"
#include "rapport-json.h"
#include "rapport-server-campaigns.h"
#include "rapport-server-consent.h"

static gboolean
load_campaign (RapportServerBackend *backend,
               JsonObject           *member,
               JsonObject          **out_campaign,
               GError              **error)
{
  g_autoptr(RapportStoredRecord) stored = NULL;

  *out_campaign = NULL;
  return rapport_server_load_record (backend, rapport_entity_lookup ("campaign"),
                                     rapport_json_get_string (member, "campaign_id"), &stored,
                                     out_campaign, error);
}

/**
 * rapport_server_campaign_member_check:
 * @current: (nullable): the member as stored
 * @record: the member as it will be stored
 *
 * Checks @record's status against its campaign's type (@rejection names
 * `status`) and stamps a change of it.
 */
gboolean
rapport_server_campaign_member_check (RapportServerBackend *backend,
                                      const RapportEntity  *entity,
                                      JsonObject           *current,
                                      JsonObject           *record,
                                      const char           *now,
                                      GError              **rejection,
                                      GError              **error)
{
  g_autoptr(JsonObject) campaign = NULL;
  const char *old_status = current != NULL ? rapport_json_get_string (current, "status") : NULL;
  const char *first = current != NULL ? rapport_json_get_string (current, "first_responded_at") : NULL;
  const char *type;

  if (!g_str_equal (entity->name, "campaign_member"))
    return TRUE;
  if (!load_campaign (backend, record, &campaign, error))
    return FALSE;
  /* A member of no campaign is refused as a link to nothing elsewhere. */
  if (campaign == NULL)
    return TRUE;
  type = rapport_json_get_string (campaign, "type");
  if (!rapport_campaign_member_check_status (type, rapport_json_get_string (record, "status"),
                                             rejection))
    return TRUE;
  /* The first response stays what it was. */
  if (first != NULL)
    json_object_set_string_member (record, "first_responded_at", first);
  if (g_strcmp0 (old_status, rapport_json_get_string (record, "status")) != 0)
    {
      const char *stamped = rapport_json_get_string (record, "last_status_at");

      /* A client stamps its own moves; a write that does not is stamped now. */
      if (stamped == NULL ||
          (current != NULL &&
           g_strcmp0 (stamped, rapport_json_get_string (current, "last_status_at")) == 0))
        stamped = now;
      /* None yet: the move decides it, not the client. */
      if (first == NULL)
        json_object_remove_member (record, "first_responded_at");
      rapport_campaign_member_follow (record, old_status, type, stamped);
    }
  return TRUE;
}

/**
 * rapport_server_campaign_member_follow:
 *
 * After @record is accepted: a move to Unsubscribed records its contact's
 * denial of e-mail marketing, unless the client recorded it already.
 */
gboolean
rapport_server_campaign_member_follow (RapportServerBackend     *backend,
                                       const RapportServerActor *actor,
                                       const RapportEntity      *entity,
                                       JsonObject               *current,
                                       JsonObject               *record,
                                       const char               *now,
                                       GError                  **error)
{
  g_autoptr(JsonObject) campaign = NULL;
  g_autoptr(JsonObject) consent = NULL;

  if (!g_str_equal (entity->name, "campaign_member") || record == NULL ||
      g_strcmp0 (rapport_json_get_string (record, "status"), "unsubscribed") != 0 ||
      (current != NULL &&
       g_strcmp0 (rapport_json_get_string (current, "status"), "unsubscribed") == 0))
    return TRUE;
  if (!load_campaign (backend, record, &campaign, error))
    return FALSE;
  consent = rapport_campaign_unsubscribe_consent (
    record, campaign != NULL ? rapport_json_get_string (campaign, "name") : NULL);
  return rapport_server_consent_add (backend, actor, consent, now, NULL, error);
}
