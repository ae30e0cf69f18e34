/* rapport-cli-output.c: what rapport-cli prints, as text or as JSON
 *
 * Results go to stdout; errors and progress to stderr, so that a pipe only
 * ever sees results. With --json, stdout holds exactly one JSON document,
 * also when the command fails: {"error": {"code", "message", "field"}},
 * the shape the server uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-cli-private.h"
#include "rapport-filter.h"
#include "rapport-sync.h"
#include "rapport-validate.h"

#define PROGRESS_WIDTH 30

void
rapport_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *safe = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  safe = rapport_json_make_safe (text, strlen (text));
  g_print ("%s\n", safe != NULL ? safe : text);
}

void
rapport_cli_print_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  rapport_cli_print_json (node);
}

/* Columns on a terminal: CJK characters take two. */
static gsize
display_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

/**
 * rapport_cli_print_pairs:
 * @pairs: (element-type utf8): label, value, label, value, …
 *
 * Prints "label: value" lines with the values lined up.
 */
void
rapport_cli_print_pairs (GPtrArray *pairs)
{
  gsize width = 0;

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    width = MAX (width, display_width (g_ptr_array_index (pairs, i)));

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    {
      const char *label = g_ptr_array_index (pairs, i);
      const char *value = g_ptr_array_index (pairs, i + 1);
      gsize padding = width - display_width (label);

      g_print ("%s:%*s %s\n", label, (int) padding, "", value);
    }
}

static void
add_pair (GPtrArray  *pairs,
          const char *name,
          JsonObject *record)
{
  JsonNode *node = json_object_get_member (record, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  g_ptr_array_add (pairs, g_strdup (name));
  g_ptr_array_add (pairs, rapport_cli_format_value (node));
}

/**
 * rapport_cli_print_record:
 *
 * Prints the fields that have a value, id first and the bookkeeping last,
 * in the syntax --set reads.
 */
void
rapport_cli_print_record (const RapportEntity *entity,
                          JsonObject          *record)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);

  add_pair (pairs, "id", record);
  for (guint i = 0; i < entity->n_fields; i++)
    add_pair (pairs, entity->fields[i].name, record);
  for (guint i = 0; rapport_meta_fields[i] != NULL; i++)
    if (g_strcmp0 (rapport_meta_fields[i], "id") != 0)
      add_pair (pairs, rapport_meta_fields[i], record);
  rapport_cli_print_pairs (pairs);
}

static gboolean
is_usage_error (const GError *error)
{
  return g_error_matches (error, RAPPORT_CLI_ERROR, RAPPORT_CLI_ERROR_USAGE) ||
         g_error_matches (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_UNKNOWN_ENTITY) ||
         g_error_matches (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID_QUERY) ||
         (error != NULL && error->domain == RAPPORT_FILTER_ERROR);
}

static gboolean
needs_sign_in (const GError *error)
{
  return g_error_matches (error, RAPPORT_CLI_ERROR, RAPPORT_CLI_ERROR_NOT_SIGNED_IN) ||
         g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_NOT_SIGNED_IN) ||
         g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_UNAUTHORIZED);
}

/* A stable name for scripts, whatever the language of the message. */
static const char *
error_code (const GError *error)
{
  static const char * const sync_codes[] = {
    [RAPPORT_SYNC_ERROR_OFFLINE] = "offline",
    [RAPPORT_SYNC_ERROR_UNAUTHORIZED] = "unauthorized",
    [RAPPORT_SYNC_ERROR_FORBIDDEN] = "forbidden",
    [RAPPORT_SYNC_ERROR_SERVER] = "server",
    [RAPPORT_SYNC_ERROR_RATE_LIMITED] = "rate_limited",
    [RAPPORT_SYNC_ERROR_PROTOCOL] = "protocol",
    [RAPPORT_SYNC_ERROR_TLS] = "tls",
    [RAPPORT_SYNC_ERROR_INVALID] = "invalid",
    [RAPPORT_SYNC_ERROR_NOT_SIGNED_IN] = "not_signed_in",
    [RAPPORT_SYNC_ERROR_CONNECTION_LOST] = "connection_lost",
    [RAPPORT_SYNC_ERROR_SERVER_CHANGED] = "server_changed",
    [RAPPORT_SYNC_ERROR_OTHER_SERVER] = "other_server",
    [RAPPORT_SYNC_ERROR_NOT_FOUND] = "not_found",
  };

  if (is_usage_error (error))
    return "usage";
  if (g_error_matches (error, RAPPORT_CLI_ERROR, RAPPORT_CLI_ERROR_NOT_SIGNED_IN))
    return "not_signed_in";
  if (error->domain == RAPPORT_VALIDATION_ERROR)
    return "validation";
  if (g_error_matches (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND))
    return "not_found";
  if (g_error_matches (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DAMAGED))
    return "damaged";
  if (error->domain == RAPPORT_SYNC_ERROR && error->code >= 0 &&
      error->code < (int) G_N_ELEMENTS (sync_codes))
    return sync_codes[error->code];
  return "failed";
}

int
rapport_cli_exit_status (const GError *error)
{
  return is_usage_error (error) ? RAPPORT_CLI_EXIT_USAGE : RAPPORT_CLI_EXIT_ERROR;
}

/**
 * rapport_cli_print_error:
 *
 * Prints "rapport-cli: field: message" on stderr, a hint where one helps,
 * and with --json the error document on stdout.
 */
void
rapport_cli_print_error (RapportCli   *cli,
                         const GError *error)
{
  const char *field = NULL;

  if (error->domain == RAPPORT_VALIDATION_ERROR)
    field = rapport_validation_error_get_field (error);

  if (field != NULL)
    g_printerr ("rapport-cli: %s: %s\n", field, error->message);
  else
    g_printerr ("rapport-cli: %s\n", error->message);

  if (is_usage_error (error))
    g_printerr ("%s\n",
                _("Run “rapport-cli --help” or “rapport-cli COMMAND --help” for help."));
  else if (needs_sign_in (error))
    g_printerr ("%s\n", _("Sign in with “rapport-cli login --server URL --user NAME "
                          "--password-stdin”."));
  else if (g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_OTHER_SERVER))
    g_printerr ("%s\n", _("To move this database to it, run “rapport-cli sync --adopt-server”: "
                          "it receives everything from that server and sends it the records "
                          "it lacks."));

  if (cli->json)
    {
      g_autoptr(JsonObject) root = json_object_new ();
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "code", error_code (error));
      json_object_set_string_member (details, "message", error->message);
      if (field != NULL)
        json_object_set_string_member (details, "field", field);
      else
        json_object_set_null_member (details, "field");
      json_object_set_object_member (root, "error", details);
      rapport_cli_print_object (root);
    }
}

/* A bar on stderr, redrawn in place: "[#######         ] 120/340". */
void
rapport_cli_show_progress (guint done,
                           guint total)
{
  char bar[PROGRESS_WIDTH + 1];
  guint filled = total > 0 ? (guint) ((guint64) MIN (done, total) * PROGRESS_WIDTH / total) : 0;

  for (guint i = 0; i < PROGRESS_WIDTH; i++)
    bar[i] = i < filled ? '#' : ' ';
  bar[PROGRESS_WIDTH] = '\0';
  g_printerr ("\r%s [%s] %u/%u", _("Syncing"), bar, done, total);
}

void
rapport_cli_end_progress (void)
{
  /* Back to the start of the line and clear it. */
  g_printerr ("\r\033[K");
}
