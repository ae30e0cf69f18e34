/* test-approval.c: what an approval is of, and when one is needed
 *
 * The hash covers what the rules and the price depend on and nothing else;
 * the rules give their reasons in words, with percentages as people read
 * them; an inactive rule, a rule for the other document type and a total in
 * another currency ask nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "rapport-approval.h"
#include "rapport-approval-steps.h"
#include "rapport-derived.h"
#include "rapport-store.h"
#include "rapport-test-util.h"
#include "rapport-validate.h"

static JsonObject *
quote (const char *json)
{
  return rapport_test_parse_object (json);
}

static JsonArray *
array_of (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  return json_array_ref (json_node_get_array (node));
}

#define LINES \
  "[{\"qty_milli\": 2000, \"unit_price_x100\": 1000000}," \
  " {\"qty_milli\": 1000, \"unit_price_x100\": 500000, \"discount_ppm\": 125000}," \
  " {\"qty_milli\": 1000, \"unit_price_x100\": 500000, \"discount_minor\": 1250}]"

static void
test_hash (void)
{
  g_autoptr(JsonObject) a = quote ("{\"currency\": \"CNY\", \"notes\": \"x\", \"discount_ppm\": 0}");
  g_autoptr(JsonObject) b = quote ("{\"discount_ppm\": 0, \"currency\": \"CNY\"}");
  g_autoptr(JsonObject) c = quote ("{\"currency\": \"CNY\", \"discount_ppm\": 10000}");
  g_autoptr(JsonArray) lines = array_of (LINES);
  g_autoptr(JsonArray) described = array_of (
    "[{\"unit_price_x100\": 1000000, \"qty_milli\": 2000, \"description\": \"Chairs\"},"
    " {\"qty_milli\": 1000, \"unit_price_x100\": 500000, \"discount_ppm\": 125000},"
    " {\"qty_milli\": 1000, \"unit_price_x100\": 500000, \"discount_minor\": 1250}]");
  g_autoptr(JsonArray) discounted = array_of (
    "[{\"qty_milli\": 2000, \"unit_price_x100\": 1000000, \"discount_ppm\": 1}]");
  g_autofree char *ha = rapport_approval_hash (a, lines);
  g_autofree char *hb = rapport_approval_hash (b, described);
  g_autofree char *hc = rapport_approval_hash (c, lines);
  g_autofree char *hd = rapport_approval_hash (a, discounted);

  g_assert_cmpuint (strlen (ha), ==, 64);
  /* Notes, descriptions and the order of members are not what is approved. */
  g_assert_cmpstr (ha, ==, hb);
  /* A header discount or a line's discount is. */
  g_assert_cmpstr (ha, !=, hc);
  g_assert_cmpstr (ha, !=, hd);
}

static void
test_reasons (void)
{
  g_autoptr(JsonObject) document = quote ("{\"id\": \"q\", \"currency\": \"CNY\","
                                          " \"discount_ppm\": 200000}");
  g_autoptr(JsonArray) lines = array_of (LINES);
  g_autoptr(JsonArray) rules = array_of (
    "[{\"id\": \"r1\", \"version\": 3, \"max_line_discount_ppm\": 120000},"
    " {\"id\": \"r2\", \"version\": 1, \"max_discount_ppm\": 100000, \"approver_role\": \"admin\"},"
    " {\"id\": \"r3\", \"version\": 1, \"min_total\": 100, \"currency\": \"USD\"},"
    " {\"id\": \"r4\", \"version\": 1, \"min_total\": 100, \"currency\": \"CNY\","
    "  \"applies_to\": \"sales_order\"},"
    " {\"id\": \"r5\", \"version\": 1, \"max_line_discount_ppm\": 0, \"active\": false},"
    " {\"id\": \"r6\", \"version\": 2, \"min_total\": 2000000, \"currency\": \"CNY\"}]");
  g_autoptr(JsonArray) matches = NULL;
  g_autofree char *reasons = NULL;

  g_assert_true (rapport_document_compute (document, lines, NULL));
  matches = rapport_approval_evaluate ("quote", document, lines, rules, NULL);
  reasons = rapport_approval_reasons (matches);
  /* Line 2 is 12.5 % off, line 3 ¥12.50 of ¥50.00: 25 %; the header 20 %;
   * the total (¥281.25 less 20 %: ¥225.00) is below ¥20,000.00; the USD
   * rule, the order rule and the inactive one ask nothing. */
  g_assert_cmpstr (reasons, ==,
                   "Line 2 discount 12.5 % is above the 12 % limit\n"
                   "Line 3 discount 25 % is above the 12 % limit\n"
                   "Discount 20 % is above the 10 % limit");
  g_assert_cmpstr (rapport_approval_approver (matches), ==, "admin");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (matches, 0),
                                               "rule_version"), ==, 3);
  g_clear_pointer (&matches, json_array_unref);

  json_object_set_int_member (json_array_get_object_element (rules, 5), "min_total", 18000);
  matches = rapport_approval_evaluate ("quote", document, lines, rules, NULL);
  g_assert_cmpuint (json_array_get_length (matches), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (matches, 3),
                                                  "reason"), ==,
                   "Total CN¥225.00 is at or above CN¥180.00");
  g_clear_pointer (&matches, json_array_unref);

  matches = rapport_approval_evaluate ("quote", document, lines, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (matches), ==, 0);
  g_assert_null (rapport_approval_approver (matches));
}

