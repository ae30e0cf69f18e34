/* rapport-server-cli.c: serve, user add|list|passwd|disable, demo, restore, check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "rapport-server.h"
#include "rapport-server-backend.h"
#include "rapport-server-backup.h"
#include "rapport-server-cli.h"
#include "rapport-server-damaged.h"
#include "rapport-server-demo.h"
#include "rapport-server-migrate.h"
#include "rapport-server-numbers.h"
#include "rapport-server-reports.h"
#include "rapport-server-users.h"

/* --database of every command: a path or a libpq URL */
#define DATABASE_HELP N_ ("The database: a SQLite file, or postgresql://… for PostgreSQL")

#define EXIT_USAGE 2
#define MIN_PASSWORD_CHARS 8
#define MAX_PASSWORD_BYTES 1024

static const char * const roles[] = { "admin", "manager", "rep", NULL };

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("rapport-server: %s\n", message);
  g_printerr ("%s\n", _("Try “rapport-server --help”."));
  return EXIT_USAGE;
}

static int
failure (const GError *error)
{
  g_printerr ("rapport-server: %s\n", error->message);
  return EXIT_FAILURE;
}

static void
print_help (gboolean to_stderr)
{
  (to_stderr ? g_printerr : g_print) ("%s\n", _("Usage:\n"
                     "  rapport-server serve --database FILE [--address ADDR] [--port N]\n"
                     "                       [--tls-cert FILE --tls-key FILE]\n"
                     "  rapport-server user add NAME --role admin|manager|rep [--email E]\n"
                     "                       [--display-name \"Wang Fang\"]\n"
                     "                       --password-stdin --database FILE\n"
                     "  rapport-server user list --database FILE\n"
                     "  rapport-server user passwd NAME --password-stdin --database FILE\n"
                     "  rapport-server user disable NAME --database FILE\n"
                     "  rapport-server demo --database FILE\n"
                     "  rapport-server check --database FILE\n"
                     "  rapport-server restore BACKUP --database FILE\n"
                     "  rapport-server migrate --from FILE --to postgresql://…\n"
                     "  rapport-server new-epoch --database FILE\n"
                     "  rapport-server report NAME --database FILE [--period PERIOD] [--json|--csv]\n"
                     "  rapport-server filter TYPE FILTER --database FILE [--user ID]\n"
                     "\n"
                     "Run a command with --help for its options."));
}

/* Parses @entries; leaves the positional arguments in argv. */
static gboolean
parse_options (const char   *command,
               GOptionEntry *entries,
               int          *argc,
               char       ***argv,
               GError      **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (command);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return g_option_context_parse (context, argc, argv, error);
}

static char *
read_password (GError **error)
{
  char buffer[MAX_PASSWORD_BYTES + 2];
  gsize length;

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No password on standard input"));
      return NULL;
    }
  length = strcspn (buffer, "\r\n");
  buffer[length] = '\0';
  if (g_utf8_strlen (buffer, -1) < MIN_PASSWORD_CHARS || !g_utf8_validate (buffer, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   ngettext ("The password needs at least %d character",
                             "The password needs at least %d characters", MIN_PASSWORD_CHARS),
                   MIN_PASSWORD_CHARS);
      return NULL;
    }
  return g_strdup (buffer);
}

/* Opens and upgrades: records stored before their type had numbers get
 * them (rapport-server-numbers.c). */
static RapportServerBackend *
open_database (const char *path,
               GError    **error)
{
  g_autoptr(RapportServerBackend) backend = rapport_server_backend_open (path, error);

  if (backend == NULL || !rapport_server_numbers_catch_up (backend, error))
    return NULL;
  return g_steal_pointer (&backend);
}

/* Runs @body in one transaction of a freshly opened database. */
typedef gboolean (*Transaction) (RapportServerBackend *backend,
                                 gpointer              data,
                                 GError              **error);

