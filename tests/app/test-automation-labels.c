/* test-automation-labels.c: an automation rule's conditions and actions in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "rapport-automation-labels.h"
#include "rapport-test-util.h"

typedef struct
{
  RapportTestStore base;
  char            *stage_id;   /* (owned): "Proposal" */
  char            *user_id;    /* (owned): Wang Fang */
  char            *queue_id;   /* (owned): "Hotline" */
  char            *campaign_id; /* (owned): "Canton Fair", by e-mail */
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  RapportStore *store;
  g_autofree char *pipeline_id = NULL;

  rapport_test_store_set_up (&fixture->base, data);
  store = fixture->base.store;
  pipeline_id = rapport_test_create (store, "pipeline", "{\"name\": \"Sales\"}");
  fixture->stage_id = rapport_test_create (store, "stage", "{\"pipeline_id\": \"%s\", "
                                           "\"name\": \"Proposal\", \"position\": 2}", pipeline_id);
  fixture->user_id = rapport_test_create (store, "user", "{\"name\": \"wang.fang\", "
                                          "\"display_name\": \"Wang Fang\", \"role\": \"manager\"}");
  fixture->queue_id = rapport_test_create (store, "queue", "{\"name\": \"Hotline\"}");
  fixture->campaign_id = rapport_test_create (store, "campaign", "{\"name\": \"Canton Fair\", "
                                              "\"type\": \"email\"}");
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_free (fixture->stage_id);
  g_free (fixture->user_id);
  g_free (fixture->queue_id);
  g_free (fixture->campaign_id);
  rapport_test_store_tear_down (&fixture->base, data);
}

static char *
conditions (Fixture    *fixture,
            const char *entity,
            const char *json)
{
  return rapport_automation_labels_conditions (fixture->base.store, rapport_entity_lookup (entity),
                                               json);
}

/* The conditions read as the filter bar reads a filter, the stage by its
 * name, never its id; none at all read "Every record". */
static void
test_conditions (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *json = g_strdup_printf ("{\"all\": [{\"field\": \"stage_id\", \"op\": \"=\", "
                                           "\"value\": \"%s\"}, {\"field\": \"amount\", \"op\": "
                                           "\"is_not_empty\"}]}", fixture->stage_id);
  g_autofree char *stage = conditions (fixture, "deal", json);
  g_autofree char *urgent = conditions (fixture, "case", "{\"all\": [{\"field\": \"priority\", "
                                        "\"op\": \"=\", \"value\": \"urgent\"}]}");
  g_autofree char *gone = conditions (fixture, "deal", "{\"field\": \"stage_id\", \"op\": \"!=\", "
                                      "\"value\": \"01a24f81-68e3-7353-b3a2-9ed2d4ea1c42\"}");
  g_autofree char *none = conditions (fixture, "deal", NULL);
  g_autofree char *empty = conditions (fixture, "deal", "{\"all\": []}");

  g_assert_cmpstr (stage, ==, "Stage is Proposal and Amount is not empty");
  g_assert_cmpstr (urgent, ==, "Priority is Urgent");
  g_assert_cmpstr (gone, ==, "Stage is not a record not synced yet");
  g_assert_cmpstr (none, ==, "Every record");
  g_assert_cmpstr (empty, ==, "Every record");
}

/* Each action one sentence: a task with its working days and for whom, a
 * field and its choice by their labels, a person and a queue by name,
 * a notification's recipients and message, a campaign by its name and
 * its members' status by its label; what no sentence knows is an
 * "Unknown action", never JSON. */
static void
test_actions (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *json = g_strdup_printf (
    "[{\"type\": \"create_task\", \"title\": \"Send proposal\", \"due_in_business_days\": 2, "
    "\"assign_to\": \"owner\"},"
    " {\"type\": \"create_task\", \"title\": \"Call\", \"due_in_business_days\": 1, "
    "\"assign_to\": \"user\", \"user_id\": \"%s\"},"
    " {\"type\": \"create_task\", \"title\": \"Check\"},"
    " {\"type\": \"set_field\", \"field\": \"priority\", \"value\": \"urgent\"},"
    " {\"type\": \"assign\", \"user_id\": \"%s\"},"
    " {\"type\": \"assign\", \"queue_id\": \"%s\"},"
    " {\"type\": \"notify\", \"to\": \"role\", \"role\": \"manager\", "
    "\"message\": \"Call the customer back within the hour\"},"
    " {\"type\": \"notify\", \"to\": \"user\", \"user_id\": \"%s\", \"message\": \"Look\"},"
    " {\"type\": \"notify\", \"to\": \"queue_lead\", \"message\": \"At risk\"},"
    " {\"type\": \"add_to_campaign\", \"campaign_id\": \"%s\", \"status\": \"opened\"},"
    " {\"type\": \"add_to_campaign\", \"campaign_id\": \"%s\"},"
    " {\"type\": \"webhook\", \"url\": \"https://example.com\"}]",
    fixture->user_id, fixture->user_id, fixture->queue_id, fixture->user_id, fixture->campaign_id,
    fixture->campaign_id);
  g_autoptr(JsonObject) rule = json_object_new ();
  g_autoptr(GPtrArray) lines = NULL;
  const char * const expected[] = {
    "Create task “Send proposal”, due in 2 working days, for the case’s owner",
    "Create task “Call”, due in 1 working day, for Wang Fang",
    "Create task “Check” for the case’s owner",
    "Set Priority to Urgent",
    "Assign to Wang Fang",
    "Put in queue Hotline",
    "Notify the managers: “Call the customer back within the hour”",
    "Notify Wang Fang: “Look”",
    "Notify the queue lead: “At risk”",
    "Add the case’s contact to campaign “Canton Fair” as Opened",
    "Add the case’s contact to campaign “Canton Fair”",
    "Unknown action",
  };

  json_object_set_string_member (rule, "entity", "case");
  json_object_set_string_member (rule, "actions", json);
  json_object_set_string_member (rule, "trigger_field", "priority");
  lines = rapport_automation_labels_actions (fixture->base.store, rule);
  g_assert_cmpuint (lines->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpstr (g_ptr_array_index (lines, i), ==, expected[i]);

  {
    g_autofree char *field = rapport_automation_labels_trigger_field (rule);

    g_assert_cmpstr (field, ==, "Priority");
  }
  json_object_set_string_member (rule, "actions", "not JSON");
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = rapport_automation_labels_actions (fixture->base.store, rule);
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "Unknown action");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  rapport_test_forbid_blocking_if_asked ();

  g_test_add ("/rapport/automation-labels/conditions", Fixture, NULL, set_up, test_conditions,
              tear_down);
  g_test_add ("/rapport/automation-labels/actions", Fixture, NULL, set_up, test_actions, tear_down);
  return g_test_run ();
}
