/* rapport-store-approvals.c: what the app shows of approvals, read from the store
 *
 * The app never decides an approval: the server does (SPEC.md §1.3). What
 * it shows is read here, in a worker thread, from what the last sync
 * brought and what the user did since: a document's strip (the rules that
 * match it now, evaluated from the local rules, and its latest request),
 * the inbox of requests the signed-in user may decide, and their own
 * requests, for the notifications of decisions. A request made here and
 * not yet synced has no `requested_by`: it is the signed-in user's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-approval.h"
#include "rapport-approval-steps.h"
#include "rapport-filter-sql.h"
#include "rapport-json.h"
#include "rapport-query.h"
#include "rapport-record.h"
#include "rapport-store-approvals.h"
#include "rapport-store-children.h"
#include "rapport-store-private.h"
#include "rapport-team.h"

/* The inbox and the notifications look at this many requests at most. */
#define MAX_REQUESTS 500

/* Up to @limit records of @entity, most recently changed first, those
 * whose @field is @value when @field is given (a filter field). */
static GPtrArray *
read_records (RapportStore *store,
              const char   *entity,
              const char   *field,
              const char   *value,
              guint         limit,
              GError      **error)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity);
  g_autoptr(RapportSnapshot) snapshot = NULL;

  rapport_query_set_sort (query, RAPPORT_SORT_UPDATED);
  if (field != NULL)
    rapport_query_add_filter (query, field, value);
  if (!(snapshot = rapport_store_snapshot (store, query, error)))
    return NULL;
  return rapport_store_fetch (store, snapshot, 0, MIN (limit, rapport_snapshot_get_n_rows (snapshot)),
                              error);
}

/**
 * rapport_store_approval_choices:
 * @field: (nullable): a filter field
 * @value: (nullable): the value @field must have
 *
 * Reads in a worker thread: the users or the teams an approver or a
 * delegate is picked from, the user's delegations.
 *
 * Returns: (transfer full) (nullable) (element-type JsonObject): up to 500
 *   records of @entity by name
 */
GPtrArray *
rapport_store_approval_choices (RapportStore *store,
                                const char   *entity,
                                const char   *field,
                                const char   *value,
                                GError      **error)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity);
  g_autoptr(RapportSnapshot) snapshot = NULL;

  rapport_query_set_sort (query, RAPPORT_SORT_NAME);
  if (field != NULL)
    rapport_query_add_filter (query, field, value);
  if (!(snapshot = rapport_store_snapshot (store, query, error)))
    return NULL;
  return rapport_store_fetch (store, snapshot, 0,
                              MIN (MAX_REQUESTS, rapport_snapshot_get_n_rows (snapshot)), error);
}

static JsonArray *
to_array (GPtrArray *records)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; records != NULL && i < records->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (records, i)));
  return array;
}

/* "Wang Fang", or NULL: a user's name as people read it. */
static char *
user_name (RapportStore *store,
           const char   *user_id)
{
  g_autoptr(JsonObject) user = NULL;

  if (user_id == NULL || !(user = rapport_store_get (store, "user", user_id, NULL)))
    return NULL;
  return rapport_record_title (rapport_entity_lookup ("user"), user);
}

static void
set_name (JsonObject   *object,
          const char   *member,
          RapportStore *store,
          const char   *user_id)
{
  g_autofree char *name = user_name (store, user_id);

  if (name != NULL)
    json_object_set_string_member (object, member, name);
}

static char *
title_of (RapportStore *store,
          const char   *entity,
          const char   *id)
{
  g_autoptr(JsonObject) record = rapport_store_get (store, entity, id, NULL);

  return record != NULL ? rapport_record_title (rapport_entity_lookup (entity), record) : NULL;
}

/**
 * rapport_approval_step_label:
 *
 * Returns: (transfer full): who approves a step of @spec, as people say
 *   it: "Any manager", "Team East China", "Wang Fang"
 */
