/* rapport-server-automation.c: automation rules, run after each accepted write
 *
 * rapport_server_apply_op() calls this once it has stored a write of a
 * deal, case, contact, company or task, in the write's transaction: the
 * enabled rules that watch the write (rapport-automation.c) and whose
 * conditions hold on the record as stored (the filter language's SQL,
 * run on that one record) do their actions, as ops of their own applied
 * by rapport_server_apply_op() as the author "automation": validated,
 * merged and fed to every client like any write. So a rule acts once,
 * whichever client synced, and nothing of it is kept if the transaction
 * is rolled back.
 *
 * Each run is an automation_run record whose id follows from the rule and
 * the version the write stored: a retried push is answered from its
 * stored result and a second client's identical change stores nothing,
 * so neither makes a new version, and the same version never runs a rule
 * twice. What actions write may fire rules in turn; a write made
 * RAPPORT_AUTOMATION_MAX_DEPTH rules deep fires none, and logs each rule
 * it would have fired as "loop_stopped".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-automation"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-automation.h"
#include "rapport-business-time.h"
#include "rapport-campaign.h"
#include "rapport-json.h"
#include "rapport-record.h"
#include "rapport-server-automation.h"
#include "rapport-server-error.h"
#include "rapport-server-queues.h"
#include "rapport-sla.h"
#include "rapport-uuid.h"

/* Where a team has no default SLA policy yet, business days are these. */
#define FALLBACK_TIME_ZONE "UTC"
#define FALLBACK_HOURS "mon-fri 09:00-17:00"

static const char * const watched[] = { "deal", "case", "contact", "company", "task", NULL };

static void
free_failure (gpointer failure)
{
  if (failure != NULL)
    g_error_free (failure);
}

/* A rule as last read: its text, parsed, and its conditions. */
typedef struct
{
  char          *data;       /* (owned): the stored text it was read from */
  JsonObject    *rule;       /* (owned) */
  RapportFilter *conditions; /* (owned) (nullable): none, or they cannot be used */
  GError        *failure;    /* (owned) (nullable): why they cannot be used */
  guint          listed;     /* the listing that last found it */
} CachedRule;

static void
cached_rule_free (gpointer data)
{
  CachedRule *cached = data;

  g_free (cached->data);
  g_clear_pointer (&cached->rule, json_object_unref);
  g_clear_pointer (&cached->conditions, rapport_filter_free);
  g_clear_error (&cached->failure);
  g_free (cached);
}

/* Every live rule, parsed at most once per text it has had: a write that
 * rules watch reads the rules but parses none that did not change. Out:
 * the backend's CachedRules (transfer container). */
static GPtrArray *
load_rules (RapportServerBackend *backend,
            GError              **error)
{
  static guint listing;
  g_autoptr(GPtrArray) rules = g_ptr_array_new ();
  g_autofree char *after = NULL;
  GHashTableIter iter;
  gpointer value;

  if (backend->automation_rules == NULL)
    backend->automation_rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       cached_rule_free);
  listing++;
  for (;;)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_stored_record_free);

      if (!backend->vtable->list_records (backend, "automation_rule", after, 500, rows, error))
        return NULL;
      for (guint i = 0; i < rows->len; i++)
        {
          RapportStoredRecord *stored = g_ptr_array_index (rows, i);
          CachedRule *cached = g_hash_table_lookup (backend->automation_rules, stored->id);

          if (cached == NULL || g_strcmp0 (cached->data, stored->data) != 0)
            {
              JsonObject *rule = rapport_server_parse_record (stored);

              if (rule == NULL)
                continue;
              cached = g_new0 (CachedRule, 1);
              cached->data = g_strdup (stored->data);
              cached->rule = rule;
              rapport_automation_rule_conditions (rule, &cached->conditions, &cached->failure);
              g_hash_table_replace (backend->automation_rules, g_strdup (stored->id), cached);
            }
          cached->listed = listing;
          g_ptr_array_add (rules, cached);
        }
      if (rows->len < 500)
        break;
      g_free (after);
      after = g_strdup (((RapportStoredRecord *) g_ptr_array_index (rows, rows->len - 1))->id);
    }
  /* Rules deleted since are forgotten. */
  g_hash_table_iter_init (&iter, backend->automation_rules);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((CachedRule *) value)->listed != listing)
      g_hash_table_iter_remove (&iter);
  return g_steal_pointer (&rules);
}

