/* rapport-store-sla.c: a case's SLA clock in the local store
 *
 * Every case row written, typed or pulled, gets its SLA fields from
 * rapport_case_sla_compute() with the policy and calendar this computer
 * has, as the server does with its own: the case's policy, else the
 * default one. Breaches are left as the server recorded them. Without a
 * policy or a calendar here yet, a pulled case keeps what the server
 * computed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store-sla"

#include "config.h"

#include "rapport-json.h"
#include "rapport-sla.h"
#include "rapport-store-private.h"

/* The active default policy's id, or NULL. */
static char *
default_policy (RapportStore *self)
{
  sqlite3_stmt *stmt = rapport_store_prepare_static (
    self,
    "SELECT id FROM sla_policies WHERE is_default = 1 AND COALESCE (active, 1) = 1"
    "  ORDER BY id LIMIT 1",
    NULL);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

/**
 * rapport_store_sla_compute:
 * @record: a case as it will be written; its updated_at is when
 *
 * Sets @record's SLA fields; does nothing for other types.
 */
void
rapport_store_sla_compute (RapportStore        *self,
                           const RapportEntity *entity,
                           JsonObject          *record)
{
  const char *policy_id = rapport_json_get_string (record, "sla_policy_id");
  g_autofree char *default_id = NULL;
  g_autoptr(JsonObject) policy = NULL;
  g_autoptr(JsonObject) calendar = NULL;
  g_autoptr(RapportCalendar) parsed = NULL;

  if (!g_str_equal (entity->name, "case"))
    return;
  if (policy_id == NULL)
    policy_id = default_id = default_policy (self);
  if (policy_id == NULL ||
      (policy = rapport_store_read_by_id (self, rapport_entity_lookup ("sla_policy"), policy_id,
                                          NULL, NULL)) == NULL ||
      (calendar = rapport_store_read_by_id (self, rapport_entity_lookup ("calendar"),
                                            rapport_json_get_string (policy, "calendar_id"),
                                            NULL, NULL)) == NULL ||
      (parsed = rapport_calendar_new_from_record (calendar, NULL)) == NULL)
    return;
  rapport_case_sla_compute (record, policy, parsed, rapport_json_get_string (record, "updated_at"),
                            FALSE);
}
