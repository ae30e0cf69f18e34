/* rapport-server-approvals.c: approval of quotes and orders, decided here
 *
 * SPEC.md §1.3. The client's word is never enough: whatever a client
 * pushes, the server alone decides whether a document may be approved,
 * sent or confirmed.
 *
 * - A request (approval_request) is of one content of one document: the
 *   doc_hash its submitter computed, which must be the document's as
 *   stored, of a draft that a rule matches. The server fills in who asked,
 *   when, why (the rules' reasons) and who must approve, and sets the
 *   document pending_approval.
 * - A decision is an update of the request's status by someone who may
 *   make it: never the requester or the document's owner, a manager or an
 *   admin as the rules ask, an admin for an override, the requester for a
 *   recall; a rejection or an override says why. A request is decided
 *   once: a second decision is refused. A decision carries the hash its
 *   maker saw; if the document changed since, it is kept as stale.
 * - A document enters approved, sent or accepted (an order confirmed or
 *   later) only with an approved request of its current hash while any
 *   rule matches it. A sent quote, a confirmed order, never changes what
 *   its approval is of. An edit of what an approval is of voids it: the
 *   request turns stale and the document back to draft; a rep cannot
 *   edit a document while it waits for approval.
 *
 * Side writes (the document's state, a request turned stale) are new
 * versions written in the same transaction, brought by the changes feed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-approval.h"
#include "rapport-approval-steps.h"
#include "rapport-json.h"
#include "rapport-server-approvals.h"
#include "rapport-server-approvers.h"
#include "rapport-server-children.h"
#include "rapport-server-documents.h"
#include "rapport-server-error.h"
#include "rapport-server-lifecycle.h"
#include "rapport-validate.h"

/* What a document is; NULL for another type. */
typedef struct
{
  const char         *entity;
  const char         *request_field;  /* approval_request's field that points at it */
  const char         *approved_state; /* where an approval takes it */
  const char * const *guarded;        /* states that need an approval */
  const char * const *frozen;         /* states whose content never changes */
} DocumentKind;

static const DocumentKind kinds[] = {
  { "quote", "quote_id", "approved",
    (const char * const[]){ "approved", "sent", "accepted", NULL },
    (const char * const[]){ "sent", "accepted", "declined", "expired", "cancelled", "superseded",
                            NULL } },
  { "sales_order", "sales_order_id", "confirmed",
    (const char * const[]){ "confirmed", "partially_fulfilled", "fulfilled", "closed", NULL },
    (const char * const[]){ "confirmed", "partially_fulfilled", "fulfilled", "closed",
                            "cancelled", "superseded", NULL } },
};

static const DocumentKind *
kind_of (const char *entity_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].entity, entity_name) == 0)
      return &kinds[i];
  return NULL;
}

static gboolean
is_in (const char         *state,
       const char * const *states)
{
  return state != NULL && g_strv_contains (states, state);
}

static const char *
state_of (JsonObject *document)
{
  return document != NULL ? rapport_json_get_string (document, "state") : NULL;
}

/* The requests of the document @id, each with its version. */
static gboolean
load_requests (RapportServerBackend *backend,
               const DocumentKind   *kind,
               const char           *id,
               GPtrArray            *requests,
               GError              **error)
{
  return rapport_server_list_children (backend, rapport_entity_lookup ("approval_request"),
                                       kind->request_field, id, requests, error);
}

/* Of the segments @rules name, those that hold @document's customer, by
 * id, with their names: the filter language's SQL on the server's data. */
