/* rapport-cli-approvals.c: create a quote from JSON, revise it, submit it, decide
 *
 * Offline like every other command: a submission or a decision is written
 * to the local store and sent at the next sync, where the server alone
 * decides what it does (rapport-server-approvals.c). What the server would
 * refuse for certain is refused here first, changing nothing: a rejection
 * or an override without a reason. Whether a document needs approval is
 * the rules' as this database last synced them: a submission no rule asks
 * for is sent with a warning, for the server to answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-approval.h"
#include "rapport-cli-private.h"
#include "rapport-json.h"
#include "rapport-query.h"
#include "rapport-store-approvals.h"
#include "rapport-store-children.h"
#include "rapport-store-revise.h"

/* The document type named by @name: a quote or a sales order. */
static const RapportEntity *
document_type (const char *name,
               GError    **error)
{
  const RapportEntity *entity = rapport_cli_lookup_entity (name, error);

  if (entity != NULL && (entity->compute_family == NULL || entity->numbering == NULL))
    {
      rapport_cli_set_usage_error (error, _("%s: only a quote or a sales order is approved"),
                                   name);
      return NULL;
    }
  return entity;
}

/* Every approval rule in the local store. */
static JsonArray *
load_rules (RapportStore *store,
            GError      **error)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("approval_rule");
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, query, error);
  g_autoptr(GPtrArray) rows = NULL;
  JsonArray *rules;

  if (snapshot == NULL ||
      !(rows = rapport_store_fetch (store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot),
                                    error)))
    return NULL;
  rules = json_array_new ();
  for (guint i = 0; i < rows->len; i++)
    json_array_add_object_element (rules, json_object_ref (g_ptr_array_index (rows, i)));
  return rules;
}

/**
 * rapport_cli_create_document:
 *
 * `create quote FILE`: a document and its lines from one JSON object, its
 * fields and `lines` (a list of the lines' fields), saved together.
 */
gboolean
rapport_cli_create_document (RapportCli *cli,
                             char      **args,
                             GError    **error)
{
  const RapportEntity *entity;
  const RapportEntity *child = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonArray) edits = json_array_new ();
  g_autoptr(JsonObject) saved = NULL;
  JsonNode *root, *lines;
  RapportStore *store;
  guint n_entities;
  const RapportEntity * const *all = rapport_entity_all (&n_entities);

  if (!rapport_cli_parse (cli, &args, _("ENTITY FILE"),
                          _("Create a quote or a sales order and its lines from a JSON file: its "
                            "fields, and “lines”, a list of each line’s fields."),
                          NULL, 2, 2, error) ||
      !(entity = document_type (args[1], error)))
    return FALSE;
  if (!json_parser_load_from_mapped_file (parser, args[2], error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      rapport_cli_set_usage_error (error, _("%s: expected one JSON object"), args[2]);
      return FALSE;
    }
  fields = rapport_json_object_copy (json_node_get_object (root));
  lines = json_object_get_member (fields, "lines");
  if (lines != NULL && !JSON_NODE_HOLDS_ARRAY (lines))
    {
      rapport_cli_set_usage_error (error, _("%s: “lines” must be a list"), args[2]);
      return FALSE;
    }
  for (guint i = 0; i < n_entities; i++)
    if (rapport_entity_parent (all[i]) == entity)
      child = all[i];
  for (guint i = 0; lines != NULL && i < json_array_get_length (json_node_get_array (lines)); i++)
    {
      JsonNode *line = json_array_get_element (json_node_get_array (lines), i);
      JsonObject *edit = json_object_new ();

      if (!JSON_NODE_HOLDS_OBJECT (line))
        {
          json_object_unref (edit);
          rapport_cli_set_usage_error (error, _("%s: line %u is not an object"), args[2], i + 1);
          return FALSE;
        }
      json_object_set_string_member (edit, "op", "create");
      json_object_set_string_member (edit, "entity", child->name);
      json_object_set_object_member (edit, "fields",
                                     rapport_json_object_copy (json_node_get_object (line)));
      json_array_add_object_element (edits, edit);
    }
  json_object_remove_member (fields, "lines");
  if (!(store = rapport_cli_get_store (cli, error)) ||
      !(saved = rapport_store_save_with_children (store, entity->name, NULL, fields, edits, error)))
    return FALSE;
  if (cli->json)
    rapport_cli_print_object (saved);
  else
    g_print ("%s\n", json_object_get_string_member (saved, "id"));
  return TRUE;
}

