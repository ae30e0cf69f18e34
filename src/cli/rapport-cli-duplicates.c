/* rapport-cli-duplicates.c: `rapport-cli duplicates contact|company`, a scan of the local book
 *
 * Prints each group of records that look like one another, oldest first,
 * and for each matching pair the level and the evidence, the same words the
 * app shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-cli-private.h"
#include "rapport-json.h"
#include "rapport-match-keys.h"
#include "rapport-record.h"
#include "rapport-store-duplicates.h"

/* "Ana Ribeiro (Northwind)": a contact with its company's name. */
static char *
describe_record (RapportStore        *store,
                 const RapportEntity *entity,
                 JsonObject          *record)
{
  g_autofree char *title = rapport_record_title (entity, record);
  const char *company_id = rapport_json_get_string (record, "company_id");
  g_autoptr(JsonObject) company = NULL;
  g_autofree char *company_name = NULL;

  if (company_id != NULL)
    company = rapport_store_get (store, "company", company_id, NULL);
  if (company == NULL)
    return g_steal_pointer (&title);
  company_name = rapport_record_title (rapport_entity_lookup ("company"), company);
  /* TRANSLATORS: a contact and their company: "Ana Ribeiro (Northwind)" */
  return g_strdup_printf (_("%s (%s)"), title, company_name);
}

static JsonNode *
groups_to_json (RapportStore        *store,
                const RapportEntity *entity,
                GPtrArray           *groups,
                guint                skipped)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "skipped_keys");
  json_builder_add_int_value (builder, skipped);
  json_builder_set_member_name (builder, "groups");
  json_builder_begin_array (builder);
  for (guint g = 0; g < groups->len; g++)
    {
      RapportDuplicateGroup *group = g_ptr_array_index (groups, g);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "level");
      json_builder_add_string_value (builder, rapport_duplicate_level_to_string (group->level));
      json_builder_set_member_name (builder, "records");
      json_builder_begin_array (builder);
      for (guint r = 0; r < group->records->len; r++)
        {
          JsonObject *record = g_ptr_array_index (group->records, r);
          g_autofree char *name = describe_record (store, entity, record);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, rapport_json_get_string (record, "id"));
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, name);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "pairs");
      json_builder_begin_array (builder);
      for (guint p = 0; p < group->pairs->len; p++)
        {
          RapportDuplicatePair *pair = g_ptr_array_index (group->pairs, p);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "a");
          json_builder_add_string_value (
            builder, rapport_json_get_string (g_ptr_array_index (group->records, pair->a), "id"));
          json_builder_set_member_name (builder, "b");
          json_builder_add_string_value (
            builder, rapport_json_get_string (g_ptr_array_index (group->records, pair->b), "id"));
          json_builder_set_member_name (builder, "level");
          json_builder_add_string_value (builder,
                                         rapport_duplicate_level_to_string (pair->match->level));
          json_builder_set_member_name (builder, "score");
          json_builder_add_double_value (builder, pair->match->score);
          json_builder_set_member_name (builder, "evidence");
          json_builder_begin_array (builder);
          for (guint e = 0; e < pair->match->evidence->len; e++)
            json_builder_add_string_value (builder, g_ptr_array_index (pair->match->evidence, e));
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_groups (RapportStore        *store,
              const RapportEntity *entity,
              GPtrArray           *groups)
{
  for (guint g = 0; g < groups->len; g++)
    {
      RapportDuplicateGroup *group = g_ptr_array_index (groups, g);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

      /* TRANSLATORS: "Group 1: Certain" */
      g_print (_("Group %u: %s\n"), g + 1, rapport_duplicate_level_label (group->level));
      for (guint r = 0; r < group->records->len; r++)
        {
          JsonObject *record = g_ptr_array_index (group->records, r);

          g_ptr_array_add (names, describe_record (store, entity, record));
          g_print ("  %s  %s\n", (char *) g_ptr_array_index (names, r),
                   rapport_json_get_string (record, "id"));
        }
      for (guint p = 0; p < group->pairs->len; p++)
        {
          RapportDuplicatePair *pair = g_ptr_array_index (group->pairs, p);
          g_autofree char *evidence = rapport_duplicate_match_describe (pair->match);

          /* TRANSLATORS: two records, how alike they are and why:
           * "Ana Ribeiro ↔ A. Ribeiro: Certain (same email, name 0.93)" */
          g_print (_("  %s ↔ %s: %s (%s)\n"), (char *) g_ptr_array_index (names, pair->a),
                   (char *) g_ptr_array_index (names, pair->b),
                   rapport_duplicate_level_label (pair->match->level), evidence);
        }
    }
  g_print (ngettext ("%u group of possible duplicates.\n", "%u groups of possible duplicates.\n",
                     groups->len),
           groups->len);
}

gboolean
rapport_cli_duplicates (RapportCli *cli,
                        char      **args,
                        GError    **error)
{
  g_autofree char *min = NULL;
  /* clang-format off */
  const GOptionEntry entries[] = {
    { "min", 0, 0, G_OPTION_ARG_STRING, &min,
      N_("The weakest match to show: possible, likely (the default) or certain"), N_("LEVEL") },
    { NULL }
  };
  /* clang-format on */
  RapportDuplicateLevel level = RAPPORT_DUPLICATE_LIKELY;
  g_autoptr(GPtrArray) groups = NULL;
  const RapportEntity *entity;
  RapportStore *store;
  guint skipped = 0;

  if (!rapport_cli_parse (cli, &args, _("ENTITY"),
                          _("List groups of records in the local database that look like "
                            "duplicates, with the evidence."),
                          entries, 1, 1, error))
    return FALSE;
  if (!(entity = rapport_cli_lookup_entity (args[1], error)))
    return FALSE;
  if (!rapport_match_has_keys (entity))
    {
      rapport_cli_set_usage_error (error, _("Duplicates are looked for among contacts and "
                                            "companies, not “%s”"), args[1]);
      return FALSE;
    }
  if (min != NULL && !rapport_duplicate_level_from_string (min, &level))
    {
      rapport_cli_set_usage_error (error, _("--min must be possible, likely or certain, not “%s”"),
                                   min);
      return FALSE;
    }
  if (!(store = rapport_cli_get_store (cli, error)) ||
      !(groups = rapport_store_scan_duplicates (store, entity->name, level, &skipped, error)))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonNode) root = groups_to_json (store, entity, groups, skipped);

      rapport_cli_print_json (root);
      return TRUE;
    }
  print_groups (store, entity, groups);
  if (skipped > 0)
    g_printerr (ngettext ("%u key shared by more than %d records was skipped, as no evidence "
                          "(an office’s phone, a shared domain).\n",
                          "%u keys shared by more than %d records were skipped, as no evidence "
                          "(an office’s phone, a shared domain).\n",
                          skipped),
                skipped, RAPPORT_MATCH_MAX_BLOCK);
  return TRUE;
}
