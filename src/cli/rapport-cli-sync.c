/* rapport-cli-sync.c: login, logout, sync, status, conflicts and resolve
 *
 * The database remembers the server and the user (sync_state); the token is
 * kept apart from it, in the keyring or a private file, so that copying a
 * database never copies a sign-in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "rapport-cli-private.h"
#include "rapport-credentials.h"
#include "rapport-store-sync.h"
#include "rapport-sync.h"

/* What the database says about its server and user. */
typedef struct
{
  char *server;     /* (owned) (nullable) */
  char *user_id;    /* (owned) (nullable) */
  char *user_name;  /* (owned) (nullable) */
} Account;

static void
account_clear (Account *account)
{
  g_clear_pointer (&account->server, g_free);
  g_clear_pointer (&account->user_id, g_free);
  g_clear_pointer (&account->user_name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Account, account_clear)

static void
read_account (RapportStore *store,
              Account      *account)
{
  account->server = rapport_store_get_state (store, "server");
  account->user_id = rapport_store_get_state (store, "user_id");
  account->user_name = rapport_store_get_state (store, "user_name");
}

static const char *
place_name (RapportCredentialsPlace place)
{
  switch (place)
    {
    case RAPPORT_CREDENTIALS_PLACE_KEYRING:
      return "keyring";
    case RAPPORT_CREDENTIALS_PLACE_FILE:
      return "file";
    case RAPPORT_CREDENTIALS_PLACE_NONE:
    default:
      return NULL;
    }
}

/* Commands without arguments or options of their own. */
static RapportStore *
parse_plain (RapportCli *cli,
             char      **args,
             const char *summary,
             GError    **error)
{
  if (!rapport_cli_parse (cli, &args, NULL, summary, NULL, 0, 0, error))
    return NULL;
  return rapport_cli_get_store (cli, error);
}

static void
wipe_free (char *secret)
{
  if (secret == NULL)
    return;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

/* The first line of stdin, without its line end; a password may hold spaces. */
static char *
read_password (GError **error)
{
  char *line = NULL;
  size_t size = 0;
  ssize_t length = getline (&line, &size, stdin);

  while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
    line[--length] = '\0';
  if (length <= 0)
    {
      wipe_free (line);
      rapport_cli_set_usage_error (error, _("No password on standard input"));
      return NULL;
    }
  return line;
}

gboolean
rapport_cli_login (RapportCli *cli,
                   char      **args,
                   GError    **error)
{
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  gboolean password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server,
      N_("The server, e.g. https://crm.example.com"), N_("URL") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, N_("Your user name"), N_("NAME") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { NULL }
  };
  g_autoptr(RapportSync) sync = NULL;
  g_autoptr(JsonObject) signed_in = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_file = NULL;
  const char *user_id, *user_name;
  RapportCredentialsPlace place;
  RapportStore *store;
  char *password;

  if (!rapport_cli_parse (cli, &args, NULL, _("Sign in to a Rapport server."),
                          entries, 0, 0, error))
    return FALSE;
  if (server == NULL || user == NULL || !password_stdin)
    {
      rapport_cli_set_usage_error (error, _("Usage: rapport-cli login --server URL --user NAME "
                                            "--password-stdin"));
      return FALSE;
    }

  /* One spelling of the address, so that the token is found again. */
  while (g_str_has_suffix (server, "/"))
    server[strlen (server) - 1] = '\0';

  if (!(password = read_password (error)))
    return FALSE;
  if (!(store = rapport_cli_get_store (cli, error)))
    {
      wipe_free (password);
      return FALSE;
    }

  sync = rapport_sync_new (store);
  signed_in = rapport_sync_login (sync, server, user, password, NULL, error);
  wipe_free (password);
  if (signed_in == NULL)
    return FALSE;

  /* The token goes to the keyring, never into the database or the output. */
  token = g_strdup (json_object_get_string_member (signed_in, "token"));
  json_object_remove_member (signed_in, "token");
  user_id = json_object_get_string_member_with_default (signed_in, "id", NULL);
  user_name = json_object_get_string_member_with_default (signed_in, "name", user);

  if (!rapport_store_set_state (store, "server", server, error) ||
      !rapport_store_set_state (store, "user_id", user_id, error) ||
      !rapport_store_set_state (store, "user_name", user_name, error) ||
      !rapport_credentials_save (server, user_name, token, &place, error))
    return FALSE;
  rapport_store_set_user_id (store, user_id);

  token_file = rapport_credentials_get_file ();
  if (cli->json)
    {
      g_autoptr(JsonObject) result = json_object_new ();

      json_object_set_string_member (result, "server", server);
      json_object_set_object_member (result, "user", json_object_ref (signed_in));
      json_object_set_string_member (result, "token_storage", place_name (place));
      json_object_set_string_member (result, "token_file",
                           place == RAPPORT_CREDENTIALS_PLACE_FILE ? token_file : NULL);
      rapport_cli_print_object (result);
      return TRUE;
    }

  g_print (_("Signed in to %s as %s.\n"), server, user_name);
  if (place == RAPPORT_CREDENTIALS_PLACE_KEYRING)
    g_print ("%s\n", _("The token is kept in your keyring."));
  else
    g_print (_("No keyring is available: the token is kept in %s, readable only by you.\n"),
             token_file);
  return TRUE;
}

gboolean
rapport_cli_logout (RapportCli *cli,
                    char      **args,
                    GError    **error)
{
  g_auto(Account) account = { NULL, };
  gboolean signed_in;
  RapportStore *store;

  if (!(store = parse_plain (cli, args,
                             _("Sign out: forget the token. Local changes stay and are sent "
                               "after the next login."), error)))
    return FALSE;

  read_account (store, &account);
  signed_in = account.server != NULL && account.user_name != NULL;
  if (signed_in &&
      !rapport_credentials_forget (account.server, account.user_name, error))
    return FALSE;
  /* The server stays: this database holds that server's records. */
  if (!rapport_store_set_state (store, "user_id", NULL, error) ||
      !rapport_store_set_state (store, "user_name", NULL, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonObject) result = json_object_new ();

      json_object_set_string_member (result, "server", account.server);
      json_object_set_boolean_member (result, "signed_out", signed_in);
      rapport_cli_print_object (result);
    }
  else if (signed_in)
    g_print (_("Signed out of %s.\n"), account.server);
  else
    g_print ("%s\n", _("Not signed in."));
  return TRUE;
}

/* A sync engine for the signed-in account, with its token. */
static RapportSync *
open_sync (RapportStore *store,
           GError      **error)
{
  g_auto(Account) account = { NULL, };
  g_autofree char *token = NULL;
  g_autoptr(RapportSync) sync = NULL;

  read_account (store, &account);
  if (account.server == NULL || account.user_name == NULL)
    {
      g_set_error_literal (error, RAPPORT_CLI_ERROR, RAPPORT_CLI_ERROR_NOT_SIGNED_IN,
                           _("This database is not signed in to a server"));
      return NULL;
    }
  token = rapport_credentials_lookup (account.server, account.user_name, NULL, error);
  if (token == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, RAPPORT_CLI_ERROR, RAPPORT_CLI_ERROR_NOT_SIGNED_IN,
                     _("No token is kept for %s on %s"), account.user_name, account.server);
      return NULL;
    }

  sync = rapport_sync_new (store);
  rapport_sync_set_server (sync, account.server);
  rapport_sync_set_token (sync, token);
  return g_steal_pointer (&sync);
}