static int
run_transaction (const char  *database,
                 Transaction  body,
                 gpointer     data)
{
  g_autoptr(RapportServerBackend) backend = NULL;
  g_autoptr(GError) error = NULL;

  backend = open_database (database, &error);
  if (backend == NULL)
    return failure (error);
  if (!backend->vtable->begin (backend, &error))
    return failure (error);
  if (!body (backend, data, &error) || !backend->vtable->commit (backend, &error))
    {
      backend->vtable->rollback (backend);
      return failure (error);
    }
  return EXIT_SUCCESS;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static int
command_serve (int    argc,
               char **argv)
{
  g_autofree char *database = NULL;
  g_autofree char *address = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *url_file = NULL;
  int port = 8080;
  int max_connections = 256;
  int max_per_address = 32;
  int idle_timeout = 30;
  int min_send_rate = 32 * 1024;
  int sla_interval = 60;
  int stale_interval = 600;
  /* The options read best as one table. */
  /* clang-format off */
  int reminder_days = 3;
  int clock_offset_days = 0;
  int op_result_days = 30;
  int prune_interval = 3600;
  RapportServerOptions options;
  /* clang-format off */
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, DATABASE_HELP, N_("DATABASE") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("The IP address to listen on (127.0.0.1)"), N_("ADDR") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, N_("The TCP port; 0 picks a free one (8080)"), N_("N") },
    { "url-file", 0, 0, G_OPTION_ARG_FILENAME, &url_file, N_("Write the URL served at to FILE once listening"), N_("FILE") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, N_("A PEM certificate for HTTPS"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, N_("Its PEM private key"), N_("FILE") },
    { "max-connections", 0, 0, G_OPTION_ARG_INT, &max_connections, N_("Connections served at once (256)"), N_("N") },
    { "max-connections-per-address", 0, 0, G_OPTION_ARG_INT, &max_per_address, N_("Connections served at once from one client address (32)"), N_("N") },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &idle_timeout, N_("Seconds before an idle connection is dropped (30)"), N_("S") },
    { "min-send-rate", 0, 0, G_OPTION_ARG_INT, &min_send_rate, N_("Bytes a second a client must at least read an answer at (32768)"), N_("B") },
    { "sla-check-interval", 0, 0, G_OPTION_ARG_INT, &sla_interval, N_("Seconds between two looks for SLA warnings and breaches (60)"), N_("S") },
    { "stale-check-interval", 0, 0, G_OPTION_ARG_INT, &stale_interval, N_("Seconds between two looks for stale deals (600)"), N_("S") },
    { "approval-reminder-days", 0, 0, G_OPTION_ARG_INT, &reminder_days, N_("Days an approval step waits before a reminder, and again before it goes to the next role (3)"), N_("D") },
    { "op-result-max-age", 0, 0, G_OPTION_ARG_INT, &op_result_days, N_("Days the result of a pushed change is kept, so that a client that retries it gets the same answer (30)"), N_("D") },
    /* Tests only: how often op results are pruned, in seconds. */
    { "op-result-prune-interval", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &prune_interval, NULL, NULL },
    /* Tests only: runs the approval follow-up as if it were days later. */
    { "test-clock-offset-days", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &clock_offset_days, NULL, NULL },
    { NULL }
  };
  /* clang-format on */
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *uri_text = NULL;
  RapportServerBackend *backend;

  if (!parse_options ("serve", entries, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error (_("Unexpected argument “%s”"), argv[1]);
  if (database == NULL)
    return usage_error (_("serve needs --database FILE"));
  if (port < 0 || port > 65535)
    return usage_error (_("--port must be from 0 to 65535"));
  if ((tls_cert == NULL) != (tls_key == NULL))
    return usage_error (_("--tls-cert and --tls-key go together"));
  if (max_connections < 1 || idle_timeout < 1)
    return usage_error (_("--max-connections and --idle-timeout must be positive"));
  if (max_per_address < 1 || min_send_rate < 1)
    return usage_error (_("--max-connections-per-address and --min-send-rate must be positive"));
  if (sla_interval < 1)
    return usage_error (_("--sla-check-interval must be positive"));
  if (stale_interval < 1)
    return usage_error (_("--stale-check-interval must be positive"));
  if (reminder_days < 1 || reminder_days > 365)
    return usage_error (_("--approval-reminder-days must be from 1 to 365"));
  if (op_result_days < 1 || op_result_days > 3650)
    return usage_error (_("--op-result-max-age must be from 1 to 3650 days"));
  if (prune_interval < 1)
    return usage_error (_("--op-result-prune-interval must be positive"));

  backend = open_database (database, &error);
  if (backend == NULL)
    return failure (error);

  rapport_server_options_init (&options);
  options.max_connections = (guint) max_connections;
  options.max_per_address = (guint) max_per_address;
  options.idle_timeout = (guint) idle_timeout;
  options.min_send_rate = (guint) min_send_rate;
  options.sla_interval = (guint) sla_interval;
  options.stale_interval = (guint) stale_interval;
  options.reminder_days = (guint) reminder_days;
  options.clock_offset_days = clock_offset_days;
  options.op_result_days = (guint) op_result_days;
  options.prune_interval = (guint) prune_interval;
  server = rapport_server_new (backend, &options);
  if (!rapport_server_listen (server, address, (guint) port, tls_cert, tls_key, &error))
    return failure (error);

  uri = rapport_server_get_uri (server);
  uri_text = g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD);
  if (g_str_has_suffix (uri_text, "/"))
    uri_text[strlen (uri_text) - 1] = '\0';
  /* The line is for people and is translated; scripts read --url-file,
   * written whole (by a rename) so that a reader never sees half of it. */
  if (url_file != NULL)
    {
      g_autofree char *line = g_strconcat (uri_text, "\n", NULL);

      if (!g_file_set_contents (url_file, line, -1, &error))
        return failure (error);
    }
  g_print (_("Listening on %s\n"), uri_text);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  return EXIT_SUCCESS;
}