char *
rapport_approval_step_label (RapportStore *store,
                             const char   *spec)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;

  switch (rapport_approval_step_parse (spec, &id))
    {
    case RAPPORT_STEP_MANAGER:
      return g_strdup (_("Any manager"));
    case RAPPORT_STEP_ADMIN:
      return g_strdup (_("Any admin"));
    case RAPPORT_STEP_OWNER_MANAGER:
      return g_strdup (_("The owner’s manager"));
    case RAPPORT_STEP_USER:
      name = title_of (store, "user", id);
      return g_strdup (name != NULL ? name : _("Someone not synced yet"));
    case RAPPORT_STEP_TEAM:
      name = title_of (store, "team", id);
      /* TRANSLATORS: an approver: "Team East China" */
      return g_strdup_printf (_("Team %s"), name != NULL ? name : "…");
    case RAPPORT_STEP_INVALID:
    default:
      return g_strdup (spec);
    }
}

/**
 * rapport_approval_steps_describe:
 * @text: a rule's steps
 *
 * Returns: (transfer full): who approves, in turn: "Any manager → Any admin"
 */
char *
rapport_approval_steps_describe (RapportStore *store,
                                 const char   *text)
{
  g_auto(GStrv) specs = rapport_approval_step_split (text);
  g_autoptr(GString) summary = g_string_new (NULL);

  for (guint i = 0; specs[i] != NULL; i++)
    {
      g_autofree char *label = rapport_approval_step_label (store, specs[i]);

      /* TRANSLATORS: between two approvers in turn: "Any manager → Any admin" */
      g_string_append_printf (summary, "%s%s", i > 0 ? _(" → ") : "", label);
    }
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

/* Who a user is, by name, for a sentence: "someone" when not synced. */
static char *
person (RapportStore *store,
        const char   *user_id)
{
  char *name = user_name (store, user_id);

  return name != NULL ? name : g_strdup (_("someone"));
}

/**
 * rapport_approval_event_text:
 * @event: one of a request's events
 *
 * Returns: (transfer full): what happened, in words: "Step 1 approved by
 *   Wang Fang on behalf of Li Lei"
 */
char *
rapport_approval_event_text (RapportStore *store,
                             JsonObject   *event)
{
  const char      *kind = rapport_json_get_string (event, "kind");
  gint64           step = rapport_json_get_int (event, "step", 0);
  g_autofree char *actor = person (store, rapport_json_get_string (event, "actor"));
  g_autofree char *principal = NULL;
  g_autofree char *by = NULL;

  if (rapport_json_get_string (event, "on_behalf_of") != NULL)
    {
      principal = person (store, rapport_json_get_string (event, "on_behalf_of"));
      /* TRANSLATORS: a delegate deciding: "Li Lei on behalf of Wang Fang" */
      by = g_strdup_printf (_("%s on behalf of %s"), actor, principal);
    }
  else
    by = g_strdup (actor);

  if (g_strcmp0 (kind, "submitted") == 0)
    return g_strdup_printf (_("Submitted by %s"), by);
  if (g_strcmp0 (kind, "step_approved") == 0)
    return g_strdup_printf (_("Step %d approved by %s"), (int) step, by);
  if (g_strcmp0 (kind, "rejected") == 0)
    return g_strdup_printf (_("Step %d rejected by %s"), (int) step, by);
  if (g_strcmp0 (kind, "recalled") == 0)
    return g_strdup_printf (_("Recalled by %s"), by);
  if (g_strcmp0 (kind, "overridden") == 0)
    return g_strdup_printf (_("Overridden by %s"), by);
  if (g_strcmp0 (kind, "stale") == 0)
    return g_strdup (_("Voided by a change to what it approves"));
  if (g_strcmp0 (kind, "reminded") == 0)
    {
      g_autofree char *who = rapport_approval_step_label (store,
                                                          rapport_json_get_string (event,
                                                                                   "approver"));

      return g_strdup_printf (_("Reminder: step %d still waits for %s"), (int) step, who);
    }
  if (g_strcmp0 (kind, "escalated") == 0)
    {
      g_autofree char *who = rapport_approval_step_label (store,
                                                          rapport_json_get_string (event, "to"));

      return g_strdup_printf (g_strcmp0 (rapport_json_get_string (event, "reason"),
                                         "approver_inactive") == 0
                              ? _("Step %d passed to %s: its approver is no longer active")
                              : _("Step %d passed to %s: no decision in time"),
                              (int) step, who);
    }
  return g_strdup (kind != NULL ? kind : "");
}

/* The request's trail in words, oldest first, each `text` and `time`. */
static JsonArray *
trail_of (RapportStore *store,
          JsonObject   *request)
{
  g_autoptr(JsonArray) events = rapport_approval_parse_array (request, "events");
  JsonArray *trail = json_array_new ();

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject      *event = json_array_get_object_element (events, i);
      JsonObject      *line = json_object_new ();
      g_autofree char *text = rapport_approval_event_text (store, event);

      json_object_set_string_member (line, "text", text);
      json_object_set_string_member (line, "kind", rapport_json_get_string (event, "kind"));
      if (rapport_json_get_string (event, "server_time") != NULL)
        json_object_set_string_member (line, "time", rapport_json_get_string (event, "server_time"));
      json_array_add_object_element (trail, line);
    }
  return trail;
}