static void
progress_cb (RapportSync *sync,
             GParamSpec  *pspec,
             gpointer     user_data)
{
  rapport_cli_show_progress (rapport_sync_get_done (sync), rapport_sync_get_total (sync));
}

static guint
get_count_state (RapportStore *store,
                 const char   *key)
{
  g_autofree char *text = rapport_store_get_state (store, key);

  return text != NULL ? (guint) g_ascii_strtoull (text, NULL, 10) : 0;
}

static void
print_sync_summary (guint sent,
                    guint received,
                    guint conflicts)
{
  g_autofree char *sent_text = NULL;
  g_autofree char *received_text = NULL;
  g_autofree char *conflicts_text = NULL;

  sent_text = g_strdup_printf (ngettext ("%u sent", "%u sent", sent), sent);
  received_text = g_strdup_printf (ngettext ("%u received", "%u received", received), received);
  conflicts_text = g_strdup_printf (ngettext ("%u conflict", "%u conflicts", conflicts),
                                    conflicts);
  /* Translators: after a sync, e.g. "Synced: 12 sent, 340 received, 1 conflict" */
  g_print (_("Synced: %s, %s, %s\n"), sent_text, received_text, conflicts_text);
  if (conflicts > 0)
    g_print ("%s\n", _("See them with “rapport-cli conflicts”."));
}

