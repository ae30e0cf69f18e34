/* rapport-server-demo-automation.c: the demo book's ready-made automation rules
 *
 * Two of the rules issue 19 ships ready-made are enabled in the demo book, so that
 * a user who moves a deal to Proposal or files an urgent case sees them act:
 * "deal moves to Proposal → task 'Send proposal' for the owner, due in two
 * business days of the default calendar", and "urgent case → notify the
 * managers" (the team's managers stand in for an on-call rota, which
 * Rapport does not keep) when a case is made urgent or becomes urgent, not
 * at each later edit of it. Two more escalate cases whose service level is
 * at risk or breached, and one tells the owner of a stale deal; they are off. They are made last, after the book's
 * records, so that the book itself fires none of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-demo"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-server-demo-private.h"

static gboolean
add_rule (RapportServerDemo *demo,
          gboolean           enabled,
          const char        *name,
          const char        *entity,
          const char        *trigger,
          const char        *trigger_field,
          JsonNode          *conditions,
          JsonNode          *actions,
          GError           **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonNode) owned_conditions = conditions;
  g_autoptr(JsonNode) owned_actions = actions;
  g_autofree char *conditions_text = conditions != NULL ? rapport_json_to_string (conditions) : NULL;
  g_autofree char *actions_text = rapport_json_to_string (actions);
  g_autofree char *id = NULL;

  json_object_set_string_member (fields, "name", name);
  json_object_set_boolean_member (fields, "enabled", enabled);
  json_object_set_string_member (fields, "entity", entity);
  json_object_set_string_member (fields, "trigger", trigger);
  if (trigger_field != NULL)
    json_object_set_string_member (fields, "trigger_field", trigger_field);
  if (conditions_text != NULL)
    json_object_set_string_member (fields, "conditions", conditions_text);
  json_object_set_string_member (fields, "actions", actions_text);
  id = rapport_server_demo_write (demo, NULL, "automation_rule", NULL, fields, error);
  return id != NULL;
}

/* {"all": [{"field": @field, "op": "=", "value": @value}]} */
static JsonNode *
field_is (const char *field,
          const char *value)
{
  g_autofree char *text = g_strdup_printf ("{\"all\": [{\"field\": \"%s\", \"op\": \"=\", \"value\": \"%s\"}]}",
                                           field, value);

  return json_from_string (text, NULL);
}

/* A list of @action and the actions after it, up to NULL; takes them. */
static JsonNode *
actions_of (JsonObject *action,
            ...)
{
  JsonArray *actions = json_array_new ();
  va_list args;

  va_start (args, action);
  for (; action != NULL; action = va_arg (args, JsonObject *))
    json_array_add_object_element (actions, action);
  va_end (args);
  return json_node_init_array (json_node_alloc (), actions);
}

static JsonObject *
notify_action (const char *to,
               const char *message)
{
  JsonObject *notify = json_object_new ();

  json_object_set_string_member (notify, "type", "notify");
  json_object_set_string_member (notify, "to", to);
  json_object_set_string_member (notify, "message", message);
  return notify;
}

/* Escalation (SPEC.md §8.3) and stale deals, ready-made and off: an admin
 * turns them on once the team's service levels and stages' rotten_days
 * are set. */
static gboolean
add_escalation (RapportServerDemo *demo,
                GError           **error)
{
  JsonObject *urgent = json_object_new ();

  json_object_set_string_member (urgent, "type", "set_field");
  json_object_set_string_member (urgent, "field", "priority");
  json_object_set_string_member (urgent, "value", "urgent");
  return add_rule (demo, FALSE, _("Case at risk: tell the owner"), "case", "sla_warning", NULL, NULL,
                   actions_of (notify_action ("owner", _("Answer this case now: its service level is at risk")),
                               NULL),
                   error) &&
         add_rule (demo, FALSE, _("Case breached: tell the queue lead and make it urgent"), "case",
                   "sla_breached", NULL, NULL,
                   actions_of (notify_action ("queue_lead", _("A case missed its service level")), urgent,
                               NULL),
                   error) &&
         add_rule (demo, FALSE, _("Deal goes stale: tell the owner"), "deal", "stale", NULL, NULL,
                   actions_of (notify_action ("owner", _("Nobody has worked on this deal for a while")),
                               NULL),
                   error);
}

/**
 * rapport_server_demo_add_automation:
 * @proposal_stage: the id of the book's Proposal stage
 */
gboolean
rapport_server_demo_add_automation (RapportServerDemo *demo,
                                    const char        *proposal_stage,
                                    GError           **error)
{
  JsonObject *task = json_object_new ();
  JsonObject *notify = notify_action ("role", _("An urgent case came in"));

  json_object_set_string_member (task, "type", "create_task");
  /* Translators: the title of the task the ready-made rule makes */
  json_object_set_string_member (task, "title", _("Send proposal"));
  json_object_set_int_member (task, "due_in_business_days", 2);
  json_object_set_string_member (task, "assign_to", "owner");
  json_object_set_string_member (notify, "role", "manager");
  return add_rule (demo, TRUE, _("Deal moves to Proposal: send the proposal"), "deal", "field_changed",
                   "stage_id", field_is ("stage_id", proposal_stage), actions_of (task, NULL), error) &&
         add_rule (demo, TRUE, _("Urgent case: tell the managers"), "case", "created_or_changed",
                   "priority", field_is ("priority", "urgent"), actions_of (notify, NULL), error) &&
         add_escalation (demo, error);
}
