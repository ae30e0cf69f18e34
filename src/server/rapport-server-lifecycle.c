/* rapport-server-lifecycle.c: the states a quote and an order go through
 *
 * SPEC.md §1.3. A client asks for a state by writing it; the server keeps
 * to the paths a document may take (a quote is sent once drafted or
 * approved, accepted or declined once sent; an order is fulfilled once
 * confirmed) and refuses the rest, naming where the document is. Two
 * things follow on the server, once, whichever client asked:
 * - a new revision of a quote (a quote created with `revision_of`) takes
 *   its number, the next revision number and the draft state, and the
 *   revision it replaces becomes superseded: only the latest revision can
 *   be accepted;
 * - an accepted quote makes its sales order, lines copied, and gives its
 *   deal its untaxed total as the deal's amount;
 * - a confirmed order's deliveries (its lines' delivered quantities, never
 *   more than ordered, recorded only once it is confirmed) make it
 *   partially fulfilled, then fulfilled;
 * - a sent quote past its validity expires (rapport_server_lifecycle_expire(),
 *   when the server starts and every hour).
 * States the approval of a document sets (rapport-server-approvals.c) are
 * written by the server and are not asked for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-derived.h"
#include "rapport-document-copy.h"
#include "rapport-json.h"
#include "rapport-server-children.h"
#include "rapport-server-documents.h"
#include "rapport-server-error.h"
#include "rapport-server-lifecycle.h"
#include "rapport-uuid.h"

typedef struct
{
  const char         *from;
  const char * const *to;
} Transition;

/* clang-format off */
static const Transition quote_paths[] = {
  { "draft", (const char * const[]) { "approved", "sent", "cancelled", NULL } },
  /* Back to draft when an edit voids the request (or a manager withdraws
   * it): rapport-server-approvals.c turns the request stale. */
  { "pending_approval", (const char * const[]) { "draft", "cancelled", NULL } },
  { "approved", (const char * const[]) { "draft", "sent", "cancelled", NULL } },
  { "sent", (const char * const[]) { "accepted", "declined", "expired", "cancelled", NULL } },
  { NULL, NULL },
};

static const Transition order_paths[] = {
  { "draft", (const char * const[]) { "confirmed", "cancelled", NULL } },
  { "pending_approval", (const char * const[]) { "draft", "cancelled", NULL } },
  { "confirmed", (const char * const[]) { "partially_fulfilled", "fulfilled", "closed", "cancelled",
                                          NULL } },
  { "partially_fulfilled", (const char * const[]) { "fulfilled", "closed", "cancelled", NULL } },
  { "fulfilled", (const char * const[]) { "closed", NULL } },
  { NULL, NULL },
};
/* clang-format on */

static gboolean
may_go (const Transition *paths,
        const char       *from,
        const char       *to)
{
  for (guint i = 0; paths[i].from != NULL; i++)
    if (g_strcmp0 (paths[i].from, from) == 0)
      return g_strv_contains (paths[i].to, to);
  return FALSE;
}

/* "Sent", "已发送": a state as the user reads it. */
static const char *
state_label (const RapportEntity *entity,
             const char          *state)
{
  const RapportField *field = rapport_entity_get_field (entity, "state");

  for (guint i = 0; state != NULL && field->choices[i] != NULL; i++)
    if (g_str_equal (field->choices[i], state))
      return g_dpgettext2 (NULL, field->choice_context, field->choice_labels[i]);
  return state;
}

static const char *
state_of (JsonObject *record)
{
  return record != NULL ? rapport_json_get_string (record, "state") : NULL;
}

/* Whether a document in @state may be revised: a quote until it is
 * accepted (and not once replaced or cancelled), an order only once
 * confirmed and while nothing closed it: a draft order is just edited. */
static gboolean
may_revise (gboolean    is_quote,
            const char *state)
{
  if (is_quote)
    return g_strcmp0 (state, "superseded") != 0 && g_strcmp0 (state, "accepted") != 0 &&
           g_strcmp0 (state, "cancelled") != 0;
  return g_strcmp0 (state, "confirmed") == 0 || g_strcmp0 (state, "partially_fulfilled") == 0;
}

/* The document that @record revises (a quote's new revision, an order's
 * amendment) becomes superseded; @record takes its number and the next
 * revision, as a draft. */
