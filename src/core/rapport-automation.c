/* rapport-automation.c: automation rules, what they say and when they fire
 *
 * A rule (SPEC.md §9.3) watches one record type: when a record is created,
 * or a named field of it changes (or either: created_or_changed, with a
 * field or, without one, on every write), and its conditions hold, the server does
 * the rule's actions in the transaction of the write. The conditions are
 * the filter language's JSON (rapport-filter.c); the actions a JSON list:
 *
 *   {"type": "create_task", "title": "Send proposal", "due_in_business_days": 2,
 *    "calendar_id": ID?, "assign_to": "owner" | "user", "user_id": ID?}
 *   {"type": "set_field", "field": "priority", "value": "urgent"}
 *   {"type": "assign", "user_id": ID} or {"type": "assign", "queue_id": ID}
 *   {"type": "notify", "to": "user" | "owner" | "owner_manager" | "role" | "queue_lead",
 *    "user_id": ID?, "role": "manager"?, "message": "…"}
 *   {"type": "add_to_campaign", "campaign_id": ID, "status": "sent"?}
 *    (the contact, or a deal's or case's contact; by default in the first
 *    status of the campaign's type)
 *
 * Cases have two triggers more, for escalation (SPEC.md §8.3): sla_warning
 * when a case's service level comes into its warning time, sla_breached
 * when it is breached. Each fires when the case's SLA status enters that
 * state, so once per clock: the first response's and the resolution's
 * warnings are two events; the response's breach, and the resolution's
 * after it, one; a reopened case starts its clocks, and its events, again.
 * Deals have "stale": no activity and no change for their stage's
 * rotten_days (rapport-deal-stale.c), which no write fires: a sweep of the
 * server finds such deals.
 *
 * Client and server check a rule with the same function, so a rule naming
 * a field or an action that does not exist is refused wherever it is
 * written, with the field and what is wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-automation"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-automation.h"
#include "rapport-campaign.h"
#include "rapport-json.h"
#include "rapport-uuid.h"
#include "rapport-validate.h"

#define MAX_ACTIONS 20
#define MAX_MESSAGE_CHARS 1000
#define MAX_TITLE_CHARS 300
#define MAX_BUSINESS_DAYS 365

static const char * const action_types[] = { "create_task", "set_field", "assign", "notify",
                                              "add_to_campaign", NULL };
static const char * const recipients[] = { "user", "owner", "owner_manager", "role", "queue_lead", NULL };
static const char * const roles[] = { "admin", "manager", "rep", NULL };

static const RapportEntity *
rule_entity (JsonObject *rule)
{
  const char *name = rapport_json_get_string (rule, "entity");

  return name != NULL ? rapport_entity_lookup (name) : NULL;
}

/* An error on the rule's "actions", saying which action is wrong. */
static void G_GNUC_PRINTF (3, 4)
set_action_error (GError    **error,
                  guint       index,
                  const char *format,
                  ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: "Action 2: a deal has no field “colour”" */
  rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "actions",
                                _("Action %u: %s"), index + 1, what);
}

static gboolean
is_text (JsonObject *action,
         const char *member,
         gsize       max_chars)
{
  const char *text = rapport_json_get_string (action, member);

  return text != NULL && *text != '\0' && g_utf8_strlen (text, -1) <= (glong) max_chars;
}