static JsonObject *
customer_segments (RapportServerBackend *backend,
                   const char           *document_type,
                   JsonObject           *document,
                   JsonArray            *rules,
                   GError              **error)
{
  g_autoptr(GPtrArray) ids = rapport_approval_segment_ids (document_type, rules);
  g_autoptr(JsonObject) segments = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  RapportFilterContext context = { now, utc, rapport_json_get_string (document, "owner_id") };

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) segment = NULL;
      g_autoptr(RapportFilter) filter = NULL;
      const RapportEntity *entity;
      const char *customer;
      gboolean holds = FALSE;

      if (!rapport_server_load_record (backend, rapport_entity_lookup ("segment"), ids->pdata[i],
                                       NULL, &segment, error))
        return NULL;
      if (segment == NULL ||
          (customer = rapport_approval_segment_customer (segment, document)) == NULL ||
          !(entity = rapport_entity_lookup (rapport_json_get_string (segment, "object"))) ||
          !(filter = rapport_filter_from_json_text (entity, rapport_json_get_string (segment,
                                                                                     "filter"),
                                                    NULL)))
        continue;
      if (!backend->vtable->filters_match (backend, (RapportFilter * const *) &filter, 1, &context,
                                           customer, &holds, error))
        return NULL;
      if (holds)
        json_object_set_string_member (segments, ids->pdata[i],
                                       rapport_json_get_string (segment, "name"));
    }
  return g_steal_pointer (&segments);
}

/* What some rules need besides the document: its lines' products, its
 * price list with its items, today, and which of the rules' segments hold
 * its customer. */
static JsonObject *
approval_context (RapportServerBackend *backend,
                  const DocumentKind   *kind,
                  JsonObject           *document,
                  JsonArray            *lines,
                  JsonArray            *rules,
                  GError              **error)
{
  JsonObject *segments;

  g_autoptr(JsonObject) context = json_object_new ();
  JsonObject      *products = json_object_new ();
  const char      *list_id = rapport_json_get_string (document, "price_list_id");
  g_autofree char *now = rapport_server_now ();
  g_autoptr(JsonObject) list = NULL;

  json_object_set_object_member (context, "products", products);
  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    {
      const char *id = rapport_json_get_string (json_array_get_object_element (lines, i),
                                                "product_id");
      JsonObject *product = NULL;

      if (id == NULL || json_object_has_member (products, id))
        continue;
      if (!rapport_server_load_record (backend, rapport_entity_lookup ("product"), id, NULL,
                                       &product, error))
        return NULL;
      if (product != NULL)
        json_object_set_object_member (products, id, product);
    }
  if (list_id != NULL &&
      !rapport_server_load_record (backend, rapport_entity_lookup ("price_list"), list_id, NULL,
                                   &list, error))
    return NULL;
  if (list != NULL)
    {
      const RapportEntity *item_entity = rapport_entity_lookup ("price_list_item");
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      JsonArray *array = json_array_new ();

      if (!rapport_server_list_children (backend, item_entity, item_entity->parent_field, list_id,
                                         items, error))
        {
          json_array_unref (array);
          return NULL;
        }
      for (guint i = 0; i < items->len; i++)
        json_array_add_object_element (array, json_object_ref (g_ptr_array_index (items, i)));
      json_object_set_array_member (context, "price_list_items", array);
      json_object_set_object_member (context, "price_list", g_steal_pointer (&list));
    }
  now[10] = '\0';
  json_object_set_string_member (context, "date", now);
  if (!(segments = customer_segments (backend, kind->entity, document, rules, error)))
    return NULL;
  json_object_set_object_member (context, "customer_segments", segments);
  return g_steal_pointer (&context);
}

/* The rules that @document and @lines match, computed. */
static gboolean
evaluate (RapportServerBackend *backend,
          const DocumentKind   *kind,
          JsonObject           *document,
          JsonArray            *lines,
          JsonArray           **matches,
          GError              **error)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonObject) context = NULL;

  if (!rapport_server_load_all (backend, "approval_rule", rules, error))
    return FALSE;
  for (guint i = 0; i < rules->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (rules, i)));
  if (!(context = approval_context (backend, kind, document, lines, array, error)))
    return FALSE;
  *matches = rapport_approval_evaluate (kind->entity, document, lines, array, context);
  return TRUE;
}

/* Writes @request again with @status: a side effect, not a decision. */
static void
set_request_status (GPtrArray  *writes,
                    JsonObject *request,
                    const char *status)
{
  g_autoptr(JsonObject) changed = rapport_json_object_copy (request);
  g_autofree char *now = rapport_server_now ();

  json_object_set_string_member (changed, "status", status);
  if (json_object_has_member (request, "steps"))
    rapport_approval_add_event (changed, rapport_approval_event_new (status, NULL, now, NULL));
  rapport_server_documents_add_write (writes, rapport_entity_lookup ("approval_request"), request,
                                      changed);
}