/* What a client sends: the hash it computed, and the decision's hash. */
static void
test_submission (void)
{
  g_autoptr(JsonObject) document = quote ("{\"id\": \"q1\", \"currency\": \"CNY\"}");
  g_autoptr(JsonArray) lines = array_of (LINES);
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonObject) request = NULL;

  rapport_document_compute (document, lines, NULL);
  fields = rapport_approval_submission ("sales_order", document, "");
  g_assert_cmpstr (json_object_get_string_member (fields, "sales_order_id"), ==, "q1");
  g_assert_cmpstr (json_object_get_string_member (fields, "doc_hash"), ==,
                   json_object_get_string_member (document, "doc_hash"));
  g_assert_false (json_object_has_member (fields, "comment"));
  request = rapport_test_parse_object ("{\"current_step\": 2}");
  changes = rapport_approval_decision ("rejected", document, request, "Margin too thin");
  g_assert_cmpint (json_object_get_int_member (changes, "decided_step"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (changes, "decided_hash"), ==,
                   json_object_get_string_member (document, "doc_hash"));
  g_assert_cmpstr (json_object_get_string_member (changes, "decision_comment"), ==,
                   "Margin too thin");
}

static char *
reasons_of (JsonObject *document,
            JsonArray  *lines,
            const char *rules_json,
            JsonObject *context)
{
  g_autoptr(JsonArray) rules = array_of (rules_json);
  g_autoptr(JsonArray) matches = NULL;

  g_assert_true (rapport_document_compute (document, lines, NULL));
  matches = rapport_approval_evaluate ("quote", document, lines, rules, context);
  return rapport_approval_reasons (matches);
}

/* Margin, products, categories, payment terms and the price list's price:
 * each condition says in words what it found. */