typedef struct
{
  const char *name;
  const char *display_name;
  const char *role;
  const char *email;
  const char *password;
} UserArgs;

static gboolean
add_user (RapportServerBackend *backend,
          gpointer              data,
          GError              **error)
{
  UserArgs *args = data;
  g_autofree char *id = rapport_server_users_add (backend, args->name, args->display_name,
                                                  args->role, args->email, args->password,
                                                  error);

  if (id == NULL)
    return FALSE;
  g_print (_("Added %s (%s), id %s\n"), args->name, args->role, id);
  return TRUE;
}

static gboolean
set_password (RapportServerBackend *backend,
              gpointer              data,
              GError              **error)
{
  UserArgs *args = data;

  return rapport_server_users_passwd (backend, args->name, args->password, error);
}

static gboolean
disable_user (RapportServerBackend *backend,
              gpointer              data,
              GError              **error)
{
  UserArgs *args = data;

  return rapport_server_users_disable (backend, args->name, error);
}

static gboolean
list_users (RapportServerBackend *backend,
            gpointer              data,
            GError              **error)
{
  g_autoptr(GPtrArray) users = rapport_server_users_list (backend, error);

  if (users == NULL)
    return FALSE;
  for (guint i = 0; i < users->len; i++)
    {
      JsonObject *user = g_ptr_array_index (users, i);

      /* The display name last: scripts that read the first four columns go on working. */
      g_print ("%s\t%s\t%s\t%s\t%s\n",
               json_object_get_string_member_with_default (user, "name", ""),
               json_object_get_string_member_with_default (user, "role", ""),
               json_object_get_string_member_with_default (user, "email", "-"),
               json_object_get_boolean_member_with_default (user, "active", TRUE)
                 ? _("active") : _("disabled"),
               json_object_get_string_member_with_default (user, "display_name", NULL) ?: "-");
    }
  return TRUE;
}