static gboolean
revise (RapportServerBackend *backend,
        const RapportEntity  *entity,
        JsonObject           *record,
        GPtrArray            *writes,
        GError              **rejection,
        GError              **error)
{
  gboolean is_quote = g_str_equal (entity->name, "quote");
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) previous = NULL;
  g_autoptr(JsonObject) superseded = NULL;
  const char *state;
  gint64 revision;

  if (!rapport_server_load_record (backend, entity, rapport_json_get_string (record, "revision_of"),
                                   &stored, &previous, error))
    return FALSE;
  if (previous == NULL || stored->deleted)
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "revision_of", "%s",
                                is_quote ? _("The quote to revise does not exist or was deleted")
                                         : _("The order to amend does not exist or was deleted"));
      return TRUE;
    }
  state = state_of (previous);
  if (!may_revise (is_quote, state))
    {
      if (is_quote)
        rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "revision_of",
                                  _("Only the latest revision is revised, and not once it is %s"),
                                  state_label (entity, state));
      else
        rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "revision_of",
                                  /* Translators: %s is a state, "Superseded", "Draft" */
                                  _("Only the latest revision of a confirmed order is amended, "
                                    "not one that is %s"),
                                  state_label (entity, state));
      return TRUE;
    }
  json_object_set_int_member (previous, "version", stored->version);
  revision = json_object_get_int_member_with_default (previous, "revision", 1);
  json_object_set_int_member (record, "revision", MAX (revision, 1) + 1);
  json_object_set_string_member (record, "state", "draft");
  if (rapport_json_get_string (previous, "number") != NULL)
    json_object_set_string_member (record, "number", rapport_json_get_string (previous, "number"));
  /* An amended order stays the order of its quote. */
  if (!is_quote && rapport_json_get_string (record, "quote_id") == NULL &&
      rapport_json_get_string (previous, "quote_id") != NULL)
    json_object_set_string_member (record, "quote_id", rapport_json_get_string (previous, "quote_id"));
  superseded = rapport_json_object_copy (previous);
  json_object_set_string_member (superseded, "state", "superseded");
  rapport_server_documents_add_write (writes, entity, previous, superseded);
  return TRUE;
}

/* An accepted quote gives its deal its untaxed total. */
static gboolean
set_deal_amount (RapportServerBackend *backend,
                 JsonObject           *quote,
                 GPtrArray            *writes,
                 GError              **error)
{
  const RapportEntity *deal_entity = rapport_entity_lookup ("deal");
  const char *deal_id = rapport_json_get_string (quote, "deal_id");
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) deal = NULL;
  g_autoptr(JsonObject) changed = NULL;
  gint64 subtotal;

  if (deal_id == NULL || !rapport_json_lookup_int (quote, "subtotal", &subtotal))
    return TRUE;
  if (!rapport_server_load_record (backend, deal_entity, deal_id, &stored, &deal, error))
    return FALSE;
  if (deal == NULL || stored->deleted)
    return TRUE;
  json_object_set_int_member (deal, "version", stored->version);
  changed = rapport_json_object_copy (deal);
  json_object_set_int_member (changed, "amount", subtotal);
  json_object_set_string_member (changed, "currency", rapport_json_get_string (quote, "currency"));
  rapport_record_compute (deal_entity, changed);
  rapport_server_documents_add_write (writes, deal_entity, deal, changed);
  return TRUE;
}

/* "2.5": a quantity in thousandths as the server's messages say it. */
static char *
qty_text (gint64 milli)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ".%03d", milli / 1000,
                                           (int) (ABS (milli) % 1000));
  char *end = text + strlen (text) - 1;

  while (*end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  return g_steal_pointer (&text);
}

static gboolean
is_draft (const char *state)
{
  return g_strcmp0 (state, "draft") == 0 || g_strcmp0 (state, "pending_approval") == 0;
}

/* A line of an amendment carries on @line_id of the order amended: that
 * line, and what was delivered of it (@delivered); %NULL when it is not a
 * line of that order. */
static gboolean
load_amended_line (RapportServerBackend *backend,
                   const RapportEntity  *entity,
                   JsonObject           *order,
                   const char           *line_id,
                   JsonObject          **line,
                   GError              **error)
{
  g_autoptr(RapportStoredRecord) stored = NULL;

  *line = NULL;
  if (!rapport_server_load_record (backend, entity, line_id, &stored, line, error))
    return FALSE;
  if (*line != NULL &&
      (stored->deleted || rapport_json_get_string (order, "revision_of") == NULL ||
       g_strcmp0 (rapport_json_get_string (*line, entity->parent_field),
                  rapport_json_get_string (order, "revision_of")) != 0))
    g_clear_pointer (line, json_object_unref);
  return TRUE;
}