static void
test_conditions (void)
{
  g_autoptr(JsonObject) document = quote ("{\"id\": \"q\", \"currency\": \"CNY\","
                                          " \"payment_terms\": \"90 days\"}");
  g_autoptr(JsonArray) lines = array_of (
    "[{\"product_id\": \"desk\", \"qty_milli\": 2000, \"unit_price_x100\": 1000000},"
    " {\"product_id\": \"chair\", \"qty_milli\": 1000, \"unit_price_x100\": 400000},"
    " {\"description\": \"Delivery\", \"qty_milli\": 1000, \"unit_price_x100\": 100000}]");
  g_autoptr(JsonObject) context = quote (
    "{\"date\": \"2026-06-01\","
    " \"products\": {"
    "  \"desk\": {\"id\": \"desk\", \"name\": \"Desk\", \"cost\": 8000,"
    "             \"cost_currency\": \"CNY\", \"list_price\": 12000,"
    "             \"list_price_currency\": \"CNY\", \"category\": \"Furniture\"},"
    "  \"chair\": {\"id\": \"chair\", \"name\": \"Chair\", \"cost\": 100,"
    "              \"cost_currency\": \"USD\", \"list_price\": 3000,"
    "              \"list_price_currency\": \"CNY\"}},"
    " \"price_list\": {\"id\": \"pl\", \"name\": \"2026\", \"currency\": \"CNY\"},"
    " \"price_list_items\": []}");
  g_autofree char *margin = NULL;
  g_autofree char *no_cost = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *products = NULL;
  g_autofree char *terms = NULL;
  g_autofree char *standard = NULL;
  g_autofree char *prices = NULL;

  /* Desks: ¥200.00 sold, ¥160.00 cost: 20 %; the chair's cost is in
   * another currency, the delivery has no product. */
  margin = reasons_of (document, lines, "[{\"id\": \"r\", \"min_margin_ppm\": 250000}]",
                       context);
  g_assert_cmpstr (margin, ==,
                   "Margin 20 % is below the 25 % floor (lines 2, 3 have no cost and are left out)");
  kept = reasons_of (document, lines, "[{\"id\": \"r\", \"min_margin_ppm\": 200000}]", context);
  g_assert_cmpstr (kept, ==, "");
  no_cost = reasons_of (document, lines, "[{\"id\": \"r\", \"min_margin_ppm\": 1}]", NULL);
  g_assert_cmpstr (no_cost, ==, "Margin cannot be worked out: lines 1, 2, 3 have no cost");

  products = reasons_of (document, lines,
                         "[{\"id\": \"r\", \"product_id\": \"chair\"},"
                         " {\"id\": \"s\", \"category\": \"Furniture\"}]", context);
  g_assert_cmpstr (products, ==, "Line 2 sells Chair\nLine 1 is of the category Furniture");

  terms = reasons_of (document, lines,
                      "[{\"id\": \"r\", \"standard_payment_terms\": \"30 days\\n60 days\"}]",
                      context);
  g_assert_cmpstr (terms, ==, "Payment terms “90 days” are not standard");
  json_object_set_string_member (document, "payment_terms", " 60 DAYS ");
  standard = reasons_of (document, lines,
                         "[{\"id\": \"r\", \"standard_payment_terms\": \"30 days\\n60 days\"}]",
                         context);
  g_assert_cmpstr (standard, ==, "");

  /* The desk at ¥100.00 is below its list price of ¥120.00; the chair at
   * ¥40.00 above its ¥30.00. */
  prices = reasons_of (document, lines, "[{\"id\": \"r\", \"below_list_price\": true}]",
                       context);
  g_assert_cmpstr (prices, ==, "Line 1 price CN¥100.00 is below the list price CN¥120.00");
}

/* Rules by priority; a first_match_only rule that matches ends the search;
 * each match carries its rule's steps, or its one role. */
static void
test_modes (void)
{
  g_autoptr(JsonObject) document = quote ("{\"id\": \"q\", \"currency\": \"CNY\"}");
  g_autoptr(JsonArray) lines = array_of (LINES);
  g_autoptr(JsonArray) rules = array_of (
    "[{\"id\": \"late\", \"priority\": 9, \"max_discount_ppm\": 0, \"steps\": \"role:admin\"},"
    " {\"id\": \"early\", \"priority\": 1, \"max_line_discount_ppm\": 200000,"
    "  \"mode\": \"first_match_only\", \"steps\": \"user:u1\\nteam:t1\"},"
    " {\"id\": \"old\", \"priority\": 5, \"max_line_discount_ppm\": 0,"
    "  \"approver_role\": \"admin\"}]");
  g_autoptr(JsonArray) matches = NULL;
  g_autoptr(JsonArray) steps = NULL;

  json_object_set_int_member (document, "discount_ppm", 10000);
  g_assert_true (rapport_document_compute (document, lines, NULL));
  matches = rapport_approval_evaluate ("quote", document, lines, rules, NULL);
  g_assert_cmpuint (json_array_get_length (matches), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (matches, 0),
                                                  "rule_id"), ==, "early");
  steps = rapport_approval_steps_of (matches, "2026-01-01T00:00:00Z");
  g_assert_cmpuint (json_array_get_length (steps), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (steps, 1),
                                                  "approver"), ==, "team:t1");
  g_clear_pointer (&matches, json_array_unref);
  g_clear_pointer (&steps, json_array_unref);

  json_object_set_string_member (json_array_get_object_element (rules, 1), "mode",
                                 "all_matching");
  matches = rapport_approval_evaluate ("quote", document, lines, rules, NULL);
  steps = rapport_approval_steps_of (matches, "2026-01-01T00:00:00Z");
  /* early (line 3), old (lines 2 and 3), late; each approver once. */
  g_assert_cmpuint (json_array_get_length (matches), ==, 4);
  g_assert_cmpuint (json_array_get_length (steps), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (steps, 2),
                                                  "approver"), ==, "role:admin");
}

