/* rapport-cli.c: the command line: global options, commands, exit status
 *
 * rapport-cli [--database FILE] [--json] COMMAND [ARGUMENT…]. The global
 * options are also accepted after the command, where people tend to type
 * them. Each command parses its own options, so each has its own --help.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <errno.h>
#include <stdarg.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rapport-cli-private.h"

G_DEFINE_QUARK (rapport-cli-error-quark, rapport_cli_error)

typedef struct
{
  const char            *name;
  const char            *summary;  /* translated at run time */
  RapportCliCommandFunc  run;
} Command;

/* clang-format off */
static const Command commands[] = {
  { "login", N_("Sign in to a Rapport server"), rapport_cli_login },
  { "logout", N_("Sign out and forget the token"), rapport_cli_logout },
  { "sync", N_("Send local changes and receive the team’s"), rapport_cli_sync },
  { "status", N_("Show the server, pending changes and conflicts"), rapport_cli_status },
  { "add", N_("Add a record"), rapport_cli_add },
  { "update", N_("Change fields of a record"), rapport_cli_update },
  { "delete", N_("Delete a record"), rapport_cli_delete },
  { "get", N_("Show a record"), rapport_cli_get },
  { "list", N_("List records of one type"), rapport_cli_list },
  { "search", N_("Search the records that have a search index"), rapport_cli_search },
  { "conflicts", N_("List conflicts waiting to be resolved"), rapport_cli_conflicts },
  { "resolve", N_("Resolve a conflict"), rapport_cli_resolve },
  { "failed", N_("List changes that could not be sent"), rapport_cli_failed },
  { "retry", N_("Send a change that could not be sent again"), rapport_cli_retry },
  { "discard", N_("Drop a change that could not be sent"), rapport_cli_discard },
  { "create", N_("Create a quote or an order and its lines from JSON"), rapport_cli_create_document },
  { "submit", N_("Submit a quote or an order for approval"), rapport_cli_submit },
  { "approve", N_("Approve a pending approval request"), rapport_cli_approve },
  { "reject", N_("Reject a pending approval request"), rapport_cli_reject },
  { "override", N_("Approve over the rules, as an admin"), rapport_cli_override },
  { "recall", N_("Withdraw your own approval request"), rapport_cli_recall },
  { "revise", N_("Make a new revision of a quote"), rapport_cli_revise },
  { "amend", N_("Amend a confirmed order"), rapport_cli_amend },
  { "import", N_("Import contacts, companies or deals from CSV or vCard"), rapport_cli_import },
  { "export", N_("Export a list of records as CSV or vCard"), rapport_cli_export },
  { "report", N_("Print a sales report: pipeline, win rate, funnel …"), rapport_cli_report },
  { "score", N_("Print a deal’s win chance and the reasons for it"), rapport_cli_score },
  { "segment", N_("Save filters as segments and list their members"), rapport_cli_segment },
  { "campaign", N_("Add a campaign’s members, change their status, export its audience"), rapport_cli_campaign },
  { "rules", N_("List automation rules, turn them on or off, read their log"), rapport_cli_rules },
  { "duplicates", N_("List contacts or companies that look like duplicates"), rapport_cli_duplicates },
  { "merge", N_("Merge contacts or companies into one"), rapport_cli_merge },
  { "unmerge", N_("Undo a merge of the last 30 days"), rapport_cli_unmerge },
};
/* clang-format on */

void
rapport_cli_set_usage_error (GError    **error,
                             const char *format,
                             ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (RAPPORT_CLI_ERROR, RAPPORT_CLI_ERROR_USAGE,
                                                format, args));
  va_end (args);
}

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

/**
 * rapport_cli_list_types:
 * @searched: only the types that have a search index
 *
 * Returns: (transfer full): the record types' names as ENTITY takes them,
 *   "contact, company, …", from the descriptors
 */
char *
rapport_cli_list_types (gboolean searched)
{
  guint n_entities;
  const RapportEntity * const *all = searched ? rapport_entity_searched (&n_entities)
                                              : rapport_entity_all (&n_entities);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_entities; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", all[i]->name);
  return g_string_free (text, FALSE);
}