/* Turns stale every request of @id still pending or approved; @voided
 * says whether there was one. */
static gboolean
void_requests (RapportServerBackend *backend,
               const DocumentKind   *kind,
               const char           *id,
               GPtrArray            *writes,
               gboolean             *voided,
               GError              **error)
{
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  *voided = FALSE;
  if (!load_requests (backend, kind, id, requests, error))
    return FALSE;
  for (guint i = 0; i < requests->len; i++)
    {
      JsonObject *request = g_ptr_array_index (requests, i);
      const char *status = rapport_json_get_string (request, "status");

      if (g_strcmp0 (status, "pending") == 0 || g_strcmp0 (status, "approved") == 0 ||
          g_strcmp0 (status, "overridden") == 0)
        {
          set_request_status (writes, request, "stale");
          *voided = TRUE;
        }
    }
  return TRUE;
}

/* Whether @id has a request approved (or overridden) for @hash. */
static gboolean
has_approval (RapportServerBackend *backend,
              const DocumentKind   *kind,
              const char           *id,
              const char           *hash,
              gboolean             *approved,
              GError              **error)
{
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  *approved = FALSE;
  if (!load_requests (backend, kind, id, requests, error))
    return FALSE;
  for (guint i = 0; i < requests->len; i++)
    {
      JsonObject *request = g_ptr_array_index (requests, i);
      const char *status = rapport_json_get_string (request, "status");

      if ((g_strcmp0 (status, "approved") == 0 || g_strcmp0 (status, "overridden") == 0) &&
          g_strcmp0 (rapport_json_get_string (request, "doc_hash"), hash) == 0)
        *approved = TRUE;
    }
  return TRUE;
}

static gboolean
member_changed (JsonObject *a,
                JsonObject *b,
                const char *name)
{
  JsonNode *x = a != NULL ? json_object_get_member (a, name) : NULL;
  JsonNode *y = b != NULL ? json_object_get_member (b, name) : NULL;

  if (x != NULL && JSON_NODE_HOLDS_NULL (x))
    x = NULL;
  if (y != NULL && JSON_NODE_HOLDS_NULL (y))
    y = NULL;
  return (x == NULL) != (y == NULL) || (x != NULL && !json_node_equal (x, y));
}

/* A document written: guards what its state and content may become. */
static gboolean
check_document (RapportServerBackend     *backend,
                const RapportServerActor *actor,
                const DocumentKind       *kind,
                JsonObject               *current,
                JsonObject               *record,
                GPtrArray                *writes,
                GError                  **rejection,
                GError                  **error)
{
  const char *id = rapport_json_get_string (record, "id");
  const char *old_state = state_of (current);
  const char *new_state = state_of (record);
  /* A document stored before hashes were kept has none to compare. */
  gboolean content_changed = current == NULL ||
                             (json_object_has_member (current, "doc_hash") &&
                              member_changed (current, record, "doc_hash"));
  gboolean state_changed = current == NULL || g_strcmp0 (old_state, new_state) != 0;
  g_autoptr(JsonArray) lines = NULL;
  g_autoptr(JsonArray) matches = NULL;
  g_autofree char *reasons = NULL;
  gboolean         approved, voided;

  if (current != NULL && content_changed && is_in (old_state, kind->frozen))
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "state", "%s",
                                g_str_equal (kind->entity, "quote")
                                ? _("A sent quote cannot be changed: make a new revision")
                                : _("A confirmed order cannot be changed: amend it"));
      return TRUE;
    }
  if (g_strcmp0 (old_state, "pending_approval") == 0 && content_changed)
    {
      if (rapport_server_actor_is (actor, "rep"))
        {
          rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "state", "%s",
                                    _("This waits for approval: recall the request to change it"));
          return TRUE;
        }
      json_object_set_string_member (record, "state", "draft");
      return void_requests (backend, kind, id, writes, &voided, error);
    }
  if (g_strcmp0 (old_state, "pending_approval") == 0 && state_changed)
    {
      /* Withdrawn or cancelled: its request decides nothing any more. */
      if (!void_requests (backend, kind, id, writes, &voided, error))
        return FALSE;
    }
  if (state_changed && g_strcmp0 (new_state, "pending_approval") == 0)
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "state", "%s",
                                _("Submit it for approval instead: an approval request sets "
                                  "this state"));
      return TRUE;
    }
  if (!is_in (new_state, kind->guarded) || !(state_changed || content_changed))
    return TRUE;

  {
    g_autoptr(JsonObject) computed = rapport_json_object_copy (record);

    if (!rapport_server_documents_family (backend, rapport_entity_lookup (kind->entity), computed,
                                          &lines, error) ||
        !evaluate (backend, kind, computed, lines, &matches, error))
      return FALSE;
  }
  if (json_array_get_length (matches) == 0)
    return TRUE;
  if (!has_approval (backend, kind, id, rapport_json_get_string (record, "doc_hash"), &approved,
                     error))
    return FALSE;
  if (approved)
    return TRUE;
  if (!state_changed)
    {
      /* An approved document edited: the approval no longer holds. */
      json_object_set_string_member (record, "state", "draft");
      return void_requests (backend, kind, id, writes, &voided, error);
    }
  reasons = rapport_approval_reasons (matches);
  rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "state",
                            _("This needs approval first: %s"), reasons);
  return TRUE;
}

