/* rapport-cli-records.c: add, update, delete, get, list and search
 *
 * Every write goes through the store, which validates it and records it in
 * the outbox in one transaction: a refused edit changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-money.h"
#include "rapport-cli-private.h"
#include "rapport-store-score.h"
#include "rapport-store-merges.h"
#include "rapport-plausible.h"
#include "rapport-query.h"
#include "rapport-record.h"

/* Rows are fetched and printed a page at a time, so that a list of a
 * million contacts needs no more memory than a list of a hundred. */
#define LIST_PAGE 500
#define SEARCH_DEFAULT_LIMIT 20

/* The entity named by the first argument, and the store. */
static gboolean
open_entity (RapportCli           *cli,
             const char           *name,
             const RapportEntity **entity_out,
             RapportStore        **store_out,
             GError              **error)
{
  *entity_out = rapport_cli_lookup_entity (name, error);
  if (*entity_out == NULL)
    return FALSE;
  *store_out = rapport_cli_get_store (cli, error);
  return *store_out != NULL;
}

static JsonObject *
parse_assignments (const RapportEntity *entity,
                   char               **assignments,
                   GError             **error)
{
  g_autoptr(JsonObject) values = json_object_new ();

  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    if (!rapport_cli_parse_assignment (entity, assignments[i], values, error))
      return NULL;
  return g_steal_pointer (&values);
}

static void
print_record_result (RapportCli          *cli,
                     const RapportEntity *entity,
                     JsonObject          *record,
                     const char          *message)
{
  if (cli->json)
    rapport_cli_print_object (record);
  else if (message != NULL)
    g_print ("%s\n", message);
  else
    rapport_cli_print_record (entity, record);
}

/* What the app would ask before saving, said after: the value is kept. */
static void
warn_doubts (const RapportEntity *entity,
             JsonObject          *record,
             JsonObject          *values)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) doubts = rapport_plausible_check (entity, record, now);

  for (guint i = 0; i < doubts->len; i++)
    {
      RapportDoubt *doubt = g_ptr_array_index (doubts, i);
      const RapportField *field = rapport_entity_get_field (entity, doubt->field);

      /* Only about what this command set. */
      if (json_object_has_member (values, doubt->field) ||
          (field->not_after != NULL && json_object_has_member (values, field->not_after)))
        /* Translators: the field's name, then a question such as "The reminder is after the due time" */
        g_printerr (_("Warning: %s: %s\n"), doubt->field, doubt->message);
    }
}

/* add and update share their options and their output. */
static gboolean
write_record (RapportCli *cli,
              char      **args,
              gboolean    is_update,
              GError    **error)
{
  g_auto(GStrv) assignments = NULL;
  const GOptionEntry entries[] = {
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &assignments,
      N_("Set a field; lists as label:value,… or a,b,…; nothing after = clears it"),
      N_("FIELD=VALUE") },
    { NULL }
  };
  g_autoptr(JsonObject) values = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *message = NULL;
  const RapportEntity *entity;
  RapportStore *store;
  gboolean parsed;

  if (is_update)
    parsed = rapport_cli_parse (cli, &args, _("ENTITY ID --set FIELD=VALUE…"),
                                _("Change fields of a record."), entries, 2, 2, error);
  else
    parsed = rapport_cli_parse (cli, &args, _("ENTITY --set FIELD=VALUE…"),
                                _("Add a record and print its id."), entries, 1, 1, error);
  if (!parsed)
    return FALSE;

  if (is_update && assignments == NULL)
    {
      rapport_cli_set_usage_error (error, _("Say what to change with --set FIELD=VALUE"));
      return FALSE;
    }
  if (!(entity = rapport_cli_lookup_entity (args[1], error)) ||
      !(values = parse_assignments (entity, assignments, error)) ||
      !(store = rapport_cli_get_store (cli, error)))
    return FALSE;

  if (is_update)
    {
      record = rapport_store_update (store, entity->name, args[2], values, error);
      if (record != NULL)
        message = g_strdup_printf (_("Updated %s %s"), entity->name, args[2]);
    }
  else
    {
      record = rapport_store_create (store, entity->name, values, error);
      if (record != NULL)
        message = g_strdup (json_object_get_string_member (record, "id"));
    }
  if (record == NULL)
    return FALSE;

  warn_doubts (entity, record, values);
  print_record_result (cli, entity, record, message);
  return TRUE;
}

gboolean
rapport_cli_add (RapportCli *cli,
                 char      **args,
                 GError    **error)
{
  return write_record (cli, args, FALSE, error);
}

gboolean
rapport_cli_update (RapportCli *cli,
                    char      **args,
                    GError    **error)
{
  return write_record (cli, args, TRUE, error);
}