static gboolean
check_create_task (JsonObject *action,
                   guint       index,
                   GError    **error)
{
  const char *assign_to = rapport_json_get_string (action, "assign_to");
  JsonNode *days = json_object_get_member (action, "due_in_business_days");

  if (!is_text (action, "title", MAX_TITLE_CHARS))
    {
      set_action_error (error, index, _("a task needs a title of at most %d characters"),
                        MAX_TITLE_CHARS);
      return FALSE;
    }
  if (days != NULL && !JSON_NODE_HOLDS_NULL (days) &&
      (json_node_get_value_type (days) != G_TYPE_INT64 || json_node_get_int (days) < 1 ||
       json_node_get_int (days) > MAX_BUSINESS_DAYS))
    {
      set_action_error (error, index, _("“due_in_business_days” must be a whole number from 1 to %d"),
                        MAX_BUSINESS_DAYS);
      return FALSE;
    }
  if (assign_to != NULL && strcmp (assign_to, "owner") != 0 && strcmp (assign_to, "user") != 0)
    {
      set_action_error (error, index, _("“assign_to” must be “owner” or “user”"));
      return FALSE;
    }
  if (g_strcmp0 (assign_to, "user") == 0 && rapport_json_get_string (action, "user_id") == NULL)
    {
      set_action_error (error, index, _("a task given to a user needs its “user_id”"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_set_field (const RapportEntity *entity,
                 JsonObject          *action,
                 guint                index,
                 GError             **error)
{
  const char *name = rapport_json_get_string (action, "field");
  g_autoptr(JsonObject) change = json_object_new ();
  g_autoptr(GError) local_error = NULL;

  if (name == NULL || rapport_entity_get_field (entity, name) == NULL)
    {
      set_action_error (error, index, _("a %s has no field “%s”"), entity->name,
                        name != NULL ? name : "");
      return FALSE;
    }
  json_object_set_member (change, name, rapport_json_dup_member (action, "value"));
  if (!rapport_validate_changes (entity, change, &local_error))
    {
      set_action_error (error, index, "%s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_assign (JsonObject *action,
              guint       index,
              GError    **error)
{
  gboolean user = rapport_json_get_string (action, "user_id") != NULL;
  gboolean queue = rapport_json_get_string (action, "queue_id") != NULL;

  if (user == queue)
    {
      set_action_error (error, index, _("assign to a “user_id” or through a round robin “queue_id”"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_notify (const RapportEntity *entity,
              JsonObject          *action,
              guint                index,
              GError             **error)
{
  const char *to = rapport_json_get_string (action, "to");
  const char *role = rapport_json_get_string (action, "role");

  if (to == NULL || !g_strv_contains (recipients, to))
    {
      set_action_error (error, index,
                        _("“to” must be “user”, “owner”, “owner_manager”, “role” or “queue_lead”"));
      return FALSE;
    }
  if (strcmp (to, "user") == 0 && rapport_json_get_string (action, "user_id") == NULL)
    {
      set_action_error (error, index, _("a notification to a user needs its “user_id”"));
      return FALSE;
    }
  if (strcmp (to, "queue_lead") == 0 && rapport_entity_get_field (entity, "queue_id") == NULL)
    {
      /* Translators: %s is a record type, e.g. "deal" */
      set_action_error (error, index, _("a %s has no queue, so no queue lead to notify"),
                        entity->name);
      return FALSE;
    }
  if (strcmp (to, "role") == 0 && (role == NULL || !g_strv_contains (roles, role)))
    {
      set_action_error (error, index, _("“role” must be “admin”, “manager” or “rep”"));
      return FALSE;
    }
  if (!is_text (action, "message", MAX_MESSAGE_CHARS))
    {
      set_action_error (error, index, _("a notification needs a message of at most %d characters"),
                        MAX_MESSAGE_CHARS);
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_automation_contact_of:
 * @entity: the records a rule watches
 *
 * Returns: (nullable): the field of @entity that names the contact an
 *   add_to_campaign action adds: "id" for a contact itself, a reference to
 *   a contact otherwise; %NULL when its records name none
 */
const char *
rapport_automation_contact_of (const RapportEntity *entity)
{
  const RapportField *field;

  if (g_str_equal (entity->name, "contact"))
    return "id";
  field = rapport_entity_get_field (entity, "contact_id");
  return field != NULL && g_strcmp0 (field->ref_entity, "contact") == 0 ? field->name : NULL;
}

/* A status of some campaign type: which one fits is known only once the
 * campaign is, when the rule runs. */
static gboolean
is_member_status (const char *status)
{
  const char * const types[] = { "email", "event", "other" };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (rapport_campaign_find_status (types[i], status) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
check_add_to_campaign (const RapportEntity *entity,
                       JsonObject          *action,
                       guint                index,
                       GError             **error)
{
  const char *status = rapport_json_get_string (action, "status");

  if (rapport_automation_contact_of (entity) == NULL)
    {
      /* Translators: %s is a record type, e.g. "task" */
      set_action_error (error, index, _("a %s names no contact to add to a campaign"), entity->name);
      return FALSE;
    }
  if (rapport_json_get_string (action, "campaign_id") == NULL)
    {
      set_action_error (error, index, _("adding to a campaign needs its “campaign_id”"));
      return FALSE;
    }
  if (json_object_has_member (action, "status") && (status == NULL || !is_member_status (status)))
    {
      set_action_error (error, index, _("“%s” is no campaign member’s status"), status != NULL ? status : "");
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_automation_rule_actions:
 * @rule: an automation_rule record
 *
 * Returns: (transfer full) (nullable): its actions, each checked, or %NULL
 *   with a %RAPPORT_VALIDATION_ERROR on "actions" (or "entity") naming
 *   what is wrong
 */
JsonArray *
rapport_automation_rule_actions (JsonObject *rule,
                                 GError    **error)
{
  const RapportEntity *entity = rule_entity (rule);
  const char *text = rapport_json_get_string (rule, "actions");
  g_autoptr(JsonNode) root = NULL;
  JsonArray *actions;
  guint n;

  if (entity == NULL)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, "entity",
                                    _("A rule needs the kind of records it watches"));
      return NULL;
    }
  if (text != NULL)
    root = rapport_json_parse (text, strlen (text), 100000, 8, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root) ||
      (n = json_array_get_length (json_node_get_array (root))) == 0 || n > MAX_ACTIONS)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "actions",
                                    _("A rule’s actions must be a JSON list of 1 to %d actions"),
                                    MAX_ACTIONS);
      return NULL;
    }
  actions = json_node_get_array (root);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (actions, i);
      JsonObject *action = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *type = action != NULL ? rapport_json_get_string (action, "type") : NULL;
      gboolean ok;

      if (type == NULL || !g_strv_contains (action_types, type))
        {
          set_action_error (error, i,
                            _("“%s” is no action; use create_task, set_field, assign, notify or "
                              "add_to_campaign"),
                            type != NULL ? type : "");
          return NULL;
        }
      if (strcmp (type, "create_task") == 0)
        ok = check_create_task (action, i, error);
      else if (strcmp (type, "set_field") == 0)
        ok = check_set_field (entity, action, i, error);
      else if (strcmp (type, "assign") == 0)
        ok = check_assign (action, i, error);
      else if (strcmp (type, "add_to_campaign") == 0)
        ok = check_add_to_campaign (entity, action, i, error);
      else
        ok = check_notify (entity, action, i, error);
      if (!ok)
        return NULL;
    }
  return json_array_ref (actions);
}

/**
 * rapport_automation_rule_conditions:
 * @out_filter: (out) (transfer full) (nullable): the conditions, %NULL
 *   when the rule has none: it fires on every matching write
 *
 * Returns: FALSE with a %RAPPORT_VALIDATION_ERROR on "conditions" when
 *   they are no filter of the rule's records
 */
gboolean
rapport_automation_rule_conditions (JsonObject     *rule,
                                    RapportFilter **out_filter,
                                    GError        **error)
{
  const RapportEntity *entity = rule_entity (rule);
  const char *text = rapport_json_get_string (rule, "conditions");
  g_autoptr(GError) local_error = NULL;

  *out_filter = NULL;
  if (text == NULL || *text == '\0' || entity == NULL)
    return TRUE;
  *out_filter = rapport_filter_from_json_text (entity, text, &local_error);
  if (*out_filter != NULL)
    return TRUE;
  rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "conditions",
                                _("The rule’s conditions cannot be used: %s"),
                                local_error != NULL && local_error->domain == RAPPORT_FILTER_ERROR
                                  ? local_error->message
                                  : _("they are not a filter’s JSON"));
  return FALSE;
}

static gboolean
is_sla_trigger (const char *trigger)
{
  return g_strcmp0 (trigger, "sla_warning") == 0 || g_strcmp0 (trigger, "sla_breached") == 0;
}

static gboolean
is_breached (const char *sla_status)
{
  return sla_status != NULL && g_str_has_prefix (sla_status, "breached_");
}

/* Whether the write took the case's SLA status into the state that
 * @trigger watches, from another. */
static gboolean
sla_entered (const char *trigger,
             JsonObject *before,
             JsonObject *after)
{
  const char *was = before != NULL ? rapport_json_get_string (before, "sla_status") : NULL;
  const char *is = rapport_json_get_string (after, "sla_status");

  if (g_strcmp0 (trigger, "sla_warning") == 0)
    return g_strcmp0 (is, "warning") == 0 && g_strcmp0 (was, "warning") != 0;
  return is_breached (is) && !is_breached (was);
}

/* The descriptor's check: what ties a rule's fields together. */
gboolean
rapport_automation_rule_check (JsonObject *rule,
                               GError    **error)
{
  const RapportEntity *entity = rule_entity (rule);
  const char *trigger = rapport_json_get_string (rule, "trigger");
  const char *field = rapport_json_get_string (rule, "trigger_field");
  g_autoptr(RapportFilter) conditions = NULL;
  g_autoptr(JsonArray) actions = NULL;

  if (is_sla_trigger (trigger) && g_strcmp0 (rapport_json_get_string (rule, "entity"), "case") != 0)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "trigger",
                                    _("Only cases have a service level to be at risk or breached"));
      return FALSE;
    }
  if (g_strcmp0 (trigger, "stale") == 0 && g_strcmp0 (rapport_json_get_string (rule, "entity"), "deal") != 0)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "trigger",
                                    _("Only deals go stale"));
      return FALSE;
    }
  /* created_or_changed may name a field too: created, or that changed. */
  if ((g_strcmp0 (trigger, "field_changed") == 0 ||
       (g_strcmp0 (trigger, "created_or_changed") == 0 && field != NULL)) &&
      (field == NULL || entity == NULL || rapport_entity_get_field (entity, field) == NULL))
    {
      if (field == NULL)
        rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, "trigger_field",
                                      _("A rule that watches a field needs the field’s name"));
      else
        rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_UNKNOWN_FIELD,
                                      "trigger_field", _("A %s has no field “%s”"),
                                      entity != NULL ? entity->name : "", field);
      return FALSE;
    }
  if (!rapport_automation_rule_conditions (rule, &conditions, error))
    return FALSE;
  actions = rapport_automation_rule_actions (rule, error);
  return actions != NULL;
}

static gboolean
field_differs (JsonObject *before,
               JsonObject *after,
               const char *field)
{
  g_autoptr(JsonNode) was = rapport_json_dup_member (before, field);
  g_autoptr(JsonNode) is = rapport_json_dup_member (after, field);

  return !rapport_json_node_equal (was, is);
}

/**
 * rapport_automation_rule_fires:
 * @entity: the type of the record written
 * @before: (nullable): the record before the write; %NULL when it created it
 * @after: the record as stored
 *
 * Whether an enabled @rule watches this write: its type and its trigger.
 * Its conditions are for the caller to evaluate on @after.
 */
gboolean
rapport_automation_rule_fires (JsonObject *rule,
                               const char *entity,
                               JsonObject *before,
                               JsonObject *after)
{
  const char *trigger = rapport_json_get_string (rule, "trigger");

  if (!json_object_get_boolean_member_with_default (rule, "enabled", FALSE) ||
      g_strcmp0 (rapport_json_get_string (rule, "entity"), entity) != 0)
    return FALSE;
  if (g_strcmp0 (trigger, "created") == 0)
    return before == NULL;
  if (is_sla_trigger (trigger))
    return sla_entered (trigger, before, after);
  if (g_strcmp0 (trigger, "field_changed") == 0)
    return before != NULL &&
           field_differs (before, after, rapport_json_get_string (rule, "trigger_field"));
  /* created_or_changed: created, or the field named changed; without a
   * field, every write (a write that is stored changed something). */
  if (g_strcmp0 (trigger, "created_or_changed") != 0)
    return FALSE;
  return before == NULL || rapport_json_get_string (rule, "trigger_field") == NULL ||
         field_differs (before, after, rapport_json_get_string (rule, "trigger_field"));
}

/**
 * rapport_automation_run_id:
 * @version: the record's version that the write stored
 *
 * A run is keyed by its rule and the accepted write that fired it: the
 * record and the version that write gave it. A retried push or a second
 * client pushing the same change stores no new version, and the same key
 * twice is the same run, so a rule never runs twice for one write.
 *
 * Returns: (transfer full): the run's id, the same wherever it is made
 */
char *
rapport_automation_run_id (const char *rule_id,
                           const char *entity,
                           const char *record_id,
                           gint64      version)
{
  g_autofree char *name = g_strdup_printf ("automation_run/%s/%s/%s/%" G_GINT64_FORMAT, rule_id,
                                           entity, record_id, version);

  return rapport_uuid_from_name (name);
}

/**
 * rapport_automation_timed_run_id:
 * @trigger: a time trigger, e.g. "stale"
 * @since: when the record came into the state the trigger watches
 *
 * A run that time brought about, rather than a write, is keyed by its rule,
 * the record and the start of the spell it fired on: every sweep during
 * the spell finds the same run; a new spell is a new run.
 *
 * Returns: (transfer full): the run's id
 */
char *
rapport_automation_timed_run_id (const char *rule_id,
                                 const char *entity,
                                 const char *record_id,
                                 const char *trigger,
                                 const char *since)
{
  g_autofree char *name = g_strdup_printf ("automation_run/%s/%s/%s/%s/%s", rule_id, entity,
                                           record_id, trigger, since);

  return rapport_uuid_from_name (name);
}
