/* rapport-bench-automation.c: what automation rules add to an accepted write
 *
 *   rapport-bench-automation [--writes N] [--deals N] [--stale-deals N] [--check]
 *
 * Opens a server database of its own (SQLite, in a temporary folder) with
 * a book of deals, then applies edits of those deals as the server applies
 * a pushed op (rapport_server_apply_op() in its own transaction, then
 * committed), first with no automation rule, then with 20 enabled rules
 * that watch every write of a deal and evaluate their conditions on it
 * (none holds, so nothing but the evaluation is timed), then once more
 * with none. Each figure is the median time of a write before its commit,
 * whose flush to disk rules do not change and which varies far more than
 * they cost on a shared machine. The budget (issue 19) is 1 ms added per
 * write; the baseline is the same run's writes without rules, the better
 * of the two rounds.
 *
 * Then the minute sweep for stale deals (rapport-server-automation-stale.c)
 * over a stage of --stale-deals deals, half of them stale, against the
 * query that finds them: once when it runs a rule on each, once more when
 * they have all run. No issue sets it a budget; the second is what the
 * server spends every minute while a team leaves its deals alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "bench-report.h"
#include "rapport-deal-stale.h"
#include "rapport-json.h"
#include "rapport-server-automation.h"
#include "rapport-server-backend.h"
#include "rapport-server-records.h"
#include "rapport-uuid.h"

#define N_RULES 20
#define BUDGET_MS 1.0

/* One write as a push applies it. *out_ms: the time of the op in its
 * transaction, without the commit: what rules add happens there, and the
 * commit's flush to disk varies far more than they cost. */
static gboolean
write_timed (RapportServerBackend *backend,
             RapportServerOp      *op,
             double               *out_ms,
             GError              **error)
{
  RapportWriteResult result = { 0 };
  gint64 start = 0;
  gboolean ok = backend->vtable->begin (backend, error) &&
                (start = g_get_monotonic_time ()) > 0 &&
                rapport_server_apply_op (backend, NULL, op, &result, error) &&
                rapport_server_ops_done (backend, NULL, error);

  if (ok && out_ms != NULL)
    *out_ms = bench_elapsed_ms (start);
  ok = ok && backend->vtable->commit (backend, error);

  if (ok && result.status != RAPPORT_WRITE_APPLIED && result.status != RAPPORT_WRITE_MERGED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "a write was not applied: %s",
                   result.error != NULL ? result.error->message : "conflict");
      ok = FALSE;
    }
  if (!ok)
    backend->vtable->rollback (backend);
  rapport_write_result_clear (&result);
  return ok;
}

static gboolean
write_one (RapportServerBackend *backend,
           RapportServerOp      *op,
           GError              **error)
{
  return write_timed (backend, op, NULL, error);
}

/* Creates a record, at the server time @at (RFC 3339) when not %NULL. */
static gboolean
create_at (RapportServerBackend *backend,
           const char           *entity,
           const char           *id,
           JsonObject           *fields,
           const char           *at,
           GError              **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  RapportServerOp op = { 0 };
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &value))
    rapport_server_changes_add (changes, name, json_node_copy (value));
  op.kind = RAPPORT_OP_CREATE;
  op.entity = rapport_entity_lookup (entity);
  op.id = id;
  op.base_version = 0;
  op.changes = changes;
  op.at = at;
  return write_one (backend, &op, error);
}

static gboolean
create (RapportServerBackend *backend,
        const char           *entity,
        const char           *id,
        JsonObject           *fields,
        GError              **error)
{
  return create_at (backend, entity, id, fields, NULL, error);
}

/* @n edits of the deals in turn, each a new amount. Returns the median
 * ms of a write in its transaction. */
static double
time_writes (RapportServerBackend *backend,
             GPtrArray            *deals,
             guint                 n,
             gint64               *amount,
             GError              **error)
{
  g_autoptr(GArray) samples = g_array_sized_new (FALSE, FALSE, sizeof (double), n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) changes = json_object_new ();
      RapportServerOp op = { 0 };
      double ms;

      rapport_server_changes_add (changes, "amount",
                                  json_node_init_int (json_node_alloc (), ++*amount));
      op.kind = RAPPORT_OP_UPDATE;
      op.entity = rapport_entity_lookup ("deal");
      op.id = g_ptr_array_index (deals, i % deals->len);
      op.base_version = -1;
      op.changes = changes;
      if (!write_timed (backend, &op, &ms, error))
        return -1;
      g_array_append_val (samples, ms);
    }
  return bench_percentile (samples, 50);
}

