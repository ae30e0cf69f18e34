/* rapport-deal-stage.c: where a new deal goes on the board
 *
 * A deal made without a stage (in the app, the CLI, or through the REST API)
 * would be on no board. It goes to the default pipeline (the first by
 * position, then name) in the first stage, by position, of the kind its
 * status asks for: "open" unless it says "won" or "lost". Only records here,
 * no store: the client's store and the server both decide with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-deal-stage"

#include "config.h"

#include <string.h>

#include "rapport-deal-stage.h"
#include "rapport-json.h"

/* Whether @a comes before @b: by position, then @tie (name), then id, so
 * that every replica picks the same. */
static gboolean
comes_before (JsonObject *a,
              JsonObject *b,
              const char *tie)
{
  int order;

  if (b == NULL)
    return TRUE;
  if (rapport_json_get_int (a, "position", 0) != rapport_json_get_int (b, "position", 0))
    return rapport_json_get_int (a, "position", 0) < rapport_json_get_int (b, "position", 0);
  if (tie != NULL && (order = g_strcmp0 (rapport_json_get_string (a, tie), rapport_json_get_string (b, tie))) != 0)
    return order < 0;
  return g_strcmp0 (rapport_json_get_string (a, "id"), rapport_json_get_string (b, "id")) < 0;
}

/**
 * rapport_deal_default_stage:
 * @pipelines: (element-type JsonObject): every pipeline
 * @stages: (element-type JsonObject): their stages (others are ignored)
 * @status: (nullable): the new deal's status; %NULL for "open"
 *
 * Returns: (transfer none) (nullable): the stage of @stages where a new deal
 *   goes, or %NULL when the default pipeline has no stage of that kind
 */
JsonObject *
rapport_deal_default_stage (GPtrArray  *pipelines,
                            GPtrArray  *stages,
                            const char *status)
{
  JsonObject *pipeline = NULL, *stage = NULL;

  g_return_val_if_fail (pipelines != NULL && stages != NULL, NULL);

  if (status == NULL)
    status = "open";
  for (guint i = 0; i < pipelines->len; i++)
    if (comes_before (g_ptr_array_index (pipelines, i), pipeline, "name"))
      pipeline = g_ptr_array_index (pipelines, i);
  if (pipeline == NULL)
    return NULL;

  for (guint i = 0; i < stages->len; i++)
    {
      JsonObject *candidate = g_ptr_array_index (stages, i);
      const char *kind = rapport_json_get_string (candidate, "kind");

      if (g_strcmp0 (rapport_json_get_string (candidate, "pipeline_id"), rapport_json_get_string (pipeline, "id")) == 0 &&
          strcmp (kind != NULL ? kind : "open", status) == 0 &&
          comes_before (candidate, stage, NULL))
        stage = candidate;
    }
  return stage;
}

/**
 * rapport_deal_place_in_stage:
 *
 * Puts @deal in @stage: its pipeline, and the status that follows the
 * stage's kind.
 */
void
rapport_deal_place_in_stage (JsonObject *deal,
                             JsonObject *stage)
{
  const char *kind = rapport_json_get_string (stage, "kind");

  json_object_set_string_member (deal, "stage_id", rapport_json_get_string (stage, "id"));
  if (rapport_json_get_string (stage, "pipeline_id") != NULL)
    json_object_set_string_member (deal, "pipeline_id", rapport_json_get_string (stage, "pipeline_id"));
  json_object_set_string_member (deal, "status", kind != NULL ? kind : "open");
}