/* One rule's run: what it fired on, and what its actions did. */
typedef struct
{
  RapportServerBackend     *backend;
  const RapportServerActor *author;  /* "automation" */
  const RapportEntity      *entity;
  JsonObject               *record;  /* as the write stored it */
  const char               *run_id;
  const char               *now;
  JsonArray                *done;    /* an entry per action */
  gboolean                  wrote_record; /* an action changed @record itself */
} Run;

static int
by_position (gconstpointer a,
             gconstpointer b)
{
  JsonObject *x = (*(CachedRule * const *) a)->rule;
  JsonObject *y = (*(CachedRule * const *) b)->rule;
  gint64 px = rapport_json_get_int (x, "position", 0);
  gint64 py = rapport_json_get_int (y, "position", 0);

  if (px != py)
    return px < py ? -1 : 1;
  return g_strcmp0 (rapport_json_get_string (x, "id"), rapport_json_get_string (y, "id"));
}

/* What an action's op made of the write: an entry of the run's log. */
static gboolean
note_result (Run                *run,
             const char         *type,
             const RapportEntity *entity,
             const char         *id,
             RapportWriteResult *result,
             GError            **failure)
{
  JsonObject *entry = json_object_new ();
  gboolean ok = result->status == RAPPORT_WRITE_APPLIED || result->status == RAPPORT_WRITE_MERGED;

  json_object_set_string_member (entry, "type", type);
  json_object_set_string_member (entry, "entity", entity->name);
  json_object_set_string_member (entry, "id", id);
  json_object_set_string_member (entry, "status", ok ? "done" : "failed");
  if (!ok)
    {
      const char *why = result->error != NULL ? result->error->message
                                              : _("The record changed meanwhile");

      json_object_set_string_member (entry, "error", why);
      g_set_error (failure, RAPPORT_SERVER_ERROR, RAPPORT_SERVER_ERROR_WRONG_STATE, "%s: %s", type, why);
    }
  json_array_add_object_element (run->done, entry);
  return ok;
}

/* Applies one op of an action as the author "automation", one level
 * deeper. FALSE with @error when storage failed; a refused op is a
 * @failure of the rule. */
static gboolean
apply (Run                *run,
       const char         *type,
       RapportOpKind       kind,
       const RapportEntity *entity,
       const char         *id,
       JsonObject         *changes,
       GError            **failure,
       GError            **error)
{
  RapportServerOp op = { 0 };
  RapportWriteResult result = { 0 };
  gboolean stored;

  op.kind = kind;
  op.entity = entity;
  op.id = id;
  op.base_version = kind == RAPPORT_OP_CREATE ? 0 : -1;
  op.changes = changes;
  run->backend->automation_depth++;
  stored = rapport_server_apply_op (run->backend, run->author, &op, &result, error);
  run->backend->automation_depth--;
  if (stored)
    {
      note_result (run, type, entity, id, &result, failure);
      if (entity == run->entity && g_strcmp0 (id, rapport_json_get_string (run->record, "id")) == 0)
        run->wrote_record = TRUE;
    }
  rapport_write_result_clear (&result);
  return stored;
}

/* An id for what action @index makes, the same if the run were redone. */
static char *
made_id (Run        *run,
         guint       index,
         const char *what)
{
  g_autofree char *name = g_strdup_printf ("%s/%u/%s", run->run_id, index, what);

  return rapport_uuid_from_name (name);
}

static const char *
owner_of (Run *run)
{
  return run->entity->owner_field != NULL ? rapport_json_get_string (run->record, run->entity->owner_field)
                                          : NULL;
}

/* The calendar an action counts business days in: its own, else the
 * default SLA policy's, else FALLBACK_HOURS. */
static RapportCalendar *
load_calendar (Run        *run,
               const char *calendar_id,
               GError    **error)
{
  g_autoptr(JsonObject) calendar = NULL;

  if (calendar_id == NULL)
    {
      g_autoptr(GPtrArray) policies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

      if (!rapport_server_load_all (run->backend, "sla_policy", policies, error))
        return NULL;
      for (guint i = 0; i < policies->len && calendar_id == NULL; i++)
        {
          JsonObject *policy = g_ptr_array_index (policies, i);

          if (json_object_get_boolean_member_with_default (policy, "is_default", FALSE))
            calendar_id = rapport_json_get_string (policy, "calendar_id");
        }
      if (calendar_id != NULL &&
          !rapport_server_load_record (run->backend, rapport_entity_lookup ("calendar"), calendar_id,
                                       NULL, &calendar, error))
        return NULL;
    }
  else if (!rapport_server_load_record (run->backend, rapport_entity_lookup ("calendar"),
                                        calendar_id, NULL, &calendar, error))
    return NULL;

  if (calendar != NULL)
    {
      RapportCalendar *parsed = rapport_calendar_new_from_record (calendar, NULL);

      if (parsed != NULL)
        return parsed;
    }
  return rapport_calendar_new (FALLBACK_TIME_ZONE, FALLBACK_HOURS, NULL, error);
}

