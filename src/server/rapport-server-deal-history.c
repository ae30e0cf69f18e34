/* rapport-server-deal-history.c: a deal's forecast category, slips and history, on every write
 *
 * Called by rapport_server_apply_op() for deals, in the write's
 * transaction: the forecast category and the slip count are set before the
 * record is validated, and an accepted write that changes what reports
 * read adds a `deal_stage_event` (rapport-deal-history.c says what). A
 * pushed move that lost the merge is kept too, as superseded, so that two
 * offline moves of one deal both stay in its history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-deal-history"

#include "config.h"

#include <string.h>

#include "rapport-deal-history.h"
#include "rapport-json.h"
#include "rapport-server-deal-history.h"
#include "rapport-uuid.h"

static gboolean
is_deal (const RapportEntity *entity)
{
  return strcmp (entity->name, "deal") == 0;
}

/* The stage @record is in, or %NULL when it has none. A stage deleted
 * since is read as it last was, so that its name stays in the history. */
static gboolean
load_stage (RapportServerBackend *backend,
            JsonObject           *record,
            JsonObject          **stage,
            GError              **error)
{
  const RapportEntity *stages = rapport_entity_lookup ("stage");
  const char *id = record != NULL ? rapport_json_get_string (record, "stage_id") : NULL;
  g_autoptr(RapportStoredRecord) stored = NULL;

  *stage = NULL;
  if (id == NULL)
    return TRUE;
  if (!rapport_server_load_record (backend, stages, id, &stored, stage, error))
    return FALSE;
  if (*stage == NULL && stored != NULL && stored->deleted)
    return rapport_server_load_last_live (backend, stages, stored, stage, error);
  return TRUE;
}

/**
 * rapport_server_deal_follow:
 * @current: (nullable): the deal as stored
 * @apply: the fields the write sets
 * @record: the deal as it will be stored, its status following its stage
 *
 * Sets @record's forecast category and close-date slip count. Does
 * nothing for another type.
 */
gboolean
rapport_server_deal_follow (RapportServerBackend *backend,
                            const RapportEntity  *entity,
                            JsonObject           *current,
                            JsonObject           *apply,
                            JsonObject           *record,
                            GError              **error)
{
  g_autoptr(JsonObject) stage = NULL;

  if (!is_deal (entity))
    return TRUE;
  if (!load_stage (backend, record, &stage, error))
    return FALSE;
  rapport_deal_follow_forecast (record, current, apply, stage);
  rapport_deal_count_push (record, current);
  return TRUE;
}

static gboolean
write_event (RapportServerBackend     *backend,
             const RapportServerActor *actor,
             const RapportServerOp    *op,
             JsonObject               *old,
             JsonObject               *deal,
             const char               *now,
             gboolean                  superseded,
             GError                  **error)
{
  const RapportEntity *events = rapport_entity_lookup ("deal_stage_event");
  g_autoptr(JsonObject) from_stage = NULL;
  g_autoptr(JsonObject) to_stage = NULL;
  g_autoptr(JsonObject) event = NULL;
  g_autofree char *id = rapport_uuid_v7_new ();
  g_autofree char *client_time = rapport_uuid_v7_time (op->op_id);
  const char *user_id = actor != NULL ? actor->id : NULL;

  if (!load_stage (backend, old, &from_stage, error) || !load_stage (backend, deal, &to_stage, error))
    return FALSE;
  event = rapport_deal_history_event_new (old, deal, from_stage, to_stage, user_id, client_time,
                                          now, superseded);
  if (event == NULL)
    return TRUE;

  json_object_set_string_member (event, "id", id);
  json_object_set_int_member (event, "version", 1);
  json_object_set_string_member (event, "created_at", now);
  json_object_set_string_member (event, "updated_at", now);
  if (user_id != NULL)
    {
      json_object_set_string_member (event, "created_by", user_id);
      json_object_set_string_member (event, "updated_by", user_id);
    }
  else
    {
      json_object_set_null_member (event, "created_by");
      json_object_set_null_member (event, "updated_by");
    }
  return rapport_server_store_write (backend, actor, events, id, RAPPORT_OP_CREATE, NULL, event, 1,
                                     now, error);
}

/**
 * rapport_server_deal_record:
 * @current: (nullable): the deal before the write
 * @record: (nullable): after it; %NULL when it is deleted
 *
 * Adds the history event of an accepted write of a deal, if it changed
 * what one records. Does nothing for another type or a delete.
 */
gboolean
rapport_server_deal_record (RapportServerBackend     *backend,
                            const RapportServerActor *actor,
                            const RapportServerOp    *op,
                            JsonObject               *current,
                            JsonObject               *record,
                            const char               *now,
                            GError                  **error)
{
  if (!is_deal (op->entity) || record == NULL)
    return TRUE;
  return write_event (backend, actor, op, current, record, now, FALSE, error);
}

/**
 * rapport_server_deal_record_lost:
 * @current: the deal as stored, whose fields the op conflicted with
 *
 * Keeps a pushed write of a deal that lost the merge, as a superseded
 * event: from the op's base values to its new ones, the stage's kind
 * giving the status it would have had.
 */
gboolean
rapport_server_deal_record_lost (RapportServerBackend     *backend,
                                 const RapportServerActor *actor,
                                 const RapportServerOp    *op,
                                 JsonObject               *current,
                                 const char               *now,
                                 GError                  **error)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) stage = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *change;

  if (!is_deal (op->entity) || current == NULL || op->changes == NULL ||
      op->kind != RAPPORT_OP_UPDATE)
    return TRUE;
  before = rapport_json_object_copy (current);
  after = rapport_json_object_copy (current);
  json_object_iter_init (&iter, op->changes);
  while (json_object_iter_next (&iter, &name, &change))
    {
      JsonObject *values = json_node_get_object (change);

      json_object_set_member (before, name, rapport_json_dup_member (values, "base"));
      json_object_set_member (after, name, rapport_json_dup_member (values, "new"));
    }
  if (json_object_has_member (op->changes, "stage_id"))
    {
      if (!load_stage (backend, after, &stage, error))
        return FALSE;
      if (stage != NULL)
        json_object_set_string_member (after, "status",
                                       json_object_get_string_member_with_default (stage, "kind", "open"));
    }
  return write_event (backend, actor, op, before, after, now, TRUE, error);
}
