/* rapport-server-demo-sla.c: the demo book's service levels
 *
 * The Shanghai office's business calendar (lunch from 12:00 to 13:00,
 * China's National Day week and New Year off) and a default SLA policy,
 * made before the cases so that every case gets a clock. The cases are all
 * made at once, so they are then set back to when they came in,
 * a few hours to a few days ago: the book shows clocks running, near
 * their targets and past them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-demo"

#include "config.h"

#include "rapport-json.h"
#include "rapport-server-demo-private.h"
#include "rapport-server-sla.h"
#include "rapport-sla.h"

#define HOUR 3600

/**
 * rapport_server_demo_add_sla:
 *
 * Makes the calendar and the default policy, before the cases.
 */
gboolean
rapport_server_demo_add_sla (RapportServerDemo *demo,
                             GError           **error)
{
  g_autoptr(JsonObject) calendar = json_object_new ();
  g_autoptr(JsonObject) policy = json_object_new ();
  g_autofree char *calendar_id = NULL;
  g_autofree char *policy_id = NULL;
  static const struct
  {
    const char *priority;
    gint64      first, resolution;
  } targets[] = {
    { "low", 8 * HOUR, 40 * HOUR },
    { "normal", 4 * HOUR, 16 * HOUR },
    { "high", 2 * HOUR, 8 * HOUR },
    { "urgent", 1 * HOUR, 4 * HOUR },
  };

  json_object_set_string_member (calendar, "name", "上海办公室 Shanghai Office");
  json_object_set_string_member (calendar, "time_zone", "Asia/Shanghai");
  json_object_set_string_member (calendar, "weekly_hours", "mon-fri 09:00-12:00 13:00-18:00");
  json_object_set_string_member (calendar, "holidays",
                                 "2026-10-01; 2026-10-02; 2026-10-05; 2026-10-06; 2026-10-07;\n"
                                 "2026-12-31 15:00-24:00; 2027-01-01");
  calendar_id = rapport_server_demo_write (demo, NULL, "calendar", NULL, calendar, error);
  if (calendar_id == NULL)
    return FALSE;

  json_object_set_string_member (policy, "name", "标准服务 Standard");
  json_object_set_boolean_member (policy, "active", TRUE);
  json_object_set_boolean_member (policy, "is_default", TRUE);
  json_object_set_string_member (policy, "calendar_id", calendar_id);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *first = g_strdup_printf ("%s_first_response_secs", targets[i].priority);
      g_autofree char *resolution = g_strdup_printf ("%s_resolution_secs", targets[i].priority);

      json_object_set_int_member (policy, first, targets[i].first);
      json_object_set_int_member (policy, resolution, targets[i].resolution);
    }
  json_object_set_int_member (policy, "warning_percent", 75);
  policy_id = rapport_server_demo_write (demo, NULL, "sla_policy", NULL, policy, error);
  return policy_id != NULL;
}

/**
 * rapport_server_demo_age_cases:
 *
 * Sets each case's clock back to when it came in, and computes it again.
 */
gboolean
rapport_server_demo_age_cases (RapportServerDemo *demo,
                               GError           **error)
{
  const RapportEntity *entity = rapport_entity_lookup ("case");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format (now, RAPPORT_DEMO_DATE_TIME);

  for (guint i = 0; i < demo->cases->len; i++)
    {
      const char *id = g_ptr_array_index (demo->cases, i);
      g_autoptr(RapportStoredRecord) stored = NULL;
      g_autoptr(JsonObject) record = NULL;
      g_autoptr(JsonObject) aged = NULL;
      /* From an hour to four days ago. */
      gint64 start = g_date_time_to_unix (now) - HOUR * (1 + (gint64) (i * 7) % 96);
      g_autofree char *start_text = rapport_sla_format_time (start);

      if (!rapport_server_load_record (demo->backend, entity, id, &stored, &record, error))
        return FALSE;
      aged = rapport_json_object_copy (record);
      json_object_set_string_member (aged, "created_at", start_text);
      json_object_set_string_member (aged, "sla_start", start_text);
      json_object_remove_member (aged, "paused_since");
      json_object_set_int_member (aged, "version", stored->version + 1);
      if (!rapport_server_sla_compute (demo->backend, entity, aged, now_text, error) ||
          !rapport_server_store_write (demo->backend, demo->actor, entity, id, RAPPORT_OP_UPDATE,
                                       record, aged, stored->version + 1, now_text, error))
        return FALSE;
    }
  return TRUE;
}