/* "Step 2 of 3: Any admin", for a pending request with steps. */
static char *
waiting_on (RapportStore *store,
            JsonObject   *request)
{
  g_autoptr(JsonArray) steps = rapport_approval_parse_array (request, "steps");
  g_autoptr(JsonObject) step = rapport_approval_current_step (request);
  g_autofree char *who = NULL;

  if (step == NULL)
    return NULL;
  who = rapport_approval_step_label (store, rapport_json_get_string (step, "approver"));
  /* TRANSLATORS: "Step 2 of 3: Any admin" */
  return g_strdup_printf (_("Step %d of %u: %s"), (int) rapport_json_get_int (step, "seq", 1),
                          json_array_get_length (steps), who);
}

static const char *
document_field (const char *entity)
{
  return g_str_equal (entity, "quote") ? "quote_id" : "sales_order_id";
}

/* The requests of one document, oldest first. */
static GPtrArray *
document_requests (RapportStore *store,
                   const char   *entity,
                   const char   *id,
                   GError      **error)
{
  const RapportEntity *requests = rapport_entity_lookup ("approval_request");
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  RapportStoreConnection *reader;
  g_auto(GStrv) ids = NULL;

  if (!(reader = rapport_store_begin_read (store, error)))
    return NULL;
  ids = rapport_store_child_ids (reader, requests, document_field (entity), id, error);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      JsonObject *record = rapport_store_connection_read_by_id (reader, requests, ids[i], NULL,
                                                                 NULL);

      if (record != NULL)
        g_ptr_array_add (records, record);
    }
  rapport_store_end_read (store, reader);
  if (ids == NULL)
    return NULL;
  return g_steal_pointer (&records);
}

/* Whether @segment's filter holds the record @id, on the local database;
 * "me" is the document's owner, as on the server. */
static gboolean
segment_holds (RapportStore *store,
               JsonObject   *segment,
               const char   *id,
               const char   *owner_id)
{
  const RapportEntity *entity = rapport_entity_lookup (rapport_json_get_string (segment, "object"));
  g_autoptr(RapportFilter) filter = NULL;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  RapportFilterContext context = { now, zone, owner_id };
  RapportStoreConnection *reader;
  sqlite3_stmt *stmt;
  gboolean holds = FALSE;

  if (entity == NULL ||
      !(filter = rapport_filter_from_json_text (entity, rapport_json_get_string (segment, "filter"),
                                                NULL)))
    return FALSE;
  g_string_printf (sql, "SELECT 1 FROM %s AS t WHERE t.id = ? AND ", entity->table);
  if (!rapport_filter_to_sql (filter, &rapport_filter_store_dialect, &context, "t", sql, params,
                              NULL) ||
      !(reader = rapport_store_begin_read (store, NULL)))
    return FALSE;
  if ((stmt = rapport_store_connection_prepare (reader, sql->str, NULL)) != NULL)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      rapport_filter_bind (stmt, params, 2);
      holds = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
    }
  rapport_store_end_read (store, reader);
  return holds;
}

/* Of the segments @rules name, those that hold @document's customer, by id,
 * with their names. */