static gboolean
add_rules (RapportServerBackend *backend,
           GError              **error)
{
  for (guint i = 0; i < N_RULES; i++)
    {
      g_autoptr(JsonObject) rule = json_object_new ();
      g_autofree char *id = rapport_uuid_v7_new ();
      g_autofree char *name = g_strdup_printf ("Rule %u", i);
      /* Conditions of both kinds the filter language has: a field, and a
       * field of the record pointed at; none holds for the book's deals. */
      g_autofree char *conditions = g_strdup_printf (
        i % 2 == 0 ? "{\"all\": [{\"field\": \"amount\", \"op\": \">\", \"value\": \"%u000000000\"}]}"
                   : "{\"all\": [{\"field\": \"company.name\", \"op\": \"=\", \"value\": \"Nobody %u\"}]}",
        i + 1);

      json_object_set_string_member (rule, "name", name);
      json_object_set_boolean_member (rule, "enabled", TRUE);
      json_object_set_string_member (rule, "entity", "deal");
      json_object_set_string_member (rule, "trigger", i % 4 == 3 ? "field_changed" : "created_or_changed");
      if (i % 4 == 3)
        json_object_set_string_member (rule, "trigger_field", "amount");
      json_object_set_string_member (rule, "conditions", conditions);
      json_object_set_string_member (rule, "actions",
                                     "[{\"type\": \"set_field\", \"field\": \"lost_reason\", \"value\": \"Budget\"}]");
      if (!create (backend, "automation_rule", id, rule, error))
        return FALSE;
    }
  return TRUE;
}

/* A stage whose deals go stale after 30 days, @n deals in it made 60 days
 * ago with a call 45 days ago, every other one with a call yesterday too
 * (not stale), and an enabled rule that tells the owner of a stale deal. */
