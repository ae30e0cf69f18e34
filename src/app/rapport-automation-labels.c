/* rapport-automation-labels.c: an automation rule in the words of a sales admin
 *
 * A rule keeps its conditions and actions as JSON with record ids
 * (rapport-automation.c); its page and its editor read them as sentences:
 * "Stage is Proposal", "Create task “Send proposal”, due in 2 working
 * days, for the deal’s owner", "Put in queue Hotline". The records named
 * by id are read from the store by their titles; fields and choices by
 * their translated labels. What no sentence fits (an action type of a
 * later version) reads "Unknown action", never as JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-automation-labels"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-automation-labels.h"
#include "rapport-campaign.h"
#include "rapport-change-text.h"
#include "rapport-filter-labels.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-record.h"

/* A record's title, or what says it is not here (yet). */
static char *
title_of (RapportStore *store,
          const char   *entity,
          const char   *id)
{
  g_autoptr(JsonObject) record = id != NULL ? rapport_store_get (store, entity, id, NULL) : NULL;

  if (record == NULL)
    return g_strdup (_("a record not synced yet"));
  return rapport_record_title (rapport_entity_lookup (entity), record);
}

/* "Stage is Proposal": a reference to a record other than "me", by the
 * record's title; NULL for what the filter bar's words say already. */
static char *
describe_reference (RapportStore        *store,
                    const RapportEntity *entity,
                    JsonObject          *condition)
{
  const char *path = rapport_json_get_string (condition, "field");
  const char *op = rapport_json_get_string (condition, "op");
  const char *value = rapport_json_get_string (condition, "value");
  const RapportField *field = path != NULL ? rapport_entity_get_field (entity, path) : NULL;
  g_autofree char *title = NULL;

  if (field == NULL || field->kind != RAPPORT_FIELD_REF || value == NULL ||
      g_strcmp0 (value, "me") == 0 || (g_strcmp0 (op, "=") != 0 && g_strcmp0 (op, "!=") != 0))
    return NULL;
  title = title_of (store, field->ref_entity, value);
  return g_strdup_printf (C_("filter condition", "%1$s %2$s %3$s"), rapport_labels_field (entity, path),
                          rapport_filter_labels_op (RAPPORT_FILTER_VALUE_CHOICE, op), title);
}

/**
 * rapport_automation_labels_conditions:
 * @json: (nullable): the rule's conditions, a filter's JSON on @entity
 *
 * Returns: (transfer full): the conditions as the filter bar reads a
 *   filter, records by their titles: "Stage is Proposal"; "Every record"
 *   without conditions
 */