static gboolean
create_task (Run        *run,
             JsonObject *action,
             guint       index,
             GError    **failure,
             GError    **error)
{
  const RapportEntity *tasks = rapport_entity_lookup ("task");
  const RapportField *link = rapport_entity_link_field (tasks, run->entity->name);
  g_autofree char *id = made_id (run, index, "task");
  g_autoptr(JsonObject) changes = json_object_new ();
  gint64 days = rapport_json_get_int (action, "due_in_business_days", 0);
  const char *assignee = g_strcmp0 (rapport_json_get_string (action, "assign_to"), "user") == 0
                           ? rapport_json_get_string (action, "user_id")
                           : owner_of (run);

  rapport_server_changes_add (changes, "title",
                              json_node_init_string (json_node_alloc (),
                                                     rapport_json_get_string (action, "title")));
  if (days > 0)
    {
      g_autoptr(RapportCalendar) calendar = load_calendar (run, rapport_json_get_string (action,
                                                                                         "calendar_id"),
                                                           error);
      gint64 due;

      if (calendar == NULL)
        return FALSE;
      due = rapport_calendar_add_days (calendar, rapport_sla_parse_time (run->now), (guint) days);
      if (due >= 0)
        {
          g_autofree char *text = rapport_sla_format_time (due);

          rapport_server_changes_add (changes, "due_at",
                                      json_node_init_string (json_node_alloc (), text));
        }
    }
  if (assignee != NULL)
    rapport_server_changes_add (changes, "assignee_id",
                                json_node_init_string (json_node_alloc (), assignee));
  if (link != NULL)
    rapport_server_changes_add (changes, link->name,
                                json_node_init_string (json_node_alloc (),
                                                       rapport_json_get_string (run->record, "id")));
  return apply (run, "create_task", RAPPORT_OP_CREATE, tasks, id, changes, failure, error);
}

/* A line of the run's log for an action that wrote nothing, and why. */
static void
note_nothing (Run        *run,
              const char *type,
              const char *status,
              const char *why)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "type", type);
  json_object_set_string_member (entry, "entity", run->entity->name);
  json_object_set_string_member (entry, "id", rapport_json_get_string (run->record, "id"));
  json_object_set_string_member (entry, "status", status);
  if (why != NULL)
    json_object_set_string_member (entry, "reason", why);
  json_array_add_object_element (run->done, entry);
}

/* Sets fields of the record the rule fired on, as it is stored now (an
 * earlier rule may have changed it): a value it already has is no write,
 * so a rule that keeps setting it does not set itself off again. */
static gboolean
update_record (Run        *run,
               const char *type,
               JsonObject *values,
               GError    **failure,
               GError    **error)
{
  const char *id = rapport_json_get_string (run->record, "id");
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) stored = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!rapport_server_load_record (run->backend, run->entity, id, NULL, &stored, error))
    return FALSE;
  if (stored == NULL)
    stored = json_object_ref (run->record);
  json_object_iter_init (&iter, values);
  while (json_object_iter_next (&iter, &name, &value))
    {
      g_autoptr(JsonNode) was = rapport_json_dup_member (stored, name);
      JsonObject *change;

      if (rapport_json_node_equal (was, value))
        continue;
      change = json_object_new ();
      json_object_set_member (change, "base", g_steal_pointer (&was));
      json_object_set_member (change, "new", json_node_copy (value));
      json_object_set_object_member (changes, name, change);
    }
  if (json_object_get_size (changes) == 0)
    {
      note_nothing (run, type, "unchanged", NULL);
      return TRUE;
    }
  return apply (run, type, RAPPORT_OP_UPDATE, run->entity, id, changes, failure, error);
}

static gboolean
set_field (Run        *run,
           JsonObject *action,
           GError    **failure,
           GError    **error)
{
  g_autoptr(JsonObject) values = json_object_new ();

  json_object_set_member (values, rapport_json_get_string (action, "field"),
                          rapport_json_dup_member (action, "value"));
  return update_record (run, "set_field", values, failure, error);
}

/* To a user, or through a queue: a case joins it and the queue assigns
 * it as it assigns every case; another record gets the queue's pick. */
