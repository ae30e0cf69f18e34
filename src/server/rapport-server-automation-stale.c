/* rapport-server-automation-stale.c: rules on deals that go stale
 *
 * A rule on the trigger "stale" runs when one of its deals has had no
 * activity and no change for its stage's rotten_days (rapport-deal-stale.c).
 * Time alone brings that about, so a sweep looks for such deals, every
 * minute with the SLA clocks, and only while an enabled rule watches. A
 * rule runs once per spell: the spell begins when the deal was last
 * touched, and that time keys the run, so a deal that someone works on and
 * then leaves again for as long runs the rule again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-automation"

#include "config.h"

#include <string.h>

#include "rapport-deal-stale.h"
#include "rapport-json.h"
#include "rapport-server-automation.h"

#define PAGE 500

/* The latest time up to @now that a record of @entity_name that refers to
 * @deal_id through deal_id touched it, into @latest. */
static gboolean
latest_touch (RapportServerBackend *backend,
              const char           *entity_name,
              const char           *deal_id,
              const char           *now,
              char                **latest,
              GError              **error)
{
  g_autofree char *after = NULL;

  for (;;)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_stored_record_free);

      if (!backend->vtable->list_referring (backend, entity_name, "deal_id", deal_id, after, PAGE, rows,
                                            error))
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        {
          g_autoptr(JsonObject) record = rapport_server_parse_record (g_ptr_array_index (rows, i));
          const char *touched = record != NULL ? rapport_deal_touched_at (record) : NULL;

          if (touched != NULL && g_strcmp0 (touched, *latest) > 0 && strcmp (touched, now) <= 0)
            {
              g_free (*latest);
              *latest = g_strdup (touched);
            }
        }
      if (rows->len < PAGE)
        return TRUE;
      g_free (after);
      after = g_strdup (((RapportStoredRecord *) g_ptr_array_index (rows, rows->len - 1))->id);
    }
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
  g_autoptr(RapportFilter) filter = NULL;

  filter = rapport_deal_stale_filter (rapport_json_get_string (stage, "id"),
                                      rapport_json_get_int (stage, "rotten_days", 0), now, error);
  if (filter == NULL || !backend->vtable->filter_records (backend, filter, &context, ids, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) deal = NULL;
      g_autofree char *since = NULL;

      if (!rapport_server_load_record (backend, deals, ids->pdata[i], NULL, &deal, error))
        return FALSE;
      if (deal == NULL)
        continue;
      since = g_strdup (rapport_deal_touched_at (deal));
      if (!latest_touch (backend, "activity", ids->pdata[i], now_text, &since, error) ||
          !latest_touch (backend, "deal_stage_event", ids->pdata[i], now_text, &since, error) ||
          !rapport_server_automation_run_timed (backend, deals, "stale", deal, since, now_text, error))
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
