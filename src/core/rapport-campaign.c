/* rapport-campaign.c: marketing campaigns and their members' statuses
 *
 * SPEC.md §7.3. A campaign's members move through statuses its type
 * offers: an e-mail campaign's are Planned, Sent, Bounced, Opened,
 * Clicked, Responded and Unsubscribed; an event's Invited, Registered,
 * Attended and No-show; the others' Planned, Sent and Responded. The
 * first is the default; the statuses that count as a response say so.
 * For now each type has this fixed set (SPEC.md's per-campaign edits of
 * the list are to come).
 *
 * A member's first_responded_at is set once, on its first move into a
 * responded status, and last_status_at on every move: both by
 * rapport_campaign_member_follow(), on client and server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-campaign"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-campaign.h"
#include "rapport-json.h"
#include "rapport-uuid.h"
#include "rapport-validate.h"

/* clang-format off */
static const RapportMemberStatus email_statuses[] = {
  { "planned", NC_("member status", "Planned"), FALSE },
  { "sent", NC_("member status", "Sent"), FALSE },
  { "bounced", NC_("member status", "Bounced"), FALSE },
  { "opened", NC_("member status", "Opened"), FALSE },
  { "clicked", NC_("member status", "Clicked"), TRUE },
  { "responded", NC_("member status", "Responded"), TRUE },
  { "unsubscribed", NC_("member status", "Unsubscribed"), FALSE },
};
static const RapportMemberStatus event_statuses[] = {
  { "invited", NC_("member status", "Invited"), FALSE },
  { "registered", NC_("member status", "Registered"), TRUE },
  { "attended", NC_("member status", "Attended"), TRUE },
  { "no_show", NC_("member status", "No-show"), FALSE },
};
static const RapportMemberStatus other_statuses[] = {
  { "planned", NC_("member status", "Planned"), FALSE },
  { "sent", NC_("member status", "Sent"), FALSE },
  { "responded", NC_("member status", "Responded"), TRUE },
};
/* clang-format on */

/**
 * rapport_campaign_statuses:
 * @type: (nullable): a campaign's type
 *
 * Returns: the member statuses of @type, the default first
 */
const RapportMemberStatus *
rapport_campaign_statuses (const char *type,
                           guint      *n_statuses)
{
  if (g_strcmp0 (type, "email") == 0)
    {
      *n_statuses = G_N_ELEMENTS (email_statuses);
      return email_statuses;
    }
  if (g_strcmp0 (type, "event") == 0 || g_strcmp0 (type, "webinar") == 0 ||
      g_strcmp0 (type, "trade_show") == 0)
    {
      *n_statuses = G_N_ELEMENTS (event_statuses);
      return event_statuses;
    }
  *n_statuses = G_N_ELEMENTS (other_statuses);
  return other_statuses;
}

const RapportMemberStatus *
rapport_campaign_find_status (const char *type,
                              const char *status)
{
  guint n;
  const RapportMemberStatus *statuses = rapport_campaign_statuses (type, &n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (statuses[i].value, status) == 0)
      return &statuses[i];
  return NULL;
}

const char *
rapport_campaign_default_status (const char *type)
{
  guint n;

  return rapport_campaign_statuses (type, &n)[0].value;
}

/**
 * rapport_campaign_check:
 *
 * A campaign's own rules: it ends on or after it starts, and its money
 * has a currency.
 */
gboolean
rapport_campaign_check (JsonObject *campaign,
                        GError    **error)
{
  static const char * const amounts[] = { "budget", "actual_cost", "expected_revenue", NULL };
  const char *starts = rapport_json_get_string (campaign, "start_date");
  const char *ends = rapport_json_get_string (campaign, "end_date");

  if (starts != NULL && ends != NULL && g_strcmp0 (ends, starts) < 0)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "end_date",
                                    _("A campaign cannot end before it starts"));
      return FALSE;
    }
  for (guint i = 0; amounts[i] != NULL; i++)
    {
      JsonNode *amount = json_object_get_member (campaign, amounts[i]);

      if (amount != NULL && !JSON_NODE_HOLDS_NULL (amount) &&
          rapport_json_get_string (campaign, "currency") == NULL)
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, "currency",
                                        _("A campaign with a budget or costs needs a currency"));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * rapport_campaign_member_check_status:
 * @type: the member's campaign's type
 *
 * Returns: FALSE, with a validation error naming `status`, when @status is
 *   not one of @type's
 */
gboolean
rapport_campaign_member_check_status (const char *type,
                                      const char *status,
                                      GError    **error)
{
  if (status == NULL || rapport_campaign_find_status (type, status) != NULL)
    return TRUE;
  rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "status",
                                _("“%s” is not a member status of this campaign’s type"), status);
  return FALSE;
}

/**
 * rapport_campaign_member_follow:
 * @member: a campaign member as it will be written
 * @old_status: (nullable): its status before; %NULL for a new member
 * @type: its campaign's type
 * @now: RFC 3339
 *
 * Stamps a move of @member's status: last_status_at now, and
 * first_responded_at now if this is its first response. A
 * first_responded_at already set stays.
 */
void
rapport_campaign_member_follow (JsonObject *member,
                                const char *old_status,
                                const char *type,
                                const char *now)
{
  const char *status = rapport_json_get_string (member, "status");
  const RapportMemberStatus *found = rapport_campaign_find_status (type, status);

  if (status == NULL || g_strcmp0 (status, old_status) == 0)
    return;
  json_object_set_string_member (member, "last_status_at", now);
  if (found != NULL && found->has_responded &&
      rapport_json_get_string (member, "first_responded_at") == NULL)
    json_object_set_string_member (member, "first_responded_at", now);
}

/**
 * rapport_campaign_unsubscribe_consent:
 * @member: a campaign member just moved to `unsubscribed`, with its
 *   last_status_at
 *
 * The denial of e-mail marketing that the move records for the member's
 * contact alone. Its id follows from the member and the time of the move,
 * so the client that made the move and the server make the same record.
 *
 * Returns: (transfer full): the consent record, with its id
 */
JsonObject *
rapport_campaign_unsubscribe_consent (JsonObject *member,
                                      const char *campaign_name)
{
  const char *when = rapport_json_get_string (member, "last_status_at");
  g_autofree char *name = g_strdup_printf ("consent/unsubscribed/%s/%s",
                                           rapport_json_get_string (member, "id"), when);
  g_autofree char *id = rapport_uuid_from_name (name);
  g_autofree char *proof = g_strdup_printf ("Unsubscribed from the campaign “%s”",
                                            campaign_name != NULL ? campaign_name : "");
  JsonObject *consent = json_object_new ();

  json_object_set_string_member (consent, "id", id);
  json_object_set_string_member (consent, "contact_id",
                                 rapport_json_get_string (member, "contact_id"));
  json_object_set_string_member (consent, "channel", "email");
  json_object_set_string_member (consent, "purpose", "marketing");
  json_object_set_string_member (consent, "status", "denied");
  json_object_set_string_member (consent, "legal_basis", "consent");
  json_object_set_string_member (consent, "source", "campaign");
  json_object_set_string_member (consent, "proof", proof);
  json_object_set_string_member (consent, "captured_at", when);
  return consent;
}