static gboolean
assign (Run        *run,
        JsonObject *action,
        GError    **failure,
        GError    **error)
{
  const char *owner_field = run->entity->owner_field;
  const char *queue_id = rapport_json_get_string (action, "queue_id");
  g_autoptr(JsonObject) values = json_object_new ();
  g_autoptr(JsonObject) queue = NULL;
  g_autofree char *user_id = NULL;
  const char *reason = NULL;

  if (queue_id == NULL)
    json_object_set_string_member (values, owner_field, rapport_json_get_string (action, "user_id"));
  else if (rapport_entity_get_field (run->entity, "queue_id") != NULL)
    {
      json_object_set_string_member (values, "queue_id", queue_id);
      json_object_set_null_member (values, owner_field);
    }
  else
    {
      if (!rapport_server_load_record (run->backend, rapport_entity_lookup ("queue"), queue_id, NULL,
                                       &queue, error))
        return FALSE;
      if (queue == NULL)
        {
          g_set_error (failure, RAPPORT_SERVER_ERROR, RAPPORT_SERVER_ERROR_WRONG_STATE,
                       _("assign: there is no queue with the id “%s”"), queue_id);
          return TRUE;
        }
      if (!rapport_server_queues_pick (run->backend, queue, run->now, &user_id, &reason, error))
        return FALSE;
      if (user_id == NULL)
        {
          g_set_error (failure, RAPPORT_SERVER_ERROR, RAPPORT_SERVER_ERROR_WRONG_STATE,
                       _("assign: nobody in the queue can take it (%s)"), reason);
          return TRUE;
        }
      json_object_set_string_member (values, owner_field, user_id);
    }
  return update_record (run, "assign", values, failure, error);
}

/* The user that @field of the @entity record @id names (a user's
 * manager, a queue's lead), added to @out when there is one. */
static gboolean
add_referred (Run        *run,
              const char *entity,
              const char *id,
              const char *field,
              GPtrArray  *out,
              GError    **error)
{
  g_autoptr(JsonObject) record = NULL;
  const char *user_id;

  if (!rapport_server_load_record (run->backend, rapport_entity_lookup (entity), id, NULL, &record,
                                   error))
    return FALSE;
  if (record != NULL && (user_id = rapport_json_get_string (record, field)) != NULL)
    g_ptr_array_add (out, g_strdup (user_id));
  return TRUE;
}

/* Who a notify action is for: user ids, each once. */
static gboolean
recipients (Run        *run,
            JsonObject *action,
            GPtrArray  *out,
            GError    **error)
{
  const char *to = rapport_json_get_string (action, "to");
  const char *owner = owner_of (run);
  const char *queue = rapport_json_get_string (run->record, "queue_id");

  if (g_strcmp0 (to, "user") == 0)
    g_ptr_array_add (out, g_strdup (rapport_json_get_string (action, "user_id")));
  else if (g_strcmp0 (to, "owner") == 0 && owner != NULL)
    g_ptr_array_add (out, g_strdup (owner));
  else if (g_strcmp0 (to, "owner_manager") == 0 && owner != NULL)
    return add_referred (run, "user", owner, "manager_id", out, error);
  else if (g_strcmp0 (to, "queue_lead") == 0 && queue != NULL)
    return add_referred (run, "queue", queue, "lead_id", out, error);
  else if (g_strcmp0 (to, "role") == 0)
    {
      g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

      if (!rapport_server_load_all (run->backend, "user", users, error))
        return FALSE;
      for (guint i = 0; i < users->len; i++)
        {
          JsonObject *user = g_ptr_array_index (users, i);

          if (json_object_get_boolean_member_with_default (user, "active", TRUE) &&
              g_strcmp0 (rapport_json_get_string (user, "role"), rapport_json_get_string (action, "role")) == 0)
            g_ptr_array_add (out, g_strdup (rapport_json_get_string (user, "id")));
        }
    }
  return TRUE;
}

static gboolean
notify (Run        *run,
        JsonObject *action,
        guint       index,
        const char *rule_id,
        GError    **failure,
        GError    **error)
{
  const RapportEntity *notifications = rapport_entity_lookup ("notification");
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = rapport_record_title (run->entity, run->record);

  if (!recipients (run, action, people, error))
    return FALSE;
  if (people->len == 0)
    {
      g_set_error (failure, RAPPORT_SERVER_ERROR, RAPPORT_SERVER_ERROR_WRONG_STATE,
                   _("notify: nobody to notify"));
      return TRUE;
    }
  for (guint i = 0; i < people->len; i++)
    {
      const char *user_id = g_ptr_array_index (people, i);
      g_autofree char *id = made_id (run, index, user_id);
      g_autoptr(JsonObject) changes = json_object_new ();
      const char *values[][2] = {
        { "recipient_id", user_id },
        { "message", rapport_json_get_string (action, "message") },
        { "entity", run->entity->name },
        { "record_id", rapport_json_get_string (run->record, "id") },
        { "record_title", title },
        { "rule_id", rule_id },
      };

      for (guint j = 0; j < G_N_ELEMENTS (values); j++)
        if (values[j][1] != NULL)
          rapport_server_changes_add (changes, values[j][0],
                                      json_node_init_string (json_node_alloc (), values[j][1]));
      if (!apply (run, "notify", RAPPORT_OP_CREATE, notifications, id, changes, failure, error))
        return FALSE;
      if (*failure != NULL)
        return TRUE;
    }
  return TRUE;
}

