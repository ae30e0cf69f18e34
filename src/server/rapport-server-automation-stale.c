/* rapport-server-automation-stale.c: rules on deals that go stale
 *
 * A rule on the trigger "stale" runs when one of its deals has had no
 * activity and no change for its stage's rotten_days (rapport-deal-stale.c).
 * Time alone brings that about, so a sweep looks for such deals, every ten
 * minutes (rapport-server.c), and only while an enabled rule watches. A
 * rule runs once per spell: the spell begins when the deal was last
 * touched, and that time keys the run, so a deal that someone works on and
 * then leaves again for as long runs the rule again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-automation"

#include "config.h"

#include "rapport-deal-stale.h"
#include "rapport-json.h"
#include "rapport-server-automation.h"

/* When each of the deals @ids was last touched up to @now (rapport_deal_touched_at()):
 * created, or an activity or a stage event that took place. In one pass
 * over each of those types, not one per deal. */
static GHashTable *
touched (RapportServerBackend *backend,
         GPtrArray            *ids,
         const char           *now,
         GError              **error)
{
  g_autoptr(GHashTable) latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonArray) values = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  const char * const related[] = { "activity", "deal_stage_event" };

  for (guint i = 0; i < ids->len; i++)
    json_array_add_string_element (values, ids->pdata[i]);
  node = json_node_init_array (json_node_alloc (), values);
  text = rapport_json_to_string (node);
  for (guint i = 0; i < G_N_ELEMENTS (related); i++)
    {
      g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      GHashTableIter iter;
      gpointer id, when;

      if (!backend->vtable->latest_referring (backend, related[i], "deal_id", text, "occurred_at", now,
                                              found, error))
        return NULL;
      g_hash_table_iter_init (&iter, found);
      while (g_hash_table_iter_next (&iter, &id, &when))
        if (g_strcmp0 (when, g_hash_table_lookup (latest, id)) > 0)
          g_hash_table_replace (latest, g_strdup (id), g_strdup (when));
    }
  return g_steal_pointer (&latest);
}

/* The stale deals of @stage, each given to the rules. */
static gboolean
sweep_stage (RapportServerBackend *backend,
             JsonObject           *stage,
             GDateTime            *now,
             const char           *now_text,
             guint                *n_stale,
             GError              **error)
{
  const RapportEntity *deals = rapport_entity_lookup ("deal");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  RapportFilterContext context = { now, utc, NULL };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) latest = NULL;
  g_autoptr(RapportFilter) filter = NULL;

  filter = rapport_deal_stale_filter (rapport_json_get_string (stage, "id"),
                                      rapport_json_get_int (stage, "rotten_days", 0), now, error);
  if (filter == NULL || !backend->vtable->filter_records (backend, filter, &context, ids, error))
    return FALSE;
  if (ids->len == 0)
    return TRUE;
  if (!(latest = touched (backend, ids, now_text, error)))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) deal = NULL;
      const char *since;

      if (!rapport_server_load_record (backend, deals, ids->pdata[i], NULL, &deal, error))
        return FALSE;
      if (deal == NULL)
        continue;
      since = g_hash_table_lookup (latest, ids->pdata[i]);
      if (since == NULL || g_strcmp0 (rapport_deal_touched_at (deal), since) > 0)
        since = rapport_deal_touched_at (deal);
      if (!rapport_server_automation_run_timed (backend, deals, "stale", deal, since, now_text, error))
        return FALSE;
      (*n_stale)++;
    }
  return TRUE;
}

/**
 * rapport_server_automation_stale_sweep:
 * @n_stale: (out) (optional): how many stale deals it found
 *
 * Runs the rules on stale deals, in one transaction, when there are any.
 */
gboolean
rapport_server_automation_stale_sweep (RapportServerBackend *backend,
                                       guint                *n_stale,
                                       GError              **error)
{
  g_autoptr(GPtrArray) stages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = rapport_server_now ();
  gboolean watching = FALSE;
  guint n = 0;

  if (!backend->vtable->begin (backend, error))
    return FALSE;
  if (!rapport_server_automation_watching (backend, rapport_entity_lookup ("deal"), "stale", &watching,
                                           error))
    goto fail;
  if (watching && !rapport_server_load_all (backend, "stage", stages, error))
    goto fail;
  for (guint i = 0; i < stages->len; i++)
    {
      JsonObject *stage = g_ptr_array_index (stages, i);

      if (rapport_json_get_int (stage, "rotten_days", 0) > 0 &&
          !sweep_stage (backend, stage, now, now_text, &n, error))
        goto fail;
    }
  if (!backend->vtable->commit (backend, error))
    goto fail;
  if (n_stale != NULL)
    *n_stale = n;
  return TRUE;

fail:
  backend->vtable->rollback (backend);
  return FALSE;
}