static JsonObject *
customer_segments (RapportStore *store,
                   const char   *document_type,
                   JsonObject   *document,
                   JsonArray    *rules)
{
  g_autoptr(GPtrArray) ids = rapport_approval_segment_ids (document_type, rules);
  JsonObject *segments = json_object_new ();

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) segment = rapport_store_get (store, "segment", ids->pdata[i], NULL);
      const char *customer = segment ? rapport_approval_segment_customer (segment, document) : NULL;

      if (customer != NULL &&
          segment_holds (store, segment, customer, rapport_json_get_string (document, "owner_id")))
        json_object_set_string_member (segments, ids->pdata[i],
                                       rapport_json_get_string (segment, "name"));
    }
  return segments;
}

/**
 * rapport_store_approval_context:
 * @document_type: "quote" or "sales_order"
 * @lines: (element-type JsonObject): @document's lines
 * @rules: (nullable): the approval rules, for the segments they name
 *
 * Returns: (transfer full): what some rules need besides the document, as
 *   rapport_approval_evaluate() takes it: the lines' products, the price
 *   list, today, and which of the rules' segments hold the customer
 */
JsonObject *
rapport_store_approval_context (RapportStore *store,
                                const char   *document_type,
                                JsonObject   *document,
                                GPtrArray    *lines,
                                JsonArray    *rules)
{
  JsonObject *context = json_object_new ();
  JsonObject *products = json_object_new ();
  const char *list_id = rapport_json_get_string (document, "price_list_id");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  JsonObject *list;

  for (guint i = 0; i < lines->len; i++)
    {
      const char *product_id = rapport_json_get_string (g_ptr_array_index (lines, i), "product_id");
      JsonObject *product;

      if (product_id != NULL && !json_object_has_member (products, product_id) &&
          (product = rapport_store_get (store, "product", product_id, NULL)) != NULL)
        json_object_set_object_member (products, product_id, product);
    }
  json_object_set_object_member (context, "products", products);
  if (list_id != NULL && (list = rapport_store_get (store, "price_list", list_id, NULL)) != NULL)
    {
      g_autoptr(GPtrArray) items = rapport_store_list_children (store, "price_list_item", list_id,
                                                                NULL);

      json_object_set_object_member (context, "price_list", list);
      json_object_set_array_member (context, "price_list_items", to_array (items));
    }
  json_object_set_string_member (context, "date", today);
  json_object_set_object_member (context, "customer_segments",
                                 customer_segments (store, document_type, document, rules));
  return context;
}

/* What the local rules say of @document, in the user's language: the
 * server's reasons are in its own. */
static JsonArray *
evaluate (RapportStore *store,
          const char   *entity,
          JsonObject   *document,
          JsonArray    *rules,
          GError      **error)
{
  g_autofree char *line_entity = g_strconcat (entity, "_line", NULL);
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(JsonArray) line_array = NULL;
  g_autoptr(JsonObject) context = NULL;

  if (!(lines = rapport_store_list_children (store, line_entity,
                                             rapport_json_get_string (document, "id"), error)))
    return NULL;
  line_array = to_array (lines);
  context = rapport_store_approval_context (store, entity, document, lines, rules);
  return rapport_approval_evaluate (entity, document, line_array, rules, context);
}

static JsonArray *
read_rules (RapportStore *store,
            GError      **error)
{
  g_autoptr(GPtrArray) rules = read_records (store, "approval_rule", NULL, NULL, MAX_REQUESTS,
                                             error);

  return rules != NULL ? to_array (rules) : NULL;
}

/**
 * rapport_store_approval_status:
 * @entity: "quote" or "sales_order"
 *
 * Reads in a worker thread: it reads every rule and the document's lines.
 *
 * Returns: (transfer full) (nullable): `document`; `matches`, as
 *   rapport_approval_evaluate() gives them from the local rules; `request`,
 *   the document's latest approval request if it has one, with
 *   `requester` and `decider`, their names; `user_id`, the signed-in user;
 *   `approvers`, who approves in turn, when the rules name more than one
 *   role
 */