/* What a step names, who may take it, and where it goes next. */
static void
test_steps (void)
{
  const char * const members[] = { "m1", "m2", NULL };
  const RapportStepPeople people = { "boss", members };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) request = quote ("{\"doc_hash\": \"h\"}");
  g_autoptr(JsonArray) steps = array_of ("[{\"seq\": 1, \"approver\": \"team:t\","
                                         " \"status\": \"pending\"}]");
  g_autoptr(JsonObject) current = NULL;
  g_autofree char *id = NULL;

  g_assert_cmpint (rapport_approval_step_parse ("user:abc", &id), ==, RAPPORT_STEP_USER);
  g_assert_cmpstr (id, ==, "abc");
  g_assert_cmpint (rapport_approval_step_parse ("user:", NULL), ==, RAPPORT_STEP_INVALID);
  g_assert_cmpint (rapport_approval_step_parse ("role:rep", NULL), ==, RAPPORT_STEP_INVALID);
  g_assert_true (rapport_approval_steps_check (" role:manager ,owner_manager\n\nteam:x", NULL));
  g_assert_false (rapport_approval_steps_check ("role:manager\nmanager", &error));
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_INVALID);

  g_assert_true (rapport_approval_step_allows ("team:t", "m2", "rep", &people));
  g_assert_false (rapport_approval_step_allows ("team:t", "m3", "admin", &people));
  g_assert_true (rapport_approval_step_allows ("owner_manager", "boss", "manager", &people));
  g_assert_false (rapport_approval_step_allows ("owner_manager", "m1", "manager", &people));
  g_assert_true (rapport_approval_step_allows ("role:manager", "x", "admin", &people));
  g_assert_false (rapport_approval_step_allows ("role:admin", "x", "manager", &people));

  /* A team, then any manager, then an admin, then nobody further. */
  rapport_approval_start_steps (request, steps);
  g_assert_true (rapport_approval_escalate (request, "2026-01-02T00:00:00Z", "overdue"));
  g_assert_true (rapport_approval_escalate (request, "2026-01-03T00:00:00Z", "overdue"));
  g_assert_false (rapport_approval_escalate (request, "2026-01-04T00:00:00Z", "overdue"));
  current = rapport_approval_current_step (request);
  g_assert_cmpstr (json_object_get_string_member (current, "approver"), ==, "role:admin");
  g_assert_cmpint (json_object_get_int_member (current, "seq"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (request, "approver_role"), ==, "admin");
  g_assert_false (rapport_approval_decide_step (request, "approved", "a1", NULL, NULL,
                                                "2026-01-05T00:00:00Z"));
  g_assert_cmpstr (json_object_get_string_member (request, "events"), ==,
                   "[{\"kind\":\"escalated\",\"actor\":null,\"server_time\":\"2026-01-02T00:00:00Z\","
                   "\"step\":1,\"from\":\"team:t\",\"to\":\"role:manager\",\"reason\":\"overdue\"},"
                   "{\"kind\":\"escalated\",\"actor\":null,\"server_time\":\"2026-01-03T00:00:00Z\","
                   "\"step\":2,\"from\":\"role:manager\",\"to\":\"role:admin\",\"reason\":\"overdue\"},"
                   "{\"kind\":\"step_approved\",\"actor\":\"a1\",\"server_time\":\"2026-01-05T00:00:00Z\","
                   "\"doc_hash\":\"h\",\"step\":3,\"approver\":\"role:admin\"}]");
}

/* A request is never deleted, not even locally before it is sent. */
static void
test_kept (RapportTestStore *fixture,
           gconstpointer     data)
{
  RapportStore *store = fixture->store;
  g_autoptr(JsonObject) document = quote ("{\"title\": \"Q\", \"currency\": \"CNY\"}");
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(GError) error = NULL;

  saved = rapport_store_create (store, "quote", document, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_object_get_string_member (saved, "doc_hash")), ==, 64);
  fields = rapport_approval_submission ("quote", saved, "Please");
  request = rapport_store_create (store, "approval_request", fields, &error);
  g_assert_no_error (error);
  g_assert_false (rapport_store_delete (store, "approval_request",
                                        json_object_get_string_member (request, "id"), &error));
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_READ_ONLY);
  g_assert_cmpint (rapport_store_count (store, "approval_request", NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/approval/hash", test_hash);
  g_test_add_func ("/approval/reasons", test_reasons);
  g_test_add_func ("/approval/submission", test_submission);
  g_test_add_func ("/approval/conditions", test_conditions);
  g_test_add_func ("/approval/modes", test_modes);
  g_test_add_func ("/approval/steps", test_steps);
  g_test_add ("/approval/kept", RapportTestStore, NULL, rapport_test_store_set_up, test_kept,
              rapport_test_store_tear_down);
  return g_test_run ();
}