static const char * const line_members[] = {
  "product_id", "line_kind", "qty_milli", "unit_price_x100", "discount_ppm", "discount_minor",
  "tax_rate_ppm", "tax2_rate_ppm", "position", NULL
};

/* A line written or deleted: its document's state may forbid it. An
 * approved document's approval is voided when its totals are flushed. */
static gboolean
check_line (RapportServerBackend     *backend,
            const RapportServerActor *actor,
            const RapportEntity      *entity,
            JsonObject               *current,
            JsonObject               *record,
            GError                  **rejection,
            GError                  **error)
{
  const RapportEntity *document = rapport_entity_parent (entity);
  const DocumentKind  *kind = kind_of (document->name);
  JsonObject          *line = record != NULL ? record : current;
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) parent = NULL;
  gboolean    changed = current == NULL || record == NULL;
  const char *state;

  for (guint i = 0; !changed && line_members[i] != NULL; i++)
    changed = member_changed (current, record, line_members[i]);
  if (!changed || line == NULL ||
      !rapport_server_load_record (backend, document, rapport_json_get_string (line, entity->parent_field),
                                   &stored, &parent, error))
    return error == NULL || *error == NULL;
  state = state_of (parent);
  if (is_in (state, kind->frozen))
    rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, entity->parent_field,
                              "%s",
                              g_str_equal (kind->entity, "quote")
                              ? _("A sent quote cannot be changed: make a new revision")
                              : _("A confirmed order cannot be changed: amend it"));
  else if (g_strcmp0 (state, "pending_approval") == 0 && rapport_server_actor_is (actor, "rep"))
    rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, entity->parent_field,
                              "%s",
                              _("This waits for approval: recall the request to change it"));
  return TRUE;
}

/* The document a request is of: its kind and its stored record. */
static gboolean
load_document (RapportServerBackend *backend,
               JsonObject           *request,
               const DocumentKind  **out_kind,
               JsonObject          **out_document,
               GError              **rejection,
               GError              **error)
{
  const DocumentKind *found = NULL;
  const char         *id = NULL;
  g_autoptr(RapportStoredRecord) stored = NULL;

  *out_document = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      const char *value = rapport_json_get_string (request, kinds[i].request_field);

      if (value == NULL)
        continue;
      if (found != NULL)
        {
          rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID,
                                        kinds[i].request_field,
                                        _("A request is of one quote or one order, not both"));
          return TRUE;
        }
      found = &kinds[i];
      id = value;
    }
  if (found == NULL)
    {
      rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_REQUIRED, "quote_id",
                                    _("Name the quote or the order to approve"));
      return TRUE;
    }
  if (!rapport_server_load_record (backend, rapport_entity_lookup (found->entity), id, &stored,
                                   out_document, error))
    return FALSE;
  if (*out_document == NULL || stored->deleted)
    {
      g_clear_pointer (out_document, json_object_unref);
      rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID,
                                    found->request_field,
                                    _("The record to approve does not exist or was deleted"));
      return TRUE;
    }
  json_object_set_int_member (*out_document, "version", stored->version);
  *out_kind = found;
  return TRUE;
}

