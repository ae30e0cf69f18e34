/* rapport-server-csat.c: one satisfaction response per resolution of a case
 *
 * A response answers one resolution of its case, named by the case's
 * resolved_at at that resolution. Logged without one, it answers the
 * case's current resolution; a case that is not resolved has none to
 * answer. A late answer, logged after a reopen, keeps the resolution it
 * was asked for. A second answer to the same resolution is refused, so
 * that the service report counts each resolution once. The agent and the
 * queue are the case's when the response is logged, unless it says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-csat"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-server-children.h"
#include "rapport-server-csat.h"
#include "rapport-server-error.h"
#include "rapport-validate.h"

static void
fill_from_case (JsonObject *record,
                JsonObject *a_case,
                const char *field,
                const char *case_field)
{
  const char *value = rapport_json_get_string (a_case, case_field);

  if (rapport_json_get_string (record, field) == NULL && value != NULL)
    json_object_set_string_member (record, field, value);
}

/* Whether another live response of the case answers @resolved_at. */
static gboolean
find_other (RapportServerBackend *backend,
            const RapportEntity  *entity,
            JsonObject           *record,
            const char           *resolved_at,
            gboolean             *out_found,
            GError              **error)
{
  g_autoptr(GPtrArray) siblings = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (resolved_at, NULL);

  *out_found = FALSE;
  if (!rapport_server_list_children (backend, entity, "case_id",
                                     rapport_json_get_string (record, "case_id"), siblings, error))
    return FALSE;
  for (guint i = 0; i < siblings->len && !*out_found; i++)
    {
      JsonObject *other = g_ptr_array_index (siblings, i);
      g_autoptr(GDateTime) other_when = NULL;

      if (g_strcmp0 (rapport_json_get_string (other, "id"), rapport_json_get_string (record, "id")) == 0)
        continue;
      other_when = g_date_time_new_from_iso8601 (rapport_json_get_string (other, "resolved_at"), NULL);
      *out_found = when != NULL && other_when != NULL ? g_date_time_equal (when, other_when)
                                                      : g_strcmp0 (resolved_at,
                                                                   rapport_json_get_string (other, "resolved_at")) == 0;
    }
  return TRUE;
}

/**
 * rapport_server_csat_check:
 * @record: the response about to be written
 * @rejection: set, with the write refused, when the response answers no
 *   resolution or one that has an answer already
 *
 * Returns: FALSE only when storage failed
 */
gboolean
rapport_server_csat_check (RapportServerBackend *backend,
                           const RapportEntity  *entity,
                           JsonObject           *record,
                           GError              **rejection,
                           GError              **error)
{
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) a_case = NULL;
  const char *resolved_at;
  gboolean taken;

  if (strcmp (entity->name, "csat_response") != 0)
    return TRUE;
  if (!rapport_server_load_record (backend, rapport_entity_lookup ("case"),
                                   rapport_json_get_string (record, "case_id"), &stored, &a_case,
                                   error))
    return FALSE;
  /* A missing case is the parent check's to refuse. */
  if (a_case == NULL || stored->deleted)
    return TRUE;
  fill_from_case (record, a_case, "resolved_at", "resolved_at");
  fill_from_case (record, a_case, "agent_id", "assignee_id");
  fill_from_case (record, a_case, "queue_id", "queue_id");
  resolved_at = rapport_json_get_string (record, "resolved_at");
  if (resolved_at == NULL)
    {
      rapport_set_validation_error (rejection, RAPPORT_VALIDATION_ERROR_INVALID, "resolved_at",
                                    _("This case has not been resolved yet: log the customer’s satisfaction once it is"));
      return TRUE;
    }
  if (!find_other (backend, entity, record, resolved_at, &taken, error))
    return FALSE;
  if (taken)
    rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_ALREADY_EXISTS, "resolved_at",
                              _("The customer’s satisfaction with this resolution is logged already"));
  return TRUE;
}
