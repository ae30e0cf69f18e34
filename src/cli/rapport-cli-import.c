/* rapport-cli-import.c: import, and undo an import
 *
 * rapport-cli import FILE reads a CSV or vCard file, says what it found
 * (the layout, the encoding, the delimiter), imports it as one batch and
 * prints the counts and each refused row with its line and column. With
 * --dry-run nothing is saved; --undo BATCH takes a batch back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rapport-cli-private.h"
#include "rapport-import.h"

static gboolean
parse_choice (const char  *option,
              const char  *value,
              const char * const *choices,
              int         *out,
              GError     **error)
{
  g_autofree char *list = NULL;

  for (int i = 0; choices[i] != NULL; i++)
    if (g_strcmp0 (value, choices[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  list = g_strjoinv (", ", (char **) choices);
  rapport_cli_set_usage_error (error, _("%s must be one of: %s"), option, list);
  return FALSE;
}

static char *
delimiter_name (char delimiter)
{
  if (delimiter == '\t')
    return g_strdup (_("tab"));
  return g_strdup_printf ("“%c”", delimiter);
}

static void
print_source (RapportImportSource *source,
              const char          *path)
{
  const RapportEntity *entity = rapport_entity_lookup (source->entity);
  g_autofree char *name = g_filename_display_basename (path);

  if (g_strcmp0 (source->format, "vcard") == 0)
    g_print (ngettext ("Read %u card from “%s” as %s.\n", "Read %u cards from “%s” as %s.\n",
                       source->rows->len),
             source->rows->len, name, _(entity->labels.plural));
  else
    {
      g_autofree char *delimiter = delimiter_name (source->delimiter);

      /* TRANSLATORS: "Read 5 rows from “a.csv” (Outlook (German); CP1252; delimiter “;”) as Contacts." */
      g_print (ngettext ("Read %u row from “%s” (%s; %s; delimiter %s) as %s.\n",
                         "Read %u rows from “%s” (%s; %s; delimiter %s) as %s.\n", source->rows->len),
               source->rows->len, name, rapport_import_layout_label (source->mapping->layout), source->encoding,
               delimiter, _(entity->labels.plural));
    }

  /* A file of no known layout: say what each column was taken for. */
  if (source->mapping != NULL && source->mapping->layout == NULL)
    for (guint i = 0; i < source->mapping->n_columns; i++)
      {
        const RapportImportTarget *target = &source->mapping->targets[i];

        if (target->kind == RAPPORT_IMPORT_IGNORE)
          g_print (_("  column “%s”: not imported\n"), source->header[i]);
        else
          g_print (_("  column “%s” → %s (%d %% alike)\n"), source->header[i],
                   rapport_import_kind_name (target->kind), (int) (target->score * 100 + 0.5));
      }
}

static void
print_report (RapportImportReport *report,
              gboolean             dry_run)
{
  const guint *n = report->counts;

  if (dry_run)
    g_print ("%s\n", _("Dry run: nothing was saved."));
  /* TRANSLATORS: the counts of an import, "3 created, 1 updated, …" */
  g_print (dry_run ? _("%u to create, %u to update, %u unchanged, %u skipped, %u with errors\n")
                   : _("%u created, %u updated, %u unchanged, %u skipped, %u with errors\n"),
           n[RAPPORT_IMPORT_ACTION_CREATE], n[RAPPORT_IMPORT_ACTION_UPDATE],
           n[RAPPORT_IMPORT_ACTION_UNCHANGED], n[RAPPORT_IMPORT_ACTION_SKIP],
           n[RAPPORT_IMPORT_ACTION_ERROR]);
  if (report->companies_created > 0)
    g_print (dry_run ? ngettext ("%u new company for them\n", "%u new companies for them\n",
                                 report->companies_created)
                     : ngettext ("%u company created for them\n", "%u companies created for them\n",
                                 report->companies_created),
             report->companies_created);
  if (report->batch_id != NULL)
    g_print (_("Batch %s; undo it with “rapport-cli import --undo %s”.\n"), report->batch_id,
             report->batch_id);

  for (guint i = 0; i < report->problems->len; i++)
    {
      RapportImportProblem *problem = report->problems->pdata[i];

      if (problem->warning && problem->column != NULL)
        g_printerr (_("Line %u, “%s” left out: %s\n"), problem->line, problem->column, problem->reason);
      else if (problem->column != NULL)
        g_printerr (_("Line %u, column “%s”: %s\n"), problem->line, problem->column, problem->reason);
      else
        g_printerr (_("Line %u: %s\n"), problem->line, problem->reason);
    }
}

