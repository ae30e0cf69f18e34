/* test-rule-rows.c: a rule's actions and conditions as the editor's rows make them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "rapport-json.h"
#include "rapport-validate.h"
#include "rapport-rule-actions-row.h"
#include "rapport-rule-conditions-row.h"
#include "rapport-rule-field-row.h"
#include "rapport-test-util.h"
#include "rapport-test-widgets.h"

static JsonObject *
rule_of (const char *entity,
         const char *member,
         const char *json)
{
  JsonObject *rule = json_object_new ();

  json_object_set_string_member (rule, "id", "01a24f81-68e3-7353-b3a2-9ed2d4ea1c42");
  json_object_set_string_member (rule, "entity", entity);
  json_object_set_string_member (rule, member, json);
  return rule;
}

static GtkWidget *
row_new (RapportStore *store,
         JsonObject   *rule,
         const char   *member)
{
  const RapportEntity *entity = rapport_entity_lookup ("automation_rule");
  const RapportField *field = rapport_entity_get_field (entity, member);
  GtkWidget *row = g_str_equal (member, "actions") ? rapport_rule_actions_row_new (store, entity, field, rule)
                                                   : rapport_rule_conditions_row_new (store, entity, field, rule);

  return g_object_ref_sink (row);
}

/* The actions as the row would save them; NULL when unchanged. */
static JsonNode *
collected (GtkWidget *row,
           GError   **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  const char *text;

  if (!rapport_field_row_collect (RAPPORT_FIELD_ROW (row), changes, FALSE, error))
    return NULL;
  text = json_object_get_string_member_with_default (changes, "actions", NULL);
  return text != NULL ? json_from_string (text, NULL) : NULL;
}

/* Opened and saved, the actions are as they were; a task's title edited
 * in its row changes the title alone: a member the rows do not show (a
 * calendar) is kept, and so are the actions after it, a task without a
 * due date still without one. */
static void
test_keeps (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_autoptr(JsonObject) rule = rule_of ("case", "actions",
                                        "[{\"type\": \"create_task\", \"title\": \"Call back\", "
                                        "\"due_in_business_days\": 3, \"assign_to\": \"owner\", "
                                        "\"calendar_id\": \"cal-1\"}, {\"type\": \"set_field\", "
                                        "\"field\": \"priority\", \"value\": \"urgent\"}, "
                                        "{\"type\": \"create_task\", \"title\": \"Check\"}]");
  g_autoptr(GtkWidget) row = row_new (store, rule, "actions");
  g_autoptr(JsonNode) unchanged = collected (row, NULL);
  g_autoptr(JsonNode) expected = json_from_string ("[{\"type\": \"create_task\", \"title\": "
                                                   "\"Call the customer back\", "
                                                   "\"due_in_business_days\": 3, \"assign_to\": "
                                                   "\"owner\", \"calendar_id\": \"cal-1\"}, "
                                                   "{\"type\": \"set_field\", \"field\": "
                                                   "\"priority\", \"value\": \"urgent\"}, "
                                                   "{\"type\": \"create_task\", \"title\": "
                                                   "\"Check\"}]", NULL);
  g_autoptr(JsonNode) edited = NULL;
  GtkWidget *title = rapport_test_find_row (row, "Task Title", FALSE);

  g_assert_null (unchanged);
  g_assert_nonnull (title);
  gtk_editable_set_text (GTK_EDITABLE (title), "Call the customer back");
  edited = collected (row, NULL);
  g_assert_nonnull (edited);
  g_assert_true (json_node_equal (edited, expected));
  g_clear_object (&row);
  rapport_test_close_store (&store, &dir);
}

/* An action of a type this version does not know reads "Unknown
 * action" and stays in the list: the check, the server's own, names it
 * by its number when the rule is saved. A task left without a title is
 * named the same way. */
static void
test_unknown_and_wrong (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_autoptr(JsonObject) rule = rule_of ("deal", "actions",
                                        "[{\"type\": \"create_task\", \"title\": \"Send proposal\"}, "
                                        "{\"type\": \"webhook\", \"url\": \"https://example.com/hook\"}]");
  g_autoptr(GtkWidget) row = row_new (store, rule, "actions");
  g_autoptr(GError) error = NULL;
  GtkWidget *unknown = rapport_test_find_row (row, "Action 2", FALSE);
  GtkWidget *title = rapport_test_find_row (row, "Task Title", FALSE);

  g_assert_nonnull (unknown);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (unknown)), ==,
                   "Unknown action\nKept as it is");
  g_assert_null (collected (row, NULL));
  gtk_editable_set_text (GTK_EDITABLE (title), "Send the proposal");
  g_assert_null (collected (row, &error));
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Action 2: “webhook” is no action; use create_task, set_field, assign, notify or "
                   "add_to_campaign");
  g_clear_error (&error);
  gtk_editable_set_text (GTK_EDITABLE (title), "");
  g_assert_null (collected (row, &error));
  g_assert_cmpstr (error->message, ==, "Action 1: a task needs a title of at most 300 characters");
  g_clear_object (&row);
  rapport_test_close_store (&store, &dir);
}

/* A campaign's action offers the statuses of the campaign's type, after
 * "Its first status": an e-mail campaign's Sent is written as "sent",
 * and the first choice writes none. A rule on companies cannot have it:
 * the check names why. */