/**
 * rapport_cli_submit:
 *
 * `submit quote ID [--comment TEXT]`: asks for approval of the document as
 * this database has it.
 */
gboolean
rapport_cli_submit (RapportCli *cli,
                    char      **args,
                    GError    **error)
{
  g_autofree char *comment = NULL;
  /* clang-format off */
  const GOptionEntry entries[] = {
    { "comment", 'c', 0, G_OPTION_ARG_STRING, &comment, N_("What the approver should know"),
      N_("TEXT") },
    { NULL }
  };
  /* clang-format on */
  const RapportEntity *entity;
  RapportStore *store;
  g_autoptr(JsonObject) document = NULL;
  g_autoptr(GPtrArray) stored_lines = NULL;
  g_autoptr(JsonArray) lines = json_array_new ();
  g_autoptr(JsonArray) rules = NULL;
  g_autoptr(JsonArray) matches = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autofree char *reasons = NULL;

  if (!rapport_cli_parse (cli, &args, _("ENTITY ID"),
                          _("Submit a quote or a sales order for approval. The request is sent "
                            "at the next sync."),
                          entries, 2, 2, error) ||
      !(entity = document_type (args[1], error)) ||
      !(store = rapport_cli_get_store (cli, error)) ||
      !(document = rapport_store_get (store, entity->name, args[2], error)) ||
      !(rules = load_rules (store, error)))
    return FALSE;
  {
    guint n_entities;
    const RapportEntity * const *all = rapport_entity_all (&n_entities);

    for (guint i = 0; i < n_entities; i++)
      if (rapport_entity_parent (all[i]) == entity &&
          !(stored_lines = rapport_store_list_children (store, all[i]->name, args[2], error)))
        return FALSE;
  }
  for (guint i = 0; stored_lines != NULL && i < stored_lines->len; i++)
    json_array_add_object_element (lines, json_object_ref (g_ptr_array_index (stored_lines, i)));
  {
    g_autoptr(GPtrArray) none = g_ptr_array_new ();
    g_autoptr(JsonObject) context = rapport_store_approval_context (store, entity->name, document,
                                                                    stored_lines != NULL
                                                                    ? stored_lines : none,
                                                                    rules);

    matches = rapport_approval_evaluate (entity->name, document, lines, rules, context);
  }
  if (json_array_get_length (matches) == 0)
    g_printerr (_("Warning: no approval rule this database knows of asks for it; the server "
                  "answers at the next sync\n"));
  fields = rapport_approval_submission (entity->name, document, comment);
  if (!(request = rapport_store_create (store, "approval_request", fields, error)))
    return FALSE;
  reasons = rapport_approval_reasons (matches);
  if (cli->json)
    rapport_cli_print_object (request);
  else
    g_print ("%s\n%s\n", json_object_get_string_member (request, "id"), reasons);
  return TRUE;
}

/* What a decision says besides its status. */
typedef enum {
  REASON_NONE,
  REASON_OPTIONAL,
  REASON_REQUIRED,
} Reason;