/* The record's contact joins the campaign as a link whose id follows
 * from the pair, so it joins once: a member already keeps its status.
 * Consent is applied as when members are added by hand: a contact
 * without e-mail marketing granted now is left out, and the log says so.
 * A finished campaign takes nobody: the rule is out of date. */
static gboolean
add_to_campaign (Run        *run,
                 JsonObject *action,
                 const char *rule_id,
                 GError    **failure,
                 GError    **error)
{
  const RapportEntity *members = rapport_entity_lookup ("campaign_member");
  const char *campaign_id = rapport_json_get_string (action, "campaign_id");
  const char *contact_id = rapport_json_get_string (run->record,
                                                    rapport_automation_contact_of (run->entity));
  g_autoptr(JsonObject) campaign = NULL;
  g_autoptr(JsonObject) contact = NULL;
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autofree char *id = NULL;
  g_autofree char *added_from = g_strconcat ("automation:", rule_id, NULL);
  const char *status = rapport_json_get_string (action, "status");
  const char *campaign_status;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (contact_id == NULL)
    {
      note_nothing (run, "add_to_campaign", "skipped", "no contact");
      return TRUE;
    }
  if (!rapport_server_load_record (run->backend, rapport_entity_lookup ("campaign"), campaign_id, NULL,
                                   &campaign, error))
    return FALSE;
  if (campaign == NULL)
    {
      g_set_error (failure, RAPPORT_SERVER_ERROR, RAPPORT_SERVER_ERROR_WRONG_STATE,
                   _("add to campaign: there is no campaign with the id “%s”"), campaign_id);
      return TRUE;
    }
  campaign_status = rapport_json_get_string (campaign, "status");
  if (g_strcmp0 (campaign_status, "completed") == 0 || g_strcmp0 (campaign_status, "aborted") == 0)
    {
      g_set_error (failure, RAPPORT_SERVER_ERROR, RAPPORT_SERVER_ERROR_WRONG_STATE,
                   _("add to campaign: the campaign “%s” is over"),
                   rapport_json_get_string (campaign, "name"));
      return TRUE;
    }
  member = json_object_new ();
  json_object_set_string_member (member, "campaign_id", campaign_id);
  json_object_set_string_member (member, "contact_id", contact_id);
  id = rapport_entity_link_id (members, member);
  if (!rapport_server_load_record (run->backend, members, id, NULL, &existing, error) ||
      !rapport_server_load_record (run->backend, rapport_entity_lookup ("contact"), contact_id, NULL,
                                   &contact, error))
    return FALSE;
  if (existing != NULL)
    {
      note_nothing (run, "add_to_campaign", "unchanged", NULL);
      return TRUE;
    }
  if (contact == NULL || !json_object_get_boolean_member_with_default (contact, "email_consent", FALSE))
    {
      note_nothing (run, "add_to_campaign", "left_out", "no e-mail marketing consent");
      return TRUE;
    }
  if (status == NULL)
    status = rapport_campaign_default_status (rapport_json_get_string (campaign, "type"));
  json_object_set_string_member (member, "status", status);
  json_object_set_string_member (member, "added_at", run->now);
  json_object_set_string_member (member, "last_status_at", run->now);
  json_object_set_string_member (member, "added_from", added_from);
  json_object_iter_init (&iter, member);
  while (json_object_iter_next (&iter, &name, &value))
    rapport_server_changes_add (changes, name, json_node_copy (value));
  return apply (run, "add_to_campaign", RAPPORT_OP_CREATE, members, id, changes, failure, error);
}