/* A line of an order written or deleted. A delivery is recorded on a
 * confirmed order, and not above the quantity ordered. On an amendment
 * still in draft, a line carrying on a line of the amended order keeps
 * what was delivered of it, is never ordered below that, and is not
 * deleted once anything of it was delivered. */
static gboolean
check_order_line (RapportServerBackend *backend,
                  const RapportEntity  *entity,
                  JsonObject           *current,
                  JsonObject           *record,
                  GError              **rejection,
                  GError              **error)
{
  const RapportEntity *order_entity = rapport_entity_parent (entity);
  JsonObject *line = record != NULL ? record : current;
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) order = NULL;
  g_autoptr(JsonObject) amended = NULL;
  gint64 delivered = 0, was = 0, ordered = 0, kept = 0;
  const char *state;
  const char *amends = rapport_json_get_string (line, "amends_line_id");

  if (record != NULL)
    rapport_json_lookup_int (record, "delivered_qty_milli", &delivered);
  if (current != NULL)
    rapport_json_lookup_int (current, "delivered_qty_milli", &was);
  if (record != NULL && current != NULL &&
      g_strcmp0 (amends, rapport_json_get_string (current, "amends_line_id")) != 0)
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "amends_line_id",
                                "%s", _("What a line of an amendment carries on never changes"));
      return TRUE;
    }
  if (record == NULL && was == 0)
    return TRUE;
  if (record != NULL && delivered == was && amends == NULL)
    return TRUE;
  if (!rapport_server_load_record (backend, order_entity,
                                   rapport_json_get_string (line, entity->parent_field), &stored,
                                   &order, error))
    return FALSE;
  state = state_of (order);
  if (amends != NULL && is_draft (state))
    {
      g_autofree char *text = NULL;

      if (!load_amended_line (backend, entity, order, amends, &amended, error))
        return FALSE;
      if (amended == NULL)
        {
          rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "amends_line_id",
                                    "%s", _("A line of an amendment carries on a line of the "
                                            "order it amends"));
          return TRUE;
        }
      rapport_json_lookup_int (amended, "delivered_qty_milli", &kept);
      text = qty_text (kept);
      if (record == NULL)
        rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "id",
                                  /* Translators: %s is a quantity, "2.5" */
                                  _("%s of this line were delivered: it stays on the order"),
                                  text);
      else if (delivered != kept)
        rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE,
                                  "delivered_qty_milli",
                                  _("What was delivered stays as it was: %s"), text);
      else if (rapport_json_lookup_int (record, "qty_milli", &ordered) && ordered < kept)
        rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "qty_milli",
                                  _("%s were delivered already: no less is ordered"), text);
      return TRUE;
    }
  if (record == NULL || delivered == was)
    return TRUE;
  rapport_json_lookup_int (record, "qty_milli", &ordered);
  if (g_strcmp0 (state, "confirmed") != 0 && g_strcmp0 (state, "partially_fulfilled") != 0 &&
      g_strcmp0 (state, "fulfilled") != 0)
    rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "delivered_qty_milli",
                              "%s", _("Deliveries are recorded once the order is confirmed"));
  else if (delivered > ordered)
    rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "delivered_qty_milli",
                              "%s", _("More is delivered than was ordered: amend the order"));
  return TRUE;
}

/**
 * rapport_server_lifecycle_check_amendment:
 * @document: a sales order about to be submitted or confirmed
 * @lines: (out) (optional) (transfer full): its lines
 * @rejection: set when it is an amendment that leaves out a line of the
 *   order it amends of which something was delivered
 */