/* Sets @document's state to @state as a side write. */
static void
set_document_state (GPtrArray          *writes,
                    const DocumentKind *kind,
                    JsonObject         *document,
                    const char         *state)
{
  g_autoptr(JsonObject) changed = NULL;

  if (g_strcmp0 (state_of (document), state) == 0)
    return;
  changed = rapport_json_object_copy (document);
  json_object_set_string_member (changed, "state", state);
  rapport_server_documents_add_write (writes, rapport_entity_lookup (kind->entity), document,
                                      changed);
}

/* What a decision sets: nothing, on a request just submitted. */
static const char * const decision_fields[] = {
  "decided_by", "decided_at", "decision_comment", "decided_hash", NULL
};

/* A request submitted: of the document as stored, a draft that needs it. */
static gboolean
submit (RapportServerBackend     *backend,
        const RapportServerActor *actor,
        JsonObject               *record,
        const char               *now,
        GPtrArray                *writes,
        GError                  **rejection,
        GError                  **error)
{
  const DocumentKind *kind = NULL;
  g_autoptr(JsonObject) document = NULL;
  g_autoptr(JsonObject) computed = NULL;
  g_autoptr(JsonArray) lines = NULL;
  g_autoptr(JsonArray) matches = NULL;
  g_autofree char *reasons = NULL;
  g_autofree char *rules = NULL;
  const char      *status = rapport_json_get_string (record, "status");

  if (!load_document (backend, record, &kind, &document, rejection, error) || *rejection != NULL)
    return *rejection != NULL || (error == NULL || *error == NULL);
  if (status != NULL && !g_str_equal (status, "pending"))
    {
      rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "status",
                                    _("A request starts pending"));
      return TRUE;
    }
  computed = rapport_json_object_copy (document);
  if (!rapport_server_documents_family (backend, rapport_entity_lookup (kind->entity), computed,
                                        &lines, error) ||
      !evaluate (backend, kind, computed, lines, &matches, error))
    return FALSE;
  if (g_strcmp0 (rapport_json_get_string (record, "doc_hash"),
                 rapport_json_get_string (computed, "doc_hash")) != 0)
    rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "doc_hash",
                                  _("It changed since you looked at it: check it and submit "
                                    "again"));
  else if (g_strcmp0 (state_of (document), "draft") != 0)
    rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "state", "%s",
                              _("Only a draft is submitted for approval"));
  else if (json_array_get_length (matches) == 0)
    rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "state", "%s",
                              _("This needs no approval"));
  if (*rejection != NULL)
    return TRUE;
  /* An order's amendment keeps every line something was delivered of. */
  if (g_str_equal (kind->entity, "sales_order") &&
      !rapport_server_lifecycle_check_amendment (backend, document, NULL, rejection, error))
    return FALSE;
  if (*rejection != NULL)
    return TRUE;

  reasons = rapport_approval_reasons (matches);
  {
    g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), matches);

    rules = json_to_string (node, FALSE);
  }
  json_object_set_string_member (record, "status", "pending");
  json_object_set_string_member (record, "requested_by", actor->id);
  json_object_set_string_member (record, "submitted_at", now);
  json_object_set_string_member (record, "reasons", reasons);
  json_object_set_string_member (record, "approver_role", rapport_approval_approver (matches));
  json_object_set_string_member (record, "rules", rules);
  for (guint i = 0; decision_fields[i] != NULL; i++)
    json_object_set_null_member (record, decision_fields[i]);
  json_object_set_null_member (record, "decided_step");
  {
    g_autoptr(JsonArray) steps = rapport_approval_steps_of (matches, now);
    JsonObject *event = rapport_approval_event_new ("submitted", actor->id, now,
                                                    rapport_json_get_string (record, "doc_hash"));
    gboolean settled;

    json_object_set_string_member (record, "events", "[]");
    json_object_set_string_member (event, "rules", rules);
    if (rapport_json_get_string (record, "comment") != NULL)
      json_object_set_string_member (event, "comment", rapport_json_get_string (record, "comment"));
    rapport_approval_add_event (record, event);
    rapport_approval_start_steps (record, steps);
    if (!rapport_server_approvers_settle (backend, record, document, now, &settled, error))
      return FALSE;
  }
  set_document_state (writes, kind, document, "pending_approval");
  return TRUE;
}