JsonObject *
rapport_store_approval_status (RapportStore *store,
                               const char   *entity,
                               const char   *id,
                               GError      **error)
{
  g_autoptr(JsonObject) document = NULL;
  g_autoptr(JsonArray) rules = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *user_id = NULL;
  JsonArray *matches;
  JsonObject *status;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (g_str_equal (entity, "quote") || g_str_equal (entity, "sales_order"),
                        NULL);

  if (!(document = rapport_store_get (store, entity, id, error)) ||
      !(rules = read_rules (store, error)) ||
      !(requests = document_requests (store, entity, id, error)) ||
      !(matches = evaluate (store, entity, document, rules, error)))
    return NULL;

  status = json_object_new ();
  json_object_set_object_member (status, "document", json_object_ref (document));
  json_object_set_array_member (status, "matches", matches);
  {
    g_autoptr(JsonArray) steps = rapport_approval_steps_of (matches, NULL);
    g_autoptr(GString) specs = g_string_new (NULL);

    for (guint i = 0; i < json_array_get_length (steps); i++)
      g_string_append_printf (specs, "%s%s", i > 0 ? "\n" : "",
                              rapport_json_get_string (json_array_get_object_element (steps, i),
                                                       "approver"));
    /* Who approves, in turn, when it is more than one role. */
    if (json_array_get_length (steps) > 1 ||
        (json_array_get_length (steps) == 1 && !g_str_has_prefix (specs->str, "role:")))
      {
        g_autofree char *approvers = rapport_approval_steps_describe (store, specs->str);

        json_object_set_string_member (status, "approvers", approvers);
      }
  }
  if (requests->len > 0)
    {
      JsonObject *request = g_ptr_array_index (requests, requests->len - 1);

      json_object_set_object_member (status, "request", json_object_ref (request));
      set_name (status, "requester", store, rapport_json_get_string (request, "requested_by"));
      set_name (status, "decider", store, rapport_json_get_string (request, "decided_by"));
      json_object_set_array_member (status, "trail", trail_of (store, request));
      if (g_strcmp0 (rapport_json_get_string (request, "status"), "pending") == 0)
        {
          g_autofree char *waiting = waiting_on (store, request);

          if (waiting != NULL)
            json_object_set_string_member (status, "waiting_on", waiting);
        }
    }
  if ((user_id = rapport_store_get_state (store, "user_id")) != NULL)
    json_object_set_string_member (status, "user_id", user_id);
  return status;
}

/**
 * rapport_approval_may_decide:
 * @user_id: (nullable): the signed-in user
 * @role: (nullable): their role
 * @people: (nullable): who the step's approver is (the owner's manager, a
 *   team's members), as the caller found them
 *
 * Returns: whether the server lets @user_id decide the step @request of
 *   @document waits on (rapport_approval_step_allows()), not for a request
 *   of their own (one made here and not yet synced is) nor of a document
 *   they own
 */
gboolean
rapport_approval_may_decide (JsonObject              *request,
                             JsonObject              *document,
                             const char              *user_id,
                             const char              *role,
                             const RapportStepPeople *people)
{
  const char *requester = rapport_json_get_string (request, "requested_by");
  g_autoptr(JsonObject) step = rapport_approval_current_step (request);
  const char *spec = rapport_json_get_string (step, "approver");

  if (user_id == NULL)
    return FALSE;
  if (requester == NULL || g_str_equal (requester, user_id) ||
      g_strcmp0 (rapport_json_get_string (document, "owner_id"), user_id) == 0)
    return FALSE;
  if (spec == NULL)
    spec = g_strcmp0 (rapport_json_get_string (request, "approver_role"), "admin") == 0
             ? "role:admin" : "role:manager";
  return rapport_approval_step_allows (spec, user_id, role, people);
}

/* Whether @user_id may decide @request here, as its approver or as the
 * delegate of one who is away today, as far as the local store knows. */
