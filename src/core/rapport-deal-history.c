/* rapport-deal-history.c: a deal's forecast category, slips and history events
 *
 * What the server decides about a deal on every accepted write, kept here
 * so that the rules are written once (SPEC.md §2.3):
 * - its forecast category follows its stage's unless the rep picked one
 *   (HubSpot's auto-map overwrote manual picks: ours are kept);
 * - a close date moved into a later month counts as a slip;
 * - a write that changes what reports read becomes a history event.
 * Only records here, no storage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-deal-history"

#include "config.h"

#include <string.h>

#include "rapport-deal-history.h"
#include "rapport-json.h"

/* What reports read of a deal: a write changing one of them is an event. */
static const char * const tracked_fields[] = {
  "stage_id", "amount", "currency", "expected_close", "owner_id", "status", "forecast_category",
};

/**
 * rapport_stage_forecast_category:
 * @stage: (nullable): a stage
 *
 * Returns: the category a deal takes in @stage: the stage's own, else
 *   `closed` for a won stage, `omitted` for a lost one, `pipeline` for others
 */
const char *
rapport_stage_forecast_category (JsonObject *stage)
{
  const char *own = stage != NULL ? rapport_json_get_string (stage, "forecast_category") : NULL;
  const char *kind = stage != NULL ? rapport_json_get_string (stage, "kind") : NULL;

  if (own != NULL)
    return own;
  if (g_strcmp0 (kind, "won") == 0)
    return "closed";
  if (g_strcmp0 (kind, "lost") == 0)
    return "omitted";
  return "pipeline";
}

static gboolean
member_differs (JsonObject *a,
                JsonObject *b,
                const char *name)
{
  g_autoptr(JsonNode) from = a != NULL ? rapport_json_dup_member (a, name) : json_node_new (JSON_NODE_NULL);
  g_autoptr(JsonNode) to = b != NULL ? rapport_json_dup_member (b, name) : json_node_new (JSON_NODE_NULL);

  if (JSON_NODE_HOLDS_NULL (from) || JSON_NODE_HOLDS_NULL (to))
    return JSON_NODE_HOLDS_NULL (from) != JSON_NODE_HOLDS_NULL (to);
  return !json_node_equal (from, to);
}

/**
 * rapport_deal_follow_forecast:
 * @deal: the deal as it will be stored, its status already following its
 *   stage; its category and manual flag are set
 * @old: (nullable): the deal as it was; %NULL for a new one
 * @applied: the fields the write sets
 * @stage: (nullable): @deal's stage
 *
 * A category written by the user is a manual pick, kept through stage
 * changes; writing `forecast_category_manual` false (or no category) hands
 * the deal back to its stage's default. Closing a deal ends a manual pick:
 * won is `closed`, lost the stage's category (`omitted` by default).
 */
void
rapport_deal_follow_forecast (JsonObject *deal,
                              JsonObject *old,
                              JsonObject *applied,
                              JsonObject *stage)
{
  const char *status = rapport_json_get_string (deal, "status");
  gboolean manual = json_object_get_boolean_member_with_default (deal, "forecast_category_manual",
                                                                 FALSE);
  gboolean was_manual = old != NULL &&
                        json_object_get_boolean_member_with_default (old, "forecast_category_manual",
                                                                     FALSE);
  gboolean follow;

  /* A category written is a pick, unless the same write clears the flag. */
  if (json_object_has_member (applied, "forecast_category") &&
      !(json_object_has_member (applied, "forecast_category_manual") && !manual))
    manual = rapport_json_get_string (deal, "forecast_category") != NULL;
  if (g_strcmp0 (status, "won") == 0 || g_strcmp0 (status, "lost") == 0)
    manual = FALSE;

  follow = old == NULL || member_differs (old, deal, "stage_id") ||
           member_differs (old, deal, "status") || (was_manual && !manual) ||
           rapport_json_get_string (deal, "forecast_category") == NULL;
  if (!manual && follow)
    {
      const char *category = g_strcmp0 (status, "won") == 0 ? "closed" : rapport_stage_forecast_category (stage);

      /* An open deal in a stage that says closed is still to be won. */
      if (g_strcmp0 (status, "won") != 0 && g_strcmp0 (category, "closed") == 0)
        category = g_strcmp0 (status, "lost") == 0 ? "omitted" : "pipeline";
      json_object_set_string_member (deal, "forecast_category", category);
    }
  json_object_set_boolean_member (deal, "forecast_category_manual", manual);
}

/* "2026-03" of a date, or %NULL. */
static char *
month_of (JsonObject *record)
{
  const char *date = record != NULL ? rapport_json_get_string (record, "expected_close") : NULL;

  return date != NULL && strlen (date) >= 7 ? g_strndup (date, 7) : NULL;
}

/**
 * rapport_deal_count_push:
 * @deal: the deal as it will be stored; its `close_date_push_count` is set
 * @old: (nullable): as it was
 *
 * Counts a move of `expected_close` into a later month. The count is the
 * server's: whatever a write says of it is replaced.
 */