/* approve, reject, override and recall: one decision on a request. */
static gboolean
decide (RapportCli *cli,
        char      **args,
        const char *status,
        const char *summary,
        Reason      needs,
        GError    **error)
{
  g_autofree char *reason = NULL;
  const char *help = needs == REASON_REQUIRED ? N_("Why, in 10 characters at least")
                                              : N_("A comment for the requester");
  /* clang-format off */
  const GOptionEntry entries[] = {
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, help, N_("TEXT") },
    { NULL }
  };
  /* clang-format on */
  RapportStore *store;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonObject) document = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonObject) decided = NULL;
  g_autofree char *stripped = NULL;
  const char *document_id;

  if (!rapport_cli_parse (cli, &args, _("REQUEST-ID"), summary,
                          needs == REASON_NONE ? NULL : entries, 1, 1, error))
    return FALSE;
  stripped = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  if (needs == REASON_REQUIRED && g_utf8_strlen (stripped, -1) < 10)
    {
      rapport_cli_set_usage_error (error, _("--reason: say why, in 10 characters at least"));
      return FALSE;
    }
  if (!(store = rapport_cli_get_store (cli, error)) ||
      !(request = rapport_store_get (store, "approval_request", args[1], error)))
    return FALSE;
  document_id = rapport_json_get_string (request, "quote_id");
  if (!(document = rapport_store_get (store, document_id != NULL ? "quote" : "sales_order",
                                      document_id != NULL
                                        ? document_id
                                        : rapport_json_get_string (request, "sales_order_id"),
                                      error)))
    return FALSE;
  changes = rapport_approval_decision (status, document, request, stripped);
  if (!(decided = rapport_store_update (store, "approval_request", args[1], changes, error)))
    return FALSE;
  if (cli->json)
    rapport_cli_print_object (decided);
  else
    /* Translators: "Approval request ID: approved, sent at the next sync"; the
     * status is the API's word */
    g_print (_("Approval request %s: %s, sent at the next sync\n"), args[1], status);
  return TRUE;
}

gboolean
rapport_cli_approve (RapportCli *cli,
                     char      **args,
                     GError    **error)
{
  return decide (cli, args, "approved", _("Approve a pending approval request."),
                 REASON_OPTIONAL, error);
}

gboolean
rapport_cli_reject (RapportCli *cli,
                    char      **args,
                    GError    **error)
{
  return decide (cli, args, "rejected", _("Reject a pending approval request, saying why."),
                 REASON_REQUIRED, error);
}

gboolean
rapport_cli_override (RapportCli *cli,
                      char      **args,
                      GError    **error)
{
  return decide (cli, args, "overridden",
                 _("Approve a pending request over the rules, as an admin, saying why."),
                 REASON_REQUIRED, error);
}

gboolean
rapport_cli_recall (RapportCli *cli,
                    char      **args,
                    GError    **error)
{
  return decide (cli, args, "recalled", _("Withdraw your own pending approval request."),
                 REASON_NONE, error);
}

/* A new revision of @entity's @args[1], printed. */
static gboolean
revise (RapportCli *cli,
        char      **args,
        const char *entity,
        const char *parameter,
        const char *summary,
        GError    **error)
{
  RapportStore *store;
  g_autoptr(JsonObject) revision = NULL;

  if (!rapport_cli_parse (cli, &args, parameter, summary, NULL, 1, 1, error) ||
      !(store = rapport_cli_get_store (cli, error)) ||
      !(revision = rapport_store_revise (store, entity, args[1], error)))
    return FALSE;
  if (cli->json)
    rapport_cli_print_object (revision);
  else
    g_print ("%s\n", json_object_get_string_member (revision, "id"));
  return TRUE;
}

/**
 * rapport_cli_revise:
 *
 * `revise ID`: a new revision of a quote, a draft with its lines copied.
 */
gboolean
rapport_cli_revise (RapportCli *cli,
                    char      **args,
                    GError    **error)
{
  return revise (cli, args, "quote", _("QUOTE-ID"),
                 _("Make a new revision of a quote: a draft with its lines, which supersedes "
                   "the quote at the next sync."),
                 error);
}

/**
 * rapport_cli_amend:
 *
 * `amend ID`: an amendment of a confirmed order, a draft with its lines
 * (and what was delivered of them) copied.
 */
gboolean
rapport_cli_amend (RapportCli *cli,
                   char      **args,
                   GError    **error)
{
  return revise (cli, args, "sales_order", _("ORDER-ID"),
                 _("Amend a confirmed order: a draft of its next revision with its lines and "
                   "what was delivered of them, which needs approval again if the rules ask "
                   "and supersedes the order at the next sync."),
                 error);
}
