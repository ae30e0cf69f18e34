/* rapport-cli-failed.c: failed, retry and discard: changes that could not be sent
 *
 * `sync` exits with 1 while changes remain that the server refused or that
 * cannot be read; these commands list them, make them pending again (after
 * an admin changed a permission, say) or drop them when the user says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli-failed"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-cli-private.h"
#include "rapport-store-failed.h"
#include "rapport-store-sync.h"

/**
 * rapport_cli_format_failed_change:
 *
 * Returns: "contact ID “Title”: reason" for a change that could not be sent
 */
char *
rapport_cli_format_failed_change (JsonObject *change)
{
  const char *title = json_object_get_string_member_with_default (change, "title", NULL);

  return g_strdup_printf ("%s %s%s%s%s: %s", json_object_get_string_member (change, "entity"),
                          json_object_get_string_member (change, "record_id"),
                          title ? " “" : "", title ? title : "", title ? "”" : "",
                          json_object_get_string_member_with_default (change, "error", ""));
}

JsonArray *
rapport_cli_failed_changes_to_json (GPtrArray *failed)
{
  JsonArray *array = json_array_sized_new (failed->len);

  for (guint i = 0; i < failed->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (failed, i)));
  return array;
}

static JsonObject *
find_change (GPtrArray  *failed,
             const char *op_id)
{
  for (guint i = 0; i < failed->len; i++)
    if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (failed, i), "op_id"), op_id) == 0)
      return g_ptr_array_index (failed, i);
  return NULL;
}

gboolean
rapport_cli_failed (RapportCli *cli,
                    char      **args,
                    GError    **error)
{
  g_autoptr(GPtrArray) failed = NULL;
  RapportStore *store;

  if (!rapport_cli_parse (cli, &args, NULL,
                          _("List the changes that could not be sent: refused by the server, or "
                            "unreadable in the local database. Exits with status 1 if there are "
                            "any."), NULL, 0, 0, error) ||
      !(store = rapport_cli_get_store (cli, error)) ||
      !(failed = rapport_store_list_failed (store, error)))
    return FALSE;

  cli->changes_failed = failed->len > 0;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (),
                                                       rapport_cli_failed_changes_to_json (failed));

      json_array_unref (json_node_get_array (node));
      rapport_cli_print_json (node);
      return TRUE;
    }

  if (failed->len == 0)
    g_print ("%s\n", _("No failed changes."));
  for (guint i = 0; i < failed->len; i++)
    {
      JsonObject *change = g_ptr_array_index (failed, i);
      g_autofree char *line = rapport_cli_format_failed_change (change);

      g_print ("%s  %s %s\n", json_object_get_string_member (change, "op_id"),
               json_object_get_string_member (change, "op"), line);
      if (json_object_get_boolean_member_with_default (change, "damaged", FALSE))
        g_print ("  %s\n", _("(cannot be read: it can only be discarded)"));
    }
  if (failed->len > 0)
    g_print ("%s\n", _("Send one again with “rapport-cli retry OP_ID” (or all with --all), or drop "
                       "it with “rapport-cli discard OP_ID”."));
  return TRUE;
}