gboolean
rapport_cli_delete (RapportCli *cli,
                    char      **args,
                    GError    **error)
{
  const RapportEntity *entity;
  RapportStore *store;

  if (!rapport_cli_parse (cli, &args, _("ENTITY ID"),
                          _("Delete a record. The deletion is sent at the next sync."),
                          NULL, 2, 2, error) ||
      !open_entity (cli, args[1], &entity, &store, error) ||
      !rapport_store_delete (store, entity->name, args[2], error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonObject) result = json_object_new ();

      json_object_set_string_member (result, "entity", entity->name);
      json_object_set_string_member (result, "id", args[2]);
      json_object_set_boolean_member (result, "deleted", TRUE);
      rapport_cli_print_object (result);
    }
  else
    g_print (_("Deleted %s %s\n"), entity->name, args[2]);
  return TRUE;
}

gboolean
rapport_cli_get (RapportCli *cli,
                 char      **args,
                 GError    **error)
{
  g_autoptr(JsonObject) record = NULL;
  const RapportEntity *entity;
  RapportStore *store;

  if (!rapport_cli_parse (cli, &args, _("ENTITY ID"), _("Show a record."), NULL, 2, 2, error) ||
      !open_entity (cli, args[1], &entity, &store, error))
    return FALSE;
  record = rapport_store_get (store, entity->name, args[2], error);
  /* A record merged away is shown as the one it went into. */
  if (record == NULL && g_error_matches (*error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND))
    {
      g_autofree char *master_id = rapport_store_merged_into (store, args[2], NULL);

      if (master_id == NULL)
        return FALSE;
      g_clear_error (error);
      g_printerr (_("%s was merged into %s\n"), args[2], master_id);
      if (!(record = rapport_store_get (store, entity->name, master_id, error)))
        return FALSE;
    }
  if (record == NULL)
    return FALSE;

  print_record_result (cli, entity, record, NULL);
  return TRUE;
}

static gboolean
parse_sort (const char  *text,
            RapportSort *sort,
            GError     **error)
{
  /* clang-format off */
  static const struct { const char *name; RapportSort sort; } sorts[] = {
    { "name", RAPPORT_SORT_NAME }, { "updated", RAPPORT_SORT_UPDATED },
    { "amount", RAPPORT_SORT_AMOUNT }, { "score", RAPPORT_SORT_SCORE },
  };
  /* clang-format on */

  if (text == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    if (g_strcmp0 (text, sorts[i].name) == 0)
      {
        *sort = sorts[i].sort;
        return TRUE;
      }
  rapport_cli_set_usage_error (error, _("Sort by name, updated, amount or score, not “%s”"), text);
  return FALSE;
}

RapportQuery *
rapport_cli_build_query (const RapportEntity *entity,
                         const char          *sort_name,
                         char               **filters,
                         const char          *where,
                         const char          *search,
                         RapportStore        *store,
                         GError             **error)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity->name);
  RapportSort sort = RAPPORT_SORT_NAME;

  if (!parse_sort (sort_name, &sort, error))
    return NULL;
  rapport_query_set_sort (query, sort);

  for (guint i = 0; filters != NULL && filters[i] != NULL; i++)
    {
      g_autofree char *field = NULL;
      g_autofree char *value = NULL;

      if (!rapport_cli_split_assignment (filters[i], &field, &value, error))
        return NULL;
      /* FIELD= lists the records without a value. */
      rapport_query_add_filter (query, field, *value != '\0' ? value : NULL);
    }
  if (where != NULL)
    {
      RapportFilter *filter = rapport_filter_parse (entity, where, error);

      if (filter == NULL)
        return NULL;
      rapport_query_set_filter (query, filter, rapport_store_get_user_id (store));
    }

  if (search != NULL)
    rapport_query_set_search (query, search);
  return g_steal_pointer (&query);
}

static void
print_list_row (RapportCli          *cli,
                const RapportEntity *entity,
                JsonObject          *record,
                gboolean             first)
{
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), record);
      g_autofree char *text = rapport_json_to_string (node);

      g_print ("%s  %s", first ? "" : ",\n", text);
    }
  else
    {
      g_autofree char *title = rapport_record_title (entity, record);
      const RapportField *money = rapport_entity_get_money_field (entity);
      JsonNode *amount = money != NULL ? json_object_get_member (record, money->name) : NULL;

      if (amount != NULL && !JSON_NODE_HOLDS_NULL (amount))
        {
          g_autofree char *text = rapport_money_format (
            json_node_get_int (amount),
            json_object_get_string_member_with_default (record, money->currency_field, NULL));

          g_print ("%s\t%s\t%s\n", json_object_get_string_member (record, "id"), title, text);
        }
      else
        g_print ("%s\t%s\n", json_object_get_string_member (record, "id"), title);
    }
}