static gboolean
may_decide_here (RapportStore *store,
                 JsonObject   *request,
                 JsonObject   *document,
                 const char   *user_id,
                 const char   *role,
                 const char   *today)
{
  g_autoptr(JsonObject) step = rapport_approval_current_step (request);
  g_autofree char *team_id = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) members = NULL;
  g_autoptr(JsonObject) owner = NULL;
  g_autoptr(GPtrArray) delegations = NULL;
  RapportStepPeople people = { NULL, NULL };
  const char *owner_id = rapport_json_get_string (document, "owner_id");

  if (owner_id != NULL && (owner = rapport_store_get (store, "user", owner_id, NULL)) != NULL)
    people.owner_manager_id = rapport_json_get_string (owner, "manager_id");
  if (rapport_approval_step_parse (rapport_json_get_string (step, "approver"), &team_id) ==
      RAPPORT_STEP_TEAM)
    {
      g_autoptr(GPtrArray) rows = rapport_store_list_children (store, "team_member", team_id, NULL);

      for (guint i = 0; rows != NULL && i < rows->len; i++)
        g_strv_builder_add (builder, rapport_json_get_string (g_ptr_array_index (rows, i),
                                                              "user_id"));
    }
  members = g_strv_builder_end (builder);
  people.team_members = (const char * const *) members;
  if (rapport_approval_may_decide (request, document, user_id, role, &people))
    return TRUE;
  if (user_id == NULL ||
      !(delegations = read_records (store, "approval_delegation", NULL, NULL, MAX_REQUESTS, NULL)))
    return FALSE;
  for (guint i = 0; i < delegations->len; i++)
    {
      JsonObject *delegation = g_ptr_array_index (delegations, i);
      const char *principal_id = rapport_json_get_string (delegation, "user_id");
      g_autoptr(JsonObject) principal = NULL;

      if (g_strcmp0 (rapport_json_get_string (delegation, "delegate_id"), user_id) != 0 ||
          g_strcmp0 (rapport_json_get_string (delegation, "starts_on"), today) > 0 ||
          g_strcmp0 (rapport_json_get_string (delegation, "ends_on"), today) < 0 ||
          !(principal = rapport_store_get (store, "user", principal_id, NULL)))
        continue;
      /* Never for a request of their own, even as a delegate. */
      if (g_strcmp0 (rapport_json_get_string (request, "requested_by"), user_id) != 0 &&
          g_strcmp0 (owner_id, user_id) != 0 &&
          rapport_approval_may_decide (request, document, principal_id,
                                       rapport_json_get_string (principal, "role"), &people))
        return TRUE;
    }
  return FALSE;
}

/* The request's document: "quote" or "sales_order", and the record. */
static JsonObject *
request_document (RapportStore *store,
                  JsonObject   *request,
                  const char  **entity)
{
  const char *quote_id = rapport_json_get_string (request, "quote_id");
  const char *order_id = rapport_json_get_string (request, "sales_order_id");

  *entity = quote_id != NULL ? "quote" : "sales_order";
  if (quote_id == NULL && order_id == NULL)
    return NULL;
  return rapport_store_get (store, *entity, quote_id != NULL ? quote_id : order_id, NULL);
}

/* Whom a document is for: its company, else its contact. */
static char *
customer_name (RapportStore *store,
               JsonObject   *document)
{
  static const char * const refs[][2] = { { "company_id", "company" }, { "contact_id", "contact" } };

  for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
    {
      const char *id = rapport_json_get_string (document, refs[i][0]);
      g_autoptr(JsonObject) record = NULL;

      if (id != NULL && (record = rapport_store_get (store, refs[i][1], id, NULL)) != NULL)
        return rapport_record_title (rapport_entity_lookup (refs[i][1]), record);
    }
  return NULL;
}

static JsonObject *
item_new (RapportStore *store,
          JsonObject   *request,
          const char   *entity,
          JsonObject   *document)
{
  JsonObject *item = json_object_new ();
  g_autofree char *customer = customer_name (store, document);

  json_object_set_object_member (item, "request", json_object_ref (request));
  json_object_set_string_member (item, "entity", entity);
  json_object_set_object_member (item, "document", json_object_ref (document));
  if (customer != NULL)
    json_object_set_string_member (item, "customer", customer);
  set_name (item, "requester", store, rapport_json_get_string (request, "requested_by"));
  set_name (item, "decider", store, rapport_json_get_string (request, "decided_by"));
  return item;
}

/* How often the server reminded of @request or passed it on (`reminders`),
 * and the last time, in words (`reminder`). */