static void
print_json (RapportImportSource *source,
            RapportImportReport *report)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *counts = json_object_new ();
  JsonArray *problems = json_array_new ();
  JsonArray *rows = json_array_new ();

  if (report->batch_id != NULL)
    json_object_set_string_member (root, "batch_id", report->batch_id);
  else
    json_object_set_null_member (root, "batch_id");
  json_object_set_string_member (root, "entity", report->entity);
  json_object_set_string_member (root, "format", source->format);
  json_object_set_string_member (root, "encoding", source->encoding);
  if (source->mapping != NULL)
    {
      char delimiter[2] = { source->delimiter, '\0' };

      json_object_set_string_member (root, "delimiter", delimiter);
      if (source->mapping->layout != NULL)
        json_object_set_string_member (root, "layout", source->mapping->layout);
      else
        json_object_set_null_member (root, "layout");
    }
  for (guint a = RAPPORT_IMPORT_ACTION_CREATE; a <= RAPPORT_IMPORT_ACTION_ERROR; a++)
    json_object_set_int_member (counts, rapport_import_action_name (a), report->counts[a]);
  json_object_set_object_member (root, "counts", counts);
  json_object_set_int_member (root, "companies_created", report->companies_created);
  for (guint i = 0; i < report->problems->len; i++)
    {
      RapportImportProblem *problem = report->problems->pdata[i];
      JsonObject *entry = json_object_new ();

      json_object_set_int_member (entry, "line", problem->line);
      if (problem->column != NULL)
        json_object_set_string_member (entry, "column", problem->column);
      else
        json_object_set_null_member (entry, "column");
      json_object_set_string_member (entry, "reason", problem->reason);
      json_object_set_boolean_member (entry, "warning", problem->warning);
      json_array_add_object_element (problems, entry);
    }
  json_object_set_array_member (root, "problems", problems);
  for (guint i = 0; i < report->rows->len; i++)
    json_array_add_object_element (rows, json_object_ref (report->rows->pdata[i]));
  json_object_set_array_member (root, "rows", rows);
  rapport_cli_print_object (root);
}

static gboolean
undo (RapportCli *cli,
      const char *batch_id,
      GError    **error)
{
  RapportStore *store = rapport_cli_get_store (cli, error);
  g_autoptr(RapportImportUndo) undone = NULL;

  if (store == NULL || !(undone = rapport_import_undo (store, batch_id, error)))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonObject) root = json_object_new ();
      JsonArray *edited = json_array_new ();

      json_object_set_int_member (root, "reverted", undone->reverted);
      for (guint i = 0; i < undone->edited->len; i++)
        json_array_add_string_element (edited, undone->edited->pdata[i]);
      json_object_set_array_member (root, "edited", edited);
      rapport_cli_print_object (root);
      return TRUE;
    }
  g_print (ngettext ("Import %s undone: %u record put back.\n",
                     "Import %s undone: %u records put back.\n", undone->reverted),
           batch_id, undone->reverted);
  if (undone->edited->len > 0)
    {
      g_print ("%s\n", _("Changed since the import, so left as they are:"));
      for (guint i = 0; i < undone->edited->len; i++)
        g_print ("  %s\n", (char *) undone->edited->pdata[i]);
    }
  return TRUE;
}

/* "3,4" as a set of line numbers; a usage error naming what is not one. */
static GHashTable *
parse_lines (const char *text,
             GError    **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GHashTable) lines = g_hash_table_new (NULL, NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 line = 0;

      g_strstrip (parts[i]);
      if (!g_ascii_string_to_unsigned (parts[i], 10, 2, G_MAXUINT, &line, NULL))
        {
          rapport_cli_set_usage_error (error, _("--skip-lines takes line numbers of the file from 2 up, separated by commas, not “%s”"),
                                       parts[i]);
          return NULL;
        }
      g_hash_table_add (lines, GUINT_TO_POINTER ((guint) line));
    }
  return g_steal_pointer (&lines);
}

