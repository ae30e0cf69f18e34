/* rapport-approval.c: when a quote or an order needs approval, and of what
 *
 * SPEC.md §1.3. An approval is of one content of a document: the hash of
 * every field that the rules or the price depend on (currency, price list,
 * payment terms, tax mode, header discount, shipping, and per line, in
 * order, product, kind, quantity, unit price, discount and tax rates). An
 * edit of any of them changes the hash and so voids the approval; notes,
 * contact or validity do not. The client computes it for the request it
 * submits, the server for the document it guards, with the same function.
 *
 * Rules (approval_rule records) are evaluated here alone, on the client for
 * its banner and on the server at every guarded transition: each active
 * rule for the document's type whose condition holds adds a match with the
 * rule's id and version, who must approve, and the reason in words ("Line 3
 * discount 25 % is above the 15 % limit").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-approval"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-approval.h"
#include "rapport-json.h"
#include "rapport-money.h"

static const char * const document_members[] = {
  "currency", "price_list_id", "payment_terms", "tax_mode", "discount_ppm", "discount_minor",
  "shipping_minor", "shipping_tax_rate_ppm", NULL
};
static const char * const line_members[] = {
  "product_id", "line_kind", "qty_milli", "unit_price_x100", "discount_ppm", "discount_minor",
  "tax_rate_ppm", "tax2_rate_ppm", NULL
};

/* The members of @object named in @names, in that order, missing ones as
 * null: a canonical form that does not depend on how the object was built. */
static JsonNode *
canonical (JsonObject         *object,
           const char * const *names)
{
  JsonArray *values = json_array_new ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      JsonNode *value = json_object_get_member (object, names[i]);

      json_array_add_element (values, value != NULL ? json_node_copy (value)
                                                    : json_node_new (JSON_NODE_NULL));
    }
  return json_node_init_array (json_node_alloc (), values);
}

/**
 * rapport_approval_hash:
 * @document: a quote or a sales order
 * @lines: its lines, in order
 *
 * Returns: (transfer full): the SHA-256, in hex, of what its approval is of
 */
char *
rapport_approval_hash (JsonObject *document,
                       JsonArray  *lines)
{
  g_autoptr(JsonArray) form = json_array_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint            n_lines = lines != NULL ? json_array_get_length (lines) : 0;

  json_array_add_element (form, canonical (document, document_members));
  for (guint i = 0; i < n_lines; i++)
    json_array_add_element (form, canonical (json_array_get_object_element (lines, i),
                                             line_members));
  root = json_node_init_array (json_node_alloc (), json_array_ref (form));
  text = json_to_string (root, FALSE);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static gint64
get_int (JsonObject *object,
         const char *member)
{
  gint64 value;

  return rapport_json_lookup_int (object, member, &value) ? value : 0;
}

/* A line's own discount in parts per million of its gross. */
static gint64
line_discount_ppm (JsonObject *line)
{
  gint64 gross = get_int (line, "gross");

  if (json_object_has_member (line, "discount_ppm") &&
      !json_object_get_null_member (line, "discount_ppm"))
    return get_int (line, "discount_ppm");
  if (gross == 0)
    return 0;
  return get_int (line, "discount_minor") * 1000000 / ABS (gross);
}

/* The document's header discount in parts per million of its lines. */
static gint64
header_discount_ppm (JsonObject *document,
                     JsonArray  *lines)
{
  gint64 base = 0;

  if (json_object_has_member (document, "discount_ppm") &&
      !json_object_get_null_member (document, "discount_ppm"))
    return get_int (document, "discount_ppm");
  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      const char *kind = rapport_json_get_string (line, "line_kind");

      if (kind == NULL || g_str_equal (kind, "normal"))
        base += get_int (line, "net");
    }
  return base > 0 ? get_int (document, "discount_minor") * 1000000 / base : 0;
}

static void
add_match (JsonArray  *matches,
           JsonObject *rule,
           char       *reason)
{
  JsonObject *match = json_object_new ();
  const char *approver = rapport_json_get_string (rule, "approver_role");

  json_object_set_string_member (match, "rule_id", rapport_json_get_string (rule, "id"));
  json_object_set_int_member (match, "rule_version", get_int (rule, "version"));
  json_object_set_string_member (match, "approver", approver != NULL ? approver : "manager");
  json_object_set_string_member (match, "reason", reason);
  json_array_add_object_element (matches, match);
  g_free (reason);
}

static gboolean
applies_to (JsonObject *rule,
            const char *document_type)
{
  const char *target = rapport_json_get_string (rule, "applies_to");
  JsonNode   *active = json_object_get_member (rule, "active");

  if (active != NULL && JSON_NODE_HOLDS_VALUE (active) &&
      json_node_get_value_type (active) == G_TYPE_BOOLEAN && !json_node_get_boolean (active))
    return FALSE;
  return target == NULL || g_str_equal (target, "all") || g_str_equal (target, document_type);
}

/**
 * rapport_approval_evaluate:
 * @document_type: "quote" or "sales_order"
 * @document: the document, with its totals computed
 * @lines: its lines in order, with their amounts computed
 * @rules: (element-type JsonObject): approval_rule records
 *
 * Returns: (transfer full): the matches, each `rule_id`, `rule_version`,
 *   `approver` (`manager` or `admin`) and `reason`; empty when the
 *   document needs no approval
 */
