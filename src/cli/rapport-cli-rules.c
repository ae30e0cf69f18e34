/* rapport-cli-rules.c: `rapport-cli rules`, automation rules from the shell
 *
 *   rapport-cli rules list
 *   rapport-cli rules show "Proposal follow-up"
 *   rapport-cli rules enable "Proposal follow-up"      (admins; then sync)
 *   rapport-cli rules log ["Proposal follow-up"] [--limit 20]
 *
 * Rules and their runs are synced records: this reads the local store, as
 * the app does; enabling a rule is an edit that the next sync sends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-cli-private.h"
#include "rapport-json.h"
#include "rapport-query.h"
#include "rapport-team.h"

/* Every live record of @entity. */
static GPtrArray *
all_of (RapportStore *store,
        const char   *entity,
        GError      **error)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity);
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, query, error);

  if (snapshot == NULL)
    return NULL;
  return rapport_store_fetch (store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot), error);
}

/* The rule named @name, or with the id @name. */
static JsonObject *
find_rule (RapportStore *store,
           const char   *name,
           GError      **error)
{
  g_autoptr(GPtrArray) rules = all_of (store, "automation_rule", error);

  if (rules == NULL)
    return NULL;
  for (guint i = 0; i < rules->len; i++)
    {
      JsonObject *rule = rules->pdata[i];

      if (g_strcmp0 (rapport_json_get_string (rule, "id"), name) == 0 ||
          g_strcmp0 (rapport_json_get_string (rule, "name"), name) == 0)
        return json_object_ref (rule);
    }
  rapport_cli_set_usage_error (error, _("There is no automation rule “%s”"), name);
  return NULL;
}

/* Newest first. */
static int
by_ran_at (gconstpointer a,
           gconstpointer b)
{
  JsonObject *x = *(JsonObject * const *) a;
  JsonObject *y = *(JsonObject * const *) b;

  return g_strcmp0 (rapport_json_get_string (y, "ran_at"), rapport_json_get_string (x, "ran_at"));
}

/* The runs of @rule_id (every rule's when NULL), newest first, at most @limit. */
static GPtrArray *
runs_of (RapportStore *store,
         const char   *rule_id,
         guint         limit,
         GError      **error)
{
  g_autoptr(GPtrArray) runs = all_of (store, "automation_run", error);
  GPtrArray *out;

  if (runs == NULL)
    return NULL;
  g_ptr_array_sort (runs, by_ran_at);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < runs->len && out->len < limit; i++)
    if (rule_id == NULL || g_strcmp0 (rapport_json_get_string (runs->pdata[i], "rule_id"), rule_id) == 0)
      g_ptr_array_add (out, json_object_ref (runs->pdata[i]));
  return out;
}

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "-";
}

static void
print_records_json (GPtrArray *records)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; i < records->len; i++)
    json_array_add_object_element (array, json_object_ref (records->pdata[i]));
  node = json_node_init_array (json_node_alloc (), array);
  rapport_cli_print_json (node);
}

/* One line a run: when, the rule, the result, the record's type and
 * title, what went wrong. */
static void
print_runs (GPtrArray *runs)
{
  for (guint i = 0; i < runs->len; i++)
    {
      JsonObject *run = runs->pdata[i];

      g_print ("%s\t%s\t%s\t%s %s\t%s\n", or_dash (rapport_json_get_string (run, "ran_at")),
               or_dash (rapport_json_get_string (run, "rule_name")),
               or_dash (rapport_json_get_string (run, "result")),
               or_dash (rapport_json_get_string (run, "entity")),
               or_dash (rapport_json_get_string (run, "record_title")),
               or_dash (rapport_json_get_string (run, "error")));
    }
}

static gboolean
list (RapportCli   *cli,
      RapportStore *store,
      GError      **error)
{
  g_autoptr(GPtrArray) rules = all_of (store, "automation_rule", error);

  if (rules == NULL)
    return FALSE;
  if (cli->json)
    {
      print_records_json (rules);
      return TRUE;
    }
  for (guint i = 0; i < rules->len; i++)
    {
      JsonObject *rule = rules->pdata[i];
      g_autoptr(GPtrArray) last = runs_of (store, rapport_json_get_string (rule, "id"), 1, error);
      JsonObject *run = last != NULL && last->len > 0 ? last->pdata[0] : NULL;
      const char *field = rapport_json_get_string (rule, "trigger_field");
      g_autofree char *trigger = field != NULL
                                   ? g_strdup_printf ("%s(%s)", rapport_json_get_string (rule, "trigger"), field)
                                   : g_strdup (rapport_json_get_string (rule, "trigger"));

      if (last == NULL)
        return FALSE;
      g_print ("%s\t%s\t%s\t%s\t%s\t%s\n", rapport_json_get_string (rule, "id"),
               rapport_json_get_string (rule, "name"),
               json_object_get_boolean_member_with_default (rule, "enabled", FALSE)
                 ? _("enabled") : _("disabled"),
               or_dash (rapport_json_get_string (rule, "entity")), or_dash (trigger),
               run != NULL ? rapport_json_get_string (run, "result") : _("never ran"));
    }
  return TRUE;
}