gboolean
rapport_cli_import (RapportCli *cli,
                    char      **args,
                    GError    **error)
{
  /* clang-format off */
  static const char * const matches[] = { "auto", "email", "phone", "external", "name", NULL };
  static const char * const policies[] = {
    "create-or-update", "create-only", "update-only", "skip-existing", NULL
  };
  static const char * const types[] = { "contact", "company", "deal", NULL };
  g_autofree char *type = NULL, *match = NULL, *policy = NULL, *encoding = NULL, *undo_id = NULL;
  g_autofree char *currency = NULL, *skip_lines = NULL;
  g_autoptr(GHashTable) skipped = NULL;
  gboolean dry_run = FALSE;
  const GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, N_("What the rows are: contact, company or deal (default: from the file)"), N_("TYPE") },
    { "match", 0, 0, G_OPTION_ARG_STRING, &match, N_("Match existing records by: email, phone, external or name (default: id, external id, then email)"), N_("KEY") },
    { "policy", 0, 0, G_OPTION_ARG_STRING, &policy, N_("create-or-update (default), create-only, update-only or skip-existing"), N_("POLICY") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, N_("The file’s encoding, e.g. CP1252 (default: detected)"), N_("ENCODING") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency, N_("The currency of amounts that name none (default: the locale’s)"), N_("CODE") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Say what would be done, and save nothing"), NULL },
    { "skip-lines", 0, 0, G_OPTION_ARG_STRING, &skip_lines, N_("Leave out these lines of the file, e.g. 3,4: the likely duplicates a dry run found"), N_("LINES") },
    { "undo", 0, 0, G_OPTION_ARG_STRING, &undo_id, N_("Undo the import with this batch id"), N_("BATCH") },
    { NULL }
  };
  /* clang-format on */
  RapportImportOptions options = { 0 };
  g_autoptr(RapportImportSource) source = NULL;
  g_autoptr(RapportImportReport) report = NULL;
  RapportStore *store;
  int choice = 0;

  if (!rapport_cli_parse (cli, &args, _("FILE | --undo BATCH"),
                          _("Import contacts, companies or deals from a CSV or vCard file"),
                          entries, 0, 1, error))
    return FALSE;
  if (undo_id != NULL)
    {
      if (args[1] != NULL)
        {
          rapport_cli_set_usage_error (error, _("--undo takes a batch id and no file"));
          return FALSE;
        }
      return undo (cli, undo_id, error);
    }
  if (args[1] == NULL)
    {
      rapport_cli_set_usage_error (error, _("Usage: rapport-cli %s"), "import FILE");
      return FALSE;
    }

  if (type != NULL)
    {
      if (!parse_choice ("--type", type, types, &choice, error))
        return FALSE;
      options.entity = types[choice];
    }
  if (match != NULL)
    {
      if (!parse_choice ("--match", match, matches, &choice, error))
        return FALSE;
      options.match = choice;
    }
  if (policy != NULL)
    {
      if (!parse_choice ("--policy", policy, policies, &choice, error))
        return FALSE;
      options.policy = choice;
    }
  if (skip_lines != NULL && !(skipped = parse_lines (skip_lines, error)))
    return FALSE;
  options.skip_lines = skipped;
  options.encoding = encoding;
  options.currency = currency;
  options.dry_run = dry_run;
  options.report_rows = cli->json;

  /* The file is read whole before the database is touched: a file that
   * cannot be read changes nothing. */
  if (!(source = rapport_import_source_read (args[1], &options, error)) ||
      !(store = rapport_cli_get_store (cli, error)) ||
      !(report = rapport_import_run (store, source, &options, NULL, NULL, NULL, error)))
    return FALSE;

  if (cli->json)
    print_json (source, report);
  else
    {
      print_source (source, args[1]);
      print_report (report, dry_run);
    }
  if (report->counts[RAPPORT_IMPORT_ACTION_ERROR] > 0)
    cli->changes_failed = TRUE;
  return TRUE;
}
