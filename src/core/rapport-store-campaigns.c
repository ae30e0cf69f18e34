/* rapport-store-campaigns.c: a campaign's members in the local store
 *
 * Members are added as a snapshot: from a segment's members at that
 * moment, or by hand. Consent is applied when they are added (a contact
 * without e-mail marketing granted now is left out, and counted) and again
 * at every export (rapport_store_campaign_audience()): whoever withdrew
 * consent since is left out then. A member moved to Unsubscribed records a
 * denial for its own contact, in the same transaction, and nobody else's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include "rapport-campaign.h"
#include "rapport-json.h"
#include "rapport-store-campaigns.h"
#include "rapport-store-consent.h"
#include "rapport-store-private.h"

typedef struct
{
  const char          *campaign_id;
  GStrv                contact_ids;
  const char          *added_from;
  RapportMembersAdded  added;
  const char          *member_id;
  const char          *status;
  JsonObject          *member;      /* (owned) (nullable): what set_status wrote */
} CampaignWork;

static JsonObject *
read_campaign (RapportStore *self,
               const char   *id,
               GError      **error)
{
  return rapport_store_read_by_id (self, rapport_entity_lookup ("campaign"), id, NULL, error);
}

static gboolean
add_members (RapportStore *self,
             gpointer      data,
             GPtrArray    *changed,
             GError      **error)
{
  CampaignWork *work = data;
  const RapportEntity *entity = rapport_entity_lookup ("campaign_member");
  g_autoptr(JsonObject) campaign = read_campaign (self, work->campaign_id, error);
  g_autofree char *now = rapport_store_now ();
  const char *type;

  if (campaign == NULL)
    return FALSE;
  type = rapport_json_get_string (campaign, "type");
  for (guint i = 0; work->contact_ids[i] != NULL; i++)
    {
      g_autoptr(JsonObject) member = json_object_new ();
      g_autoptr(JsonArray) consents = NULL;
      g_autoptr(JsonObject) existing = NULL;
      g_autoptr(JsonObject) created = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *id = NULL;

      json_object_set_string_member (member, "campaign_id", work->campaign_id);
      json_object_set_string_member (member, "contact_id", work->contact_ids[i]);
      id = rapport_entity_link_id (entity, member);
      existing = rapport_store_read_by_id (self, entity, id, NULL, &local_error);
      if (existing != NULL)
        {
          work->added.already++;
          continue;
        }
      if (!g_error_matches (local_error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!(consents = rapport_store_consents_in_transaction (self, work->contact_ids[i], error)))
        return FALSE;
      if (!rapport_consent_allows (consents, "email", "marketing"))
        {
          work->added.no_consent++;
          continue;
        }
      json_object_set_string_member (member, "status", rapport_campaign_default_status (type));
      json_object_set_string_member (member, "added_at", now);
      json_object_set_string_member (member, "added_from", work->added_from);
      json_object_set_string_member (member, "last_status_at", now);
      if (!(created = rapport_store_create_in_transaction (self, entity, id, member, error)))
        return FALSE;
      rapport_store_changed_add (changed, entity, id);
      work->added.added++;
    }
  return TRUE;
}

/**
 * rapport_store_campaign_add_members:
 * @contact_ids: the contacts to add, %NULL-terminated
 * @added_from: "segment:ID", "manual" or "import"
 * @out_added: (out): how many were added, were members already, or were
 *   left out for consent
 *
 * Adds the contacts that have e-mail marketing granted now to the campaign
 * @campaign_id, in the default status of its type, in one transaction.
 */
gboolean
rapport_store_campaign_add_members (RapportStore        *self,
                                    const char          *campaign_id,
                                    GStrv                contact_ids,
                                    const char          *added_from,
                                    RapportMembersAdded *out_added,
                                    GError             **error)
{
  CampaignWork work = { campaign_id, contact_ids, added_from };

  if (!rapport_store_transact (self, add_members, &work, error))
    return FALSE;
  *out_added = work.added;
  return TRUE;
}

static gboolean
set_status (RapportStore *self,
            gpointer      data,
            GPtrArray    *changed,
            GError      **error)
{
  CampaignWork *work = data;
  const RapportEntity *entity = rapport_entity_lookup ("campaign_member");
  g_autoptr(JsonObject) member = rapport_store_read_by_id (self, entity, work->member_id, NULL,
                                                           error);
  g_autoptr(JsonObject) campaign = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autofree char *old_status = NULL;
  g_autofree char *now = rapport_store_now ();
  const char *type;
  gboolean really = FALSE;

  if (member == NULL ||
      !(campaign = read_campaign (self, rapport_json_get_string (member, "campaign_id"), error)))
    return FALSE;
  type = rapport_json_get_string (campaign, "type");
  if (!rapport_campaign_member_check_status (type, work->status, error))
    return FALSE;
  old_status = g_strdup (rapport_json_get_string (member, "status"));
  json_object_set_string_member (member, "status", work->status);
  rapport_campaign_member_follow (member, old_status, type, now);
  if (g_strcmp0 (old_status, work->status) == 0)
    {
      work->member = g_steal_pointer (&member);
      return TRUE;
    }
  json_object_set_string_member (changes, "status", work->status);
  json_object_set_member (changes, "last_status_at",
                          json_node_copy (json_object_get_member (member, "last_status_at")));
  json_object_set_member (changes, "first_responded_at",
                          json_node_copy (json_object_get_member (member, "first_responded_at")));
  if (!(work->member = rapport_store_update_in_transaction (self, entity, work->member_id, changes,
                                                            &really, error)))
    return FALSE;
  rapport_store_changed_add (changed, entity, work->member_id);
  /* One member's unsubscribe is its contact's alone. */
  if (g_str_equal (work->status, "unsubscribed"))
    {
      const RapportEntity *consent_entity = rapport_entity_lookup ("consent");
      g_autoptr(JsonObject) consent =
        rapport_campaign_unsubscribe_consent (member, rapport_json_get_string (campaign, "name"));
      g_autofree char *id = g_strdup (rapport_json_get_string (consent, "id"));
      g_autoptr(JsonObject) created = NULL;

      json_object_remove_member (consent, "id");
      if (!(created = rapport_store_create_in_transaction (self, consent_entity, id, consent,
                                                           error)))
        return FALSE;
      rapport_store_changed_add (changed, consent_entity, id);
    }
  return TRUE;
}

/**
 * rapport_store_campaign_set_status:
 * @status: one of the member statuses of the campaign's type
 *
 * Moves the member @member_id to @status, stamping when (and its first
 * response); Unsubscribed records a denial of e-mail marketing for the
 * member's contact in the same transaction.
 *
 * Returns: (transfer full) (nullable): the member as written
 */
JsonObject *
rapport_store_campaign_set_status (RapportStore *self,
                                   const char   *member_id,
                                   const char   *status,
                                   GError      **error)
{
  CampaignWork work = { .member_id = member_id, .status = status };

  if (!rapport_store_transact (self, set_status, &work, error))
    {
      g_clear_pointer (&work.member, json_object_unref);
      return NULL;
    }
  return work.member;
}

/**
 * rapport_store_campaign_members:
 *
 * Returns: (transfer full) (element-type JsonObject) (nullable): the
 *   members of the campaign @campaign_id, as they were added
 */
GPtrArray *
rapport_store_campaign_members (RapportStore *self,
                                const char   *campaign_id,
                                GError      **error)
{
  const RapportEntity *entity = rapport_entity_lookup ("campaign_member");
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  RapportStoreConnection *reader;
  g_auto(GStrv) ids = NULL;

  if (!(reader = rapport_store_begin_read (self, error)))
    return NULL;
  ids = rapport_store_child_ids (reader, entity, "campaign_id", campaign_id, error);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      JsonObject *member = rapport_store_connection_read_by_id (reader, entity, ids[i], NULL, error);

      if (member == NULL)
        {
          g_clear_pointer (&ids, g_strfreev);
          break;
        }
      g_ptr_array_add (members, member);
    }
  rapport_store_end_read (self, reader);
  if (ids == NULL)
    return NULL;
  return g_steal_pointer (&members);
}

