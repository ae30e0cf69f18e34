/* rapport-bench-sla.c: the SLA state of every open case, computed again
 *
 *   rapport-bench-sla [--cases N] [--check]
 *
 * What a change of the team's calendar or policy costs, and what the
 * server's minute job does to each case it looks at: rapport_case_sla_compute()
 * on N open cases (30,000 by default, the reference data's cases) made
 * over the last three weeks, of every priority, a quarter of them
 * answered, one in eight waiting on the customer, on the Shanghai office's
 * calendar with its lunch break and two holidays. Each case is copied
 * first, as the server and the store do before they derive; the baseline
 * is the same copies alone, in the same run. The budget (issue 19) is
 * 300 ms for 30,000 cases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-report.h"
#include "rapport-json.h"
#include "rapport-sla.h"

#define BUDGET_MS 300.0
#define REFERENCE_CASES 30000

static const char * const priorities[] = { "low", "normal", "high", "urgent" };

static JsonObject *
policy_new (void)
{
  JsonObject *policy = json_object_new ();
  const gint64 hours[][2] = { { 8, 32 }, { 4, 16 }, { 2, 8 }, { 1, 4 } };

  json_object_set_string_member (policy, "id", "standard");
  json_object_set_int_member (policy, "warning_percent", 75);
  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    {
      g_autofree char *first = g_strdup_printf ("%s_first_response_secs", priorities[i]);
      g_autofree char *resolution = g_strdup_printf ("%s_resolution_secs", priorities[i]);

      json_object_set_int_member (policy, first, hours[i][0] * 3600);
      json_object_set_int_member (policy, resolution, hours[i][1] * 3600);
    }
  return policy;
}

/* Case @i, made up to three weeks before @now. */
static JsonObject *
case_new (guint  i,
          gint64 now)
{
  JsonObject *record = json_object_new ();
  gint64 created = now - (gint64) (i * 7919 % (21 * 86400));
  g_autofree char *created_text = rapport_sla_format_time (created);
  g_autofree char *id = g_strdup_printf ("case-%u", i);

  json_object_set_string_member (record, "id", id);
  json_object_set_string_member (record, "priority", priorities[i % G_N_ELEMENTS (priorities)]);
  json_object_set_string_member (record, "status", i % 8 == 0 ? "pending" : "open");
  json_object_set_string_member (record, "created_at", created_text);
  json_object_set_string_member (record, "sla_policy_id", "standard");
  if (i % 4 == 1)
    {
      g_autofree char *answered = rapport_sla_format_time (created + 1800 + (gint64) (i % 7200));

      json_object_set_string_member (record, "first_responded_at", answered);
    }
  return record;
}

/* ms to copy each case, and to derive its SLA fields too when @policy. */
static double
time_pass (GPtrArray             *cases,
           JsonObject            *policy,
           const RapportCalendar *calendar,
           const char            *now)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr(JsonObject) copy = rapport_json_object_copy (g_ptr_array_index (cases, i));

      if (policy != NULL)
        rapport_case_sla_compute (copy, policy, calendar, now, TRUE);
    }
  return bench_elapsed_ms (start);
}

int
main (int    argc,
      char **argv)
{
  int n_cases = REFERENCE_CASES;
  gboolean check = FALSE;
  const GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "Open cases", "N" },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, "Fail when over budget", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCalendar) calendar = NULL;
  g_autoptr(JsonObject) policy = policy_new ();
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *now_text = rapport_sla_format_time (now);
  double copy = G_MAXDOUBLE, derive = G_MAXDOUBLE;
  guint n_paused = 0;
  BenchLine line = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_cases < 1)
    {
      g_printerr ("rapport-bench-sla: %s\n", error != NULL ? error->message : "bad numbers");
      return 2;
    }
  calendar = rapport_calendar_new ("Asia/Shanghai", "mon-fri 09:00-12:00 13:00-17:30",
                                   "2027-01-01; 2027-02-16", &error);
  if (calendar == NULL)
    {
      g_printerr ("rapport-bench-sla: %s\n", error->message);
      return 1;
    }
  for (int i = 0; i < n_cases; i++)
    g_ptr_array_add (cases, case_new ((guint) i, now));

  /* The better of three rounds of each, interleaved. */
  for (int round = 0; round < 3; round++)
    {
      copy = MIN (copy, time_pass (cases, NULL, NULL, now_text));
      derive = MIN (derive, time_pass (cases, policy, calendar, now_text));
    }
  /* The computation did what it should: pending cases are paused. */
  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr(JsonObject) copy_of = rapport_json_object_copy (g_ptr_array_index (cases, i));

      rapport_case_sla_compute (copy_of, policy, calendar, now_text, TRUE);
      n_paused += g_strcmp0 (rapport_json_get_string (copy_of, "sla_status"), "paused") == 0;
    }
  if (n_paused != (cases->len + 7) / 8)
    {
      g_printerr ("rapport-bench-sla: %u cases paused, not %u\n", n_paused, (cases->len + 7) / 8);
      return 1;
    }

  line.bench = "sla_recompute_open_cases";
  line.unit = "ms";
  line.value = derive;
  line.baseline = copy;
  line.budget = n_cases == REFERENCE_CASES ? BUDGET_MS : BENCH_NONE;
  line.note = "every open case's SLA fields derived again (copy included); baseline: the copies alone";
  bench_emit (&line);
  if (check && n_cases == REFERENCE_CASES && derive > BUDGET_MS)
    {
      g_printerr ("rapport-bench-sla: %.1f ms for %d cases, over the %.0f ms budget\n", derive, n_cases,
                  BUDGET_MS);
      return 1;
    }
  return 0;
}
