/* test-store-approvals.c: what the app shows of approvals
 *
 * The inbox lists the pending requests the signed-in user may decide, as
 * the server would let them: not a rep's, not their own request, not of a
 * document they own, a request for an admin only to an admin, and a
 * request made here and not yet synced (no requester) as their own. A
 * document's status has the local rules' reasons and its latest request.
 * With steps, the step decides: a rep of a team decides its step, a
 * delegate decides for an approver away today.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rapport-approval.h"
#include "rapport-json.h"
#include "rapport-store-approvals.h"
#include "rapport-test-util.h"

#define MANAGER "0190f5a4-7b2c-7def-8123-00000000000a"
#define MANAGER2 "0190f5a4-7b2c-7def-8123-00000000000c"
#define REP "0190f5a4-7b2c-7def-8123-00000000000b"
#define ADMIN "0190f5a4-7b2c-7def-8123-00000000adad"
#define QUOTE1 "0190f5a4-7b2c-7def-8123-000000000001"
#define QUOTE2 "0190f5a4-7b2c-7def-8123-000000000002"
#define STAMP "\"version\": 1, \"created_at\": \"2026-01-01T00:00:00Z\"," \
              " \"updated_at\": \"2026-01-01T00:00:00Z\""

static void
add_synced (RapportStore *store,
            const char   *entity,
            const char   *json)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (records, rapport_test_parse_object (json));
  g_assert_true (rapport_store_write_synced (store, entity, records, &error));
  g_assert_no_error (error);
}

#define USER(id, name, role) \
  "{\"id\": \"" id "\", " STAMP ", \"name\": \"" name "\", \"role\": \"" role "\", \"active\": true}"
#define QUOTE(id, title, owner)                                                      \
  "{\"id\": \"" id "\", " STAMP ", \"title\": \"" title "\", \"currency\": \"CNY\"," \
  " \"state\": \"pending_approval\", \"owner_id\": \"" owner "\"}"
#define REQUEST(n, quote, by, approver, status)                                                     \
  "{\"id\": \"0190f5a4-7b2c-7def-8123-0000000001" n "\", " STAMP ", \"quote_id\": \"" quote "\","   \
  " \"doc_hash\": \""                                                                               \
  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"                                \
  "\","                                                                                             \
  " \"requested_by\": \"" by "\", \"approver_role\": \"" approver "\", \"status\": \"" status "\"," \
  " \"reasons\": \"Line 1 discount 25 % is above the 15 % limit\"}"

static RapportStore *
open_book (const char *dir)
{
  RapportStore *store = rapport_test_open_store (dir);

  add_synced (store, "user", USER (MANAGER, "Mia Manager", "manager"));
  add_synced (store, "user", USER (MANAGER2, "Max Manager", "manager"));
  add_synced (store, "user", USER (REP, "Ray Rep", "rep"));
  add_synced (store, "user", USER (ADMIN, "Ada Admin", "admin"));
  add_synced (store, "quote", QUOTE (QUOTE1, "Chairs", REP));
  add_synced (store, "quote", QUOTE (QUOTE2, "Desks", MANAGER));
  /* Mia may decide 01 only: 02 is of her quote, 03 for an admin, 04
   * decided, 05 her own. */
  add_synced (store, "approval_request", REQUEST ("01", QUOTE1, REP, "manager", "pending"));
  add_synced (store, "approval_request", REQUEST ("02", QUOTE2, REP, "manager", "pending"));
  add_synced (store, "approval_request", REQUEST ("03", QUOTE1, REP, "admin", "pending"));
  add_synced (store, "approval_request", REQUEST ("04", QUOTE1, REP, "manager", "approved"));
  add_synced (store, "approval_request", REQUEST ("05", QUOTE1, MANAGER, "manager", "pending"));
  return store;
}

static int
compare_text (gconstpointer a,
              gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The ids' last two digits of the inbox of @user_id, sorted. */
static char *
inbox_of (RapportStore *store,
          const char   *user_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) inbox = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  JsonArray *items;

  g_assert_true (rapport_store_set_state (store, "user_id", user_id, &error));
  inbox = rapport_store_approval_inbox (store, &error);
  g_assert_no_error (error);
  items = rapport_json_get_array (inbox, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *id = rapport_json_get_string (rapport_json_get_object (item, "request"), "id");

      g_ptr_array_add (found, g_strdup (id + strlen (id) - 2));
      g_assert_cmpstr (rapport_json_get_string (item, "requester"), ==,
                       g_str_has_suffix (id, "05")   ? "Mia Manager"
                       : g_str_has_suffix (id, "06") ? "Max Manager"
                                                     : "Ray Rep");
    }
  g_ptr_array_sort (found, compare_text);
  g_ptr_array_add (found, NULL);
  return g_strjoinv (" ", (char **) found->pdata);
}

