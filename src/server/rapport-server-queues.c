/* rapport-server-queues.c: a queue assigns its new cases, on the server
 *
 * A case created in, or moved into, an active round-robin or least-open
 * queue without an assignee gets one here, in the transaction that
 * accepts the write (rapport_server_apply_op()): whichever client pushed
 * it, and however often the push is retried (a replayed op id returns its
 * stored result), the case is assigned once, and the assignment reaches
 * every client through the changes feed like any write. The ops of one
 * push are applied in order in one transaction, so a batch of cases is
 * assigned one by one, each seeing the loads and the cursor the one
 * before left.
 *
 * An agent is available when their user is active and not out of office
 * (an approval_delegation whose dates hold today, in the queue's
 * calendar's zone, else UTC: what Preferences → Out of Office stores), and
 * has fewer than the queue's max_open_per_agent unresolved cases of the
 * queue. Round robin takes the first available member after the last one
 * it assigned, in the order members were added; that member is kept in
 * server_meta ("queue-cursor:ID"), so it survives a restart and is rolled
 * back with a refused transaction. Least open takes an available member
 * with the fewest unresolved cases of the queue, ties broken at random,
 * so that nobody is favoured by the order they were added in. When nobody
 * can take the case it stays unassigned and unassigned_reason says why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-queues"

#include "config.h"

#include <string.h>

#include "rapport-json.h"
#include "rapport-server-children.h"
#include "rapport-server-queues.h"

typedef enum {
  AGENT_AVAILABLE,
  AGENT_AWAY,      /* inactive, deleted or out of office */
  AGENT_FULL,      /* at the queue's max_open_per_agent */
} AgentState;

static char *
cursor_key (const char *queue_id)
{
  return g_strconcat ("queue-cursor:", queue_id, NULL);
}

static int
by_id (gconstpointer a,
       gconstpointer b)
{
  return g_strcmp0 (rapport_json_get_string (*(JsonObject **) a, "id"),
                    rapport_json_get_string (*(JsonObject **) b, "id"));
}

/* The queue's users in the order they were added (member ids are UUIDv7,
 * so by time), each once, less those paused in it. */
static GPtrArray *
load_members (RapportServerBackend *backend,
              const char           *queue_id,
              GError              **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func (g_free);

  if (!rapport_server_list_children (backend, rapport_entity_lookup ("queue_member"), "queue_id",
                                     queue_id, records, error))
    return NULL;
  g_ptr_array_sort (records, by_id);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *member = g_ptr_array_index (records, i);
      const char *user_id = rapport_json_get_string (member, "user_id");

      if (json_object_get_boolean_member_with_default (member, "paused", FALSE))
        continue;
      if (user_id != NULL && !g_ptr_array_find_with_equal_func (users, user_id, g_str_equal, NULL))
        g_ptr_array_add (users, g_strdup (user_id));
    }
  return g_steal_pointer (&users);
}

/* Today, YYYY-MM-DD, where the queue works. */
static char *
queue_today (RapportServerBackend *backend,
             JsonObject           *queue,
             const char           *now,
             GError              **error)
{
  const char *calendar_id = rapport_json_get_string (queue, "calendar_id");
  g_autoptr(GDateTime) instant = g_date_time_new_from_iso8601 (now, NULL);
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (instant == NULL)
    instant = g_date_time_new_now_utc ();
  if (calendar_id != NULL)
    {
      g_autoptr(RapportStoredRecord) stored = NULL;
      g_autoptr(JsonObject) calendar = NULL;

      if (!rapport_server_load_record (backend, rapport_entity_lookup ("calendar"), calendar_id,
                                       &stored, &calendar, error))
        return NULL;
      if (calendar != NULL && !stored->deleted)
        zone = g_time_zone_new_identifier (rapport_json_get_string (calendar, "time_zone"));
    }
  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  local = g_date_time_to_timezone (instant, zone);
  return g_date_time_format (local, "%Y-%m-%d");
}

/* The users out of office today: a set of ids. */
static GHashTable *
load_away (RapportServerBackend *backend,
           const char           *today,
           GError              **error)
{
  g_autoptr(GPtrArray) delegations = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) away = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!rapport_server_load_all (backend, "approval_delegation", delegations, error))
    return NULL;
  for (guint i = 0; i < delegations->len; i++)
    {
      JsonObject *delegation = g_ptr_array_index (delegations, i);
      const char *user_id = rapport_json_get_string (delegation, "user_id");

      if (user_id != NULL &&
          g_strcmp0 (rapport_json_get_string (delegation, "starts_on"), today) <= 0 &&
          g_strcmp0 (rapport_json_get_string (delegation, "ends_on"), today) >= 0)
        g_hash_table_add (away, g_strdup (user_id));
    }
  return g_steal_pointer (&away);
}