gboolean
rapport_server_lifecycle_check_amendment (RapportServerBackend *backend,
                                          JsonObject           *document,
                                          JsonArray           **lines,
                                          GError              **rejection,
                                          GError              **error)
{
  const RapportEntity *line_entity = rapport_entity_lookup ("sales_order_line");
  g_autoptr(GPtrArray) old_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) new_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const char *amended = rapport_json_get_string (document, "revision_of");

  if (!rapport_server_list_children (backend, line_entity, line_entity->parent_field,
                                     rapport_json_get_string (document, "id"), new_lines, error) ||
      (amended != NULL &&
       !rapport_server_list_children (backend, line_entity, line_entity->parent_field, amended,
                                      old_lines, error)))
    return FALSE;
  for (guint i = 0; i < old_lines->len && *rejection == NULL; i++)
    {
      JsonObject *old = g_ptr_array_index (old_lines, i);
      const char *old_id = rapport_json_get_string (old, "id");
      const char *description = rapport_json_get_string (old, "description");
      gint64 delivered = 0;
      gboolean carried = FALSE;

      rapport_json_lookup_int (old, "delivered_qty_milli", &delivered);
      for (guint j = 0; !carried && j < new_lines->len; j++)
        carried = g_strcmp0 (rapport_json_get_string (g_ptr_array_index (new_lines, j),
                                                      "amends_line_id"), old_id) == 0;
      if (delivered > 0 && !carried)
        rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "state",
                                  /* Translators: %s is a line's description */
                                  _("“%s” was delivered in part or whole: it stays on the "
                                    "amended order"),
                                  description != NULL ? description : "");
    }
  if (lines != NULL)
    {
      *lines = json_array_new ();
      for (guint j = 0; j < new_lines->len; j++)
        json_array_add_object_element (*lines, json_object_ref (g_ptr_array_index (new_lines, j)));
    }
  return TRUE;
}

/* An amendment confirmed: every line of the amended order of which
 * something was delivered goes on in it. Its state then follows what is
 * delivered. */
static gboolean
confirm_amendment (RapportServerBackend *backend,
                   const RapportEntity  *entity,
                   JsonObject           *record,
                   GError              **rejection,
                   GError              **error)
{
  g_autoptr(JsonArray) lines = NULL;

  if (!rapport_server_lifecycle_check_amendment (backend, record, &lines, rejection, error))
    return FALSE;
  if (*rejection == NULL)
    rapport_server_lifecycle_follow_lines (entity, record, lines);
  return TRUE;
}

/**
 * rapport_server_lifecycle_follow_lines:
 * @document: a sales order, its state set from @lines' deliveries
 * @lines: its lines
 */
void
rapport_server_lifecycle_follow_lines (const RapportEntity *entity,
                                       JsonObject          *document,
                                       JsonArray           *lines)
{
  const char *state = state_of (document);
  guint n_priced = 0, n_full = 0, n_started = 0;

  if (!g_str_equal (entity->name, "sales_order") || lines == NULL ||
      !(g_strcmp0 (state, "confirmed") == 0 || g_strcmp0 (state, "partially_fulfilled") == 0 ||
        g_strcmp0 (state, "fulfilled") == 0))
    return;
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      const char *kind = rapport_json_get_string (line, "line_kind");
      gint64 ordered = 0, delivered = 0;

      if (g_strcmp0 (kind, "section") == 0 || g_strcmp0 (kind, "optional") == 0)
        continue;
      rapport_json_lookup_int (line, "qty_milli", &ordered);
      rapport_json_lookup_int (line, "delivered_qty_milli", &delivered);
      n_priced++;
      n_full += delivered >= ordered;
      n_started += delivered > 0;
    }
  if (n_priced > 0 && n_full == n_priced)
    json_object_set_string_member (document, "state", "fulfilled");
  else if (n_started > 0)
    json_object_set_string_member (document, "state", "partially_fulfilled");
  else
    json_object_set_string_member (document, "state", "confirmed");
}

/* An amendment given up before it was confirmed (cancelled or deleted):
 * the order it amended is the order again, as far as it was delivered. */
static gboolean
restore_amended (RapportServerBackend *backend,
                 const RapportEntity  *entity,
                 JsonObject           *amendment,
                 GPtrArray            *writes,
                 GError              **error)
{
  const RapportEntity *line_entity = rapport_entity_lookup ("sales_order_line");
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) previous = NULL;
  g_autoptr(JsonObject) restored = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonArray) array = json_array_new ();
  const char *id = rapport_json_get_string (amendment, "revision_of");

  if (!rapport_server_load_record (backend, entity, id, &stored, &previous, error))
    return FALSE;
  if (previous == NULL || stored->deleted || g_strcmp0 (state_of (previous), "superseded") != 0 ||
      !rapport_server_list_children (backend, line_entity, line_entity->parent_field, id, lines,
                                     error))
    return error == NULL || *error == NULL;
  json_object_set_int_member (previous, "version", stored->version);
  restored = rapport_json_object_copy (previous);
  json_object_set_string_member (restored, "state", "confirmed");
  for (guint i = 0; i < lines->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (lines, i)));
  rapport_server_lifecycle_follow_lines (entity, restored, array);
  rapport_server_documents_add_write (writes, entity, previous, restored);
  return TRUE;
}