static int
command_user (int    argc,
              char **argv)
{
  g_autofree char *database = NULL;
  g_autofree char *role = NULL;
  g_autofree char *email = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *password = NULL;
  gboolean password_stdin = FALSE;
  /* clang-format off */
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, DATABASE_HELP, N_("DATABASE") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("admin, manager or rep"), N_("ROLE") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("The user’s email address"), N_("E") },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &display_name, N_("The name people read, “Wang Fang” (the login if none)"), N_("NAME") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, N_("Read the password from standard input"), NULL },
    { NULL }
  };
  /* clang-format on */
  g_autoptr(GError) error = NULL;
  UserArgs args = { 0 };
  const char *action;

  if (!parse_options ("user add|list|passwd|disable", entries, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc < 2)
    return usage_error (_("user needs add, list, passwd or disable"));
  action = argv[1];
  if (database == NULL)
    return usage_error (_("user %s needs --database FILE"), action);
  if (display_name != NULL && strcmp (action, "add") != 0)
    return usage_error (_("Only user add takes --display-name"));

  if (strcmp (action, "list") == 0)
    {
      if (argc != 2)
        return usage_error (_("user list takes no name"));
      return run_transaction (database, list_users, &args);
    }

  if (argc != 3)
    return usage_error (_("user %s needs exactly one user name"), action);
  args.name = argv[2];
  if (strcmp (action, "add") == 0 || strcmp (action, "passwd") == 0)
    {
      if (!password_stdin)
        return usage_error (_("user %s needs --password-stdin"), action);
      if (strcmp (action, "add") == 0 &&
          (role == NULL || !g_strv_contains (roles, role)))
        return usage_error (_("user add needs --role admin, manager or rep"));
      password = read_password (&error);
      if (password == NULL)
        return usage_error ("%s", error->message);
      args.role = role;
      args.display_name = display_name;
      args.email = email;
      args.password = password;
      return run_transaction (database, strcmp (action, "add") == 0 ? add_user : set_password,
                              &args);
    }
  if (strcmp (action, "disable") == 0)
    return run_transaction (database, disable_user, &args);
  return usage_error (_("Unknown user command “%s”"), action);
}

static gboolean
populate_demo (RapportServerBackend *backend,
               gpointer              data,
               GError              **error)
{
  return rapport_server_demo_populate (backend, error);
}