/**
 * rapport_store_campaign_audience:
 * @out_left_out: (out): the members left out: consent withdrawn since
 *   they were added, or Unsubscribed or Bounced
 *
 * Who an export or a send list of the campaign reaches now: its members
 * whose contact has e-mail marketing granted at this moment.
 *
 * Returns: (transfer full) (element-type JsonObject) (nullable): their
 *   contacts, in the order members were added
 */
GPtrArray *
rapport_store_campaign_audience (RapportStore *self,
                                 const char   *campaign_id,
                                 guint        *out_left_out,
                                 GError      **error)
{
  g_autoptr(GPtrArray) members = rapport_store_campaign_members (self, campaign_id, error);
  g_autoptr(GPtrArray) audience = NULL;

  *out_left_out = 0;
  if (members == NULL)
    return NULL;
  audience = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < members->len; i++)
    {
      JsonObject *member = g_ptr_array_index (members, i);
      const char *contact_id = rapport_json_get_string (member, "contact_id");
      const char *status = rapport_json_get_string (member, "status");
      g_autoptr(JsonArray) consents = rapport_store_consents (self, contact_id, error);
      JsonObject *contact;

      if (consents == NULL)
        return NULL;
      if (!rapport_consent_allows (consents, "email", "marketing") ||
          g_strcmp0 (status, "unsubscribed") == 0 || g_strcmp0 (status, "bounced") == 0)
        {
          (*out_left_out)++;
          continue;
        }
      if (!(contact = rapport_store_get (self, "contact", contact_id, error)))
        return NULL;
      g_ptr_array_add (audience, contact);
    }
  return g_steal_pointer (&audience);
}
