/* rapport-cli-campaigns.c: `rapport-cli campaign`, a campaign's members
 *
 *   rapport-cli campaign add-members "Spring tea" --segment "Tea lovers"
 *   rapport-cli campaign add-members "Spring tea" --contact ID
 *   rapport-cli campaign members "Spring tea"
 *   rapport-cli campaign set-status "Spring tea" CONTACT responded
 *   rapport-cli campaign export "Spring tea" audience.csv
 *
 * Consent is applied when members are added and again at each export
 * (rapport-store-campaigns.c): both say how many were left out for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-campaign.h"
#include "rapport-cli-private.h"
#include "rapport-csv.h"
#include "rapport-json.h"
#include "rapport-store-campaigns.h"
#include "rapport-store-segments.h"

static JsonObject *
find_campaign (RapportStore *store,
               const char   *name,
               GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *campaign = rapport_cli_find_named (store, "campaign", name, &local_error);

  if (campaign == NULL && local_error == NULL)
    rapport_cli_set_usage_error (error, _("There is no campaign “%s”"), name);
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return campaign;
}

static gboolean
add_members (RapportCli         *cli,
             const char         *name,
             const char         *segment_name,
             const char * const *contacts,
             GError            **error)
{
  g_autoptr(JsonObject) campaign = NULL;
  g_autoptr(JsonObject) segment = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *added_from = NULL;
  RapportMembersAdded added;
  RapportStore *store;

  if ((segment_name == NULL) == (contacts == NULL))
    {
      rapport_cli_set_usage_error (error, _("Say --segment SEGMENT or --contact ID"));
      return FALSE;
    }
  if (!(store = rapport_cli_get_store (cli, error)) ||
      !(campaign = find_campaign (store, name, error)))
    return FALSE;
  if (segment_name != NULL)
    {
      if (!(segment = rapport_cli_find_segment (store, segment_name, error)))
        return FALSE;
      if (g_strcmp0 (rapport_json_get_string (segment, "object"), "contact") != 0)
        {
          rapport_cli_set_usage_error (error, _("The segment “%s” holds no contacts"),
                                       segment_name);
          return FALSE;
        }
      if (!(ids = rapport_store_segment_ids (store, segment, error)))
        return FALSE;
      added_from = g_strconcat ("segment:", rapport_json_get_string (segment, "id"), NULL);
    }
  else
    {
      for (guint i = 0; contacts[i] != NULL; i++)
        {
          g_autoptr(JsonObject) contact = rapport_store_get (store, "contact", contacts[i], error);

          if (contact == NULL)
            return FALSE;
        }
      ids = g_strdupv ((char **) contacts);
      added_from = g_strdup ("manual");
    }
  if (!rapport_store_campaign_add_members (store, rapport_json_get_string (campaign, "id"),
                                           ids, added_from, &added, error))
    return FALSE;
  if (cli->json)
    g_print ("{\"added\": %u, \"already\": %u, \"no_consent\": %u}\n", added.added,
             added.already, added.no_consent);
  else
    {
      g_print (ngettext ("Added %u member", "Added %u members", added.added), added.added);
      g_print ("; ");
      g_print (ngettext ("%u left out: no consent to marketing emails",
                         "%u left out: no consent to marketing emails", added.no_consent),
               added.no_consent);
      if (added.already > 0)
        {
          g_print ("; ");
          g_print (ngettext ("%u a member already", "%u members already", added.already),
                   added.already);
        }
      g_print ("\n");
    }
  return TRUE;
}

/* The member of @campaign for the contact @contact_id. */
static char *
member_id (JsonObject *campaign,
           const char *contact_id)
{
  g_autoptr(JsonObject) pair = json_object_new ();

  json_object_set_string_member (pair, "campaign_id", rapport_json_get_string (campaign, "id"));
  json_object_set_string_member (pair, "contact_id", contact_id);
  return rapport_entity_link_id (rapport_entity_lookup ("campaign_member"), pair);
}

static gboolean
set_status (RapportCli *cli,
            char      **args,
            GError    **error)
{
  g_autoptr(JsonObject) campaign = NULL;
  g_autoptr(JsonObject) member = NULL;
  g_autofree char *id = NULL;
  RapportStore *store;

  if (!(store = rapport_cli_get_store (cli, error)) ||
      !(campaign = find_campaign (store, args[2], error)))
    return FALSE;
  id = member_id (campaign, args[3]);
  if (!(member = rapport_store_campaign_set_status (store, id, args[4], error)))
    return FALSE;
  g_print ("%s\t%s\n", rapport_json_get_string (member, "contact_id"),
           rapport_json_get_string (member, "status"));
  return TRUE;
}

