/* rapport-queue.c: records worked as a queue (cases): stamps, due, rank
 *
 * What the descriptor's RapportQueue says, worked out once for the store,
 * the server and the app. A status change stamps its time here, on the
 * client when the user makes it (offline too: the time is when it was
 * done, not when it was sent) and on the server for a write that did not
 * say, so every client, the CLI and REST agree; the stamps then sync as
 * any other field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-queue"

#include "config.h"

#include <string.h>

#include "rapport-queue.h"
#include "rapport-json.h"

/* The place of @value among the status field's choices; -1 if none. */
static int
status_rank (const RapportEntity *entity,
             const char          *value)
{
  const RapportField *field = rapport_entity_get_field (entity, entity->queue->status_field);

  for (int i = 0; value != NULL && field->choices[i] != NULL; i++)
    if (strcmp (field->choices[i], value) == 0)
      return i;
  return -1;
}

/**
 * rapport_queue_stamp:
 * @old: (nullable): the record before the change; %NULL for a new one
 * @changes: the fields that change, as the store or the server takes them;
 *   the stamps are added to it
 * @now: the time to stamp, as the store keeps times
 *
 * When @changes move the status, every stamp of a status up to the new
 * one gets @now unless it has a time already, and every later one is
 * cleared: resolving records resolved_at, closing records closed_at (and
 * resolved_at if the case skipped it), reopening clears both. A stamp the
 * change itself sets (an offline edit, an import) is kept as it is.
 */
void
rapport_queue_stamp (const RapportEntity *entity,
                     JsonObject          *old,
                     JsonObject          *changes,
                     const char          *now)
{
  const RapportQueue *queue = entity->queue;
  int rank;

  if (queue == NULL || !json_object_has_member (changes, queue->status_field))
    return;
  if (old != NULL && g_strcmp0 (rapport_json_get_string (old, queue->status_field),
                                rapport_json_get_string (changes, queue->status_field)) == 0)
    return;

  rank = status_rank (entity, rapport_json_get_string (changes, queue->status_field));
  for (const RapportStamp *stamp = queue->stamps; stamp->value != NULL; stamp++)
    {
      const char *field = stamp->stamp_field;

      if (json_object_has_member (changes, field))
        continue;
      if (rank >= 0 && status_rank (entity, stamp->value) <= rank)
        {
          if (rapport_json_get_string (old, field) == NULL)
            json_object_set_string_member (changes, field, now);
        }
      else if (rapport_json_get_string (old, field) != NULL)
        json_object_set_null_member (changes, field);
    }
}

/**
 * rapport_queue_is_unresolved:
 *
 * Returns: whether @record still needs work (a case that is new, open or
 *   pending); %FALSE for a type that is no queue
 */
gboolean
rapport_queue_is_unresolved (const RapportEntity *entity,
                             JsonObject          *record)
{
  const char *status;

  if (entity->queue == NULL || record == NULL)
    return FALSE;
  status = rapport_json_get_string (record, entity->queue->status_field);
  if (status == NULL)
    {
      const RapportField *field = rapport_entity_get_field (entity, entity->queue->status_field);

      status = field->default_value;
    }
  return status != NULL && g_strv_contains ((const char * const *) entity->queue->unresolved, status);
}

/**
 * rapport_queue_is_overdue:
 *
 * Returns: whether @record is unresolved and its due time is past
 */
gboolean
rapport_queue_is_overdue (const RapportEntity *entity,
                          JsonObject          *record,
                          GDateTime           *now)
{
  g_autoptr(GDateTime) due = NULL;
  const char *value;

  if (!rapport_queue_is_unresolved (entity, record) ||
      (value = rapport_json_get_string (record, entity->queue->due_field)) == NULL ||
      (due = g_date_time_new_from_iso8601 (value, NULL)) == NULL)
    return FALSE;
  return g_date_time_compare (due, now) < 0;
}

/**
 * rapport_queue_is_urgent:
 *
 * Returns: whether @record is unresolved and of the rank field's last,
 *   most pressing choice
 */
gboolean
rapport_queue_is_urgent (const RapportEntity *entity,
                         JsonObject          *record)
{
  const RapportField *field;
  const char *value;
  guint n;

  if (!rapport_queue_is_unresolved (entity, record) ||
      (value = rapport_json_get_string (record, entity->queue->rank_field)) == NULL)
    return FALSE;
  field = rapport_entity_get_field (entity, entity->queue->rank_field);
  n = g_strv_length ((char **) field->choices);
  return n > 0 && strcmp (field->choices[n - 1], value) == 0;
}