/**
 * rapport_server_lifecycle_check:
 * @current: (nullable): the document as stored; %NULL when it is created
 * @record: (nullable): as it will be stored; %NULL when it is deleted
 * @writes: gets what follows (the revision replaced, the deal's amount)
 * @rejection: set when the document may not take that state
 *
 * Does nothing for a type other than a quote or an order.
 */
gboolean
rapport_server_lifecycle_check (RapportServerBackend     *backend,
                                const RapportServerActor *actor,
                                const RapportEntity      *entity,
                                JsonObject               *current,
                                JsonObject               *record,
                                GPtrArray                *writes,
                                GError                  **rejection,
                                GError                  **error)
{
  gboolean is_quote = g_str_equal (entity->name, "quote");
  const char *from = state_of (current);
  const char *to = state_of (record);

  if (g_str_equal (entity->name, "sales_order_line"))
    return check_order_line (backend, entity, current, record, rejection, error);
  /* An amendment deleted before it was confirmed. */
  if (record == NULL && !is_quote && g_str_equal (entity->name, "sales_order") &&
      is_draft (from) && rapport_json_get_string (current, "revision_of") != NULL)
    return restore_amended (backend, entity, current, writes, error);
  if (record == NULL || !(is_quote || g_str_equal (entity->name, "sales_order")))
    return TRUE;
  if (current == NULL)
    {
      if (rapport_json_get_string (record, "revision_of") != NULL)
        return revise (backend, entity, record, writes, rejection, error);
      if (g_strcmp0 (to, "superseded") == 0)
        rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "state", "%s",
                                  is_quote
                                  ? _("A quote is superseded by its new revision, not made so")
                                  : _("An order is superseded by its amendment, not made so"));
      return TRUE;
    }
  if (g_strcmp0 (rapport_json_get_string (current, "revision_of"),
                 rapport_json_get_string (record, "revision_of")) != 0)
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "revision_of", "%s",
                                _("What a revision revises never changes"));
      return TRUE;
    }
  if (g_strcmp0 (from, to) == 0)
    return TRUE;
  if (!may_go (is_quote ? quote_paths : order_paths, from, to))
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "state",
                                /* Translators: "A quote that is Declined cannot become Sent" */
                                is_quote ? _("A quote that is %s cannot become %s")
                                         : _("An order that is %s cannot become %s"),
                                state_label (entity, from), state_label (entity, to));
      return TRUE;
    }
  if (!is_quote && g_str_equal (to, "cancelled") && is_draft (from) &&
      rapport_json_get_string (record, "revision_of") != NULL)
    return restore_amended (backend, entity, record, writes, error);
  if (!is_quote && g_str_equal (to, "confirmed") &&
      rapport_json_get_string (record, "revision_of") != NULL)
    return confirm_amendment (backend, entity, record, rejection, error);
  if (is_quote && g_str_equal (to, "accepted"))
    {
      if (backend->accepted_quotes == NULL)
        backend->accepted_quotes = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (backend->accepted_quotes,
                       g_strdup (rapport_json_get_string (record, "id")));
      return set_deal_amount (backend, record, writes, error);
    }
  return TRUE;
}

/* Applies @op as @actor; a refusal is an error: what the server copies it
 * wrote itself and must take. */
static gboolean
create (RapportServerBackend     *backend,
        const RapportServerActor *actor,
        const RapportEntity      *entity,
        const char               *id,
        JsonObject               *fields,
        GError                  **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  RapportServerOp op = { RAPPORT_OP_CREATE, entity, id, 0, changes };
  RapportWriteResult result = { 0 };
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  gboolean ok;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &value))
    rapport_server_changes_add (changes, name, json_node_copy (value));
  if (!rapport_server_apply_op (backend, actor, &op, &result, error))
    return FALSE;
  ok = result.status == RAPPORT_WRITE_APPLIED;
  if (!ok)
    g_set_error (error, RAPPORT_SERVER_ERROR, RAPPORT_SERVER_ERROR_INTERNAL,
                 "The order of an accepted quote was refused: %s",
                 result.error != NULL ? result.error->message : "conflict");
  rapport_write_result_clear (&result);
  return ok;
}