static void
test_campaign_action (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_autofree char *campaign = rapport_test_create (store, "campaign", "{\"name\": \"Canton Fair\", "
                                                   "\"type\": \"email\"}");
  g_autofree char *json = g_strdup_printf ("[{\"type\": \"add_to_campaign\", \"campaign_id\": \"%s\"}]",
                                           campaign);
  g_autofree char *sent = g_strdup_printf ("[{\"type\": \"add_to_campaign\", \"campaign_id\": \"%s\", "
                                           "\"status\": \"sent\"}]", campaign);
  g_autoptr(JsonObject) rule = rule_of ("deal", "actions", json);
  g_autoptr(GtkWidget) row = row_new (store, rule, "actions");
  g_autoptr(JsonNode) expected = json_from_string (sent, NULL);
  g_autoptr(JsonNode) edited = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *status_row = rapport_test_find_row (row, "Member Status", FALSE);
  GtkDropDown *status;
  GListModel *labels;

  g_assert_nonnull (status_row);
  status = GTK_DROP_DOWN (rapport_test_find_descendant (status_row, GTK_TYPE_DROP_DOWN));
  labels = gtk_drop_down_get_model (status);
  g_assert_cmpuint (g_list_model_get_n_items (labels), ==, 8);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), ==, "Its first status");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 2), ==, "Sent");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 7), ==, "Unsubscribed");
  gtk_drop_down_set_selected (status, 2);
  edited = collected (row, NULL);
  g_assert_nonnull (edited);
  g_assert_true (json_node_equal (edited, expected));
  gtk_drop_down_set_selected (status, 0);
  first = collected (row, NULL);
  g_assert_null (first);
  g_clear_object (&row);

  g_clear_pointer (&rule, json_object_unref);
  rule = rule_of ("company", "actions", "[{\"type\": \"create_task\", \"title\": \"Call\"}]");
  row = row_new (store, rule, "actions");
  rapport_rule_actions_row_set_target (RAPPORT_RULE_ACTIONS_ROW (row), rapport_entity_lookup ("company"));
  {
    GtkWidget *type_row = rapport_test_find_row (row, "Action 1", FALSE);
    GtkDropDown *type = GTK_DROP_DOWN (rapport_test_find_descendant (type_row, GTK_TYPE_DROP_DOWN));

    gtk_drop_down_set_selected (type, 4);
  }
  g_assert_null (collected (row, &error));
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Action 1: a company names no contact to add to a campaign");
  g_clear_object (&row);
  rapport_test_close_store (&store, &dir);
}

/* Conditions on a deal's stage mean nothing to a case: turned to cases,
 * the rule loses them, and the row says so. */
static void
test_conditions_follow_type (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_autoptr(JsonObject) rule = rule_of ("deal", "conditions",
                                        "{\"all\": [{\"field\": \"stage.name\", \"op\": \"=\", "
                                        "\"value\": \"Negotiation\"}]}");
  g_autoptr(GtkWidget) row = row_new (store, rule, "conditions");
  g_autoptr(JsonObject) changes = json_object_new ();

  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Stage › Name is Negotiation");
  rapport_rule_conditions_row_set_target (RAPPORT_RULE_CONDITIONS_ROW (row),
                                          rapport_entity_lookup ("case"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Every record\nThe conditions were removed: they do not apply to Cases.");
  g_assert_true (rapport_field_row_collect (RAPPORT_FIELD_ROW (row), changes, FALSE, NULL));
  g_assert_true (json_object_has_member (changes, "conditions"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (changes, "conditions")));
  g_clear_object (&row);
  rapport_test_close_store (&store, &dir);
}

/* The field a rule watches is picked by its label; turned to a type
 * without it, the rule watches any field. */
static void
test_watched_field (void)
{
  const RapportEntity *entity = rapport_entity_lookup ("automation_rule");
  g_autoptr(JsonObject) rule = rule_of ("deal", "trigger_field", "stage_id");
  g_autoptr(GtkWidget) row = g_object_ref_sink (
    rapport_rule_field_row_new (entity, rapport_entity_get_field (entity, "trigger_field"), rule));
  g_autoptr(JsonObject) unchanged = json_object_new ();
  g_autoptr(JsonObject) changes = json_object_new ();
  GListModel *labels = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), selected), ==, "Stage");
  g_assert_true (rapport_field_row_collect (RAPPORT_FIELD_ROW (row), unchanged, FALSE, NULL));
  g_assert_cmpuint (json_object_get_size (unchanged), ==, 0);
  rapport_rule_field_row_set_target (RAPPORT_RULE_FIELD_ROW (row), rapport_entity_lookup ("case"));
  labels = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), selected), ==, "Any Field");
  g_assert_true (rapport_field_row_collect (RAPPORT_FIELD_ROW (row), changes, FALSE, NULL));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (changes, "trigger_field")));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  rapport_test_forbid_blocking_if_asked ();
  gtk_init ();
  adw_init ();

  g_test_add_func ("/rapport/rule-rows/keeps", test_keeps);
  g_test_add_func ("/rapport/rule-rows/campaign-action", test_campaign_action);
  g_test_add_func ("/rapport/rule-rows/unknown-and-wrong", test_unknown_and_wrong);
  g_test_add_func ("/rapport/rule-rows/conditions-follow-type", test_conditions_follow_type);
  g_test_add_func ("/rapport/rule-rows/watched-field", test_watched_field);
  return g_test_run ();
}
