/* rapport-server-approvers.c: who decides a step of an approval, and when it moves on
 *
 * SPEC.md §1.3, rules of operation 3, 8 and the edge cases. The step a
 * request waits on (rapport-approval-steps.c) names its approver: a role,
 * a person, the document owner's manager or a team. Here the server finds
 * who that is from the users, teams and delegations it stores:
 *
 * - the approver decides, or their delegate while they are away (an
 *   approval_delegation whose dates hold today), "on behalf of" them;
 *   never the requester or the document's owner, even as a delegate;
 * - a step whose approver is gone (deactivated, no manager, a team with no
 *   active member) goes to the next role at once;
 * - a step left pending for the reminder days gets a `reminded` event,
 *   and as long again after it goes to the next role (`escalated`): the
 *   sweep, run where quotes expire.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server"

#include "config.h"

#include "rapport-approval-steps.h"
#include "rapport-json.h"
#include "rapport-server-approvers.h"
#include "rapport-server-children.h"

/* Who a step's approver is, found. */
typedef struct
{
  char      *owner_manager_id; /* (owned) (nullable) */
  GPtrArray *members;          /* (owned): active members' ids, NULL-terminated */
  gboolean   reachable;        /* somebody active can decide it */
} People;

static void
people_clear (People *people)
{
  g_clear_pointer (&people->owner_manager_id, g_free);
  g_clear_pointer (&people->members, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (People, people_clear)

/* The live user @id, or NULL. */
static gboolean
load_user (RapportServerBackend *backend,
           const char           *id,
           JsonObject          **user,
           GError              **error)
{
  *user = NULL;
  return id == NULL ||
         rapport_server_load_record (backend, rapport_entity_lookup ("user"), id, NULL, user,
                                     error);
}

static gboolean
is_active (JsonObject *user)
{
  JsonNode *active = user != NULL ? json_object_get_member (user, "active") : NULL;

  if (user == NULL)
    return FALSE;
  return active == NULL || !JSON_NODE_HOLDS_VALUE (active) ||
         json_node_get_value_type (active) != G_TYPE_BOOLEAN || json_node_get_boolean (active);
}

static gboolean
active_user (RapportServerBackend *backend,
             const char           *id,
             gboolean             *active,
             GError              **error)
{
  g_autoptr(JsonObject) user = NULL;

  if (!load_user (backend, id, &user, error))
    return FALSE;
  *active = is_active (user);
  return TRUE;
}

static gboolean
find_people (RapportServerBackend *backend,
             const char           *spec,
             JsonObject           *document,
             People               *people,
             GError              **error)
{
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) owner = NULL;

  people->members = g_ptr_array_new_with_free_func (g_free);
  people->reachable = TRUE;
  switch (rapport_approval_step_parse (spec, &id))
    {
    case RAPPORT_STEP_USER:
      return active_user (backend, id, &people->reachable, error);
    case RAPPORT_STEP_OWNER_MANAGER:
      if (!load_user (backend, rapport_json_get_string (document, "owner_id"), &owner, error))
        return FALSE;
      people->owner_manager_id = g_strdup (rapport_json_get_string (owner, "manager_id"));
      return active_user (backend, people->owner_manager_id, &people->reachable, error);
    case RAPPORT_STEP_TEAM:
      {
        g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

        if (!rapport_server_list_children (backend, rapport_entity_lookup ("team_member"),
                                           "team_id", id, members, error))
          return FALSE;
        for (guint i = 0; i < members->len; i++)
          {
            const char *user_id = rapport_json_get_string (g_ptr_array_index (members, i), "user_id");
            gboolean    active;

            if (!active_user (backend, user_id, &active, error))
              return FALSE;
            if (active)
              g_ptr_array_add (people->members, g_strdup (user_id));
          }
        people->reachable = people->members->len > 0;
        return TRUE;
      }
    case RAPPORT_STEP_MANAGER:
    case RAPPORT_STEP_ADMIN:
      return TRUE;
    case RAPPORT_STEP_INVALID:
    default:
      people->reachable = FALSE;
      return TRUE;
    }
}

/* The step @request waits on: its own, or one of the role it had before
 * requests had steps. */
static char *
current_spec (JsonObject *request)
{
  g_autoptr(JsonObject) step = rapport_approval_current_step (request);

  if (step != NULL)
    return g_strdup (rapport_json_get_string (step, "approver"));
  return g_strconcat ("role:", g_strcmp0 (rapport_json_get_string (request, "approver_role"),
                                          "admin") == 0 ? "admin" : "manager", NULL);
}

static gboolean
allows (const char   *spec,
        const char   *user_id,
        const char   *role,
        const People *people)
{
  const RapportStepPeople step_people = {
    people->owner_manager_id, (const char * const *) people->members->pdata
  };

  return rapport_approval_step_allows (spec, user_id, role, &step_people);
}

/**
 * rapport_server_approvers_authority:
 * @request: a pending request, as stored
 * @document: its document
 * @today: YYYY-MM-DD, for delegations
 * @allowed: (out): whether @actor may decide @request's current step
 * @on_behalf_of: (out) (transfer full): whom @actor stands in for, if a
 *   delegate; %NULL when they decide as themselves
 *
 * Nobody decides a request of their own or of a document they own.
 */
gboolean
rapport_server_approvers_authority (RapportServerBackend     *backend,
                                    const RapportServerActor *actor,
                                    JsonObject               *request,
                                    JsonObject               *document,
                                    const char               *today,
                                    gboolean                 *allowed,
                                    char                    **on_behalf_of,
                                    GError                  **error)
{
  g_autofree char *spec = current_spec (request);
  const char      *requester = rapport_json_get_string (request, "requested_by");
  const char      *owner = rapport_json_get_string (document, "owner_id");
  g_auto(People)   people = { NULL, };
  g_autoptr(GPtrArray) delegations = NULL;

  *allowed = FALSE;
  *on_behalf_of = NULL;
  if (actor == NULL || actor->id == NULL)
    {
      /* The command line acts as an admin. */
      *allowed = TRUE;
      return TRUE;
    }
  if (g_strcmp0 (requester, actor->id) == 0 || g_strcmp0 (owner, actor->id) == 0)
    return TRUE;
  if (!find_people (backend, spec, document, &people, error))
    return FALSE;
  g_ptr_array_add (people.members, NULL);
  if (allows (spec, actor->id, actor->role, &people))
    {
      *allowed = TRUE;
      return TRUE;
    }

  delegations = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  if (!rapport_server_load_all (backend, "approval_delegation", delegations, error))
    return FALSE;
  for (guint i = 0; i < delegations->len; i++)
    {
      JsonObject *delegation = g_ptr_array_index (delegations, i);
      const char *principal_id = rapport_json_get_string (delegation, "user_id");
      g_autoptr(JsonObject) principal = NULL;

      if (g_strcmp0 (rapport_json_get_string (delegation, "delegate_id"), actor->id) != 0 ||
          g_strcmp0 (rapport_json_get_string (delegation, "starts_on"), today) > 0 ||
          g_strcmp0 (rapport_json_get_string (delegation, "ends_on"), today) < 0 ||
          g_strcmp0 (principal_id, requester) == 0 || g_strcmp0 (principal_id, owner) == 0)
        continue;
      if (!load_user (backend, principal_id, &principal, error))
        return FALSE;
      if (is_active (principal) &&
          allows (spec, principal_id, rapport_json_get_string (principal, "role"), &people))
        {
          *allowed = TRUE;
          *on_behalf_of = g_strdup (principal_id);
          return TRUE;
        }
    }
  return TRUE;
}

/**
 * rapport_server_approvers_settle:
 * @request: a pending request, changed in place
 * @changed: (out): whether a step moved on
 *
 * Gives every step whose approver is gone to the next role, until the
 * request waits on one that somebody can decide.
 */
gboolean
rapport_server_approvers_settle (RapportServerBackend *backend,
                                 JsonObject           *request,
                                 JsonObject           *document,
                                 const char           *now,
                                 gboolean             *changed,
                                 GError              **error)
{
  *changed = FALSE;
  /* Each move is a rung up: person or team, manager, admin. */
  for (guint rung = 0; rung < 3; rung++)
    {
      g_autoptr(JsonObject) step = rapport_approval_current_step (request);
      g_auto(People) people = { NULL, };

      if (step == NULL ||
          !find_people (backend, rapport_json_get_string (step, "approver"), document, &people,
                        error))
        return step == NULL;
      if (people.reachable ||
          !rapport_approval_escalate (request, now, "approver_inactive"))
        return TRUE;
      *changed = TRUE;
    }
  return TRUE;
}

static double
days_since (const char *then,
            GDateTime  *now)
{
  g_autoptr(GDateTime) start = then != NULL ? g_date_time_new_from_iso8601 (then, NULL) : NULL;

  return start != NULL ? g_date_time_difference (now, start) / (double) G_TIME_SPAN_DAY : 0;
}

/* Reminds of, or escalates, @request's step left waiting. */
static gboolean
follow_up (JsonObject *request,
           GDateTime  *now,
           const char *now_text,
           guint       reminder_days)
{
  g_autoptr(JsonArray) steps = rapport_approval_parse_array (request, "steps");
  gint64      current = rapport_json_get_int (request, "current_step", 1);
  JsonObject *step, *event;
  const char *reminded;

  if (current < 1 || current > json_array_get_length (steps))
    return FALSE;
  step = json_array_get_object_element (steps, current - 1);
  reminded = rapport_json_get_string (step, "reminded_at");
  if (reminded != NULL)
    return days_since (reminded, now) >= reminder_days &&
           rapport_approval_escalate (request, now_text, "overdue");
  if (days_since (rapport_json_get_string (step, "started_at"), now) < reminder_days)
    return FALSE;
  json_object_set_string_member (step, "reminded_at", now_text);
  rapport_approval_set_array (request, "steps", steps);
  event = rapport_approval_event_new ("reminded", NULL, now_text, NULL);
  json_object_set_int_member (event, "step", current);
  json_object_set_string_member (event, "approver", rapport_json_get_string (step, "approver"));
  rapport_approval_add_event (request, event);
  return TRUE;
}

/* The document @request is of, or NULL. */
static gboolean
load_document (RapportServerBackend *backend,
               JsonObject           *request,
               JsonObject          **document,
               GError              **error)
{
  const char *quote_id = rapport_json_get_string (request, "quote_id");

  *document = NULL;
  return rapport_server_load_record (backend,
                                     rapport_entity_lookup (quote_id != NULL ? "quote"
                                                                             : "sales_order"),
                                     quote_id != NULL ? quote_id
                                                      : rapport_json_get_string (request,
                                                                                 "sales_order_id"),
                                     NULL, document, error);
}

/**
 * rapport_server_approvals_sweep:
 * @now: the server's time (tests may run it ahead)
 * @reminder_days: how long a step waits before a reminder, and again
 *   before it goes to the next role
 * @n_changed: (out) (optional): how many requests moved
 *
 * Settles every pending request: steps whose approver is gone move on,
 * steps left waiting are reminded of, then escalated.
 */
gboolean
rapport_server_approvals_sweep (RapportServerBackend *backend,
                                GDateTime            *now,
                                guint                 reminder_days,
                                guint                *n_changed,
                                GError              **error)
{
  const RapportEntity *entity = rapport_entity_lookup ("approval_request");
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  guint n = 0;

  if (!backend->vtable->begin (backend, error))
    return FALSE;
  if (!rapport_server_load_all (backend, entity->name, requests, error))
    goto fail;
  for (guint i = 0; i < requests->len; i++)
    {
      JsonObject *request = g_ptr_array_index (requests, i);
      g_autoptr(JsonObject) moved = NULL;
      g_autoptr(JsonObject) document = NULL;
      gint64   version = rapport_json_get_int (request, "version", 0);
      gboolean settled;

      if (g_strcmp0 (rapport_json_get_string (request, "status"), "pending") != 0 ||
          !json_object_has_member (request, "steps"))
        continue;
      moved = rapport_json_object_copy (request);
      if (!load_document (backend, request, &document, error) ||
          !rapport_server_approvers_settle (backend, moved, document, now_text, &settled, error))
        goto fail;
      if (!follow_up (moved, now, now_text, reminder_days) && !settled)
        continue;
      json_object_set_int_member (moved, "version", version + 1);
      json_object_set_string_member (moved, "updated_at", now_text);
      if (!rapport_server_store_write (backend, NULL, entity, rapport_json_get_string (request, "id"),
                                       RAPPORT_OP_UPDATE, request, moved, version + 1, now_text,
                                       error))
        goto fail;
      n++;
    }
  if (!backend->vtable->commit (backend, error))
    goto fail;
  if (n_changed != NULL)
    *n_changed = n;
  return TRUE;

fail:
  backend->vtable->rollback (backend);
  return FALSE;
}