/* A command that takes --database alone and runs @body in one transaction. */
static int
run_database_command (const char  *command,
                      int          argc,
                      char       **argv,
                      Transaction  body)
{
  g_autofree char *database = NULL;
  /* clang-format off */
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, DATABASE_HELP, N_("DATABASE") },
    { NULL }
  };
  /* clang-format on */
  g_autoptr(GError) error = NULL;

  if (!parse_options (command, entries, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error (_("Unexpected argument “%s”"), argv[1]);
  if (database == NULL)
    return usage_error (_("%s needs --database FILE"), command);
  return run_transaction (database, body, NULL);
}

static int
command_restore (int    argc,
                 char **argv)
{
  g_autofree char *database = NULL;
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, N_("The SQLite database file to restore into"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportServerBackend) backend = NULL;
  const char *id, *epoch;

  if (!parse_options ("restore BACKUP", entries, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc != 2)
    return usage_error (_("restore needs exactly one backup file"));
  if (database == NULL)
    return usage_error (_("restore needs --database FILE"));
  if (rapport_server_backend_is_postgresql (database))
    return usage_error (_("restore copies a SQLite backup into a SQLite file; restore a PostgreSQL "
                          "database with pg_restore from a pg_dump backup (see the README)"));

  if (!rapport_server_backup_restore (argv[1], database, &error))
    return failure (error);
  /* Opening upgrades an older backup; the new epoch tells every client to
   * pull again and send what the backup lacks. */
  backend = open_database (database, &error);
  if (backend == NULL || !backend->vtable->new_epoch (backend, &error))
    return failure (error);
  backend->vtable->get_identity (backend, &id, &epoch);
  g_print (_("Restored %s into %s: server %s, new epoch %s. Clients will pull everything again "
             "and send what the backup lacks.\n"), argv[1], database, id, epoch);
  return EXIT_SUCCESS;
}

static gboolean
start_epoch (RapportServerBackend *backend,
             gpointer              data,
             GError              **error)
{
  const char *id, *epoch;

  if (!backend->vtable->new_epoch (backend, error))
    return FALSE;
  backend->vtable->get_identity (backend, &id, &epoch);
  g_print (_("Server %s is in a new epoch, %s. Clients will pull everything again and send what "
             "the database lacks.\n"), id, epoch);
  return TRUE;
}

static void
print_migrated_tables (GPtrArray *tables)
{
  /* Translators: the heading of migrate's table; keep the columns aligned */
  g_print ("%-12s %12s  %s\n", _("table"), _("rows"), _("SHA-256 of the rows"));
  for (guint i = 0; i < tables->len; i++)
    {
      RapportMigratedTable *table = g_ptr_array_index (tables, i);

      g_print ("%-12s %'12" G_GUINT64_FORMAT "  %s\n", table->table, table->rows,
               table->checksum);
    }
}

static guint64
migrated_records (GPtrArray *tables)
{
  for (guint i = 0; i < tables->len; i++)
    {
      RapportMigratedTable *table = g_ptr_array_index (tables, i);

      if (strcmp (table->table, "records") == 0)
        return table->rows;
    }
  return 0;
}

/* Moves a team from its SQLite file to PostgreSQL; its clients go on
 * syncing (rapport-server-migrate.c). */
static int
command_migrate (int    argc,
                 char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  /* clang-format off */
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("The team’s SQLite database file, with its server stopped"), N_("FILE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("An empty PostgreSQL database: postgresql://…"), N_("URL") },
    { NULL }
  };
  /* clang-format on */
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportServerBackend) source = NULL;
  g_autoptr(RapportServerBackend) target = NULL;
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_migrated_table_free);
  g_autofree char *migrated_at = NULL;
  RapportMigrateOutcome outcome;
  gint64 started;
  double seconds;

  if (!parse_options ("migrate", entries, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error (_("Unexpected argument “%s”"), argv[1]);
  if (from == NULL || to == NULL)
    return usage_error (_("migrate needs --from FILE and --to postgresql://…"));
  if (rapport_server_backend_is_postgresql (from))
    return usage_error (_("--from must be a SQLite file; migrate copies from SQLite to PostgreSQL"));
  if (!rapport_server_backend_is_postgresql (to))
    return usage_error (_("--to must be a PostgreSQL URL (postgresql://…), not “%s”"), to);
  if (!g_file_test (from, G_FILE_TEST_IS_REGULAR))
    return usage_error (_("--from: there is no file “%s”"), from);
  if (!rapport_server_migrate_check_source (from, &error))
    return failure (error);

  started = g_get_monotonic_time ();
  source = rapport_server_backend_open (from, &error);
  if (source == NULL)
    return failure (error);
  target = rapport_server_backend_open (to, &error);
  if (target == NULL)
    return failure (error);
  if (!rapport_server_migrate (source, target, &outcome, &migrated_at, tables, &error))
    return failure (error);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  print_migrated_tables (tables);
  if (outcome == RAPPORT_MIGRATE_ALREADY_DONE)
    g_print (_("The target already holds this database, copied on %s, and the source has not "
               "changed since: nothing to do.\n"), migrated_at);
  else
    g_print (_("Copied %s in %.1f s (%'.0f records a second); every table’s rows and checksum "
               "match the source. Start rapport-server serve with --database on the new "
               "database: clients go on syncing where they were.\n"),
             from, seconds, migrated_records (tables) / MAX (seconds, 0.001));
  return EXIT_SUCCESS;
}

/* Lists the records the server cannot read; exit status 1 when there are
 * any, so that a cron job or a monitoring check notices. */
static int
command_check (int    argc,
               char **argv)
{
  g_autofree char *database = NULL;
  /* clang-format off */
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, DATABASE_HELP, N_("DATABASE") },
    { NULL }
  };
  /* clang-format on */
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportServerBackend) backend = NULL;
  g_autoptr(GPtrArray) damaged = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  guint checked;

  if (!parse_options ("check", entries, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc > 1)
    return usage_error (_("Unexpected argument “%s”"), argv[1]);
  if (database == NULL)
    return usage_error (_("check needs --database FILE"));

  backend = open_database (database, &error);
  if (backend == NULL ||
      !rapport_server_scan_damaged (backend, &checked, &error) ||
      !backend->vtable->list_damaged (backend, damaged, &error))
    return failure (error);

  for (guint i = 0; i < damaged->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (damaged, i);

      g_print ("%s %s\t%s\n", json_object_get_string_member (entry, "entity"),
               json_object_get_string_member (entry, "id"),
               json_object_get_string_member (entry, "found_at"));
    }
  if (damaged->len == 0)
    {
      g_printerr (ngettext ("%u record checked: all can be read\n",
                            "%u records checked: all can be read\n", checked), checked);
      return EXIT_SUCCESS;
    }
  g_printerr (ngettext ("%u record cannot be read; a manager or an admin can delete it\n",
                        "%u records cannot be read; a manager or an admin can delete them\n",
                        damaged->len), damaged->len);
  return EXIT_FAILURE;
}