static void
test_inbox (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = open_book (dir);
  g_autofree char *manager = inbox_of (store, MANAGER);
  g_autofree char *manager2 = inbox_of (store, MANAGER2);
  g_autofree char *admin = inbox_of (store, ADMIN);
  g_autofree char *rep = inbox_of (store, REP);

  g_assert_cmpstr (manager, ==, "01");
  g_assert_cmpstr (manager2, ==, "01 02 05");
  g_assert_cmpstr (admin, ==, "01 02 03 05");
  g_assert_cmpstr (rep, ==, "");
}

static void
test_may_decide_unsynced (void)
{
  g_autoptr(JsonObject) request = rapport_test_parse_object ("{\"status\": \"pending\"}");
  g_autoptr(JsonObject) document = rapport_test_parse_object ("{\"owner_id\": \"" REP "\"}");

  /* Made here, not yet synced: the user's own. */
  g_assert_false (rapport_approval_may_decide (request, document, MANAGER, "manager", NULL));
  json_object_set_string_member (request, "requested_by", REP);
  g_assert_true (rapport_approval_may_decide (request, document, MANAGER, "manager", NULL));
  g_assert_false (rapport_approval_may_decide (request, document, MANAGER, NULL, NULL));
  g_assert_false (rapport_approval_may_decide (request, document, NULL, "admin", NULL));
}

static void
test_status (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = open_book (dir);
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *reasons = NULL;

  add_synced (store, "approval_rule",
              "{\"id\": \"0190f5a4-7b2c-7def-8123-0000000003a1\", " STAMP ", \"name\": \"Discounts\","
              " \"active\": true, \"max_line_discount_ppm\": 150000}");
  line = rapport_test_create (store, "quote_line",
                              "{\"quote_id\": \"" QUOTE2 "\", \"qty_milli\": 1000,"
                              " \"unit_price_x100\": 100000, \"discount_ppm\": 250000}");
  g_assert_true (rapport_store_set_state (store, "user_id", MANAGER, &error));
  status = rapport_store_approval_status (store, "quote", QUOTE2, &error);
  g_assert_no_error (error);
  reasons = rapport_approval_reasons (rapport_json_get_array (status, "matches"));
  g_assert_cmpstr (reasons, ==, "Line 1 discount 25 % is above the 15 % limit");
  g_assert_cmpstr (rapport_json_get_string (rapport_json_get_object (status, "request"), "id"), ==,
                   "0190f5a4-7b2c-7def-8123-000000000102");
  g_assert_cmpstr (rapport_json_get_string (status, "requester"), ==, "Ray Rep");
  g_assert_cmpstr (rapport_json_get_string (status, "user_id"), ==, MANAGER);
  g_assert_nonnull (rapport_json_get_string (rapport_json_get_object (status, "document"),
                                             "doc_hash"));
  g_assert_null (rapport_json_get_string (status, "approvers"));

  /* Approvers in turn, by name, once the rules name more than a role. */
  add_synced (store, "approval_rule",
              "{\"id\": \"0190f5a4-7b2c-7def-8123-0000000003a2\", " STAMP ", \"name\": \"Steps\","
              " \"max_line_discount_ppm\": 200000, \"steps\": \"role:manager\\nuser:" MANAGER2 "\"}");
  g_clear_pointer (&status, json_object_unref);
  status = rapport_store_approval_status (store, "quote", QUOTE2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_json_get_string (status, "approvers"), ==, "Any manager → Max Manager");
}

#define RETAIL "0190f5a4-7b2c-7def-8123-0000000000c1"
#define COMPANY(id, name, industry) \
  "{\"id\": \"" id "\", " STAMP ", \"name\": \"" name "\", \"industry\": \"" industry "\"}"

/* A rule on a customer segment matches the quote of a company the
 * segment's filter holds, read on the local database as the server reads
 * its own; a company that leaves the segment takes the reason with it. */
