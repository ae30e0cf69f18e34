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
#include "rapport-approval-steps.h"
#include "rapport-json.h"
#include "rapport-money.h"
#include "rapport-price-resolve.h"

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

/* The rule's steps as an array of specs: its `steps`, else the one role
 * of a rule made before steps were. */
static JsonArray *
rule_steps (JsonObject *rule)
{
  g_auto(GStrv) specs = rapport_approval_step_split (rapport_json_get_string (rule, "steps"));
  const char *role = rapport_json_get_string (rule, "approver_role");
  JsonArray  *steps = json_array_new ();

  for (guint i = 0; specs[i] != NULL; i++)
    json_array_add_string_element (steps, specs[i]);
  if (json_array_get_length (steps) == 0)
    {
      g_autofree char *spec = g_strconcat ("role:", g_strcmp0 (role, "admin") == 0 ? "admin"
                                                                                  : "manager",
                                           NULL);

      json_array_add_string_element (steps, spec);
    }
  return steps;
}

static void
add_match (JsonArray  *matches,
           JsonObject *rule,
           char       *reason)
{
  JsonObject *match = json_object_new ();
  JsonArray  *steps = rule_steps (rule);
  gboolean    admin = FALSE;

  for (guint i = 0; i < json_array_get_length (steps); i++)
    admin |= g_strcmp0 (json_array_get_string_element (steps, i), "role:admin") == 0;
  json_object_set_string_member (match, "rule_id", rapport_json_get_string (rule, "id"));
  json_object_set_int_member (match, "rule_version", get_int (rule, "version"));
  json_object_set_string_member (match, "approver", admin ? "admin" : "manager");
  json_object_set_array_member (match, "steps", steps);
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

static gboolean
get_bool (JsonObject *object,
          const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static gboolean
is_item (JsonObject *line)
{
  const char *kind = rapport_json_get_string (line, "line_kind");

  return kind == NULL || g_str_equal (kind, "normal");
}

/* The product of @line from @context's `products`, by id. */
static JsonObject *
product_of (JsonObject *context,
            JsonObject *line)
{
  const char *id = rapport_json_get_string (line, "product_id");

  return id != NULL ? rapport_json_get_object (rapport_json_get_object (context, "products"), id)
                    : NULL;
}

/* Rules by priority, the lowest first; ties by name, then id. */
static int
by_priority (gconstpointer a,
             gconstpointer b)
{
  JsonObject *x = *(JsonObject **) a;
  JsonObject *y = *(JsonObject **) b;
  gint64      px = rapport_json_get_int (x, "priority", 0);
  gint64      py = rapport_json_get_int (y, "priority", 0);
  int         order;

  if (px != py)
    return px < py ? -1 : 1;
  order = g_strcmp0 (rapport_json_get_string (x, "name"), rapport_json_get_string (y, "name"));
  return order != 0 ? order : g_strcmp0 (rapport_json_get_string (x, "id"),
                                         rapport_json_get_string (y, "id"));
}

/* "2, 4": the numbers of @lines, from 1. */
static char *
line_numbers (GArray *lines)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s%u", i > 0 ? ", " : "", g_array_index (lines, guint, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Margin below the rule's floor, on the lines whose product has a cost in
 * the document's currency; the others are said to be left out. */
static void
check_margin (JsonArray  *matches,
              JsonObject *rule,
              JsonObject *document,
              JsonArray  *lines,
              JsonObject *context,
              gint64      floor)
{
  const char *currency = rapport_json_get_string (document, "currency");
  g_autoptr(GArray) uncosted = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *shown_floor = rapport_money_format_percent (floor);
  g_autofree char *left_out = NULL;
  double      revenue = 0, cost = 0, all_net = 0;
  guint       n_lines = lines != NULL ? json_array_get_length (lines) : 0;
  gint64      subtotal;
  char       *reason;

  for (guint i = 0; i < n_lines; i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      JsonObject *product = product_of (context, line);
      gint64      unit_cost;
      guint       number = i + 1;

      if (!is_item (line))
        continue;
      all_net += get_int (line, "net");
      if (product == NULL || !rapport_json_lookup_int (product, "cost", &unit_cost) ||
          g_strcmp0 (rapport_json_get_string (product, "cost_currency"), currency) != 0)
        {
          g_array_append_val (uncosted, number);
          continue;
        }
      revenue += get_int (line, "net");
      cost += (double) unit_cost * get_int (line, "qty_milli") / 1000.0;
    }
  /* The header discount takes its share off every line's revenue. */
  if (all_net > 0 && rapport_json_lookup_int (document, "subtotal", &subtotal))
    revenue *= subtotal / all_net;
  if (uncosted->len > 0)
    left_out = line_numbers (uncosted);
  if (revenue <= 0 && uncosted->len > 0)
    {
      reason = g_strdup_printf (ngettext ("Margin cannot be worked out: line %s has no cost",
                                          "Margin cannot be worked out: lines %s have no cost",
                                          uncosted->len),
                                left_out);
    }
  else
    {
      gint64           margin = revenue > 0 ? (gint64) ((revenue - cost) * 1000000.0 / revenue) : 0;
      g_autofree char *shown = NULL;

      if (margin >= floor)
        return;
      shown = rapport_money_format_percent (margin);
      /* TRANSLATORS: "Margin 12 % is below the 20 % floor" */
      reason = g_strdup_printf (_("Margin %s is below the %s floor"), shown, shown_floor);
      if (left_out != NULL)
        {
          char *more = g_strdup_printf (ngettext ("%s (line %s has no cost and is left out)",
                                                  "%s (lines %s have no cost and are left out)",
                                                  uncosted->len),
                                        reason, left_out);

          g_free (reason);
          reason = more;
        }
    }
  add_match (matches, rule, reason);
}

/* A unit price as money when it is whole minor units ("¥6,000.00"), else
 * with its hundredths. */
static char *
format_unit_price (gint64      price_x100,
                   const char *currency)
{
  return price_x100 % 100 == 0 ? rapport_money_format (price_x100 / 100, currency)
                               : rapport_money_format_price (price_x100, currency);
}

/* A line priced below what the document's price list gives its product. */
static void
check_list_price (JsonArray  *matches,
                  JsonObject *rule,
                  JsonObject *document,
                  JsonArray  *lines,
                  JsonObject *context)
{
  JsonObject *list = rapport_json_get_object (context, "price_list");
  JsonArray  *items = rapport_json_get_array (context, "price_list_items");
  const char *currency = rapport_json_get_string (document, "currency");
  g_autoptr(GPtrArray) item_records = g_ptr_array_new ();

  if (list == NULL || g_strcmp0 (rapport_json_get_string (list, "currency"), currency) != 0)
    return;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    g_ptr_array_add (item_records, json_array_get_object_element (items, i));
  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      JsonObject *product = product_of (context, line);
      gint64      qty = get_int (line, "qty_milli");
      g_autoptr(JsonObject) price = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *shown_list = NULL;
      gint64      listed, paid;

      if (!is_item (line) || product == NULL || qty <= 0 ||
          !(price = rapport_price_resolve_json (list, item_records, product, qty,
                                                rapport_json_get_string (context, "date"), NULL)) ||
          !rapport_json_lookup_int (price, "unit_price_x100", &listed))
        continue;
      /* What the customer pays a unit, its own discount taken off. */
      paid = (gint64) ((double) get_int (line, "net") * 100.0 * 1000.0 / qty);
      if (paid >= listed)
        continue;
      shown = format_unit_price (paid, currency);
      shown_list = format_unit_price (listed, currency);
      add_match (matches, rule,
                 /* TRANSLATORS: "Line 2 price ¥80.00 is below the list price ¥100.00" */
                 g_strdup_printf (_("Line %u price %s is below the list price %s"), i + 1, shown,
                                  shown_list));
    }
}

/* A given product, or a product of a given category, on a line. */
static void
check_products (JsonArray  *matches,
                JsonObject *rule,
                JsonArray  *lines,
                JsonObject *context)
{
  const char *wanted = rapport_json_get_string (rule, "product_id");
  const char *category = rapport_json_get_string (rule, "category");

  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      JsonObject *product = product_of (context, line);
      const char *name = rapport_json_get_string (product, "name");

      if (name == NULL)
        name = rapport_json_get_string (line, "description");
      if (wanted != NULL && g_strcmp0 (rapport_json_get_string (line, "product_id"), wanted) == 0)
        add_match (matches, rule,
                   /* TRANSLATORS: "Line 2 sells Cloud Backup" */
                   g_strdup_printf (_("Line %u sells %s"), i + 1, name != NULL ? name : wanted));
      if (category != NULL && product != NULL &&
          g_strcmp0 (rapport_json_get_string (product, "category"), category) == 0)
        add_match (matches, rule,
                   /* TRANSLATORS: "Line 2 is of the category Software" */
                   g_strdup_printf (_("Line %u is of the category %s"), i + 1, category));
    }
}