static gboolean
add_stale_book (RapportServerBackend *backend,
                const char           *owner_id,
                guint                 n,
                GError              **error)
{
  g_autofree char *pipeline = rapport_uuid_v7_new ();
  g_autofree char *stage = rapport_uuid_v7_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const int ago[] = { 60, 45, 1 };
  char *at[G_N_ELEMENTS (ago)];
  g_autoptr(JsonObject) pipeline_fields = json_object_new ();
  g_autoptr(JsonObject) stage_fields = json_object_new ();
  g_autoptr(JsonObject) rule = json_object_new ();
  g_autofree char *rule_id = rapport_uuid_v7_new ();
  gboolean ok;

  for (guint i = 0; i < G_N_ELEMENTS (ago); i++)
    {
      g_autoptr(GDateTime) then = g_date_time_add_days (now, -ago[i]);

      at[i] = g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
    }
  json_object_set_string_member (pipeline_fields, "name", "Stale");
  json_object_set_string_member (stage_fields, "pipeline_id", pipeline);
  json_object_set_string_member (stage_fields, "name", "Waiting");
  json_object_set_int_member (stage_fields, "rotten_days", 30);
  ok = create (backend, "pipeline", pipeline, pipeline_fields, error) &&
       create (backend, "stage", stage, stage_fields, error);
  for (guint i = 0; ok && i < n; i++)
    {
      g_autofree char *deal = rapport_uuid_v7_new ();
      g_autoptr(JsonObject) fields = json_object_new ();

      json_object_set_string_member (fields, "title", "Forklifts");
      json_object_set_string_member (fields, "stage_id", stage);
      json_object_set_string_member (fields, "owner_id", owner_id);
      ok = create_at (backend, "deal", deal, fields, at[0], error);
      for (guint call = 1; ok && call < (i % 2 == 0 ? 2u : 3u); call++)
        {
          g_autofree char *activity = rapport_uuid_v7_new ();
          g_autoptr(JsonObject) logged = json_object_new ();

          json_object_set_string_member (logged, "kind", "call");
          json_object_set_string_member (logged, "deal_id", deal);
          json_object_set_string_member (logged, "occurred_at", at[call]);
          ok = create_at (backend, "activity", activity, logged, at[call], error);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (ago); i++)
    g_free (at[i]);
  json_object_set_string_member (rule, "name", "Stale: tell the owner");
  json_object_set_boolean_member (rule, "enabled", TRUE);
  json_object_set_string_member (rule, "entity", "deal");
  json_object_set_string_member (rule, "trigger", "stale");
  json_object_set_string_member (rule, "actions",
                                 "[{\"type\": \"notify\", \"to\": \"owner\", \"message\": \"Call them\"}]");
  return ok && create (backend, "automation_rule", rule_id, rule, error);
}

/* The server's sweep for stale deals: the first, which runs the rule on
 * each, and the next, which finds them again and runs nothing, against
 * the query that finds them alone. */
static gboolean
time_stale_sweeps (RapportServerBackend *backend,
                   guint                 n,
                   GError              **error)
{
  g_autofree char *owner = rapport_uuid_v7_new ();
  g_autoptr(JsonObject) user = json_object_new ();
  g_autoptr(GPtrArray) stages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  RapportFilterContext context = { now, utc, NULL };
  g_autoptr(RapportFilter) filter = NULL;
  double first, again, query;
  guint n_stale = 0;
  gint64 start;
  BenchLine line = { 0 };

  json_object_set_string_member (user, "name", "li.na");
  json_object_set_string_member (user, "display_name", "Li Na");
  json_object_set_string_member (user, "role", "rep");
  if (!create (backend, "user", owner, user, error) || !add_stale_book (backend, owner, n, error))
    return FALSE;
  start = g_get_monotonic_time ();
  if (!rapport_server_automation_stale_sweep (backend, &n_stale, error))
    return FALSE;
  first = bench_elapsed_ms (start);
  if (n_stale != (n + 1) / 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%u stale deals found, not %u", n_stale,
                   (n + 1) / 2);
      return FALSE;
    }
  start = g_get_monotonic_time ();
  if (!rapport_server_automation_stale_sweep (backend, NULL, error))
    return FALSE;
  again = bench_elapsed_ms (start);
  if (!rapport_server_load_all (backend, "stage", stages, error))
    return FALSE;
  for (guint i = 0; i < stages->len; i++)
    if (rapport_json_get_int (g_ptr_array_index (stages, i), "rotten_days", 0) > 0)
      filter = rapport_deal_stale_filter (rapport_json_get_string (g_ptr_array_index (stages, i), "id"),
                                          30, now, error);
  start = g_get_monotonic_time ();
  if (filter == NULL || !backend->vtable->filter_records (backend, filter, &context, ids, error))
    return FALSE;
  query = bench_elapsed_ms (start);

  line.unit = "ms";
  line.bench = "stale_query";
  line.value = query;
  line.baseline = BENCH_NONE;
  line.budget = BENCH_NONE;
  line.note = "the stale deals' filter alone";
  bench_emit (&line);
  line.bench = "stale_sweep_first";
  line.value = first;
  line.baseline = query;
  line.note = "the sweep that runs the rule on each stale deal";
  bench_emit (&line);
  line.bench = "stale_sweep_again";
  line.value = again;
  line.note = "a later sweep: every stale deal found, its run there already";
  bench_emit (&line);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  int writes = 2000;
  int n_deals = 2000;
  int n_stale = 10000;
  gboolean check = FALSE;
  const GOptionEntry entries[] = {
    { "writes", 0, 0, G_OPTION_ARG_INT, &writes, "Writes timed per round", "N" },
    { "deals", 0, 0, G_OPTION_ARG_INT, &n_deals, "Deals in the book", "N" },
    { "stale-deals", 0, 0, G_OPTION_ARG_INT, &n_stale, "Deals for the stale sweep, half of them stale", "N" },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, "Fail when over budget", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = NULL;
  g_autofree char *path = NULL;
  g_autoptr(RapportServerBackend) backend = NULL;
  g_autoptr(GPtrArray) deals = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *company = rapport_uuid_v7_new ();
  double without, with, again, baseline;
  gint64 amount = 1000;
  BenchLine line = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || writes < 1 || n_deals < 1)
    {
      g_printerr ("rapport-bench-automation: %s\n", error != NULL ? error->message : "bad numbers");
      return 2;
    }
  directory = g_dir_make_tmp ("rapport-bench-automation-XXXXXX", &error);
  if (directory == NULL)
    goto fail;
  path = g_build_filename (directory, "server.db", NULL);
  if (!(backend = rapport_server_backend_open (path, &error)))
    goto fail;

  {
    g_autoptr(JsonObject) fields = json_object_new ();

    json_object_set_string_member (fields, "name", "Hangzhou Metro");
    if (!create (backend, "company", company, fields, &error))
      goto fail;
  }
  for (int i = 0; i < n_deals; i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      char *id = rapport_uuid_v7_new ();

      g_ptr_array_add (deals, id);
      json_object_set_string_member (fields, "title", "Tablets");
      json_object_set_string_member (fields, "company_id", company);
      json_object_set_int_member (fields, "amount", 100000 + i);
      json_object_set_string_member (fields, "currency", "CNY");
      if (!create (backend, "deal", id, fields, &error))
        goto fail;
    }

  /* A first round warms the caches; then none, 20 rules, none again. */
  if (time_writes (backend, deals, MIN (writes, 200), &amount, &error) < 0 ||
      (without = time_writes (backend, deals, writes, &amount, &error)) < 0 ||
      !add_rules (backend, &error) ||
      (with = time_writes (backend, deals, writes, &amount, &error)) < 0)
    goto fail;
  {
    /* The rules were live: a deal of 2·10^9 yuan makes the first act. It
     * writes no amount, so it is not part of the figures. */
    g_autoptr(JsonObject) changes = json_object_new ();
    g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    RapportServerOp op = { 0 };
    gboolean all_done = TRUE;

    rapport_server_changes_add (changes, "amount",
                                json_node_init_int (json_node_alloc (), G_GINT64_CONSTANT (200000000000)));
    op.kind = RAPPORT_OP_UPDATE;
    op.entity = rapport_entity_lookup ("deal");
    op.id = g_ptr_array_index (deals, 0);
    op.base_version = -1;
    op.changes = changes;
    if (!write_one (backend, &op, &error) ||
        !rapport_server_load_all (backend, "automation_run", runs, &error))
      goto fail;
    /* It ran, and once more for its own write, which changed nothing. */
    for (guint i = 0; i < runs->len; i++)
      all_done = all_done &&
                 g_strcmp0 (rapport_json_get_string (g_ptr_array_index (runs, i), "result"), "done") == 0;
    if (runs->len != 2 || !all_done)
      {
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "the rule whose conditions hold did not run as it should");
        goto fail;
      }
  }
  {
    /* Disabled rules are still read: turn them off to measure none again. */
    g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

    if (!rapport_server_load_all (backend, "automation_rule", rules, &error))
      goto fail;
    for (guint i = 0; i < rules->len; i++)
      {
        g_autoptr(JsonObject) changes = json_object_new ();
        RapportServerOp op = { 0 };

        rapport_server_changes_add (changes, "enabled", json_node_init_boolean (json_node_alloc (), FALSE));
        op.kind = RAPPORT_OP_UPDATE;
        op.entity = rapport_entity_lookup ("automation_rule");
        op.id = rapport_json_get_string (g_ptr_array_index (rules, i), "id");
        op.base_version = -1;
        op.changes = changes;
        if (!write_one (backend, &op, &error))
          goto fail;
      }
  }
  if ((again = time_writes (backend, deals, writes, &amount, &error)) < 0)
    goto fail;
  baseline = MIN (without, again);

  line.bench = "server_write_no_rules";
  line.unit = "ms";
  line.value = baseline;
  line.baseline = BENCH_NONE;
  line.budget = BENCH_NONE;
  line.note = "median per accepted write of a deal, in its transaction (better of two rounds)";
  bench_emit (&line);
  line.bench = "server_write_20_rules";
  line.value = with;
  line.baseline = baseline;
  line.budget = baseline + BUDGET_MS;
  line.note = "20 enabled rules watching deals, conditions evaluated, none holding";
  bench_emit (&line);
  line.bench = "automation_added_per_write";
  line.value = with - baseline;
  line.baseline = BENCH_NONE;
  line.budget = BUDGET_MS;
  line.note = NULL;
  bench_emit (&line);
  if (!time_stale_sweeps (backend, (guint) n_stale, &error))
    goto fail;

  g_clear_pointer (&backend, rapport_server_backend_free);
  g_unlink (path);
  g_rmdir (directory);
  if (check && with - baseline > BUDGET_MS)
    {
      g_printerr ("rapport-bench-automation: %.3f ms added per write, over the %.1f ms budget\n",
                  with - baseline, BUDGET_MS);
      return 1;
    }
  return 0;

fail:
  g_printerr ("rapport-bench-automation: %s\n", error != NULL ? error->message : "failed");
  return 1;
}