static gboolean
is_present (RapportServerBackend *backend,
            const char           *user_id,
            GHashTable           *away,
            gboolean             *out_present,
            GError              **error)
{
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) user = NULL;

  *out_present = FALSE;
  if (g_hash_table_contains (away, user_id))
    return TRUE;
  if (!rapport_server_load_record (backend, rapport_entity_lookup ("user"), user_id, &stored, &user,
                                   error))
    return FALSE;
  *out_present = user != NULL && !stored->deleted &&
                 json_object_get_boolean_member_with_default (user, "active", TRUE);
  return TRUE;
}

/* How many unresolved cases of the queue @user_id has, counted up to
 * @up_to (0: all of them): the count walks the index, so a cap is all
 * that round robin needs to know. */
static gboolean
count_load (RapportServerBackend *backend,
            const char           *queue_id,
            const char           *user_id,
            gint64                up_to,
            gint64               *out_count,
            GError              **error)
{
  const RapportEntity *cases = rapport_entity_lookup ("case");

  return backend->vtable->count_queue_load (backend, queue_id, user_id, cases->queue->unresolved,
                                            up_to, out_count, error);
}

/* @need_load: the member's load is wanted even when the queue has no cap
 * (least open); round robin without a cap counts nothing. */
static gboolean
agent_state (RapportServerBackend *backend,
             JsonObject           *queue,
             const char           *user_id,
             GHashTable           *away,
             gboolean              need_load,
             AgentState           *out_state,
             gint64               *out_load,
             GError              **error)
{
  gint64 max_open = json_object_get_int_member_with_default (queue, "max_open_per_agent", 0);
  gboolean present;

  *out_state = AGENT_AWAY;
  *out_load = 0;
  if (!is_present (backend, user_id, away, &present, error))
    return FALSE;
  if (!present)
    return TRUE;
  if ((need_load || max_open > 0) &&
      !count_load (backend, rapport_json_get_string (queue, "id"), user_id,
                   need_load ? 0 : max_open, out_load, error))
    return FALSE;
  *out_state = max_open > 0 && *out_load >= max_open ? AGENT_FULL : AGENT_AVAILABLE;
  return TRUE;
}

/* Round robin: the first available member after the cursor. */
static gboolean
pick_next (RapportServerBackend *backend,
           JsonObject           *queue,
           GPtrArray            *members,
           GHashTable           *away,
           const char          **out_user_id,
           gboolean             *out_anyone_present,
           GError              **error)
{
  g_autofree char *key = cursor_key (rapport_json_get_string (queue, "id"));
  g_autofree char *cursor = NULL;
  guint start = 0;
  guint at;

  *out_user_id = NULL;
  *out_anyone_present = FALSE;
  if (!backend->vtable->get_meta (backend, key, &cursor, error))
    return FALSE;
  if (cursor != NULL && g_ptr_array_find_with_equal_func (members, cursor, g_str_equal, &at))
    start = at + 1;
  for (guint k = 0; k < members->len; k++)
    {
      const char *user_id = g_ptr_array_index (members, (start + k) % members->len);
      AgentState state;
      gint64 load;

      if (!agent_state (backend, queue, user_id, away, FALSE, &state, &load, error))
        return FALSE;
      *out_anyone_present |= state != AGENT_AWAY;
      if (state == AGENT_AVAILABLE)
        {
          *out_user_id = user_id;
          return backend->vtable->set_meta (backend, key, user_id, error);
        }
    }
  return TRUE;
}

/* Least open: an available member with the fewest unresolved cases of the
 * queue, drawn at random among equals. */
static gboolean
pick_least_open (RapportServerBackend *backend,
                 JsonObject           *queue,
                 GPtrArray            *members,
                 GHashTable           *away,
                 const char          **out_user_id,
                 gboolean             *out_anyone_present,
                 GError              **error)
{
  g_autoptr(GPtrArray) least = g_ptr_array_new ();
  gint64 fewest = G_MAXINT64;

  *out_user_id = NULL;
  *out_anyone_present = FALSE;
  for (guint i = 0; i < members->len; i++)
    {
      const char *user_id = g_ptr_array_index (members, i);
      AgentState state;
      gint64 load;

      if (!agent_state (backend, queue, user_id, away, TRUE, &state, &load, error))
        return FALSE;
      *out_anyone_present |= state != AGENT_AWAY;
      if (state != AGENT_AVAILABLE || load > fewest)
        continue;
      if (load < fewest)
        g_ptr_array_set_size (least, 0);
      fewest = load;
      g_ptr_array_add (least, (gpointer) user_id);
    }
  if (least->len > 0)
    *out_user_id = g_ptr_array_index (least, g_random_int_range (0, least->len));
  return TRUE;
}

