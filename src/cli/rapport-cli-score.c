/* rapport-cli-score.c: `rapport-cli score DEAL`, a deal's win chance and why
 *
 * The chance and the reasons are those the deal page shows, from the same
 * core functions (rapport-score.c), learned from the local database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-cli-private.h"
#include "rapport-store-score.h"

static const char * const kind_names[] = { "learned", "stage", "won", "lost" };

static JsonArray *
factors_to_json (RapportScore *score,
                 GPtrArray    *factors)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < factors->len; i++)
    {
      RapportScoreFactor *factor = factors->pdata[i];
      JsonObject *object = json_object_new ();
      g_autofree char *text = rapport_score_factor_describe (score, factor);

      json_object_set_string_member (object, "variable", rapport_score_variable_name (factor->variable));
      json_object_set_string_member (object, "value", factor->label);
      json_object_set_int_member (object, "won", factor->won);
      json_object_set_int_member (object, "closed", factor->closed);
      if (factor->closed > 0)
        json_object_set_double_member (object, "lean", factor->lean);
      json_object_set_string_member (object, "text", text);
      json_array_add_object_element (array, object);
    }
  return array;
}

static void
print_json (const char   *deal_id,
            RapportScore *score)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  g_autofree char *summary = rapport_score_describe (score);

  json_node_take_object (root, object);
  json_object_set_string_member (object, "deal_id", deal_id);
  json_object_set_int_member (object, "score", rapport_score_get_rounded (score));
  json_object_set_double_member (object, "percent", score->percent);
  json_object_set_string_member (object, "kind", kind_names[score->kind]);
  json_object_set_int_member (object, "won", score->won);
  json_object_set_int_member (object, "lost", score->lost);
  json_object_set_string_member (object, "summary", summary);
  json_object_set_array_member (object, "for", factors_to_json (score, score->for_factors));
  json_object_set_array_member (object, "against", factors_to_json (score, score->against_factors));
  json_object_set_array_member (object, "new_values", factors_to_json (score, score->new_values));
  rapport_cli_print_json (root);
}

static void
print_factors (RapportScore *score,
               const char   *heading,
               GPtrArray    *factors)
{
  if (factors->len == 0)
    return;
  g_print ("%s\n", heading);
  for (guint i = 0; i < factors->len; i++)
    {
      g_autofree char *text = rapport_score_factor_describe (score, factors->pdata[i]);

      g_print ("  %s\n", text);
    }
}

gboolean
rapport_cli_score (RapportCli *cli,
                   char      **args,
                   GError    **error)
{
  g_autoptr(RapportScore) score = NULL;
  g_autofree char *summary = NULL;
  RapportStore *store;

  if (!rapport_cli_parse (cli, &args, _("DEAL"),
                          _("Print a deal’s chance of being won, learned from the closed deals "
                            "of its pipeline, and the reasons for and against it."),
                          NULL, 1, 1, error))
    return FALSE;
  if (!(store = rapport_cli_get_store (cli, error)) ||
      !(score = rapport_store_score_deal (store, args[1], error)))
    return FALSE;
  if (cli->json)
    {
      print_json (args[1], score);
      return TRUE;
    }
  summary = rapport_score_describe (score);
  /* Translators: a deal's chance of being won, "Win chance: 72 %" */
  g_print (_("Win chance: %d %%\n"), rapport_score_get_rounded (score));
  g_print ("%s\n", summary);
  print_factors (score, _("For:"), score->for_factors);
  print_factors (score, _("Against:"), score->against_factors);
  print_factors (score, _("Left out:"), score->new_values);
  return TRUE;
}