/* The rule's actions, in order, until one fails. */
static gboolean
do_actions (Run        *run,
            JsonObject *rule,
            GError    **failure,
            GError    **error)
{
  g_autoptr(JsonArray) actions = rapport_automation_rule_actions (rule, failure);

  if (actions == NULL)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (actions) && *failure == NULL; i++)
    {
      JsonObject *action = json_array_get_object_element (actions, i);
      const char *type = rapport_json_get_string (action, "type");
      gboolean ok;

      if (strcmp (type, "create_task") == 0)
        ok = create_task (run, action, i, failure, error);
      else if (strcmp (type, "set_field") == 0)
        ok = set_field (run, action, failure, error);
      else if (strcmp (type, "assign") == 0)
        ok = assign (run, action, failure, error);
      else if (strcmp (type, "add_to_campaign") == 0)
        ok = add_to_campaign (run, action, rapport_json_get_string (rule, "id"), failure, error);
      else
        ok = notify (run, action, i, rapport_json_get_string (rule, "id"), failure, error);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* Which of @rules' conditions hold on @record, evaluated together in one
 * query of the database, where the write just stored it. A rule without
 * conditions holds; one whose conditions cannot be used does not. */
static gboolean
conditions_hold (RapportServerBackend     *backend,
                 const RapportServerActor *actor,
                 GPtrArray                *rules,
                 JsonObject               *record,
                 gboolean                 *out_holds,
                 GError                  **error)
{
  g_autoptr(GPtrArray) filters = g_ptr_array_new ();
  g_autofree gboolean *matches = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  RapportFilterContext context = { 0 };
  guint n = 0;

  for (guint i = 0; i < rules->len; i++)
    {
      CachedRule *cached = g_ptr_array_index (rules, i);

      out_holds[i] = cached->conditions == NULL && cached->failure == NULL;
      if (cached->conditions != NULL)
        g_ptr_array_add (filters, cached->conditions);
    }
  if (filters->len == 0)
    return TRUE;
  now = g_date_time_new_now_utc ();
  utc = g_time_zone_new_utc ();
  context.now = now;
  context.zone = utc;
  context.user_id = actor != NULL ? actor->id : NULL;
  matches = g_new0 (gboolean, filters->len);
  if (!backend->vtable->filters_match (backend, (RapportFilter * const *) filters->pdata,
                                       filters->len, &context,
                                       rapport_json_get_string (record, "id"), matches, error))
    return FALSE;
  for (guint i = 0; i < rules->len; i++)
    if (((CachedRule *) g_ptr_array_index (rules, i))->conditions != NULL)
      out_holds[i] = matches[n++];
  return TRUE;
}

static gboolean
write_run (RapportServerBackend     *backend,
           const RapportServerActor *author,
           JsonObject               *run,
           const char               *id,
           const char               *now,
           GError                  **error)
{
  json_object_set_string_member (run, "id", id);
  json_object_set_int_member (run, "version", 1);
  json_object_set_string_member (run, "created_at", now);
  json_object_set_string_member (run, "updated_at", now);
  json_object_set_string_member (run, "created_by", author->id);
  json_object_set_string_member (run, "updated_by", author->id);
  return rapport_server_store_write (backend, author, rapport_entity_lookup ("automation_run"), id,
                                     RAPPORT_OP_CREATE, NULL, run, 1, now, error);
}

/* Whether a rule is due: its run @run_id is not there yet. */
static gboolean
not_run_yet (RapportServerBackend *backend,
             const char           *run_id,
             gboolean             *out_due,
             GError              **error)
{
  g_autoptr(RapportStoredRecord) stored = NULL;

  if (!backend->vtable->get_record (backend, "automation_run", run_id, &stored, error))
    return FALSE;
  *out_due = stored == NULL;
  return TRUE;
}

static char *
write_run_id (const RapportServerOp *op,
              JsonObject            *rule,
              JsonObject            *record)
{
  return rapport_automation_run_id (rapport_json_get_string (rule, "id"), op->entity->name,
                                    rapport_json_get_string (record, "id"),
                                    rapport_json_get_int (record, "version", 0));
}

/* One rule that is due for the write: its actions and its log entry. */
static gboolean
run_rule (RapportServerBackend     *backend,
          const RapportServerActor *actor,
          const RapportServerActor *author,
          const RapportServerOp    *op,
          JsonObject               *rule,
          JsonObject               *record,
          const char               *run_id,
          const char               *now,
          GError                   *decided_failure,
          gboolean                 *out_wrote_record,
          GError                  **error)
{
  const char *rule_id = rapport_json_get_string (rule, "id");
  const char *record_id = rapport_json_get_string (record, "id");
  gint64 version = rapport_json_get_int (record, "version", 0);
  g_autoptr(JsonObject) log = json_object_new ();
  g_autoptr(JsonArray) done = json_array_new ();
  g_autoptr(GError) failure = decided_failure;
  g_autoptr(JsonNode) done_node = NULL;
  g_autofree char *done_text = NULL;
  g_autofree char *title = rapport_record_title (op->entity, record);
  const char *result;

  if (failure != NULL)
    result = "failed";
  else if (backend->automation_depth >= RAPPORT_AUTOMATION_MAX_DEPTH)
    {
      result = "loop_stopped";
      g_set_error (&failure, RAPPORT_SERVER_ERROR, RAPPORT_SERVER_ERROR_WRONG_STATE,
                   _("Loop stopped: rules set each other off %d levels deep"),
                   RAPPORT_AUTOMATION_MAX_DEPTH);
    }
  else
    {
      Run run = { backend, author, op->entity, record, run_id, now, done, FALSE };

      if (!do_actions (&run, rule, &failure, error))
        return FALSE;
      result = failure != NULL ? "failed" : "done";
      *out_wrote_record = *out_wrote_record || run.wrote_record;
    }

  done_node = json_node_init_array (json_node_alloc (), done);
  done_text = rapport_json_to_string (done_node);
  json_object_set_string_member (log, "rule_id", rule_id);
  rapport_json_set_nullable_string (log, "rule_name", rapport_json_get_string (rule, "name"));
  json_object_set_string_member (log, "entity", op->entity->name);
  json_object_set_string_member (log, "record_id", record_id);
  json_object_set_string_member (log, "record_title", title);
  json_object_set_int_member (log, "record_version", version);
  rapport_json_set_nullable_string (log, "op_id", op->op_id);
  rapport_json_set_nullable_string (log, "user_id", actor != NULL ? actor->id : NULL);
  json_object_set_int_member (log, "depth", backend->automation_depth);
  json_object_set_string_member (log, "result", result);
  json_object_set_string_member (log, "actions_done", done_text);
  rapport_json_set_nullable_string (log, "error", failure != NULL ? failure->message : NULL);
  json_object_set_string_member (log, "ran_at", now);
  if (failure != NULL)
    g_message ("Automation rule %s on %s %s: %s", rule_id, op->entity->name, record_id,
               failure->message);
  return write_run (backend, author, log, run_id, now, error);
}

/**
 * rapport_server_automation_run:
 * @current: (nullable): the record before the write
 * @record: (nullable): as the write stored it; %NULL after a delete,
 *   which fires no rule
 * @out_latest: (out) (transfer full) (nullable): the record as stored
 *   now, when rules changed it after the write; else %NULL
 *
 * Runs the rules that watch this accepted write, in its transaction.
 * FALSE only when storage failed: a rule whose actions are refused is
 * logged as failed, and the write stands.
 */
gboolean
rapport_server_automation_run (RapportServerBackend     *backend,
                               const RapportServerActor *actor,
                               const RapportServerOp    *op,
                               JsonObject               *current,
                               JsonObject               *record,
                               const char               *now,
                               JsonObject              **out_latest,
                               GError                  **error)
{
  const RapportEntity *entity = op->entity;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GPtrArray) fired = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) failures = NULL;
  g_autofree gboolean *holds = NULL;
  RapportServerActor author = { 0 };
  gboolean wrote_record = FALSE;

  *out_latest = NULL;
  if (record == NULL || !g_strv_contains (watched, entity->name))
    return TRUE;
  author.id = (char *) RAPPORT_AUTOMATION_AUTHOR;
  author.name = (char *) "automation";
  author.role = (char *) "admin";

  if (!(rules = load_rules (backend, error)))
    return FALSE;
  fired = g_ptr_array_new ();
  for (guint i = 0; i < rules->len; i++)
    if (rapport_automation_rule_fires (((CachedRule *) g_ptr_array_index (rules, i))->rule,
                                       entity->name, current, record))
      g_ptr_array_add (fired, g_ptr_array_index (rules, i));
  if (fired->len == 0)
    return TRUE;
  g_ptr_array_sort (fired, by_position);

  /* Every rule of the write decides on the record as the write stored
   * it, before any of them acts: what one rule's actions change is a
   * write of its own, which the rules see in turn. */
  holds = g_new0 (gboolean, fired->len);
  if (!conditions_hold (backend, actor, fired, record, holds, error))
    return FALSE;
  due = g_ptr_array_new ();
  failures = g_ptr_array_new_with_free_func (free_failure);
  for (guint i = 0; i < fired->len; i++)
    {
      CachedRule *cached = g_ptr_array_index (fired, i);
      g_autofree char *run_id = write_run_id (op, cached->rule, record);
      gboolean is_due;

      if (!holds[i] && cached->failure == NULL)
        continue;
      if (!not_run_yet (backend, run_id, &is_due, error))
        return FALSE;
      if (!is_due)
        continue;
      g_ptr_array_add (due, cached);
      g_ptr_array_add (failures, cached->failure != NULL ? g_error_copy (cached->failure) : NULL);
    }
  for (guint i = 0; i < due->len; i++)
    {
      JsonObject *rule = ((CachedRule *) g_ptr_array_index (due, i))->rule;
      g_autofree char *run_id = write_run_id (op, rule, record);

      if (!run_rule (backend, actor, &author, op, rule, record, run_id, now,
                     g_steal_pointer (&failures->pdata[i]), &wrote_record, error))
        return FALSE;
    }
  if (wrote_record)
    return rapport_server_load_record (backend, entity, rapport_json_get_string (record, "id"), NULL,
                                       out_latest, error);
  return TRUE;
}