gboolean
rapport_cli_sync (RapportCli *cli,
                  char      **args,
                  GError    **error)
{
  g_autoptr(RapportSync) sync = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  RapportStore *store;
  gboolean show_progress = isatty (STDERR_FILENO);
  gboolean adopt = FALSE;
  const GOptionEntry entries[] = {
    { "adopt-server", 0, 0, G_OPTION_ARG_NONE, &adopt,
      N_("Sync with the server even though it is not the one this database synced with: "
         "receive everything from it and send it the records it lacks"), NULL },
    { NULL }
  };
  const char *notice;
  guint sent, received, conflicts;
  gboolean ok;

  if (!rapport_cli_parse (cli, &args, NULL,
                          _("Send local changes to the server and receive the team’s, once. "
                            "Exits with status 3 if conflicts remain, and with 1 if changes "
                            "remain that could not be sent."), entries, 0, 0, error) ||
      !(store = rapport_cli_get_store (cli, error)) ||
      !(sync = open_sync (store, error)))
    return FALSE;
  rapport_sync_set_adopt_server (sync, adopt);

  if (show_progress)
    {
      g_signal_connect (sync, "notify::done", G_CALLBACK (progress_cb), NULL);
      g_signal_connect (sync, "notify::total", G_CALLBACK (progress_cb), NULL);
    }
  ok = rapport_sync_run (sync, NULL, error);
  if (show_progress)
    rapport_cli_end_progress ();
  /* What happened to the server is told even when the run failed after it. */
  notice = rapport_sync_get_notice (sync);
  if (notice != NULL && !cli->json)
    g_print ("%s\n", notice);
  if (!ok)
    return FALSE;

  sent = get_count_state (store, "last_sync_sent");
  received = get_count_state (store, "last_sync_received");
  conflicts = rapport_store_count_conflicts (store);
  if (!(failed = rapport_store_list_failed (store, error)))
    return FALSE;
  cli->conflicts_remain = conflicts > 0;
  /* What the user typed and the server does not have is an error, every
   * time, until it is dealt with. */
  cli->changes_failed = failed->len > 0;

  if (cli->json)
    {
      g_autoptr(JsonObject) result = json_object_new ();

      json_object_set_int_member (result, "sent", sent);
      json_object_set_int_member (result, "received", received);
      json_object_set_int_member (result, "conflicts", conflicts);
      json_object_set_int_member (result, "pending", rapport_store_count_pending (store));
      json_object_set_int_member (result, "failed", failed->len);
      json_object_set_array_member (result, "failed_changes", rapport_cli_failed_changes_to_json (failed));
      json_object_set_string_member (result, "last_sync", rapport_sync_get_last_sync (sync));
      json_object_set_string_member (result, "notice", notice);
      rapport_cli_print_object (result);
    }
  else
    print_sync_summary (sent, received, conflicts);

  if (failed->len > 0)
    {
      g_autofree char *heading = NULL;

      heading = g_strdup_printf (ngettext ("%u change could not be sent and is kept here:",
                                           "%u changes could not be sent and are kept here:",
                                           failed->len),
                                 failed->len);

      g_printerr ("rapport-cli: %s\n", heading);
    }
  for (guint i = 0; i < failed->len; i++)
    {
      g_autofree char *line = rapport_cli_format_failed_change (g_ptr_array_index (failed, i));

      g_printerr ("  %s\n", line);
    }
  return TRUE;
}