/* Payment terms other than the rule's standard ones, one a line. */
static void
check_terms (JsonArray  *matches,
             JsonObject *rule,
             JsonObject *document)
{
  const char      *terms = rapport_json_get_string (document, "payment_terms");
  g_auto(GStrv)    standard = g_strsplit (rapport_json_get_string (rule, "standard_payment_terms"),
                                          "\n", -1);
  g_autofree char *given = g_utf8_casefold (terms != NULL ? terms : "", -1);

  g_strstrip (given);
  if (*given == '\0')
    return;
  for (guint i = 0; standard[i] != NULL; i++)
    {
      g_autofree char *each = g_utf8_casefold (standard[i], -1);

      if (g_str_equal (g_strstrip (each), given))
        return;
    }
  add_match (matches, rule,
             g_strdup_printf (_("Payment terms “%s” are not standard"), terms));
}

/* A customer in the rule's segment: the caller found which segments
 * hold the document's customer (context `customer_segments`, id → name),
 * on its own data, with the filter language. */
static void
check_segment (JsonArray  *matches,
               JsonObject *rule,
               JsonObject *context)
{
  const char *segment_id = rapport_json_get_string (rule, "segment_id");
  JsonObject *segments = context != NULL ? rapport_json_get_object (context, "customer_segments")
                                         : NULL;

  if (segment_id == NULL || segments == NULL || !json_object_has_member (segments, segment_id))
    return;
  add_match (matches, rule,
             g_strdup_printf (_("The customer is in the segment “%s”"),
                              rapport_json_get_string (segments, segment_id)));
}

