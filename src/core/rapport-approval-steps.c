/* rapport-approval-steps.c: who approves, step by step
 *
 * SPEC.md §1.3. A rule names its approvers in order, one step a line:
 * `role:manager`, `role:admin`, `owner_manager` (the document owner's
 * manager, user.manager_id), `user:<id>` or `team:<id>` (any one member).
 * A request carries the steps of the rules it matched, in their order,
 * each once; it is approved when its last step is. Its steps and its trail
 * of events (submitted, step_approved, rejected, reminded, escalated …)
 * are JSON texts on the request, written by the server alone; the events
 * are only ever appended to.
 *
 * A step nobody can take any more (its approver deactivated, a team
 * without active members) or one left waiting too long goes to the next
 * role: a person or a team to any manager, a manager to an admin.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-approval"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-approval-steps.h"
#include "rapport-json.h"
#include "rapport-validate.h"

/**
 * rapport_approval_step_parse:
 * @spec: "role:manager", "user:<id>" …
 * @id: (out) (optional) (transfer full): the user's or team's id
 *
 * Returns: what @spec names; %RAPPORT_STEP_INVALID when it names nothing
 */
RapportStepKind
rapport_approval_step_parse (const char *spec,
                             char      **id)
{
  static const struct { const char *prefix; RapportStepKind kind; } with_id[] = {
    { "user:", RAPPORT_STEP_USER },
    { "team:", RAPPORT_STEP_TEAM },
  };

  if (id != NULL)
    *id = NULL;
  if (spec == NULL)
    return RAPPORT_STEP_INVALID;
  if (g_str_equal (spec, "role:manager"))
    return RAPPORT_STEP_MANAGER;
  if (g_str_equal (spec, "role:admin"))
    return RAPPORT_STEP_ADMIN;
  if (g_str_equal (spec, "owner_manager"))
    return RAPPORT_STEP_OWNER_MANAGER;
  for (guint i = 0; i < G_N_ELEMENTS (with_id); i++)
    if (g_str_has_prefix (spec, with_id[i].prefix))
      {
        const char *rest = spec + strlen (with_id[i].prefix);

        if (*rest == '\0' || strpbrk (rest, " \t:,") != NULL)
          return RAPPORT_STEP_INVALID;
        if (id != NULL)
          *id = g_strdup (rest);
        return with_id[i].kind;
      }
  return RAPPORT_STEP_INVALID;
}

/**
 * rapport_approval_step_split:
 * @text: (nullable): a rule's `steps`, one a line (commas also part them)
 *
 * Returns: (transfer full): the steps, trimmed, empty ones left out
 */
char **
rapport_approval_step_split (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit_set (text != NULL ? text : "", "\n,", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/**
 * rapport_approval_steps_check:
 *
 * Returns: whether every step of @text names an approver; else FALSE with
 *   a %RAPPORT_VALIDATION_ERROR naming `steps` and the step
 */
gboolean
rapport_approval_steps_check (const char *text,
                              GError    **error)
{
  g_auto(GStrv) steps = rapport_approval_step_split (text);

  for (guint i = 0; steps[i] != NULL; i++)
    if (rapport_approval_step_parse (steps[i], NULL) == RAPPORT_STEP_INVALID)
      {
        rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "steps",
                                      /* TRANSLATORS: %s is what was typed; the rest are kept as they are */
                                      _("“%s” is not an approver: write role:manager, role:admin, "
                                        "owner_manager, user:ID or team:ID"),
                                      steps[i]);
        return FALSE;
      }
  return TRUE;
}

/**
 * rapport_approval_steps_of:
 * @matches: what rapport_approval_evaluate() gave, each with its `steps`
 * @now: (nullable): when the request starts
 *
 * Returns: (transfer full): the request's steps in order, each approver
 *   once: `seq` from 1, `approver`, `status` pending, the first one's
 *   `started_at`
 */
JsonArray *
rapport_approval_steps_of (JsonArray  *matches,
                           const char *now)
{
  JsonArray *steps = json_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (matches); i++)
    {
      JsonArray *specs = rapport_json_get_array (json_array_get_object_element (matches, i),
                                                 "steps");

      for (guint j = 0; specs != NULL && j < json_array_get_length (specs); j++)
        {
          const char *spec = json_array_get_string_element (specs, j);
          JsonObject *step;

          if (spec == NULL || !g_hash_table_add (seen, (gpointer) spec))
            continue;
          step = json_object_new ();
          json_object_set_int_member (step, "seq", json_array_get_length (steps) + 1);
          json_object_set_string_member (step, "approver", spec);
          json_object_set_string_member (step, "status", "pending");
          if (json_array_get_length (steps) == 0 && now != NULL)
            json_object_set_string_member (step, "started_at", now);
          json_array_add_object_element (steps, step);
        }
    }
  return steps;
}