char *
rapport_automation_labels_conditions (RapportStore        *store,
                                      const RapportEntity *entity,
                                      const char          *json)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *object;
  JsonArray *children = NULL;
  gboolean any = FALSE;
  guint n = 1;

  if (json == NULL || *json == '\0')
    return g_strdup (_("Every record"));
  root = rapport_json_parse (json, strlen (json), 100000, 32, NULL);
  if (root == NULL || entity == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup (_("Conditions that cannot be read"));
  object = json_node_get_object (root);
  if (json_object_has_member (object, "all") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "all")))
    children = json_object_get_array_member (object, "all");
  else if (json_object_has_member (object, "any") &&
           JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "any")))
    {
      children = json_object_get_array_member (object, "any");
      any = TRUE;
    }
  if (children != NULL && (n = json_array_get_length (children)) == 0)
    return g_strdup (_("Every record"));

  for (guint i = 0; i < n; i++)
    {
      JsonNode *child = children != NULL ? json_array_get_element (children, i) : root;
      g_autofree char *part = NULL;

      if (JSON_NODE_HOLDS_OBJECT (child))
        part = describe_reference (store, entity, json_node_get_object (child));
      if (part == NULL)
        part = rapport_filter_labels_describe (entity, child);
      if (i > 0)
        g_string_append (text, any ? _(" or ") : _(" and "));
      g_string_append (text, part);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * rapport_automation_labels_recipient:
 * @to: a notify action's "to"
 * @role: (nullable): its "role"
 *
 * Returns: (nullable): whom a notification goes to, but a person: "the
 *   owner", "the queue lead", "the managers"; %NULL for "user" or what is
 *   no recipient
 */
const char *
rapport_automation_labels_recipient (const char *to,
                                     const char *role)
{
  if (g_strcmp0 (to, "owner") == 0)
    return _("the owner");
  if (g_strcmp0 (to, "owner_manager") == 0)
    return _("the owner’s manager");
  if (g_strcmp0 (to, "queue_lead") == 0)
    return _("the queue lead");
  if (g_strcmp0 (to, "role") != 0)
    return NULL;
  if (g_strcmp0 (role, "manager") == 0)
    return _("the managers");
  if (g_strcmp0 (role, "admin") == 0)
    return _("the admins");
  if (g_strcmp0 (role, "rep") == 0)
    return _("the reps");
  return NULL;
}

static char *
describe_task (RapportStore        *store,
               const RapportEntity *entity,
               JsonObject          *action)
{
  const char *title = rapport_json_get_string (action, "title");
  gint64 days = rapport_json_get_int (action, "due_in_business_days", 0);
  g_autofree char *whom = NULL;

  if (g_strcmp0 (rapport_json_get_string (action, "assign_to"), "user") == 0)
    whom = title_of (store, "user", rapport_json_get_string (action, "user_id"));
  else
    {
      g_autofree char *kind = g_utf8_strdown (rapport_labels_singular (entity), -1);

      /* Translators: whom a rule's task is for: "the deal’s owner" */
      whom = g_strdup_printf (_("the %s’s owner"), kind);
    }
  if (days > 0)
    /* Translators: an action of an automation rule; "working days" are business days */
    return g_strdup_printf (ngettext ("Create task “%1$s”, due in %2$d working day, for %3$s",
                                      "Create task “%1$s”, due in %2$d working days, for %3$s",
                                      (gulong) days),
                            title != NULL ? title : "", (int) days, whom);
  /* Translators: an action of an automation rule */
  return g_strdup_printf (_("Create task “%1$s” for %2$s"), title != NULL ? title : "", whom);
}

static char *
describe_set_field (RapportStore        *store,
                    const RapportEntity *entity,
                    JsonObject          *action)
{
  const char *field = rapport_json_get_string (action, "field");
  g_autofree char *value = NULL;

  if (field == NULL)
    return NULL;
  value = rapport_change_text_value (store, entity, field, json_object_get_member (action, "value"),
                                     NULL);
  /* Translators: an action of an automation rule: "Set Priority to Urgent" */
  return g_strdup_printf (_("Set %1$s to %2$s"), rapport_labels_field (entity, field), value);
}

static char *
describe_notify (RapportStore *store,
                 JsonObject   *action)
{
  const char *to = rapport_json_get_string (action, "to");
  const char *message = rapport_json_get_string (action, "message");
  g_autofree char *whom = NULL;

  if (g_strcmp0 (to, "user") == 0)
    whom = title_of (store, "user", rapport_json_get_string (action, "user_id"));
  else if (rapport_automation_labels_recipient (to, rapport_json_get_string (action, "role")) != NULL)
    whom = g_strdup (rapport_automation_labels_recipient (to, rapport_json_get_string (action, "role")));
  else
    return NULL;
  /* Translators: an action of an automation rule: "Notify the managers: “Call back”" */
  return g_strdup_printf (_("Notify %1$s: “%2$s”"), whom, message != NULL ? message : "");
}

/* "Add the contact to campaign “Canton Fair” as Sent"; without a status,
 * the first of the campaign's type, which the page need not name. */
static char *
describe_add_to_campaign (RapportStore        *store,
                          const RapportEntity *entity,
                          JsonObject          *action)
{
  const char *id = rapport_json_get_string (action, "campaign_id");
  g_autoptr(JsonObject) campaign = id != NULL ? rapport_store_get (store, "campaign", id, NULL) : NULL;
  const char *code = rapport_json_get_string (action, "status");
  const RapportMemberStatus *status;
  g_autofree char *name = title_of (store, "campaign", id);
  g_autofree char *whom = NULL;

  if (g_str_equal (entity->name, "contact"))
    whom = g_strdup (_("the contact"));
  else
    {
      g_autofree char *kind = g_utf8_strdown (rapport_labels_singular (entity), -1);

      /* Translators: whom a rule adds to a campaign: "the deal’s contact" */
      whom = g_strdup_printf (_("the %s’s contact"), kind);
    }
  if (code != NULL)
    {
      /* A status the campaign's type lacks reads as it is: the run will say so. */
      status = rapport_campaign_find_status (campaign != NULL ? rapport_json_get_string (campaign, "type")
                                                              : NULL,
                                             code);
      /* Translators: an action of an automation rule: "Add the deal’s contact to campaign “Canton Fair” as Sent" */
      return g_strdup_printf (_("Add %1$s to campaign “%2$s” as %3$s"), whom, name,
                              status != NULL ? g_dpgettext2 (NULL, "member status", status->label) : code);
    }
  /* Translators: an action of an automation rule: "Add the deal’s contact to campaign “Canton Fair”" */
  return g_strdup_printf (_("Add %1$s to campaign “%2$s”"), whom, name);
}

/**
 * rapport_automation_labels_action:
 * @entity: the rule's record type
 * @action: one of its actions
 *
 * Returns: (transfer full): the action as one sentence; "Unknown action"
 *   for one these words do not know
 */
char *
rapport_automation_labels_action (RapportStore        *store,
                                  const RapportEntity *entity,
                                  JsonObject          *action)
{
  const char *type = action != NULL ? rapport_json_get_string (action, "type") : NULL;
  char *text = NULL;

  if (entity == NULL)
    ;
  else if (g_strcmp0 (type, "create_task") == 0)
    text = describe_task (store, entity, action);
  else if (g_strcmp0 (type, "set_field") == 0)
    text = describe_set_field (store, entity, action);
  else if (g_strcmp0 (type, "assign") == 0 && rapport_json_get_string (action, "queue_id") != NULL)
    {
      g_autofree char *queue = title_of (store, "queue", rapport_json_get_string (action, "queue_id"));

      /* Translators: an action of an automation rule: "Put in queue Hotline" */
      text = g_strdup_printf (_("Put in queue %s"), queue);
    }
  else if (g_strcmp0 (type, "assign") == 0)
    {
      g_autofree char *user = title_of (store, "user", rapport_json_get_string (action, "user_id"));

      /* Translators: an action of an automation rule: "Assign to Wang Fang" */
      text = g_strdup_printf (_("Assign to %s"), user);
    }
  else if (g_strcmp0 (type, "notify") == 0)
    text = describe_notify (store, action);
  else if (g_strcmp0 (type, "add_to_campaign") == 0)
    text = describe_add_to_campaign (store, entity, action);
  return text != NULL ? text : g_strdup (_("Unknown action"));
}

/**
 * rapport_automation_labels_actions:
 * @rule: an automation_rule record
 *
 * Returns: (transfer full) (element-type utf8): a sentence per action, in
 *   order; one "Unknown action" when they are no JSON list
 */
GPtrArray *
rapport_automation_labels_actions (RapportStore *store,
                                   JsonObject   *rule)
{
  const char *text = rapport_json_get_string (rule, "actions");
  const char *name = rapport_json_get_string (rule, "entity");
  const RapportEntity *entity = name != NULL ? rapport_entity_lookup (name) : NULL;
  g_autoptr(JsonNode) root = text != NULL ? rapport_json_parse (text, strlen (text), 100000, 8, NULL)
                                          : NULL;
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  if (text == NULL || *text == '\0')
    return lines;
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_ptr_array_add (lines, g_strdup (_("Unknown action")));
      return lines;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (root), i);

      g_ptr_array_add (lines, rapport_automation_labels_action (store, entity,
                                                                JSON_NODE_HOLDS_OBJECT (node)
                                                                  ? json_node_get_object (node)
                                                                  : NULL));
    }
  return lines;
}

/**
 * rapport_automation_labels_trigger_field:
 *
 * Returns: (transfer full) (nullable): the label of the field a rule
 *   watches, "Stage"; %NULL when it watches none
 */
char *
rapport_automation_labels_trigger_field (JsonObject *rule)
{
  const char *field = rapport_json_get_string (rule, "trigger_field");
  const char *name = rapport_json_get_string (rule, "entity");
  const RapportEntity *entity = name != NULL ? rapport_entity_lookup (name) : NULL;

  if (field == NULL || *field == '\0')
    return NULL;
  return g_strdup (entity != NULL ? rapport_labels_field (entity, field) : field);
}