/* Every condition of @rule that @document holds adds a match. */
static void
evaluate_rule (JsonArray  *matches,
               JsonObject *rule,
               JsonObject *document,
               JsonArray  *lines,
               JsonObject *context,
               gint64      header)
{
  guint  n_lines = lines != NULL ? json_array_get_length (lines) : 0;
  gint64 limit, minimum;

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
                 g_strdup_printf (_("Discount %s is above the %s limit"), shown, shown_limit));
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
  if (rapport_json_lookup_int (rule, "min_margin_ppm", &limit))
    check_margin (matches, rule, document, lines, context, limit);
  check_products (matches, rule, lines, context);
  if (rapport_json_get_string (rule, "standard_payment_terms") != NULL)
    check_terms (matches, rule, document);
  if (get_bool (rule, "below_list_price"))
    check_list_price (matches, rule, document, lines, context);
  check_segment (matches, rule, context);
}

/**
 * rapport_approval_segment_ids:
 * @document_type: "quote" or "sales_order"
 * @rules: (element-type JsonObject): approval_rule records
 *
 * Returns: (transfer full): the ids of the segments that the active rules
 *   of @document_type name, each once: the caller finds which of them hold
 *   the document's customer (rapport_approval_segment_customer())
 */
GPtrArray *
rapport_approval_segment_ids (const char *document_type,
                              JsonArray  *rules)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 0; rules != NULL && r < json_array_get_length (rules); r++)
    {
      JsonObject *rule = json_array_get_object_element (rules, r);
      const char *segment_id = rapport_json_get_string (rule, "segment_id");

      if (segment_id != NULL && applies_to (rule, document_type) &&
          !g_ptr_array_find_with_equal_func (ids, segment_id, g_str_equal, NULL))
        g_ptr_array_add (ids, g_strdup (segment_id));
    }
  return ids;
}