void
rapport_deal_count_push (JsonObject *deal,
                         JsonObject *old)
{
  g_autofree char *was = month_of (old);
  g_autofree char *now = month_of (deal);
  gint64 count = old != NULL ? rapport_json_get_int (old, "close_date_push_count", 0) : 0;

  if (was != NULL && now != NULL && strcmp (now, was) > 0)
    count++;
  json_object_set_int_member (deal, "close_date_push_count", count);
}

/**
 * rapport_deal_history_changed:
 * @old: (nullable): the deal before a write; %NULL when it is new
 *
 * Returns: whether the write changes what a history event records
 */
gboolean
rapport_deal_history_changed (JsonObject *old,
                              JsonObject *deal)
{
  for (guint i = 0; i < G_N_ELEMENTS (tracked_fields); i++)
    if (member_differs (old, deal, tracked_fields[i]))
      return TRUE;
  return FALSE;
}

static void
set_string_or_null (JsonObject *object,
                    const char *name,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

static void
copy_member (JsonObject *to,
             JsonObject *from,
             const char *name)
{
  json_object_set_member (to, name, rapport_json_dup_member (from, name));
}

/**
 * rapport_deal_history_event_new:
 * @old: (nullable): the deal before the write
 * @deal: the deal after it
 * @from_stage: (nullable): @old's stage, for its name
 * @to_stage: (nullable): @deal's stage, for its name, position and probability
 * @user_id: (nullable): who wrote
 * @client_time: (nullable): when the user wrote it on the device
 * @server_time: when the server accepted it (or, @superseded, received it)
 * @superseded: the write lost the merge to another one
 *
 * Returns: (transfer full) (nullable): the fields of a `deal_stage_event`
 *   (without id), or %NULL when the write changes nothing it records
 */
JsonObject *
rapport_deal_history_event_new (JsonObject *old,
                                JsonObject *deal,
                                JsonObject *from_stage,
                                JsonObject *to_stage,
                                const char *user_id,
                                const char *client_time,
                                const char *server_time,
                                gboolean    superseded)
{
  g_autoptr(JsonObject) event = NULL;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonNode) changes_node = NULL;
  g_autofree char *changes_text = NULL;
  JsonNode *probability;

  g_return_val_if_fail (deal != NULL && server_time != NULL, NULL);

  if (!rapport_deal_history_changed (old, deal))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tracked_fields); i++)
    if (member_differs (old, deal, tracked_fields[i]))
      {
        JsonObject *change = json_object_new ();

        json_object_set_member (change, "from", old != NULL ? rapport_json_dup_member (old, tracked_fields[i])
                                                            : json_node_new (JSON_NODE_NULL));
        json_object_set_member (change, "to", rapport_json_dup_member (deal, tracked_fields[i]));
        json_object_set_object_member (changes, tracked_fields[i], change);
      }
  changes_node = json_node_init_object (json_node_alloc (), changes);
  changes_text = json_to_string (changes_node, FALSE);

  event = json_object_new ();
  copy_member (event, deal, "id");
  json_object_set_member (event, "deal_id", json_object_dup_member (event, "id"));
  json_object_remove_member (event, "id");
  copy_member (event, deal, "pipeline_id");
  set_string_or_null (event, "from_stage_id", old != NULL ? rapport_json_get_string (old, "stage_id") : NULL);
  set_string_or_null (event, "from_stage_name",
                      from_stage != NULL ? rapport_json_get_string (from_stage, "name") : NULL);
  copy_member (event, deal, "stage_id");
  json_object_set_member (event, "to_stage_id", json_object_dup_member (event, "stage_id"));
  json_object_remove_member (event, "stage_id");
  set_string_or_null (event, "to_stage_name",
                      to_stage != NULL ? rapport_json_get_string (to_stage, "name") : NULL);
  if (to_stage != NULL)
    json_object_set_int_member (event, "to_stage_position", rapport_json_get_int (to_stage, "position", 0));
  else
    json_object_set_null_member (event, "to_stage_position");
  set_string_or_null (event, "from_status", old != NULL ? rapport_json_get_string (old, "status") : NULL);
  copy_member (event, deal, "status");
  copy_member (event, deal, "amount");
  copy_member (event, deal, "currency");
  /* The probability the deal was weighed with: its own, else its stage's. */
  probability = json_object_get_member (deal, "probability");
  if ((probability == NULL || JSON_NODE_HOLDS_NULL (probability)) && to_stage != NULL)
    copy_member (event, to_stage, "probability");
  else
    copy_member (event, deal, "probability");
  copy_member (event, deal, "expected_close");
  copy_member (event, deal, "owner_id");
  copy_member (event, deal, "forecast_category");
  json_object_set_string_member (event, "changes", changes_text);
  set_string_or_null (event, "user_id", user_id);
  set_string_or_null (event, "client_time", client_time);
  json_object_set_string_member (event, "server_time", server_time);
  /* A device's clock may run ahead; it is believed only into the past. */
  json_object_set_string_member (event, "occurred_at",
                                 client_time != NULL && strcmp (client_time, server_time) < 0
                                   ? client_time : server_time);
  json_object_set_boolean_member (event, "superseded", superseded);
  return g_steal_pointer (&event);
}
