/* rapport-server-sla.c: SLA clocks and breaches on the server
 *
 * The server computes a case's SLA fields with the same core function as
 * the clients (rapport-sla.c), but with authority: it alone records a
 * breach, when a write shows one and from a job every minute that looks
 * at the cases whose warning or due time has passed. It also takes an
 * outbound email or call as the case's first response, if it was made
 * (by its own clock, offline perhaps) after the case's clock started and
 * not after the server received it; and it keeps exactly one default SLA
 * policy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-sla"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-derived.h"
#include "rapport-json.h"
#include "rapport-server-automation.h"
#include "rapport-server-documents.h"
#include "rapport-server-sla.h"
#include "rapport-sla.h"
#include "rapport-validate.h"

static gboolean
is_live_default (JsonObject *policy)
{
  return json_object_get_boolean_member_with_default (policy, "is_default", FALSE) &&
         json_object_get_boolean_member_with_default (policy, "active", TRUE);
}

/* The case's policy, else the active default one, and its calendar; both
 * %NULL when there is none. */
static gboolean
load_policy (RapportServerBackend *backend,
             JsonObject           *record,
             JsonObject          **out_policy,
             JsonObject          **out_calendar,
             GError              **error)
{
  const char *id = rapport_json_get_string (record, "sla_policy_id");
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(RapportStoredRecord) stored_calendar = NULL;
  g_autoptr(JsonObject) policy = NULL;
  g_autoptr(JsonObject) calendar = NULL;

  *out_policy = *out_calendar = NULL;
  if (id != NULL)
    {
      if (!rapport_server_load_record (backend, rapport_entity_lookup ("sla_policy"), id, &stored,
                                       &policy, error))
        return FALSE;
      if (stored != NULL && stored->deleted)
        g_clear_pointer (&policy, json_object_unref);
    }
  if (policy == NULL)
    {
      g_autoptr(GPtrArray) policies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

      if (!rapport_server_load_all (backend, "sla_policy", policies, error))
        return FALSE;
      for (guint i = 0; i < policies->len && policy == NULL; i++)
        if (is_live_default (g_ptr_array_index (policies, i)))
          policy = json_object_ref (g_ptr_array_index (policies, i));
    }
  if (policy == NULL)
    return TRUE;
  if (!rapport_server_load_record (backend, rapport_entity_lookup ("calendar"),
                                   rapport_json_get_string (policy, "calendar_id"),
                                   &stored_calendar, &calendar, error))
    return FALSE;
  if (calendar == NULL || stored_calendar->deleted)
    return TRUE;
  *out_policy = g_steal_pointer (&policy);
  *out_calendar = g_steal_pointer (&calendar);
  return TRUE;
}

/**
 * rapport_server_sla_compute:
 * @record: a case as it will be stored
 * @now: the time of the write
 *
 * Sets @record's SLA fields, breaches included; does nothing for other
 * types, or without a policy.
 */
gboolean
rapport_server_sla_compute (RapportServerBackend *backend,
                            const RapportEntity  *entity,
                            JsonObject           *record,
                            const char           *now,
                            GError              **error)
{
  g_autoptr(JsonObject) policy = NULL;
  g_autoptr(JsonObject) calendar = NULL;
  g_autoptr(RapportCalendar) parsed = NULL;

  if (!g_str_equal (entity->name, "case"))
    return TRUE;
  if (!load_policy (backend, record, &policy, &calendar, error))
    return FALSE;
  if (policy != NULL && (parsed = rapport_calendar_new_from_record (calendar, NULL)) != NULL)
    rapport_case_sla_compute (record, policy, parsed, now, TRUE);
  return TRUE;
}

static gboolean
is_response (JsonObject *activity)
{
  const char *kind = rapport_json_get_string (activity, "kind");

  return (g_strcmp0 (kind, "email") == 0 || g_strcmp0 (kind, "call") == 0) &&
         g_strcmp0 (rapport_json_get_string (activity, "direction"), "outbound") == 0 &&
         rapport_json_get_string (activity, "case_id") != NULL;
}

/* An outbound email or call answers its case, if it is the first. */
static gboolean
take_response (RapportServerBackend *backend,
               JsonObject           *activity,
               const char           *now,
               GPtrArray            *writes,
               GError              **error)
{
  const RapportEntity *case_entity = rapport_entity_lookup ("case");
  const char *when = rapport_json_get_string (activity, "occurred_at");
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) answered = NULL;

  if (!is_response (activity))
    return TRUE;
  if (!rapport_server_load_record (backend, case_entity, rapport_json_get_string (activity, "case_id"),
                                   &stored, &record, error))
    return FALSE;
  if (record == NULL || stored->deleted)
    return TRUE;
  json_object_set_int_member (record, "version", stored->version);
  answered = rapport_json_object_copy (record);
  if (!rapport_case_sla_first_response (answered, when != NULL ? when : now, now))
    return TRUE;
  json_object_set_string_member (answered, "updated_at", now);
  if (!rapport_server_sla_compute (backend, case_entity, answered, now, error))
    return FALSE;
  rapport_server_documents_add_write (writes, case_entity, record, answered);
  return TRUE;
}

/* One default policy, always: making one the default takes it from the
 * others; the first policy is the default; the default stays active. */