/* Whether the write puts an unassigned, unresolved case into a queue. */
static gboolean
arrives_unassigned (const RapportEntity *entity,
                    JsonObject          *current,
                    JsonObject          *record)
{
  const char *queue_id = rapport_json_get_string (record, "queue_id");
  const char *status = rapport_json_get_string (record, entity->queue->status_field);

  if (queue_id == NULL || rapport_json_get_string (record, "assignee_id") != NULL)
    return FALSE;
  if (status != NULL && !g_strv_contains ((const char * const *) entity->queue->unresolved, status))
    return FALSE;
  return current == NULL || g_strcmp0 (rapport_json_get_string (current, "queue_id"), queue_id) != 0;
}

/**
 * rapport_server_queues_assign:
 * @current: (nullable): the case before this write
 * @record: the case about to be written, accepted
 * @now: the write's time, RFC 3339
 *
 * Assigns @record if the write brings it unassigned into a queue that
 * assigns by itself, or says in its unassigned_reason why nobody could
 * take it; a case that has an assignee loses its reason. Call it once the
 * write is known to be accepted, so that a refused write moves no cursor.
 *
 * Returns: FALSE only when storage failed
 */
gboolean
rapport_server_queues_assign (RapportServerBackend *backend,
                              const RapportEntity  *entity,
                              JsonObject           *current,
                              JsonObject           *record,
                              const char           *now,
                              GError              **error)
{
  g_autoptr(RapportStoredRecord) stored = NULL;
  g_autoptr(JsonObject) queue = NULL;
  const char *mode;
  g_autofree char *user_id = NULL;
  const char *reason = NULL;

  if (strcmp (entity->name, "case") != 0)
    return TRUE;
  if ((rapport_json_get_string (record, "assignee_id") != NULL ||
       rapport_json_get_string (record, "queue_id") == NULL) &&
      rapport_json_get_string (record, "unassigned_reason") != NULL)
    json_object_set_null_member (record, "unassigned_reason");
  if (!arrives_unassigned (entity, current, record))
    return TRUE;

  if (!rapport_server_load_record (backend, rapport_entity_lookup ("queue"),
                                   rapport_json_get_string (record, "queue_id"), &stored, &queue,
                                   error))
    return FALSE;
  if (queue == NULL || stored->deleted ||
      !json_object_get_boolean_member_with_default (queue, "active", TRUE))
    return TRUE;
  mode = rapport_json_get_string (queue, "assignment_mode");
  if (g_strcmp0 (mode, "round_robin") != 0 && g_strcmp0 (mode, "least_open") != 0)
    return TRUE;

  if (!rapport_server_queues_pick (backend, queue, now, &user_id, &reason, error))
    return FALSE;
  if (user_id != NULL)
    {
      json_object_set_string_member (record, "assignee_id", user_id);
      json_object_set_null_member (record, "unassigned_reason");
    }
  else
    json_object_set_string_member (record, "unassigned_reason", reason);
  return TRUE;
}

/**
 * rapport_server_queues_pick:
 * @queue: a queue record
 * @out_user_id: (out) (transfer full) (nullable): the member picked by the
 *   queue's mode (round robin unless it is least_open), moving its cursor;
 *   %NULL when nobody is available
 * @out_reason: (out) (transfer none) (nullable): then why, as a case's
 *   unassigned_reason
 */
gboolean
rapport_server_queues_pick (RapportServerBackend *backend,
                            JsonObject           *queue,
                            const char           *now,
                            char                **out_user_id,
                            const char          **out_reason,
                            GError              **error)
{
  g_autoptr(GPtrArray) members = NULL;
  const char *user_id = NULL;
  g_autoptr(GHashTable) away = NULL;
  g_autofree char *today = NULL;
  gboolean anyone_present = FALSE;
  gboolean picked;

  *out_user_id = NULL;
  *out_reason = NULL;
  members = load_members (backend, rapport_json_get_string (queue, "id"), error);
  if (members == NULL)
    return FALSE;
  if (members->len == 0)
    {
      *out_reason = "no_members";
      return TRUE;
    }
  today = queue_today (backend, queue, now, error);
  if (today == NULL || (away = load_away (backend, today, error)) == NULL)
    return FALSE;
  picked = g_strcmp0 (rapport_json_get_string (queue, "assignment_mode"), "least_open") != 0
             ? pick_next (backend, queue, members, away, &user_id, &anyone_present, error)
             : pick_least_open (backend, queue, members, away, &user_id, &anyone_present, error);
  if (!picked)
    return FALSE;
  *out_user_id = g_strdup (user_id);
  if (user_id == NULL)
    *out_reason = anyone_present ? "at_capacity" : "unavailable";
  return TRUE;
}