/**
 * rapport_approval_step_next_role:
 *
 * Returns: (nullable): who a step of @spec goes to when its approver
 *   cannot or does not decide: any manager after a person or a team, an
 *   admin after a manager; %NULL after an admin
 */
const char *
rapport_approval_step_next_role (const char *spec)
{
  switch (rapport_approval_step_parse (spec, NULL))
    {
    case RAPPORT_STEP_ADMIN:
      return NULL;
    case RAPPORT_STEP_MANAGER:
      return "role:admin";
    case RAPPORT_STEP_INVALID:
    case RAPPORT_STEP_OWNER_MANAGER:
    case RAPPORT_STEP_USER:
    case RAPPORT_STEP_TEAM:
    default:
      return "role:manager";
    }
}

/**
 * rapport_approval_step_allows:
 * @user_id: who would decide
 * @role: their role
 * @people: who the step's approver is, as the caller found them
 *
 * Whether @user_id is the approver of a step of @spec. That they are not
 * the requester or the owner is the caller's to check.
 */
gboolean
rapport_approval_step_allows (const char              *spec,
                              const char              *user_id,
                              const char              *role,
                              const RapportStepPeople *people)
{
  g_autofree char *id = NULL;

  if (user_id == NULL)
    return FALSE;
  switch (rapport_approval_step_parse (spec, &id))
    {
    case RAPPORT_STEP_MANAGER:
      return g_strcmp0 (role, "manager") == 0 || g_strcmp0 (role, "admin") == 0;
    case RAPPORT_STEP_ADMIN:
      return g_strcmp0 (role, "admin") == 0;
    case RAPPORT_STEP_OWNER_MANAGER:
      return people != NULL && g_strcmp0 (people->owner_manager_id, user_id) == 0;
    case RAPPORT_STEP_USER:
      return g_str_equal (id, user_id);
    case RAPPORT_STEP_TEAM:
      return people != NULL && people->team_members != NULL &&
             g_strv_contains (people->team_members, user_id);
    case RAPPORT_STEP_INVALID:
    default:
      return FALSE;
    }
}

/**
 * rapport_approval_parse_array:
 *
 * Returns: (transfer full): the JSON array in the text member @member of
 *   @object; an empty one when it has none
 */
JsonArray *
rapport_approval_parse_array (JsonObject *object,
                              const char *member)
{
  const char *text = rapport_json_get_string (object, member);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return json_array_new ();
  return json_array_ref (json_node_get_array (root));
}

/* Sets the text member @member of @object to @array as JSON. */
void
rapport_approval_set_array (JsonObject *object,
                            const char *member,
                            JsonArray  *array)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);
  g_autofree char *text = json_to_string (node, FALSE);

  json_object_set_string_member (object, member, text);
}

/**
 * rapport_approval_current_step:
 *
 * Returns: (transfer full) (nullable): the step @request waits on, by its
 *   `current_step`; %NULL when it has no steps (made before steps were)
 */
JsonObject *
rapport_approval_current_step (JsonObject *request)
{
  g_autoptr(JsonArray) steps = rapport_approval_parse_array (request, "steps");
  gint64 seq = rapport_json_get_int (request, "current_step", 1);

  if (seq < 1 || seq > json_array_get_length (steps))
    return NULL;
  return json_object_ref (json_array_get_object_element (steps, seq - 1));
}

/**
 * rapport_approval_event_new:
 * @kind: submitted, step_approved, rejected, recalled, stale, overridden,
 *   reminded, escalated
 * @actor: (nullable): who; %NULL for the server itself
 *
 * Returns: (transfer full): an event of a request's trail
 */
JsonObject *
rapport_approval_event_new (const char *kind,
                            const char *actor,
                            const char *at,
                            const char *doc_hash)
{
  JsonObject *event = json_object_new ();

  json_object_set_string_member (event, "kind", kind);
  if (actor != NULL)
    json_object_set_string_member (event, "actor", actor);
  else
    json_object_set_null_member (event, "actor");
  json_object_set_string_member (event, "server_time", at);
  if (doc_hash != NULL)
    json_object_set_string_member (event, "doc_hash", doc_hash);
  return event;
}

/* Appends @event (taken) to @request's trail. */
void
rapport_approval_add_event (JsonObject *request,
                            JsonObject *event)
{
  g_autoptr(JsonArray) events = rapport_approval_parse_array (request, "events");

  json_array_add_object_element (events, event);
  rapport_approval_set_array (request, "events", events);
}

/* Sets the request's steps and which it waits on, and approver_role as
 * clients before steps read it. */