/* The sales reports from the server's records: the numbers every synced
 * client computes (rapport-report.c). */
static int
command_report (int    argc,
                char **argv)
{
  g_autofree char *database = NULL;
  g_autofree char *period = NULL;
  gboolean json = FALSE, csv = FALSE;
  g_auto(RapportReportFilter) filter = { 0 };
  /* clang-format off */
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, DATABASE_HELP, N_("DATABASE") },
    { "period", 'p', 0, G_OPTION_ARG_STRING, &period,
      N_("this-month, last-month, this-quarter, last-quarter, this-year, last-year, all (the "
         "default) or FROM..TO, as 2026-01-01..2026-03-31"), N_("PERIOD") },
    { "owner", 'o', 0, G_OPTION_ARG_STRING, &filter.owner_id, N_("Only the deals of this user"),
      N_("ID") },
    { "pipeline", 0, 0, G_OPTION_ARG_STRING, &filter.pipeline_id, N_("Only the deals of this pipeline"),
      N_("ID") },
    { "team", 0, 0, G_OPTION_ARG_STRING, &filter.team_id, N_("Only the deals of this team’s members"),
      N_("ID") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &filter.today,
      N_("Count periods from this day instead of today"), N_("DATE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV"), NULL },
    { NULL }
  };
  /* clang-format on */
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportServerBackend) backend = NULL;
  g_autoptr(RapportReport) report = NULL;
  g_autofree char *text = NULL;
  RapportReportKind kind;

  if (!parse_options ("report NAME", entries, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc != 2)
    return usage_error (_("report needs exactly one report name"));
  if (database == NULL)
    return usage_error (_("report needs --database FILE"));
  if (!rapport_report_kind_from_string (argv[1], &kind, &error) ||
      !rapport_report_period_parse (period != NULL ? period : "all", filter.today, &filter.from,
                                    &filter.until, &error))
    return usage_error ("%s", error->message);

  backend = open_database (database, &error);
  if (backend == NULL || !(report = rapport_server_report (backend, kind, &filter, &error)))
    return failure (error);
  text = json ? rapport_report_to_json (report)
         : csv ? rapport_report_to_csv (report)
               : rapport_report_to_text (report);
  g_print ("%s", text);
  return EXIT_SUCCESS;
}