/* The state as --json gives it, and as a person reads it. */
static const char *
state_name (RapportSyncState state)
{
  static const char * const names[] = { "idle", "syncing", "offline", "error" };

  return (guint) state < G_N_ELEMENTS (names) ? names[state] : "error";
}

static const char *
state_label (RapportSyncState state)
{
  static const char * const labels[] = { N_("idle"), N_("syncing"), N_("offline"), N_("error") };

  return _((guint) state < G_N_ELEMENTS (labels) ? labels[state] : labels[3]);
}

static void
add_status_pair (GPtrArray  *pairs,
                 const char *label,
                 char       *value)
{
  g_ptr_array_add (pairs, g_strdup (label));
  g_ptr_array_add (pairs, value);
}

gboolean
rapport_cli_status (RapportCli *cli,
                    char      **args,
                    GError    **error)
{
  g_auto(Account) account = { NULL, };
  g_autoptr(RapportSync) sync = NULL;
  g_autoptr(GError) token_error = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  g_autofree char *token = NULL;
  RapportCredentialsPlace place = RAPPORT_CREDENTIALS_PLACE_NONE;
  RapportStore *store;
  guint pending, conflicts;
  const char *last_sync, *message;

  if (!(store = parse_plain (cli, args,
                             _("Show the server, the user, pending changes and conflicts. "
                               "Exits with status 3 if conflicts wait to be resolved."), error)))
    return FALSE;

  read_account (store, &account);
  if (account.server != NULL && account.user_name != NULL)
    token = rapport_credentials_lookup (account.server, account.user_name, &place, &token_error);
  if (token_error != NULL)
    g_printerr ("rapport-cli: %s\n", token_error->message);

  sync = rapport_sync_new (store);
  pending = rapport_store_count_pending (store);
  if (!(failed = rapport_store_list_failed (store, error)))
    return FALSE;
  conflicts = rapport_store_count_conflicts (store);
  last_sync = rapport_sync_get_last_sync (sync);
  message = rapport_sync_get_message (sync);
  cli->conflicts_remain = conflicts > 0;

  if (cli->json)
    {
      g_autoptr(JsonObject) result = json_object_new ();

      json_object_set_string_member (result, "database", rapport_store_get_path (store));
      json_object_set_string_member (result, "server", account.server);
      json_object_set_string_member (result, "user_id", account.user_id);
      json_object_set_string_member (result, "user_name", account.user_name);
      json_object_set_boolean_member (result, "signed_in", token != NULL);
      json_object_set_string_member (result, "token_storage", place_name (place));
      json_object_set_int_member (result, "pending", pending);
      json_object_set_int_member (result, "failed", failed->len);
      json_object_set_array_member (result, "failed_changes", rapport_cli_failed_changes_to_json (failed));
      json_object_set_int_member (result, "conflicts", conflicts);
      json_object_set_string_member (result, "last_sync", last_sync);
      json_object_set_string_member (result, "state", state_name (rapport_sync_get_state (sync)));
      json_object_set_string_member (result, "message", message);
      rapport_cli_print_object (result);
    }
  else
    {
      g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
      const char *signed_in;

      if (token == NULL)
        signed_in = _("no");
      else if (place == RAPPORT_CREDENTIALS_PLACE_KEYRING)
        signed_in = _("yes, the token is in your keyring");
      else
        signed_in = _("yes, the token is in a file readable only by you");

      add_status_pair (pairs, _("Database"), g_strdup (rapport_store_get_path (store)));
      add_status_pair (pairs, _("Server"), g_strdup (account.server ? account.server : _("none")));
      add_status_pair (pairs, _("User"),
                       account.user_name
                       ? g_strdup_printf ("%s (%s)", account.user_name,
                                          account.user_id ? account.user_id : "?")
                       : g_strdup (_("none")));
      add_status_pair (pairs, _("Signed in"), g_strdup (signed_in));
      add_status_pair (pairs, _("Pending changes"), g_strdup_printf ("%u", pending));
      add_status_pair (pairs, _("Failed changes"), g_strdup_printf ("%u", failed->len));
      add_status_pair (pairs, _("Conflicts"), g_strdup_printf ("%u", conflicts));
      add_status_pair (pairs, _("Last sync"), g_strdup (last_sync ? last_sync : _("never")));
      add_status_pair (pairs, _("State"),
                       message ? g_strdup_printf ("%s: %s",
                                                  state_label (rapport_sync_get_state (sync)),
                                                  message)
                               : g_strdup (state_label (rapport_sync_get_state (sync))));
      rapport_cli_print_pairs (pairs);

      if (failed->len > 0)
        g_print ("\n%s\n", _("Changes that could not be sent, kept here:"));
      for (guint i = 0; i < failed->len; i++)
        {
          g_autofree char *line = rapport_cli_format_failed_change (g_ptr_array_index (failed, i));

          g_print ("  %s\n", line);
        }
    }
  return TRUE;
}