/**
 * rapport_approval_segment_customer:
 * @segment: a segment record
 * @document: a quote or a sales order
 *
 * Returns: (nullable): the id of @document's customer of the kind that
 *   @segment holds: its company for a segment of companies, its contact for
 *   one of contacts; %NULL when it has none or the segment holds deals or
 *   cases
 */
const char *
rapport_approval_segment_customer (JsonObject *segment,
                                   JsonObject *document)
{
  const char *object = rapport_json_get_string (segment, "object");

  if (g_strcmp0 (object, "company") == 0)
    return rapport_json_get_string (document, "company_id");
  if (g_strcmp0 (object, "contact") == 0)
    return rapport_json_get_string (document, "contact_id");
  return NULL;
}

/**
 * rapport_approval_evaluate:
 * @document_type: "quote" or "sales_order"
 * @document: the document, with its totals computed
 * @lines: its lines in order, with their amounts computed
 * @rules: (element-type JsonObject): approval_rule records
 * @context: (nullable): what some conditions need besides: `products`
 *   (the lines' products by id: costs, categories, names), `price_list`
 *   and `price_list_items` (the document's), `date` (today),
 *   `customer_segments` (of the rules' segments, those that hold the
 *   document's customer, id → name)
 *
 * Rules are tried by `priority`, the lowest first; a matching rule whose
 * `mode` is `first_match_only` ends the evaluation.
 *
 * Returns: (transfer full): the matches, each `rule_id`, `rule_version`,
 *   `approver` (`manager` or `admin`: whether a step is an admin's),
 *   `steps` (the rule's approvers, in order) and `reason`; empty when the
 *   document needs no approval
 */
JsonArray *
rapport_approval_evaluate (const char *document_type,
                           JsonObject *document,
                           JsonArray  *lines,
                           JsonArray  *rules,
                           JsonObject *context)
{
  JsonArray *matches = json_array_new ();
  gint64     header = header_discount_ppm (document, lines);
  g_autoptr(GPtrArray) ordered = g_ptr_array_new ();

  for (guint r = 0; rules != NULL && r < json_array_get_length (rules); r++)
    if (applies_to (json_array_get_object_element (rules, r), document_type))
      g_ptr_array_add (ordered, json_array_get_object_element (rules, r));
  g_ptr_array_sort (ordered, by_priority);
  for (guint r = 0; r < ordered->len; r++)
    {
      JsonObject *rule = g_ptr_array_index (ordered, r);
      guint       before = json_array_get_length (matches);

      evaluate_rule (matches, rule, document, lines, context, header);
      if (json_array_get_length (matches) > before &&
          g_strcmp0 (rapport_json_get_string (rule, "mode"), "first_match_only") == 0)
        break;
    }
  return matches;
}

/**
 * rapport_approval_reasons:
 *
 * Two rules that ask the same of a document (an admin's 15 % limit and
 * another's) give one sentence, said once.
 *
 * Returns: (transfer full): the reasons of @matches, one per line
 */
char *
rapport_approval_reasons (JsonArray *matches)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GHashTable) said = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (matches); i++)
    {
      const char *reason = rapport_json_get_string (json_array_get_object_element (matches, i),
                                                    "reason");

      if (reason == NULL || !g_hash_table_add (said, (gpointer) reason))
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, reason);
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
 * @request: the request as the approver sees it: a decision is of the
 *   step it waits on, and refused if that step was decided since
 * @comment: (nullable): why; required by the server to reject or override
 *
 * Returns: (transfer full): the changes to the approval_request
 */
JsonObject *
rapport_approval_decision (const char *status,
                           JsonObject *document,
                           JsonObject *request,
                           const char *comment)
{
  JsonObject *changes = json_object_new ();
  gint64      step;

  json_object_set_string_member (changes, "status", status);
  json_object_set_string_member (changes, "decided_hash",
                                 rapport_json_get_string (document, "doc_hash"));
  if ((g_str_equal (status, "approved") || g_str_equal (status, "rejected")) &&
      rapport_json_lookup_int (request, "current_step", &step))
    json_object_set_int_member (changes, "decided_step", step);
  if (comment != NULL && *comment != '\0')
    json_object_set_string_member (changes, "decision_comment", comment);
  return changes;
}