static gboolean
show (RapportCli   *cli,
      RapportStore *store,
      const char   *name,
      GError      **error)
{
  g_autoptr(JsonObject) rule = find_rule (store, name, error);
  g_autoptr(GPtrArray) runs = NULL;

  if (rule == NULL || !(runs = runs_of (store, rapport_json_get_string (rule, "id"), 5, error)))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonObject) both = rapport_json_object_copy (rule);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < runs->len; i++)
        json_array_add_object_element (array, json_object_ref (runs->pdata[i]));
      json_object_set_array_member (both, "last_runs", array);
      rapport_cli_print_object (both);
      return TRUE;
    }
  rapport_cli_print_record (rapport_entity_lookup ("automation_rule"), rule);
  if (runs->len > 0)
    {
      g_print ("\n%s\n", _("Last runs:"));
      print_runs (runs);
    }
  return TRUE;
}

static gboolean
set_enabled (RapportCli   *cli,
             RapportStore *store,
             const char   *name,
             gboolean      enabled,
             GError      **error)
{
  g_autofree char *role = rapport_store_get_signed_in_role (store);
  g_autoptr(JsonObject) rule = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) updated = NULL;

  /* The server would refuse it at the next sync: say so now. */
  if (role != NULL && g_strcmp0 (role, "admin") != 0)
    {
      g_set_error (error, RAPPORT_CLI_ERROR, RAPPORT_CLI_ERROR_FORBIDDEN, "%s",
                   _("Only an admin can change automation rules"));
      return FALSE;
    }
  if (!(rule = find_rule (store, name, error)))
    return FALSE;
  json_object_set_boolean_member (changes, "enabled", enabled);
  updated = rapport_store_update (store, "automation_rule", rapport_json_get_string (rule, "id"),
                                  changes, error);
  if (updated == NULL)
    return FALSE;
  if (cli->json)
    rapport_cli_print_object (updated);
  else
    g_print (enabled ? _("Enabled “%s”; sync to send it\n") : _("Disabled “%s”; sync to send it\n"),
             rapport_json_get_string (updated, "name"));
  return TRUE;
}

static gboolean
log_runs (RapportCli   *cli,
          RapportStore *store,
          const char   *name,
          int           limit,
          GError      **error)
{
  g_autoptr(JsonObject) rule = NULL;
  g_autoptr(GPtrArray) runs = NULL;

  if (limit < 1)
    {
      rapport_cli_set_usage_error (error, _("--limit must be 1 or more"));
      return FALSE;
    }
  if (name != NULL && !(rule = find_rule (store, name, error)))
    return FALSE;
  runs = runs_of (store, rule != NULL ? rapport_json_get_string (rule, "id") : NULL, (guint) limit,
                  error);
  if (runs == NULL)
    return FALSE;
  if (cli->json)
    print_records_json (runs);
  else
    print_runs (runs);
  return TRUE;
}

static const char * const verbs[] = { "list", "show", "enable", "disable", "log", NULL };
static const char usage[] = N_("list | show RULE | enable RULE | disable RULE | log [RULE]");
static const char summary[] = N_("List automation rules and their last runs, turn them on or off, "
                                 "and read the server’s log of what they did.");

gboolean
rapport_cli_rules (RapportCli *cli,
                   char      **args,
                   GError    **error)
{
  int limit = 20;
  /* clang-format off */
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("log: how many runs, newest first (20)"), N_("N") },
    { NULL }
  };
  /* clang-format on */
  RapportStore *store;
  const char *verb;
  guint n_args;

  if (!rapport_cli_parse (cli, &args, _(usage), _(summary), entries, 1, 2, error))
    return FALSE;
  verb = args[1];
  n_args = g_strv_length (args) - 1;
  if (!g_strv_contains (verbs, verb) ||
      (g_strcmp0 (verb, "list") == 0 && n_args != 1) ||
      (g_strcmp0 (verb, "log") != 0 && g_strcmp0 (verb, "list") != 0 && n_args != 2))
    {
      rapport_cli_set_usage_error (error, _("Say rules list, rules show RULE, rules enable RULE, "
                                            "rules disable RULE or rules log [RULE]"));
      return FALSE;
    }
  if (!(store = rapport_cli_get_store (cli, error)))
    return FALSE;
  if (g_strcmp0 (verb, "list") == 0)
    return list (cli, store, error);
  if (g_strcmp0 (verb, "show") == 0)
    return show (cli, store, args[2], error);
  if (g_strcmp0 (verb, "log") == 0)
    return log_runs (cli, store, args[2], limit, error);
  return set_enabled (cli, store, args[2], g_strcmp0 (verb, "enable") == 0, error);
}