static void
store_steps (JsonObject *request,
             JsonArray  *steps,
             guint       current)
{
  JsonObject *step = current >= 1 && current <= json_array_get_length (steps)
                     ? json_array_get_object_element (steps, current - 1) : NULL;

  rapport_approval_set_array (request, "steps", steps);
  json_object_set_int_member (request, "current_step", current);
  json_object_set_string_member (request, "approver_role",
                                 g_strcmp0 (rapport_json_get_string (step, "approver"),
                                            "role:admin") == 0 ? "admin" : "manager");
}

/**
 * rapport_approval_start_steps:
 * @steps: (transfer none): from rapport_approval_steps_of()
 *
 * Gives @request @steps, waiting on the first.
 */
void
rapport_approval_start_steps (JsonObject *request,
                              JsonArray  *steps)
{
  store_steps (request, steps, 1);
}

/**
 * rapport_approval_escalate:
 * @reason: (nullable): said in the event: why it moved on
 *
 * Gives @request's current step to the next role
 * (rapport_approval_step_next_role()): the step is marked `escalated` and
 * a step of that role follows it, now current.
 *
 * Returns: FALSE when there is no next role (an admin's step)
 */
gboolean
rapport_approval_escalate (JsonObject *request,
                           const char *now,
                           const char *reason)
{
  g_autoptr(JsonArray) steps = rapport_approval_parse_array (request, "steps");
  g_autoptr(JsonArray) renumbered = json_array_new ();
  gint64      current = rapport_json_get_int (request, "current_step", 1);
  JsonObject *step, *next, *event;
  const char *role;

  if (current < 1 || current > json_array_get_length (steps))
    return FALSE;
  step = json_array_get_object_element (steps, current - 1);
  if (!(role = rapport_approval_step_next_role (rapport_json_get_string (step, "approver"))))
    return FALSE;
  json_object_set_string_member (step, "status", "escalated");
  next = json_object_new ();
  json_object_set_string_member (next, "approver", role);
  json_object_set_string_member (next, "status", "pending");
  json_object_set_string_member (next, "started_at", now);
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      json_array_add_object_element (renumbered,
                                     json_object_ref (json_array_get_object_element (steps, i)));
      if (i + 1 == current)
        json_array_add_object_element (renumbered, next);
    }
  for (guint i = 0; i < json_array_get_length (renumbered); i++)
    json_object_set_int_member (json_array_get_object_element (renumbered, i), "seq", i + 1);

  event = rapport_approval_event_new ("escalated", NULL, now, NULL);
  json_object_set_int_member (event, "step", current);
  json_object_set_string_member (event, "from", rapport_json_get_string (step, "approver"));
  json_object_set_string_member (event, "to", role);
  if (reason != NULL)
    json_object_set_string_member (event, "reason", reason);
  store_steps (request, renumbered, current + 1);
  rapport_approval_add_event (request, event);
  return TRUE;
}

/**
 * rapport_approval_decide_step:
 * @decision: "approved" or "rejected"
 * @actor: who decided
 * @on_behalf_of: (nullable): whom they stood in for
 * @comment: (nullable): what they said
 *
 * Records @actor's decision on @request's current step, with its event;
 * an approval moves the request to its next step, started @now.
 *
 * Returns: whether steps remain: the request is still pending
 */
gboolean
rapport_approval_decide_step (JsonObject *request,
                              const char *decision,
                              const char *actor,
                              const char *on_behalf_of,
                              const char *comment,
                              const char *now)
{
  g_autoptr(JsonArray) steps = rapport_approval_parse_array (request, "steps");
  gint64      current = rapport_json_get_int (request, "current_step", 1);
  gboolean    approved = g_str_equal (decision, "approved");
  gboolean    more = approved && current < json_array_get_length (steps);
  JsonObject *event = rapport_approval_event_new (approved ? "step_approved" : "rejected", actor,
                                                  now, rapport_json_get_string (request,
                                                                                "doc_hash"));

  json_object_set_int_member (event, "step", current);
  if (on_behalf_of != NULL)
    json_object_set_string_member (event, "on_behalf_of", on_behalf_of);
  if (comment != NULL)
    json_object_set_string_member (event, "comment", comment);
  if (current >= 1 && current <= json_array_get_length (steps))
    {
      JsonObject *step = json_array_get_object_element (steps, current - 1);

      json_object_set_string_member (event, "approver", rapport_json_get_string (step, "approver"));
      json_object_set_string_member (step, "status", decision);
      json_object_set_string_member (step, "decided_by", actor);
      json_object_set_string_member (step, "decided_at", now);
      if (on_behalf_of != NULL)
        json_object_set_string_member (step, "on_behalf_of", on_behalf_of);
      if (more)
        json_object_set_string_member (json_array_get_object_element (steps, current), "started_at",
                                       now);
      store_steps (request, steps, more ? current + 1 : current);
    }
  rapport_approval_add_event (request, event);
  return more;
}