/* A recall's or an override's event on @request's trail. */
static void
add_decision_event (JsonObject *request,
                    const char *status,
                    const char *actor,
                    const char *comment,
                    const char *now)
{
  JsonObject *event;

  if (!json_object_has_member (request, "steps"))
    return;
  event = rapport_approval_event_new (status, actor, now,
                                      rapport_json_get_string (request, "doc_hash"));
  if (comment != NULL)
    json_object_set_string_member (event, "comment", comment);
  rapport_approval_add_event (request, event);
}

static gboolean
says_why (JsonObject *record)
{
  const char      *comment = rapport_json_get_string (record, "decision_comment");
  g_autofree char *stripped = g_strstrip (g_strdup (comment != NULL ? comment : ""));

  return g_utf8_strlen (stripped, -1) >= 10;
}

/* A decision on a pending request. */
static gboolean
decide (RapportServerBackend     *backend,
        const RapportServerActor *actor,
        JsonObject               *current,
        JsonObject               *record,
        const char               *now,
        GPtrArray                *writes,
        GError                  **rejection,
        GError                  **error)
{
  static const char * const fixed[] = {
    "quote_id", "sales_order_id", "doc_hash", "reasons", "approver_role", "requested_by",
    "submitted_at", "rules", "decided_by", "decided_at", "steps", "current_step", "events", NULL
  };
  const char         *status = rapport_json_get_string (record, "status");
  const char         *was = rapport_json_get_string (current, "status");
  const char         *requester = rapport_json_get_string (current, "requested_by");
  const DocumentKind *kind = NULL;
  g_autoptr(JsonObject) document = NULL;
  g_autofree char *on_behalf_of = NULL;
  g_autofree char *today = g_strndup (now, 10);
  const char *owner;
  const char *comment;

  for (guint i = 0; fixed[i] != NULL; i++)
    if (member_changed (current, record, fixed[i]))
      {
        rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_READ_ONLY, fixed[i],
                                      _("This is set by the server"));
        return TRUE;
      }
  if (g_strcmp0 (status, was) == 0)
    {
      gboolean deciding = member_changed (current, record, "decision_comment") ||
                          member_changed (current, record, "decided_hash");

      /* A decision whose status clashed with an earlier one merges the
       * rest of it: it came too late. Otherwise only the requester's
       * comment changes, while it is pending. */
      if (deciding && g_strcmp0 (was, "pending") != 0)
        rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "status", "%s",
                                  _("This request was decided earlier"));
      else if (deciding ||
               (member_changed (current, record, "comment") &&
                (g_strcmp0 (was, "pending") != 0 || g_strcmp0 (requester, actor->id) != 0)))
        rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "status", "%s",
                                  _("Change the status to decide"));
      return TRUE;
    }
  if (g_strcmp0 (was, "pending") != 0)
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "status", "%s",
                                _("This request was decided earlier"));
      return TRUE;
    }
  if (!load_document (backend, current, &kind, &document, rejection, error) || *rejection != NULL)
    return *rejection != NULL || (error == NULL || *error == NULL);
  owner = rapport_json_get_string (document, "owner_id");

  if (g_strcmp0 (status, "recalled") == 0)
    {
      if (g_strcmp0 (requester, actor->id) != 0)
        rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_FORBIDDEN, "status", "%s",
                                  _("Only who asked for the approval can recall it"));
    }
  else if (g_strcmp0 (status, "overridden") == 0)
    {
      if (!rapport_server_actor_is (actor, "admin"))
        rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_FORBIDDEN, "status", "%s",
                                  _("Only an admin can override an approval"));
      else if (!says_why (record))
        rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_REQUIRED,
                                      "decision_comment",
                                      _("Say why, in 10 characters at least"));
    }
  else if (g_strcmp0 (status, "approved") == 0 || g_strcmp0 (status, "rejected") == 0)
    {
      gint64   seen;
      gboolean allowed;
      g_autofree char *spec = NULL;

      if (rapport_json_lookup_int (record, "decided_step", &seen) &&
          seen != rapport_json_get_int (current, "current_step", 1))
        {
          rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "decided_step",
                                    "%s", _("This step was decided earlier"));
          return TRUE;
        }
      if (!rapport_server_approvers_authority (backend, actor, current, document, today,
                                               &allowed, &on_behalf_of, error))
        return FALSE;
      {
        g_autoptr(JsonObject) step = rapport_approval_current_step (current);

        spec = g_strdup (step != NULL ? rapport_json_get_string (step, "approver")
                         : g_strcmp0 (rapport_json_get_string (current, "approver_role"),
                                      "admin") == 0 ? "role:admin" : "role:manager");
      }
      if (g_strcmp0 (requester, actor->id) == 0 || g_strcmp0 (owner, actor->id) == 0)
        rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_FORBIDDEN, "status", "%s",
                                  _("Nobody decides on their own request or their own document"));
      else if (!allowed)
        rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_FORBIDDEN, "status", "%s",
                                  g_str_equal (spec, "role:admin")
                                  ? _("Only an admin can decide this")
                                  : g_str_equal (spec, "role:manager")
                                  ? _("Only a manager or an admin can decide this")
                                  : _("Only the approver of this step, or their delegate, can "
                                      "decide it"));
      else if (g_str_equal (status, "rejected") && !says_why (record))
        rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_REQUIRED,
                                      "decision_comment",
                                      _("Say why, in 10 characters at least"));
    }
  else
    rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "status",
                                  _("A decision is approved, rejected, overridden or recalled"));
  if (*rejection != NULL)
    return TRUE;

  comment = rapport_json_get_string (record, "decision_comment");
  if (g_str_equal (status, "approved") || g_str_equal (status, "overridden"))
    {
      /* Decided on what the approver saw: if it changed since, the
       * decision is kept, as stale. */
      if (g_strcmp0 (rapport_json_get_string (record, "decided_hash"),
                     rapport_json_get_string (current, "doc_hash")) != 0 ||
          g_strcmp0 (rapport_json_get_string (document, "doc_hash"),
                     rapport_json_get_string (current, "doc_hash")) != 0)
        {
          json_object_set_string_member (record, "status", "stale");
          rapport_approval_add_event (record, rapport_approval_event_new ("stale", actor->id, now,
                                                                          rapport_json_get_string (record, "decided_hash")));
        }
      else if (g_str_equal (status, "approved") &&
               rapport_approval_decide_step (record, status, actor->id, on_behalf_of, comment, now))
        {
          gboolean settled;

          /* More steps to go: still pending, on the next one. */
          json_object_set_string_member (record, "status", "pending");
          for (guint i = 0; decision_fields[i] != NULL; i++)
            json_object_set_null_member (record, decision_fields[i]);
          json_object_set_null_member (record, "decided_step");
          return rapport_server_approvers_settle (backend, record, document, now, &settled, error);
        }
      else
        {
          if (g_str_equal (status, "overridden"))
            add_decision_event (record, status, actor->id, comment, now);
          set_document_state (writes, kind, document, kind->approved_state);
          /* A confirmed amendment is as far delivered as its lines say. */
          rapport_server_documents_mark_stale (backend, rapport_entity_lookup (kind->entity),
                                               rapport_json_get_string (document, "id"));
        }
    }
  else
    {
      if (g_str_equal (status, "rejected"))
        rapport_approval_decide_step (record, status, actor->id, on_behalf_of, comment, now);
      else
        add_decision_event (record, status, actor->id, comment, now);
      set_document_state (writes, kind, document, "draft");
    }
  json_object_set_string_member (record, "decided_by", actor->id);
  json_object_set_string_member (record, "decided_at", now);
  return TRUE;
}