/* The enabled rules on @entity's records with @trigger. */
static GPtrArray *
rules_on (RapportServerBackend *backend,
          const RapportEntity  *entity,
          const char           *trigger,
          GError              **error)
{
  g_autoptr(GPtrArray) rules = load_rules (backend, error);
  GPtrArray *on = NULL;

  if (rules == NULL)
    return NULL;
  on = g_ptr_array_new ();
  for (guint i = 0; i < rules->len; i++)
    {
      CachedRule *cached = g_ptr_array_index (rules, i);

      if (json_object_get_boolean_member_with_default (cached->rule, "enabled", FALSE) &&
          g_strcmp0 (rapport_json_get_string (cached->rule, "entity"), entity->name) == 0 &&
          g_strcmp0 (rapport_json_get_string (cached->rule, "trigger"), trigger) == 0)
        g_ptr_array_add (on, cached);
    }
  g_ptr_array_sort (on, by_position);
  return on;
}

/**
 * rapport_server_automation_watching:
 * @out_watching: (out): whether an enabled rule on @entity's records has @trigger
 *
 * Lets a sweep for a time trigger skip its queries when no rule wants them.
 */
gboolean
rapport_server_automation_watching (RapportServerBackend *backend,
                                    const RapportEntity  *entity,
                                    const char           *trigger,
                                    gboolean             *out_watching,
                                    GError              **error)
{
  g_autoptr(GPtrArray) rules = rules_on (backend, entity, trigger, error);

  if (rules == NULL)
    return FALSE;
  *out_watching = rules->len > 0;
  return TRUE;
}