/* A conflict's value as text; a cleared field must not look like a blank. */
static char *
format_side (JsonObject *three,
             const char *side)
{
  char *text = rapport_cli_format_value (json_object_get_member (three, side));

  if (*text != '\0')
    return text;
  g_free (text);
  return g_strdup (_("(empty)"));
}

static void
print_conflict (JsonObject *conflict)
{
  const char *entity_name = json_object_get_string_member (conflict, "entity");
  const char *record_id = json_object_get_string_member (conflict, "record_id");
  const char *title = json_object_get_string_member_with_default (conflict, "title", NULL);
  const char *parent_title = json_object_get_string_member_with_default (conflict, "parent_title",
                                                                         NULL);
  JsonObject *theirs = json_object_get_object_member (conflict, "theirs");
  JsonObject *fields = json_object_get_object_member (conflict, "fields");
  JsonObjectIter iter;
  const char *name;
  JsonNode *values;

  g_print (_("Conflict %s: %s %s “%s”\n"), json_object_get_string_member (conflict, "id"),
           entity_name, record_id, title ? title : "");
  if (parent_title != NULL)
    {
      /* Translators: the record a conflicting line belongs to, "A line of “Dealers 2027”" */
      g_autofree char *line_of = g_strdup_printf (_("A line of “%s”"), parent_title);

      g_print ("  %s\n", line_of);
    }
  if (rapport_conflict_kind_of (conflict) == RAPPORT_CONFLICT_KIND_DELETE)
    g_print ("  %s\n", theirs == NULL ? _("Changed here, deleted on the server")
                                      : _("Deleted here, changed on the server"));

  if (fields == NULL)
    return;
  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &values))
    {
      JsonObject *three = JSON_NODE_HOLDS_OBJECT (values) ? json_node_get_object (values) : NULL;
      g_autofree char *base = NULL, *my_value = NULL, *their_value = NULL;

      if (three == NULL)
        continue;
      base = format_side (three, "base");
      my_value = format_side (three, "mine");
      their_value = format_side (three, "theirs");
      g_print ("  %s\n", name);
      /* Translators: the value a field had before both sides changed it */
      g_print ("    %s %s\n", _("base:  "), base);
      /* Translators: the value this user gave the field */
      g_print ("    %s %s\n", _("mine:  "), my_value);
      /* Translators: the value the server has */
      g_print ("    %s %s\n", _("theirs:"), their_value);
    }
}