gboolean
rapport_cli_retry (RapportCli *cli,
                   char      **args,
                   GError    **error)
{
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all,
      N_("Every failed change that can be sent again"), NULL },
    { NULL }
  };
  g_autoptr(GPtrArray) failed = NULL;
  g_autoptr(GPtrArray) retried = g_ptr_array_new ();
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  RapportStore *store;

  if (!rapport_cli_parse (cli, &args, _("OP_ID|--all"),
                          _("Send a change that could not be sent again at the next sync, after "
                            "what was refused was put right. A change that cannot be read can "
                            "only be discarded."), entries, 0, 1, error))
    return FALSE;
  if (all == (args[1] != NULL))
    {
      rapport_cli_set_usage_error (error, _("Name one change by its OP_ID, or give --all"));
      return FALSE;
    }
  if (!(store = rapport_cli_get_store (cli, error)) ||
      !(failed = rapport_store_list_failed (store, error)))
    return FALSE;

  if (!all)
    {
      if (!rapport_store_retry_failed (store, args[1], error))
        return FALSE;
      g_ptr_array_add (retried, args[1]);
    }
  for (guint i = 0; all && i < failed->len; i++)
    {
      JsonObject *change = g_ptr_array_index (failed, i);
      const char *op_id = json_object_get_string_member (change, "op_id");

      if (json_object_get_boolean_member_with_default (change, "damaged", FALSE))
        g_ptr_array_add (kept, change);
      else if (!rapport_store_retry_failed (store, op_id, error))
        return FALSE;
      else
        g_ptr_array_add (retried, (char *) op_id);
    }
  /* What could only be discarded still stands between the user and a
   * clean sync. */
  cli->changes_failed = kept->len > 0;

  if (cli->json)
    {
      g_autoptr(JsonObject) result = json_object_new ();
      JsonArray *ids = json_array_new ();

      for (guint i = 0; i < retried->len; i++)
        json_array_add_string_element (ids, g_ptr_array_index (retried, i));
      json_object_set_array_member (result, "retried", ids);
      json_object_set_array_member (result, "kept", rapport_cli_failed_changes_to_json (kept));
      json_object_set_int_member (result, "pending", rapport_store_count_pending (store));
      json_object_set_int_member (result, "failed", rapport_store_count_failed (store));
      rapport_cli_print_object (result);
    }
  else if (retried->len == 0 && kept->len == 0)
    g_print ("%s\n", _("No failed changes."));
  else
    g_print (ngettext ("%u change is sent again at the next sync.\n",
                       "%u changes are sent again at the next sync.\n", retried->len),
             retried->len);

  for (guint i = 0; i < kept->len; i++)
    {
      g_autofree char *line = rapport_cli_format_failed_change (g_ptr_array_index (kept, i));

      /* Translators: %s is a change: its record and why it cannot be read */
      g_printerr (_("rapport-cli: cannot be sent again, only discarded: %s\n"), line);
    }
  return TRUE;
}

gboolean
rapport_cli_discard (RapportCli *cli,
                     char      **args,
                     GError    **error)
{
  g_autoptr(GPtrArray) failed = NULL;
  JsonObject *change;
  RapportStore *store;

  if (!rapport_cli_parse (cli, &args, _("OP_ID"),
                          _("Drop a change that could not be sent, for good. The record takes "
                            "the server’s version at the next sync."), NULL, 1, 1, error) ||
      !(store = rapport_cli_get_store (cli, error)) ||
      !(failed = rapport_store_list_failed (store, error)))
    return FALSE;
  change = find_change (failed, args[1]);
  if (!rapport_store_discard_failed (store, args[1], error))
    return FALSE;
  g_assert (change != NULL);

  if (cli->json)
    {
      g_autoptr(JsonObject) result = json_object_new ();

      json_object_set_object_member (result, "discarded", json_object_ref (change));
      json_object_set_int_member (result, "failed", rapport_store_count_failed (store));
      rapport_cli_print_object (result);
    }
  else
    {
      g_autofree char *line = rapport_cli_format_failed_change (change);
      RapportChangeKind kind = rapport_change_kind_of (change);

      /* Translators: %s is a change: its record and why it was not sent */
      if (kind == RAPPORT_CHANGE_KIND_CREATE)
        g_print (_("Discarded the new record %s\n"), line);
      else if (kind == RAPPORT_CHANGE_KIND_DELETE)
        g_print (_("Discarded the deletion of %s\n"), line);
      else
        g_print (_("Discarded the edit of %s\n"), line);
      g_print ("%s\n", _("The record takes the server’s version at the next sync."));
    }
  return TRUE;
}