/* The sales order of the accepted quote @quote_id, with its lines. */
static gboolean
make_order (RapportServerBackend     *backend,
            const RapportServerActor *actor,
            const char               *quote_id,
            GError                  **error)
{
  const RapportEntity *quote_entity = rapport_entity_lookup ("quote");
  const RapportEntity *line_entity = rapport_entity_lookup ("quote_line");
  const RapportEntity *order_entity = rapport_entity_lookup ("sales_order");
  const RapportEntity *order_line_entity = rapport_entity_lookup ("sales_order_line");
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) quote = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *order_id = rapport_uuid_v7_new ();

  if (!rapport_server_load_record (backend, quote_entity, quote_id, &stored, &quote, error))
    return FALSE;
  if (quote == NULL || stored->deleted ||
      !rapport_server_list_children (backend, line_entity, line_entity->parent_field, quote_id,
                                     lines, error))
    return quote == NULL || stored->deleted;
  fields = rapport_document_copy_fields (quote_entity, quote, order_entity);
  json_object_set_string_member (fields, "quote_id", quote_id);
  if (!create (backend, actor, order_entity, order_id, fields, error))
    return FALSE;
  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(JsonObject) line = rapport_document_copy_fields (line_entity,
                                                                 g_ptr_array_index (lines, i),
                                                                 order_line_entity);
      g_autofree char *line_id = rapport_uuid_v7_new ();

      json_object_set_string_member (line, order_line_entity->parent_field, order_id);
      if (!create (backend, actor, order_line_entity, line_id, line, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * rapport_server_lifecycle_flush:
 *
 * Makes the sales orders of the quotes accepted in the open transaction.
 * Call before the documents' totals are flushed.
 */
gboolean
rapport_server_lifecycle_flush (RapportServerBackend     *backend,
                                const RapportServerActor *actor,
                                GError                  **error)
{
  g_autoptr(GPtrArray) accepted = g_steal_pointer (&backend->accepted_quotes);

  for (guint i = 0; accepted != NULL && i < accepted->len; i++)
    if (!make_order (backend, actor, g_ptr_array_index (accepted, i), error))
      return FALSE;
  return TRUE;
}

void
rapport_server_lifecycle_forget (RapportServerBackend *backend)
{
  g_clear_pointer (&backend->accepted_quotes, g_ptr_array_unref);
}

/**
 * rapport_server_lifecycle_expire:
 * @today: "2026-12-06", in UTC: the day the server is in
 * @n_expired: (out) (optional): how many quotes expired
 *
 * Sets expired every sent quote valid until before @today, in one
 * transaction, as writes of nobody.
 */
gboolean
rapport_server_lifecycle_expire (RapportServerBackend *backend,
                                 const char           *today,
                                 guint                *n_expired,
                                 GError              **error)
{
  const RapportEntity *entity = rapport_entity_lookup ("quote");
  g_autoptr(GPtrArray) quotes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *now = rapport_server_now ();
  guint n = 0;

  if (!backend->vtable->begin (backend, error))
    return FALSE;
  if (!rapport_server_load_all (backend, entity->name, quotes, error))
    goto fail;
  for (guint i = 0; i < quotes->len; i++)
    {
      JsonObject *quote = g_ptr_array_index (quotes, i);
      const char *valid_until = rapport_json_get_string (quote, "valid_until");
      g_autoptr(JsonObject) expired = NULL;
      gint64 version = json_object_get_int_member_with_default (quote, "version", 0);

      if (g_strcmp0 (state_of (quote), "sent") != 0 || valid_until == NULL ||
          g_strcmp0 (valid_until, today) >= 0)
        continue;
      expired = rapport_json_object_copy (quote);
      json_object_set_string_member (expired, "state", "expired");
      json_object_set_int_member (expired, "version", version + 1);
      json_object_set_string_member (expired, "updated_at", now);
      if (!rapport_server_store_write (backend, NULL, entity,
                                       rapport_json_get_string (quote, "id"), RAPPORT_OP_UPDATE,
                                       quote, expired, version + 1, now, error))
        goto fail;
      n++;
    }
  if (!backend->vtable->commit (backend, error))
    goto fail;
  if (n_expired != NULL)
    *n_expired = n;
  return TRUE;

fail:
  backend->vtable->rollback (backend);
  return FALSE;
}