static gboolean
keep_one_default (RapportServerBackend *backend,
                  JsonObject           *current,
                  JsonObject           *record,
                  const char           *now,
                  GPtrArray            *writes,
                  GError              **rejection,
                  GError              **error)
{
  const RapportEntity *entity = rapport_entity_lookup ("sla_policy");
  g_autoptr(GPtrArray) policies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  const char *id = rapport_json_get_string (record, "id");
  gboolean was_default = current != NULL &&
                         json_object_get_boolean_member_with_default (current, "is_default", FALSE);
  gboolean other_default = FALSE;

  if (!rapport_server_load_all (backend, entity->name, policies, error))
    return FALSE;
  for (guint i = 0; i < policies->len; i++)
    if (g_strcmp0 (rapport_json_get_string (g_ptr_array_index (policies, i), "id"), id) != 0 &&
        json_object_get_boolean_member_with_default (g_ptr_array_index (policies, i), "is_default",
                                                     FALSE))
      other_default = TRUE;
  if (!other_default && !was_default)
    json_object_set_boolean_member (record, "is_default", TRUE);

  if (!json_object_get_boolean_member_with_default (record, "is_default", FALSE))
    {
      if (was_default)
        rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "is_default",
                                      _("There must be a default SLA policy: make another policy the default instead"));
      return TRUE;
    }
  if (!json_object_get_boolean_member_with_default (record, "active", TRUE))
    {
      rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "active",
                                    _("The default SLA policy cannot be inactive: make another policy the default first"));
      return TRUE;
    }
  for (guint i = 0; i < policies->len; i++)
    {
      JsonObject *other = g_ptr_array_index (policies, i);
      g_autoptr(JsonObject) cleared = NULL;

      if (g_strcmp0 (rapport_json_get_string (other, "id"), id) == 0 ||
          !json_object_get_boolean_member_with_default (other, "is_default", FALSE))
        continue;
      cleared = rapport_json_object_copy (other);
      json_object_set_boolean_member (cleared, "is_default", FALSE);
      json_object_set_string_member (cleared, "updated_at", now);
      rapport_server_documents_add_write (writes, entity, other, cleared);
    }
  return TRUE;
}

/**
 * rapport_server_sla_check:
 * @current: (nullable): as stored; %NULL when created
 * @record: as it will be stored
 * @writes: gets what follows (a case answered, a default taken over)
 * @rejection: set when a policy would leave no default
 *
 * Does nothing for types other than an activity or an SLA policy.
 */
gboolean
rapport_server_sla_check (RapportServerBackend *backend,
                          const RapportEntity  *entity,
                          JsonObject           *current,
                          JsonObject           *record,
                          const char           *now,
                          GPtrArray            *writes,
                          GError              **rejection,
                          GError              **error)
{
  if (g_str_equal (entity->name, "activity"))
    return take_response (backend, record, now, writes, error);
  if (g_str_equal (entity->name, "sla_policy"))
    return keep_one_default (backend, current, record, now, writes, rejection, error);
  return TRUE;
}

/* Whether the minute job has something to record for @record at @now:
 * a warning or a due time passed that its status does not say yet. Times
 * are UTC RFC 3339 text, which compares as time. */
static gboolean
needs_look (JsonObject *record,
            const char *now)
{
  const char *status = rapport_json_get_string (record, "sla_status");
  const char *due = rapport_json_get_string (record, "sla_due");
  const char *warn = rapport_json_get_string (record, "sla_warn_at");
  gboolean responded = rapport_json_get_string (record, "first_responded_at") != NULL;

  if (status == NULL || due == NULL || g_str_equal (status, "paused"))
    return FALSE;
  if (g_strcmp0 (due, now) < 0)
    return responded ? rapport_json_get_string (record, "resolution_breached_at") == NULL
                     : rapport_json_get_string (record, "response_breached_at") == NULL;
  return warn != NULL && g_strcmp0 (warn, now) <= 0 &&
         (g_str_equal (status, "response_due") || g_str_equal (status, "resolution_due"));
}

/**
 * rapport_server_sla_sweep:
 * @n_changed: (out) (optional): how many cases it wrote
 *
 * Records the warnings and breaches that time alone brought, in one
 * transaction, as writes of nobody.
 */
gboolean
rapport_server_sla_sweep (RapportServerBackend *backend,
                          guint                *n_changed,
                          GError              **error)
{
  const RapportEntity *entity = rapport_entity_lookup ("case");
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *now = rapport_server_now ();
  guint n = 0;

  if (!backend->vtable->begin (backend, error))
    return FALSE;
  if (!rapport_server_load_all (backend, entity->name, cases, error))
    goto fail;
  for (guint i = 0; i < cases->len; i++)
    {
      JsonObject *record = g_ptr_array_index (cases, i);
      gint64 version = json_object_get_int_member_with_default (record, "version", 0);
      g_autoptr(JsonObject) changed = NULL;
      g_autoptr(JsonObject) latest = NULL;
      RapportServerOp op = { RAPPORT_OP_UPDATE, entity };

      if (!needs_look (record, now))
        continue;
      changed = rapport_json_object_copy (record);
      if (!rapport_server_sla_compute (backend, entity, changed, now, error))
        goto fail;
      if (rapport_record_derived_equal (entity, record, changed))
        continue;
      json_object_set_int_member (changed, "version", version + 1);
      json_object_set_string_member (changed, "updated_at", now);
      json_object_set_null_member (changed, "updated_by");
      op.id = rapport_json_get_string (record, "id");
      op.base_version = version;
      if (!rapport_server_store_write (backend, NULL, entity, op.id, RAPPORT_OP_UPDATE, record, changed,
                                       version + 1, now, error))
        goto fail;
      /* Escalation: rules on sla_warning and sla_breached see the write. */
      if (!rapport_server_automation_run (backend, NULL, &op, record, changed, now, &latest, error))
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