static void
add_reminders (RapportStore *store,
               JsonObject   *item,
               JsonObject   *request)
{
  g_autoptr(JsonArray) events = rapport_approval_parse_array (request, "events");
  JsonObject *last = NULL;
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      const char *kind = rapport_json_get_string (event, "kind");

      if (g_strcmp0 (kind, "reminded") == 0 || g_strcmp0 (kind, "escalated") == 0)
        {
          last = event;
          n++;
        }
    }
  json_object_set_int_member (item, "reminders", n);
  if (last != NULL)
    {
      g_autofree char *text = rapport_approval_event_text (store, last);

      json_object_set_string_member (item, "reminder", text);
    }
}

/**
 * rapport_store_approval_inbox:
 *
 * Reads in a worker thread.
 *
 * Returns: (transfer full) (nullable): `role` and `user_id` of the
 *   signed-in user, and `items`: the pending requests they may decide,
 *   most recently changed first, each with its `request`, `entity`,
 *   `document`, `customer`, `requester`, `local_reasons`, what the
 *   local rules say of it in the user's language, and `reminders`, how
 *   often the server reminded of it or passed it on, the last in words as
 *   `reminder`
 */
JsonObject *
rapport_store_approval_inbox (RapportStore *store,
                              GError      **error)
{
  g_autofree char *user_id = rapport_store_get_state (store, "user_id");
  g_autofree char *role = rapport_store_get_signed_in_role (store);
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(JsonArray) rules = NULL;
  g_autoptr(JsonObject) inbox = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  JsonArray *items = json_array_new ();

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  json_object_set_array_member (inbox, "items", items);
  if (user_id != NULL)
    json_object_set_string_member (inbox, "user_id", user_id);
  if (role != NULL)
    json_object_set_string_member (inbox, "role", role);
  if (!(pending = read_records (store, "approval_request", "status", "pending", MAX_REQUESTS,
                                error)) ||
      !(rules = read_rules (store, error)))
    return NULL;
  for (guint i = 0; i < pending->len; i++)
    {
      JsonObject *request = g_ptr_array_index (pending, i);
      const char *entity;
      g_autoptr(JsonObject) document = request_document (store, request, &entity);

      g_autoptr(JsonArray) matches = NULL;
      g_autofree char *reasons = NULL;
      JsonObject *item;

      if (document == NULL || !may_decide_here (store, request, document, user_id, role, today))
        continue;
      item = item_new (store, request, entity, document);
      add_reminders (store, item, request);
      matches = evaluate (store, entity, document, rules, NULL);
      if (matches != NULL && json_array_get_length (matches) > 0)
        {
          reasons = rapport_approval_reasons (matches);
          json_object_set_string_member (item, "local_reasons", reasons);
        }
      json_array_add_object_element (items, item);
    }
  return g_steal_pointer (&inbox);
}

/**
 * rapport_store_approval_mine:
 * @limit: how many requests to look at, the most recently changed first
 *
 * Reads in a worker thread.
 *
 * Returns: (transfer full) (nullable) (element-type JsonObject): the
 *   signed-in user's requests among them, as the inbox's items (with
 *   `decider`); empty when nobody is signed in
 */
GPtrArray *
rapport_store_approval_mine (RapportStore *store,
                             guint         limit,
                             GError      **error)
{
  g_autofree char *user_id = rapport_store_get_state (store, "user_id");
  g_autoptr(GPtrArray) requests = NULL;
  GPtrArray *mine = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  if (user_id == NULL)
    return mine;
  if (!(requests = read_records (store, "approval_request", NULL, NULL, limit, error)))
    {
      g_ptr_array_unref (mine);
      return NULL;
    }
  for (guint i = 0; i < requests->len; i++)
    {
      JsonObject *request = g_ptr_array_index (requests, i);
      const char *requester = rapport_json_get_string (request, "requested_by");
      const char *entity;
      g_autoptr(JsonObject) document = NULL;

      if (requester != NULL && !g_str_equal (requester, user_id))
        continue;
      if ((document = request_document (store, request, &entity)) != NULL)
        g_ptr_array_add (mine, item_new (store, request, entity, document));
    }
  return mine;
}