static gboolean
list_members (RapportCli *cli,
              const char *name,
              GError    **error)
{
  g_autoptr(JsonObject) campaign = NULL;
  g_autoptr(GPtrArray) members = NULL;
  RapportStore *store;

  if (!(store = rapport_cli_get_store (cli, error)) ||
      !(campaign = find_campaign (store, name, error)) ||
      !(members = rapport_store_campaign_members (store, rapport_json_get_string (campaign, "id"),
                                                  error)))
    return FALSE;
  for (guint i = 0; i < members->len; i++)
    {
      JsonObject *member = members->pdata[i];
      const char *first = rapport_json_get_string (member, "first_responded_at");

      g_print ("%s\t%s\t%s\n", rapport_json_get_string (member, "contact_id"),
               rapport_json_get_string (member, "status"), first != NULL ? first : "");
    }
  return TRUE;
}

/* A contact's first email, or NULL. */
static const char *
first_email (JsonObject *contact)
{
  JsonArray *emails = rapport_json_get_array (contact, "emails");

  if (emails == NULL || json_array_get_length (emails) == 0)
    return NULL;
  return rapport_json_get_string (json_array_get_object_element (emails, 0), "value");
}

static gboolean
export_audience (RapportCli *cli,
                 const char *name,
                 const char *path,
                 GError    **error)
{
  static const char * const header[] = { "first_name", "last_name", "email", NULL };
  g_autoptr(JsonObject) campaign = NULL;
  g_autoptr(GPtrArray) audience = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  guint left_out = 0;
  RapportStore *store;

  if (!(store = rapport_cli_get_store (cli, error)) ||
      !(campaign = find_campaign (store, name, error)) ||
      !(audience = rapport_store_campaign_audience (store, rapport_json_get_string (campaign, "id"),
                                                    &left_out, error)))
    return FALSE;
  for (guint i = 0; header[i] != NULL; i++)
    rapport_csv_append_cell (csv, header[i], ',', i == 0);
  g_string_append (csv, "\r\n");
  for (guint i = 0; i < audience->len; i++)
    {
      JsonObject *contact = audience->pdata[i];

      rapport_csv_append_cell (csv, rapport_json_get_string (contact, "first_name"), ',', TRUE);
      rapport_csv_append_cell (csv, rapport_json_get_string (contact, "last_name"), ',', FALSE);
      rapport_csv_append_cell (csv, first_email (contact), ',', FALSE);
      g_string_append (csv, "\r\n");
    }
  if (!g_file_set_contents (path, csv->str, csv->len, error))
    return FALSE;
  g_print (ngettext ("Exported %u member", "Exported %u members", audience->len), audience->len);
  g_print ("; ");
  g_print (ngettext ("%u left out: no consent to marketing emails now, or unsubscribed",
                     "%u left out: no consent to marketing emails now, or unsubscribed", left_out),
           left_out);
  g_print ("\n");
  return TRUE;
}

gboolean
rapport_cli_campaign (RapportCli *cli,
                      char      **args,
                      GError    **error)
{
  g_autofree char *segment = NULL;
  g_auto(GStrv) contacts = NULL;
  /* clang-format off */
  const GOptionEntry entries[] = {
    { "segment", 0, 0, G_OPTION_ARG_STRING, &segment, N_("add-members: the segment’s contacts now"), N_("SEGMENT") },
    { "contact", 0, 0, G_OPTION_ARG_STRING_ARRAY, &contacts, N_("add-members: this contact (repeat for more)"), N_("ID") },
    { NULL }
  };
  /* clang-format on */
  const char *verb;
  guint n_args;

  if (!rapport_cli_parse (cli, &args,
                          _("add-members CAMPAIGN | members CAMPAIGN | set-status CAMPAIGN CONTACT STATUS | export CAMPAIGN FILE"),
                          _("Add members to a campaign from a segment or by hand, change their "
                            "status, and export who may be mailed now."),
                          entries, 2, 4, error))
    return FALSE;
  verb = args[1];
  n_args = g_strv_length (args) - 1;
  if (g_strcmp0 (verb, "add-members") == 0 && n_args == 2)
    return add_members (cli, args[2], segment, (const char * const *) contacts, error);
  if (g_strcmp0 (verb, "members") == 0 && n_args == 2)
    return list_members (cli, args[2], error);
  if (g_strcmp0 (verb, "set-status") == 0 && n_args == 4)
    return set_status (cli, args, error);
  if (g_strcmp0 (verb, "export") == 0 && n_args == 3)
    return export_audience (cli, args[2], args[3], error);
  rapport_cli_set_usage_error (error, _("Say campaign add-members, members, set-status or export"));
  return FALSE;
}