gboolean
rapport_cli_list (RapportCli *cli,
                  char      **args,
                  GError    **error)
{
  g_autofree char *sort_name = NULL;
  g_autofree char *search = NULL;
  g_autofree char *where = NULL;
  g_auto(GStrv) filters = NULL;
  int limit = 0;
  /* clang-format off */
  const GOptionEntry entries[] = {
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort_name,
      N_("Sort by name, updated (newest first), amount (by currency, largest first) or score "
         "(deals: best win chance first)"), N_("ORDER") },
    { "filter", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &filters,
      N_("Only records whose FIELD has VALUE; FIELD= for those without"), N_("FIELD=VALUE") },
    { "where", 'w', 0, G_OPTION_ARG_STRING, &where,
      N_("Only records the filter matches, e.g. “lifecycle = customer and created_at in last 30 days”"),
      N_("FILTER") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("Only records with words starting with these"), N_("TEXT") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N records"), N_("N") },
    { NULL }
  };
  /* clang-format on */
  g_autoptr(RapportQuery) query = NULL;
  g_autoptr(RapportSnapshot) snapshot = NULL;
  const RapportEntity *entity;
  RapportStore *store;
  guint n_rows;
  gboolean first = TRUE;

  if (!rapport_cli_parse (cli, &args, _("ENTITY"), _("List records of one type."),
                          entries, 1, 1, error) ||
      !(entity = rapport_cli_lookup_entity (args[1], error)) ||
      !(store = rapport_cli_get_store (cli, error)) ||
      !(query = rapport_cli_build_query (entity, sort_name, filters, where, search, store, error)))
    return FALSE;
  /* Win chances follow the last sync and edits: bring them up to date first. */
  if (strcmp (entity->name, "deal") == 0 &&
      (g_strcmp0 (sort_name, "score") == 0 || (where != NULL && strstr (where, "score") != NULL)) &&
      !rapport_store_rescore_deals (store, error))
    return FALSE;
  if (!(snapshot = rapport_store_snapshot (store, query, error)))
    return FALSE;

  if (limit < 0)
    {
      rapport_cli_set_usage_error (error, _("The limit cannot be negative"));
      return FALSE;
    }

  n_rows = rapport_snapshot_get_n_rows (snapshot);
  if (limit > 0)
    n_rows = MIN (n_rows, (guint) limit);

  if (cli->json)
    g_print ("[\n");
  for (guint position = 0; position < n_rows; position += LIST_PAGE)
    {
      g_autoptr(GPtrArray) rows = NULL;

      rows = rapport_store_fetch (store, snapshot, position, MIN (LIST_PAGE, n_rows - position),
                                  error);
      if (rows == NULL)
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        {
          JsonObject *record = g_ptr_array_index (rows, i);

          /* NULL: deleted since the snapshot was taken. */
          if (record == NULL)
            continue;
          print_list_row (cli, entity, record, first);
          first = FALSE;
        }
    }
  if (cli->json)
    g_print ("%s]\n", first ? "" : "\n");
  return TRUE;
}

gboolean
rapport_cli_search (RapportCli *cli,
                    char      **args,
                    GError    **error)
{
  int limit = SEARCH_DEFAULT_LIMIT;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N records of each type (default: 20)"), N_("N") },
    { NULL }
  };
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(JsonArray) array = NULL;
  g_autofree char *text = NULL;
  g_autofree char *types = rapport_cli_list_types (TRUE);
  g_autofree char *summary = g_strdup_printf (_("Search records of these types: %s."), types);
  RapportStore *store;

  if (!rapport_cli_parse (cli, &args, _("TEXT…"), summary, entries, 1, G_MAXUINT, error))
    return FALSE;
  if (limit <= 0)
    {
      rapport_cli_set_usage_error (error, _("The limit must be a positive number"));
      return FALSE;
    }

  text = g_strjoinv (" ", args + 1);
  if (!(store = rapport_cli_get_store (cli, error)) ||
      !(hits = rapport_store_search (store, text, limit, error)))
    return FALSE;

  array = json_array_sized_new (hits->len);
  for (guint i = 0; i < hits->len; i++)
    {
      RapportSearchHit *hit = g_ptr_array_index (hits, i);

      if (cli->json)
        {
          JsonObject *object = json_object_new ();

          json_object_set_string_member (object, "entity", hit->entity->name);
          json_object_set_string_member (object, "id", hit->id);
          json_object_set_string_member (object, "title", hit->title);
          json_array_add_object_element (array, object);
        }
      else
        g_print ("%s\t%s\t%s\n", hit->entity->name, hit->id, hit->title);
    }

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);

      rapport_cli_print_json (node);
    }
  return TRUE;
}