static char *
describe_commands (void)
{
  GString *text = g_string_new (_("Commands:"));
  g_autofree char *types = rapport_cli_list_types (FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %-10s %s", commands[i].name, _(commands[i].summary));
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Record types (ENTITY): %s"), types);
  g_string_append_c (text, '\n');
  g_string_append (text, _("Run “rapport-cli COMMAND --help” to see a command’s options."));
  return g_string_free (text, FALSE);
}

/* --database and --json, which every command accepts too. */
static void
add_global_options (GOptionContext *context,
                    char          **database,
                    gboolean       *json)
{
  const GOptionEntry entries[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, database,
      N_("The local database (default: $RAPPORT_DATABASE or ~/.local/share/rapport/rapport.db)"),
      N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, json, N_("Print one JSON document"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

static void
take_global_options (RapportCli *cli,
                     char      **database,
                     gboolean    json)
{
  if (*database != NULL)
    {
      g_free (cli->database);
      cli->database = g_steal_pointer (database);
    }
  cli->json = cli->json || json;
}

/* Every GOptionContext failure is a mistake on the command line. */
static gboolean
parse_options (RapportCli      *cli,
               GOptionContext  *context,
               char          ***args,
               GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_option_context_parse_strv (context, args, &local_error))
    return TRUE;
  /* A failed parse sets no option, but a script that asked for JSON
   * still wants its error as JSON. */
  if (g_strv_contains ((const char * const *) *args, "--json"))
    cli->json = TRUE;
  rapport_cli_set_usage_error (error, "%s", local_error->message);
  return FALSE;
}

/**
 * rapport_cli_parse:
 * @args: (inout): the command's arguments, the command name first; on
 *   return the name and the positional arguments that are left
 * @parameters: what follows the command in the usage line, translated
 * @summary: what the command does, translated
 * @entries: (nullable): the command's own options
 * @min_args: how many positional arguments are needed
 * @max_args: how many are allowed; G_MAXUINT for any number
 *
 * Parses one command's options. --help prints the command's help and exits.
 */
gboolean
rapport_cli_parse (RapportCli          *cli,
                   char              ***args,
                   const char          *parameters,
                   const char          *summary,
                   const GOptionEntry  *entries,
                   guint                min_args,
                   guint                max_args,
                   GError             **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *usage = NULL;
  g_autofree char *database = NULL;
  gboolean json = FALSE;
  guint n_args;

  usage = parameters ? g_strdup_printf ("%s %s", (*args)[0], parameters) : g_strdup ((*args)[0]);
  context = g_option_context_new (usage);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_global_options (context, &database, &json);

  if (!parse_options (cli, context, args, error))
    return FALSE;
  take_global_options (cli, &database, json);

  n_args = g_strv_length (*args) - 1;
  if (n_args < min_args || n_args > max_args)
    {
      rapport_cli_set_usage_error (error, _("Usage: rapport-cli %s"), usage);
      return FALSE;
    }
  return TRUE;
}

const RapportEntity *
rapport_cli_lookup_entity (const char *name,
                           GError    **error)
{
  const RapportEntity *entity = rapport_entity_lookup (name);
  const RapportEntity * const *all;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *choices = NULL;
  guint n_entities;

  if (entity == NULL)
    entity = rapport_entity_lookup_table (name);
  if (entity != NULL)
    return entity;

  all = rapport_entity_all (&n_entities);
  names = g_ptr_array_new ();
  for (guint i = 0; i < n_entities; i++)
    g_ptr_array_add (names, (char *) all[i]->name);
  g_ptr_array_add (names, NULL);
  choices = g_strjoinv (", ", (char **) names->pdata);
  rapport_cli_set_usage_error (error, _("There is no record type “%s”; use one of: %s"),
                               name, choices);
  return NULL;
}

static char *
default_database (GError **error)
{
  const char *from_env = g_getenv ("RAPPORT_DATABASE");
  g_autofree char *dir = NULL;

  if (from_env != NULL && *from_env != '\0')
    return g_strdup (from_env);

  dir = g_build_filename (g_get_user_data_dir (), "rapport", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  return g_build_filename (dir, "rapport.db", NULL);
}

RapportStore *
rapport_cli_get_store (RapportCli *cli,
                       GError    **error)
{
  g_autofree char *user_id = NULL;

  if (cli->store != NULL)
    return cli->store;

  if (cli->database == NULL && !(cli->database = default_database (error)))
    return NULL;
  cli->store = rapport_store_open (cli->database, error);
  if (cli->store == NULL)
    return NULL;

  /* Local edits are stamped with whoever signed in on this database. */
  user_id = rapport_store_get_state (cli->store, "user_id");
  rapport_store_set_user_id (cli->store, user_id);
  return cli->store;
}

static gboolean
run_command (RapportCli *cli,
             char     ***args,
             GError    **error)
{
  const Command *command = find_command ((*args)[0]);

  /* "help COMMAND" is "COMMAND --help". */
  if (g_strcmp0 ((*args)[0], "help") == 0 && (*args)[1] != NULL &&
      (command = find_command ((*args)[1])) != NULL)
    {
      char *help_args[] = { (char *) command->name, (char *) "--help", NULL };

      g_strfreev (*args);
      *args = g_strdupv (help_args);
    }

  if (command == NULL)
    {
      rapport_cli_set_usage_error (error, _("There is no command “%s”"), (*args)[0]);
      return FALSE;
    }
  return command->run (cli, *args, error);
}

/**
 * rapport_cli_run:
 *
 * Runs the command line @argv.
 *
 * Returns: a #RapportCliExit
 */
int
rapport_cli_run (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  g_autofree char *commands_help = NULL;
  g_auto(GStrv) args = NULL;
  RapportCli cli = { NULL, };
  gboolean json = FALSE;
  gboolean ok;

  g_set_prgname ("rapport-cli");

  context = g_option_context_new (_("COMMAND [ARGUMENT…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Work with a Rapport database from a shell."));
  commands_help = describe_commands ();
  g_option_context_set_description (context, commands_help);
  add_global_options (context, &database, &json);
  /* Stop at the command: what follows is the command's to parse. */
  g_option_context_set_strict_posix (context, TRUE);

  args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  ok = parse_options (&cli, context, &args, &error);
  if (ok)
    {
      char **command_args = g_strdupv (args + 1);

      take_global_options (&cli, &database, json);
      if (command_args[0] == NULL)
        {
          rapport_cli_set_usage_error (&error, _("No command given"));
          ok = FALSE;
        }
      else
        ok = run_command (&cli, &command_args, &error);
      g_strfreev (command_args);
    }

  if (!ok)
    rapport_cli_print_error (&cli, error);

  g_clear_object (&cli.store);
  g_free (cli.database);

  if (!ok)
    return rapport_cli_exit_status (error);
  if (cli.changes_failed)
    return RAPPORT_CLI_EXIT_ERROR;
  return cli.conflicts_remain ? RAPPORT_CLI_EXIT_CONFLICTS : RAPPORT_CLI_EXIT_OK;
}