/**
 * rapport_server_approvals_check:
 * @current: (nullable): the record as stored; %NULL when it is created
 * @record: (nullable): the record as it will be stored; %NULL when it is
 *   deleted
 * @writes: gets what follows from the write (a document's new state, a
 *   request turned stale), for rapport_server_documents_write()
 * @rejection: set when the write is refused
 *
 * Checks a write of a document, a line or an approval request against the
 * rules of approval, and completes it: a request gets what the server
 * fills in. Does nothing for another type.
 */
gboolean
rapport_server_approvals_check (RapportServerBackend     *backend,
                                const RapportServerActor *actor,
                                const RapportEntity      *entity,
                                JsonObject               *current,
                                JsonObject               *record,
                                const char               *now,
                                GPtrArray                *writes,
                                GError                  **rejection,
                                GError                  **error)
{
  const RapportEntity *parent = rapport_entity_parent (entity);
  const DocumentKind  *kind = kind_of (entity->name);

  if (g_str_equal (entity->name, "approval_request"))
    {
      if (record == NULL)
        {
          rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, NULL, "%s",
                                    _("Approval requests are kept: recall it instead"));
          return TRUE;
        }
      return current == NULL
               ? submit (backend, actor, record, now, writes, rejection, error)
               : decide (backend, actor, current, record, now, writes, rejection, error);
    }
  if (g_str_equal (entity->name, "approval_delegation") && record != NULL &&
      !rapport_server_actor_is (actor, "admin") &&
      g_strcmp0 (rapport_json_get_string (record, "user_id"), actor->id) != 0)
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_FORBIDDEN, "user_id", "%s",
                                _("You can only hand on your own approvals"));
      return TRUE;
    }
  if (g_str_equal (entity->name, "approval_delegation") && record != NULL &&
      g_strcmp0 (rapport_json_get_string (record, "ends_on"),
                 rapport_json_get_string (record, "starts_on")) < 0)
    {
      rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "ends_on",
                                    _("The delegation ends before it starts"));
      return TRUE;
    }
  if (kind != NULL && record != NULL)
    return check_document (backend, actor, kind, current, record, writes, rejection, error);
  if (parent != NULL && kind_of (parent->name) != NULL)
    return check_line (backend, actor, entity, current, record, rejection, error);
  return TRUE;
}

