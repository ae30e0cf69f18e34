/* rapport-store-forecast.c: a deal's forecast category, on the client's own writes
 *
 * The server sets a deal's forecast category on every write it accepts
 * (rapport_deal_follow_forecast(): the stage's default unless the rep
 * picked one). The client does the same to its own row on every local
 * edit and on every rebase, with the same function, so that a rep who
 * drags a deal on a train sees at once the category the server will give
 * it. What it sets is derived, never pushed: only what the user wrote
 * goes into the outbox, and the server decides from that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-store-forecast"

#include "config.h"

#include <string.h>

#include "rapport-deal-history.h"
#include "rapport-json.h"
#include "rapport-store-forecast.h"
#include "rapport-store-private.h"

/**
 * rapport_store_follow_forecast:
 * @old: (nullable): the deal before the write; %NULL for a new one
 * @applied: the fields the write sets
 * @record: the deal as it will be stored; changed in place
 *
 * Does nothing for another type. A stage the replica has not seen yet
 * counts as none: the next pull brings the server's answer. On the
 * writer thread.
 */
gboolean
rapport_store_follow_forecast (RapportStore        *self,
                               const RapportEntity *entity,
                               JsonObject          *old,
                               JsonObject          *applied,
                               JsonObject          *record,
                               GError             **error)
{
  const char *stage_id = rapport_json_get_string (record, "stage_id");
  g_autoptr(JsonObject) stage = NULL;
  g_autoptr(GError) local_error = NULL;

  if (strcmp (entity->name, "deal") != 0)
    return TRUE;
  if (stage_id != NULL)
    {
      stage = rapport_store_read_by_id (self, rapport_entity_lookup ("stage"), stage_id, NULL,
                                        &local_error);
      if (stage == NULL && !g_error_matches (local_error, RAPPORT_STORE_ERROR,
                                             RAPPORT_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  rapport_deal_follow_forecast (record, old, applied, stage);
  return TRUE;
}