JsonArray *
rapport_approval_evaluate (const char *document_type,
                           JsonObject *document,
                           JsonArray  *lines,
                           JsonArray  *rules)
{
  JsonArray *matches = json_array_new ();
  guint      n_lines = lines != NULL ? json_array_get_length (lines) : 0;
  gint64     header = header_discount_ppm (document, lines);

  for (guint r = 0; rules != NULL && r < json_array_get_length (rules); r++)
    {
      JsonObject *rule = json_array_get_object_element (rules, r);
      gint64      limit, minimum;

      if (!applies_to (rule, document_type))
        continue;
      if (rapport_json_lookup_int (rule, "max_line_discount_ppm", &limit))
        for (guint i = 0; i < n_lines; i++)
          {
            gint64           discount = line_discount_ppm (json_array_get_object_element (lines, i));
            g_autofree char *shown = NULL;
            g_autofree char *shown_limit = NULL;

            if (discount <= limit)
              continue;
            shown = rapport_money_format_percent (discount);
            shown_limit = rapport_money_format_percent (limit);
            add_match (matches, rule,
                       /* TRANSLATORS: "Line 3 discount 25 % is above the 15 % limit" */
                       g_strdup_printf (_("Line %u discount %s is above the %s limit"), i + 1,
                                           shown, shown_limit));
          }
      if (rapport_json_lookup_int (rule, "max_discount_ppm", &limit) && header > limit)
        {
          g_autofree char *shown = rapport_money_format_percent (header);
          g_autofree char *shown_limit = rapport_money_format_percent (limit);

          add_match (matches, rule,
                     g_strdup_printf (_("Discount %s is above the %s limit"), shown,
                                         shown_limit));
        }
      /* Totals in another currency are not compared: there is no rate. */
      if (rapport_json_lookup_int (rule, "min_total", &minimum) &&
          g_strcmp0 (rapport_json_get_string (rule, "currency"),
                     rapport_json_get_string (document, "currency")) == 0 &&
          get_int (document, "total") >= minimum)
        {
          const char      *currency = rapport_json_get_string (document, "currency");
          g_autofree char *shown = rapport_money_format (get_int (document, "total"), currency);
          g_autofree char *shown_limit = rapport_money_format (minimum, currency);

          add_match (matches, rule,
                     g_strdup_printf (_("Total %s is at or above %s"), shown, shown_limit));
        }
    }
  return matches;
}

/**
 * rapport_approval_reasons:
 *
 * Returns: (transfer full): the reasons of @matches, one per line
 */
char *
rapport_approval_reasons (JsonArray *matches)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (matches); i++)
    {
      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, rapport_json_get_string (json_array_get_object_element (matches, i),
                                                      "reason"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * rapport_approval_approver:
 *
 * Returns: who must approve @matches: "admin" if any rule says so, else
 *   "manager"; %NULL when there is nothing to approve
 */
const char *
rapport_approval_approver (JsonArray *matches)
{
  if (json_array_get_length (matches) == 0)
    return NULL;
  for (guint i = 0; i < json_array_get_length (matches); i++)
    if (g_strcmp0 (rapport_json_get_string (json_array_get_object_element (matches, i),
                                            "approver"),
                   "admin") == 0)
      return "admin";
  return "manager";
}

/**
 * rapport_approval_submission:
 * @document_type: "quote" or "sales_order"
 * @document: the document as the submitter sees it, its `doc_hash` computed
 * @comment: (nullable): what the submitter says
 *
 * Returns: (transfer full): the fields of the approval_request that
 *   submits @document; the server fills in the rest, or refuses it if the
 *   document changed on the server since
 */
JsonObject *
rapport_approval_submission (const char *document_type,
                             JsonObject *document,
                             const char *comment)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields,
                                 g_str_equal (document_type, "quote") ? "quote_id"
                                                                      : "sales_order_id",
                                 rapport_json_get_string (document, "id"));
  json_object_set_string_member (fields, "doc_hash", rapport_json_get_string (document,
                                                                              "doc_hash"));
  json_object_set_string_member (fields, "status", "pending");
  if (comment != NULL && *comment != '\0')
    json_object_set_string_member (fields, "comment", comment);
  return fields;
}

/**
 * rapport_approval_decision:
 * @status: "approved", "rejected", "overridden" or "recalled"
 * @document: the document as the approver sees it: a decision is of that
 *   content, and kept as stale if the document changed since
 * @comment: (nullable): why; required by the server to reject or override
 *
 * Returns: (transfer full): the changes to the approval_request
 */
JsonObject *
rapport_approval_decision (const char *status,
                           JsonObject *document,
                           const char *comment)
{
  JsonObject *changes = json_object_new ();

  json_object_set_string_member (changes, "status", status);
  json_object_set_string_member (changes, "decided_hash",
                                 rapport_json_get_string (document, "doc_hash"));
  if (comment != NULL && *comment != '\0')
    json_object_set_string_member (changes, "decision_comment", comment);
  return changes;
}