static void
test_segment (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = open_book (dir);
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reasons = NULL;

  add_synced (store, "segment",
              "{\"id\": \"0190f5a4-7b2c-7def-8123-0000000005e1\", " STAMP ","
              " \"name\": \"Key accounts\", \"object\": \"company\", \"filter\":"
              " \"{\\\"all\\\": [{\\\"field\\\": \\\"industry\\\", \\\"op\\\": \\\"=\\\","
              " \\\"value\\\": \\\"Retail\\\"}]}\"}");
  add_synced (store, "approval_rule",
              "{\"id\": \"0190f5a4-7b2c-7def-8123-0000000003a3\", " STAMP ", \"name\": \"Key\","
              " \"active\": true, \"segment_id\": \"0190f5a4-7b2c-7def-8123-0000000005e1\"}");
  add_synced (store, "company", COMPANY (RETAIL, "Northwind", "Retail"));
  add_synced (store, "quote",
              "{\"id\": \"" QUOTE1 "\", \"version\": 2, \"created_at\": \"2026-01-01T00:00:00Z\","
              " \"updated_at\": \"2026-01-02T00:00:00Z\", \"title\": \"Chairs\","
              " \"currency\": \"CNY\", \"state\": \"draft\", \"owner_id\": \"" REP "\","
              " \"company_id\": \"" RETAIL "\"}");
  status = rapport_store_approval_status (store, "quote", QUOTE1, &error);
  g_assert_no_error (error);
  reasons = rapport_approval_reasons (rapport_json_get_array (status, "matches"));
  g_assert_cmpstr (reasons, ==, "The customer is in the segment “Key accounts”");

  add_synced (store, "company",
              "{\"id\": \"" RETAIL "\", \"version\": 2, \"created_at\": \"2026-01-01T00:00:00Z\","
              " \"updated_at\": \"2026-01-02T00:00:00Z\", \"name\": \"Northwind\","
              " \"industry\": \"Software\"}");
  g_clear_pointer (&status, json_object_unref);
  status = rapport_store_approval_status (store, "quote", QUOTE1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (rapport_json_get_array (status, "matches")), ==, 0);
}

#define TEAM "0190f5a4-7b2c-7def-8123-0000000007ea"
#define STEPPED(n, quote, by, approver, events)                                            \
  "{\"id\": \"0190f5a4-7b2c-7def-8123-0000000001" n "\", " STAMP ", \"quote_id\": \"" quote "\"," \
  " \"doc_hash\": \"0123\", \"requested_by\": \"" by "\", \"status\": \"pending\","            \
  " \"current_step\": 1, \"steps\": \"[{\\\"seq\\\": 1, \\\"approver\\\": \\\"" approver "\\\"}]\"," \
  " \"events\": \"" events "\"}"

/* Steps: a rep in a team decides its step; a delegate decides for an
 * approver away today, not before; the server's reminders are counted
 * and said in words. */
static void
test_steps (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = open_book (dir);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *delegation = NULL;
  g_autofree char *rep = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonObject) inbox = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *item;

  add_synced (store, "team", "{\"id\": \"" TEAM "\", " STAMP ", \"name\": \"East\"}");
  add_synced (store, "team_member",
              "{\"id\": \"0190f5a4-7b2c-7def-8123-0000000007eb\", " STAMP ","
              " \"team_id\": \"" TEAM "\", \"user_id\": \"" REP "\"}");
  add_synced (store, "approval_request",
              STEPPED ("06", QUOTE2, MANAGER2, "team:" TEAM,
                       "[{\\\"kind\\\": \\\"reminded\\\", \\\"step\\\": 1,"
                       " \\\"approver\\\": \\\"team:" TEAM "\\\"}]"));
  add_synced (store, "approval_request",
              STEPPED ("07", QUOTE1, REP, "user:" MANAGER2, "[]"));

  rep = inbox_of (store, REP);
  g_assert_cmpstr (rep, ==, "06");
  before = inbox_of (store, MANAGER);
  g_assert_cmpstr (before, ==, "01");
  delegation = g_strdup_printf ("{\"id\": \"0190f5a4-7b2c-7def-8123-0000000008aa\", " STAMP ","
                                " \"user_id\": \"" MANAGER2 "\", \"delegate_id\": \"" MANAGER "\","
                                " \"starts_on\": \"%s\", \"ends_on\": \"%s\"}", today, today);
  add_synced (store, "approval_delegation", delegation);
  after = inbox_of (store, MANAGER);
  g_assert_cmpstr (after, ==, "01 07");

  g_assert_true (rapport_store_set_state (store, "user_id", REP, &error));
  inbox = rapport_store_approval_inbox (store, &error);
  g_assert_no_error (error);
  item = json_array_get_object_element (rapport_json_get_array (inbox, "items"), 0);
  g_assert_cmpint (json_object_get_int_member (item, "reminders"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "reminder"), ==,
                   "Reminder: step 1 still waits for Team East");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/approvals/inbox", test_inbox);
  g_test_add_func ("/rapport/approvals/may-decide-unsynced", test_may_decide_unsynced);
  g_test_add_func ("/rapport/approvals/status", test_status);
  g_test_add_func ("/rapport/approvals/steps", test_steps);
  g_test_add_func ("/rapport/approvals/segment", test_segment);

  return g_test_run ();
}