/**
 * rapport_server_approvals_follow_edit:
 * @stored: a document as stored
 * @computed: the same with its derived values recomputed after its lines
 *   changed; its state is set back to draft if that voids its approval
 *
 * Lines written in a transaction change what an approved (or pending)
 * document's approval is of: the approval is voided.
 */
gboolean
rapport_server_approvals_follow_edit (RapportServerBackend *backend,
                                      const RapportEntity  *entity,
                                      JsonObject           *stored,
                                      JsonObject           *computed,
                                      GPtrArray            *writes,
                                      GError              **error)
{
  const DocumentKind *kind = kind_of (entity->name);
  const char         *state = state_of (stored);
  const char         *id = rapport_json_get_string (stored, "id");
  g_autoptr(JsonObject) document = NULL;
  g_autoptr(JsonArray) lines = NULL;
  g_autoptr(JsonArray) matches = NULL;
  gboolean voided, approved;

  if (kind == NULL || !member_changed (stored, computed, "doc_hash") ||
      !(g_strcmp0 (state, "pending_approval") == 0 || g_strcmp0 (state, kind->approved_state) == 0))
    return TRUE;
  if (g_strcmp0 (state, kind->approved_state) == 0)
    {
      /* Approved without needing it, it may need it now; or it has an
       * approval of what it is now. */
      document = rapport_json_object_copy (computed);
      if (!rapport_server_documents_family (backend, entity, document, &lines, error) ||
          !evaluate (backend, kind, document, lines, &matches, error) ||
          !has_approval (backend, kind, id, rapport_json_get_string (computed, "doc_hash"),
                         &approved, error))
        return FALSE;
      if (json_array_get_length (matches) == 0 || approved)
        return TRUE;
    }
  if (!void_requests (backend, kind, id, writes, &voided, error))
    return FALSE;
  json_object_set_string_member (computed, "state", "draft");
  return TRUE;
}