/* The records a filter matches in the server's data, one id a line: what
 * a synced client's list with that filter shows (rapport-filter-sql.c). */
static int
command_filter (int    argc,
                char **argv)
{
  g_autofree char *database = NULL;
  g_autofree char *user = NULL;
  g_autofree char *now_text = NULL;
  /* clang-format off */
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, DATABASE_HELP, N_("DATABASE") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, N_("Who “me” is in the filter"), N_("ID") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text,
      N_("Count relative dates from this moment instead of now"), N_("TIME") },
    { NULL }
  };
  /* clang-format on */
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportServerBackend) backend = NULL;
  g_autoptr(RapportFilter) filter = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = NULL;
  const RapportEntity *entity;

  if (!parse_options ("filter TYPE FILTER", entries, &argc, &argv, &error))
    return usage_error ("%s", error->message);
  if (argc != 3)
    return usage_error (_("filter needs a record type and a filter"));
  if (database == NULL)
    return usage_error (_("filter needs --database FILE"));
  entity = rapport_entity_lookup (argv[1]);
  if (entity == NULL)
    entity = rapport_entity_lookup_table (argv[1]);
  if (entity == NULL)
    return usage_error (_("There is no record type “%s”"), argv[1]);
  now = now_text != NULL ? g_date_time_new_from_iso8601 (now_text, zone) : g_date_time_new_now (zone);
  if (now == NULL)
    return usage_error (_("--now needs a time such as 2026-12-31T09:00:00Z, not “%s”"), now_text);
  if (!(filter = rapport_filter_parse (entity, argv[2], &error)))
    return usage_error ("%s", error->message);

  backend = open_database (database, &error);
  if (backend != NULL)
    {
      RapportFilterContext context = { now, zone, user };

      if (backend->vtable->filter_records (backend, filter, &context, ids, &error))
        {
          for (guint i = 0; i < ids->len; i++)
            g_print ("%s\n", (char *) ids->pdata[i]);
          return EXIT_SUCCESS;
        }
    }
  return failure (error);
}

int
rapport_server_cli_run (int    argc,
                        char **argv)
{
  const char *command = argc > 1 ? argv[1] : NULL;

  if (command == NULL)
    {
      print_help (TRUE);
      return EXIT_USAGE;
    }
  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0 ||
      strcmp (command, "help") == 0)
    {
      print_help (FALSE);
      return EXIT_SUCCESS;
    }
  if (strcmp (command, "--version") == 0)
    {
      g_print ("rapport-server %s\n", VERSION);
      return EXIT_SUCCESS;
    }

  /* The sub-command parses the rest, with its name as argv[0]. */
  if (strcmp (command, "serve") == 0)
    return command_serve (argc - 1, argv + 1);
  if (strcmp (command, "user") == 0)
    return command_user (argc - 1, argv + 1);
  if (strcmp (command, "demo") == 0)
    return run_database_command ("demo", argc - 1, argv + 1, populate_demo);
  if (strcmp (command, "check") == 0)
    return command_check (argc - 1, argv + 1);
  if (strcmp (command, "restore") == 0)
    return command_restore (argc - 1, argv + 1);
  if (strcmp (command, "migrate") == 0)
    return command_migrate (argc - 1, argv + 1);
  if (strcmp (command, "new-epoch") == 0)
    /* After a PostgreSQL database was put back from a backup (pg_restore,
     * point-in-time recovery): what restore does for a SQLite file. */
    return run_database_command ("new-epoch", argc - 1, argv + 1, start_epoch);
  if (strcmp (command, "report") == 0)
    return command_report (argc - 1, argv + 1);
  if (strcmp (command, "filter") == 0)
    return command_filter (argc - 1, argv + 1);
  return usage_error (_("Unknown command “%s”"), command);
}
