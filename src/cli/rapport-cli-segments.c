/* rapport-cli-segments.c: `rapport-cli segment`, saved filters from the shell
 *
 *   rapport-cli segment save "Lapsed customers" contacts \
 *     'lifecycle = customer and has no activity where occurred_at in last 90 days'
 *   rapport-cli segment list
 *   rapport-cli segment members "Lapsed customers"
 *
 * A segment is a synced record; its members are worked out on the local
 * store at the moment they are asked for, as the app does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-cli-private.h"
#include "rapport-json.h"
#include "rapport-query.h"
#include "rapport-segment.h"

/* Every live record of @entity. */
static GPtrArray *
all_records (RapportStore *store,
             const char   *entity,
             GError      **error)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity);
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, query, error);

  if (snapshot == NULL)
    return NULL;
  return rapport_store_fetch (store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot), error);
}

static GPtrArray *
all_segments (RapportStore *store,
              GError      **error)
{
  return all_records (store, "segment", error);
}

/**
 * rapport_cli_find_named:
 * @entity: a type whose records have a name (a segment, a campaign)
 *
 * Returns: (transfer full) (nullable): the record of @entity named @name
 *   (or with the id @name); %NULL without @error when there is none
 */
JsonObject *
rapport_cli_find_named (RapportStore *store,
                        const char   *entity,
                        const char   *name,
                        GError      **error)
{
  g_autoptr(GPtrArray) records = all_records (store, entity, error);

  if (records == NULL)
    return NULL;
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = records->pdata[i];

      if (g_strcmp0 (json_object_get_string_member (record, "id"), name) == 0 ||
          g_strcmp0 (json_object_get_string_member (record, "name"), name) == 0)
        return json_object_ref (record);
    }
  return NULL;
}

/**
 * rapport_cli_find_segment:
 *
 * Returns: (transfer full) (nullable): the segment named @name (or with
 *   the id @name), or %NULL with a usage error
 */
JsonObject *
rapport_cli_find_segment (RapportStore *store,
                          const char   *name,
                          GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *segment = rapport_cli_find_named (store, "segment", name, &local_error);

  if (segment == NULL && local_error == NULL)
    rapport_cli_set_usage_error (error, _("There is no segment “%s”"), name);
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return segment;
}

static gboolean
save (RapportCli *cli,
      char      **args,
      gboolean    pinned,
      GError    **error)
{
  g_autoptr(RapportFilter) filter = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *json_text = NULL;
  const RapportEntity *entity;
  RapportStore *store;

  if (!(entity = rapport_cli_lookup_entity (args[3], error)) ||
      !(filter = rapport_filter_parse (entity, args[4], error)) ||
      !(store = rapport_cli_get_store (cli, error)))
    return FALSE;

  json = rapport_filter_to_json (filter);
  json_object_set_string_member (fields, "name", args[2]);
  json_object_set_string_member (fields, "object", entity->name);
  json_text = rapport_json_to_string (json);
  json_object_set_string_member (fields, "filter", json_text);
  json_object_set_boolean_member (fields, "pinned", pinned);
  if (rapport_store_get_user_id (store) != NULL)
    json_object_set_string_member (fields, "owner_id", rapport_store_get_user_id (store));
  if (!(created = rapport_store_create (store, "segment", fields, error)))
    return FALSE;
  g_print ("%s\n", json_object_get_string_member (created, "id"));
  return TRUE;
}

static gboolean
list (RapportCli *cli,
      GError    **error)
{
  g_autoptr(GPtrArray) segments = NULL;
  RapportStore *store;

  if (!(store = rapport_cli_get_store (cli, error)) || !(segments = all_segments (store, error)))
    return FALSE;
  if (cli->json)
    g_print ("[\n");
  for (guint i = 0; i < segments->len; i++)
    {
      JsonObject *segment = segments->pdata[i];
      RapportFilter *filter = rapport_segment_filter (segment, error);
      g_autoptr(RapportQuery) query = NULL;
      g_autoptr(RapportSnapshot) members = NULL;
      g_autofree char *text = NULL;

      if (filter == NULL)
        return FALSE;
      text = rapport_filter_to_text (filter);
      query = rapport_query_new (rapport_filter_get_entity (filter)->name);
      /* the query takes the filter */
      rapport_query_set_filter (query, filter, rapport_store_get_user_id (store));
      if (!(members = rapport_store_snapshot (store, query, error)))
        return FALSE;
      if (cli->json)
        {
          g_autoptr(JsonObject) row = json_object_new ();
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), row);
          g_autofree char *line = NULL;

          json_object_set_string_member (row, "id", json_object_get_string_member (segment, "id"));
          json_object_set_string_member (row, "name",
                                         json_object_get_string_member (segment, "name"));
          json_object_set_string_member (row, "object",
                                         json_object_get_string_member (segment, "object"));
          json_object_set_int_member (row, "members", rapport_snapshot_get_n_rows (members));
          json_object_set_string_member (row, "filter", text);
          line = rapport_json_to_string (node);
          g_print ("%s  %s", i > 0 ? ",\n" : "", line);
        }
      else
        g_print ("%s\t%s\t%s\t%u\t%s\n", json_object_get_string_member (segment, "id"),
                 json_object_get_string_member (segment, "name"),
                 json_object_get_string_member (segment, "object"),
                 rapport_snapshot_get_n_rows (members), text);
    }
  if (cli->json)
    g_print ("%s]\n", segments->len > 0 ? "\n" : "");
  return TRUE;
}

static gboolean
members (RapportCli *cli,
         const char *name,
         GError    **error)
{
  g_autoptr(JsonObject) segment = NULL;
  g_autoptr(RapportFilter) filter = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) list_args = NULL;
  RapportStore *store;

  if (!(store = rapport_cli_get_store (cli, error)) ||
      !(segment = rapport_cli_find_segment (store, name, error)) ||
      !(filter = rapport_segment_filter (segment, error)))
    return FALSE;
  /* the members are the list the filter gives */
  text = rapport_filter_to_text (filter);
  /* parsed in place, as the shell's arguments are */
  list_args = g_new0 (char *, 5);
  list_args[0] = g_strdup ("list");
  list_args[1] = g_strdup (rapport_filter_get_entity (filter)->table);
  list_args[2] = g_strdup ("--where");
  list_args[3] = g_steal_pointer (&text);
  return rapport_cli_list (cli, list_args, error);
}

gboolean
rapport_cli_segment (RapportCli *cli,
                     char      **args,
                     GError    **error)
{
  gboolean pinned = FALSE;
  /* clang-format off */
  const GOptionEntry entries[] = {
    { "pin", 0, 0, G_OPTION_ARG_NONE, &pinned, N_("save: keep the segment at the top"), NULL },
    { NULL }
  };
  /* clang-format on */
  const char *verb;
  guint n_args;

  if (!rapport_cli_parse (cli, &args, _("list | save NAME TYPE FILTER | members NAME"),
                          _("Save filters as segments, list them with their counts, and list "
                            "their members."),
                          entries, 1, 4, error))
    return FALSE;
  verb = args[1];
  n_args = g_strv_length (args) - 1;
  if (g_strcmp0 (verb, "list") == 0 && n_args == 1)
    return list (cli, error);
  if (g_strcmp0 (verb, "save") == 0 && n_args == 4)
    return save (cli, args, pinned, error);
  if (g_strcmp0 (verb, "members") == 0 && n_args == 2)
    return members (cli, args[2], error);
  rapport_cli_set_usage_error (error, _("Say segment list, segment save NAME TYPE FILTER or "
                                        "segment members NAME"));
  return FALSE;
}