/**
 * rapport_server_automation_run_timed:
 * @trigger: a time trigger, e.g. "stale"
 * @record: a record of @entity that time alone brought into @trigger's state
 * @since: when that state began: with the rule and the record, the run's
 *   key, so that a rule runs once per spell of the state, however many
 *   sweeps find it
 *
 * Runs the enabled rules with @trigger whose conditions hold on @record,
 * in the caller's transaction, as nobody's write.
 */
gboolean
rapport_server_automation_run_timed (RapportServerBackend *backend,
                                     const RapportEntity  *entity,
                                     const char           *trigger,
                                     JsonObject           *record,
                                     const char           *since,
                                     const char           *now,
                                     GError              **error)
{
  g_autoptr(GPtrArray) rules = rules_on (backend, entity, trigger, error);
  g_autofree gboolean *holds = NULL;
  RapportServerOp op = { RAPPORT_OP_UPDATE, entity, rapport_json_get_string (record, "id"), -1 };
  RapportServerActor author = { (char *) RAPPORT_AUTOMATION_AUTHOR, (char *) "automation",
                                (char *) "admin" };
  gboolean wrote_record = FALSE;

  if (rules == NULL)
    return FALSE;
  if (rules->len == 0)
    return TRUE;
  holds = g_new0 (gboolean, rules->len);
  if (!conditions_hold (backend, NULL, rules, record, holds, error))
    return FALSE;
  for (guint i = 0; i < rules->len; i++)
    {
      CachedRule *cached = g_ptr_array_index (rules, i);
      g_autofree char *run_id = rapport_automation_timed_run_id (rapport_json_get_string (cached->rule, "id"),
                                                                 entity->name, op.id, trigger, since);
      gboolean is_due;

      if (!holds[i] && cached->failure == NULL)
        continue;
      if (!not_run_yet (backend, run_id, &is_due, error))
        return FALSE;
      if (is_due && !run_rule (backend, NULL, &author, &op, cached->rule, record, run_id, now,
                               cached->failure != NULL ? g_error_copy (cached->failure) : NULL,
                               &wrote_record, error))
        return FALSE;
    }
  return TRUE;
}