gboolean
rapport_cli_conflicts (RapportCli *cli,
                       char      **args,
                       GError    **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  RapportStore *store;

  if (!(store = parse_plain (cli, args,
                             _("List the conflicts waiting to be resolved, with base, mine and "
                               "theirs for each field. Exits with status 3 if there are any."),
                             error)) ||
      !(conflicts = rapport_store_list_conflicts (store, error)))
    return FALSE;

  cli->conflicts_remain = conflicts->len > 0;
  if (cli->json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (conflicts->len);
      g_autoptr(JsonNode) node = NULL;

      for (guint i = 0; i < conflicts->len; i++)
        json_array_add_object_element (array, json_object_ref (g_ptr_array_index (conflicts, i)));
      node = json_node_init_array (json_node_alloc (), array);
      rapport_cli_print_json (node);
      return TRUE;
    }

  if (conflicts->len == 0)
    g_print ("%s\n", _("No conflicts."));
  for (guint i = 0; i < conflicts->len; i++)
    print_conflict (g_ptr_array_index (conflicts, i));
  if (conflicts->len > 0)
    g_print ("%s\n", _("Resolve one with “rapport-cli resolve ID --keep mine|theirs|"
                       "FIELD=mine,FIELD=theirs”."));
  return TRUE;
}

/* "field=mine,field2=theirs" → {"field": "mine", "field2": "theirs"} */
static JsonObject *
parse_choices (const char *text,
               GError    **error)
{
  g_autoptr(JsonObject) choices = json_object_new ();
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *field = NULL;
      g_autofree char *choice = NULL;

      if (*g_strstrip (items[i]) == '\0')
        continue;
      if (!rapport_cli_split_assignment (items[i], &field, &choice, error))
        return NULL;
      if (g_strcmp0 (choice, "mine") != 0 && g_strcmp0 (choice, "theirs") != 0)
        {
          rapport_cli_set_usage_error (error, _("Keep mine or theirs for “%s”, not “%s”"),
                                       field, choice);
          return NULL;
        }
      json_object_set_string_member (choices, field, choice);
    }
  return g_steal_pointer (&choices);
}

gboolean
rapport_cli_resolve (RapportCli *cli,
                     char      **args,
                     GError    **error)
{
  g_autofree char *keep = NULL;
  const GOptionEntry entries[] = {
    { "keep", 'k', 0, G_OPTION_ARG_STRING, &keep,
      N_("mine, theirs, or per field: FIELD=mine,FIELD=theirs"), N_("CHOICE") },
    { NULL }
  };
  g_autoptr(JsonObject) choices = NULL;
  RapportStore *store;
  gboolean ok;

  if (!rapport_cli_parse (cli, &args, _("CONFLICT_ID --keep CHOICE"),
                          _("Resolve a conflict. The result is sent at the next sync."),
                          entries, 1, 1, error))
    return FALSE;
  if (keep == NULL)
    {
      rapport_cli_set_usage_error (error, _("Say what to keep with --keep mine, --keep theirs "
                                            "or --keep FIELD=mine,FIELD=theirs"));
      return FALSE;
    }
  if (g_strcmp0 (keep, "mine") != 0 && g_strcmp0 (keep, "theirs") != 0 &&
      !(choices = parse_choices (keep, error)))
    return FALSE;
  if (!(store = rapport_cli_get_store (cli, error)))
    return FALSE;

  if (choices != NULL)
    ok = rapport_store_resolve_conflict (store, args[1], choices, error);
  else
    ok = rapport_store_resolve_conflict_keep (store, args[1],
                                              g_strcmp0 (keep, "mine") == 0
                                              ? RAPPORT_KEEP_MINE : RAPPORT_KEEP_THEIRS,
                                              error);
  if (!ok)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonObject) result = json_object_new ();

      json_object_set_string_member (result, "id", args[1]);
      json_object_set_boolean_member (result, "resolved", TRUE);
      json_object_set_int_member (result, "conflicts", rapport_store_count_conflicts (store));
      rapport_cli_print_object (result);
    }
  else
    g_print (_("Resolved conflict %s; the result is sent at the next sync.\n"), args[1]);
  return TRUE;
}
