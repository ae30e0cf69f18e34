/* test-report.c: each sales report's numbers on a book worked out by hand
 *
 * The book is tests/lib/rapport-test-report-book.c, read on 2026-06-15;
 * the period is its second quarter unless a test says otherwise. Each
 * expected row is written out as a person would check it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rapport-store-reports.h"
#include "rapport-test-report-book.h"
#include "rapport-test-util.h"

typedef RapportTestStore Fixture;

/* The book's other rep (tests/lib/rapport-test-report-book.c). */
#define LI_LEI "0190a000-0000-7000-8000-000000000002"

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  rapport_test_store_set_up (fixture, data);
  rapport_test_report_book (fixture->store);
}

/* The report's rows as compact JSON, one per line. */
static char *
rows_text (RapportReport *report)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < report->rows->len; i++)
    {
      g_autofree char *text = rapport_report_row_to_json (report, i);

      g_string_append_printf (out, "%s\n", text);
    }
  return g_string_free (out, FALSE);
}

static void
assert_report (RapportStore       *store,
               RapportReportKind   kind,
               const char         *period,
               const char         *owner,
               const char         *expected)
{
  g_auto(RapportReportFilter) filter = { 0 };
  g_autoptr(RapportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (rapport_report_period_parse (period, RAPPORT_TEST_BOOK_TODAY, &filter.from,
                                              &filter.until, &error));
  filter.today = g_strdup (RAPPORT_TEST_BOOK_TODAY);
  filter.owner_id = g_strdup (owner);
  report = rapport_store_report (store, kind, &filter, &error);
  g_assert_no_error (error);
  text = rows_text (report);
  g_assert_cmpstr (text, ==, expected);
}

/* Open deals now, per stage and currency; D11 has no amount; D7's own
 * probability (50 %) weighs it, the others' their stage's. */
static void
test_pipeline_by_stage (Fixture       *fixture,
                        gconstpointer  data)
{
  assert_report (fixture->store, RAPPORT_REPORT_PIPELINE_BY_STAGE, "all", NULL,
    "{\"pipeline\":\"Sales\",\"stage\":\"Lead\",\"currency\":\"CNY\",\"count\":2,\"amount\":70000,\"weighted\":7000,\"no_amount\":1}\n"
    "{\"pipeline\":\"Sales\",\"stage\":\"Qualified\",\"currency\":\"USD\",\"count\":1,\"amount\":80000,\"weighted\":40000,\"no_amount\":0}\n"
    "{\"pipeline\":\"Sales\",\"stage\":\"Proposal\",\"currency\":\"CNY\",\"count\":2,\"amount\":600000,\"weighted\":360000,\"no_amount\":0}\n");
}

static void
test_pipeline_by_owner (Fixture       *fixture,
                        gconstpointer  data)
{
  assert_report (fixture->store, RAPPORT_REPORT_PIPELINE_BY_OWNER, "all", NULL,
    "{\"owner\":\"李雷\",\"month\":\"2026-06\",\"currency\":\"USD\",\"count\":1,\"amount\":80000,\"weighted\":40000,\"no_amount\":0}\n"
    "{\"owner\":\"李雷\",\"month\":\"2026-07\",\"currency\":\"CNY\",\"count\":1,\"amount\":500000,\"weighted\":300000,\"no_amount\":0}\n"
    "{\"owner\":\"王芳\",\"month\":\"2026-06\",\"currency\":\"CNY\",\"count\":1,\"amount\":100000,\"weighted\":60000,\"no_amount\":0}\n"
    "{\"owner\":\"王芳\",\"month\":\"2026-07\",\"currency\":\"CNY\",\"count\":1,\"amount\":70000,\"weighted\":7000,\"no_amount\":0}\n"
    "{\"owner\":\"王芳\",\"month\":null,\"currency\":\"CNY\",\"count\":1,\"amount\":null,\"weighted\":null,\"no_amount\":1}\n");
  /* June's close dates only. */
  assert_report (fixture->store, RAPPORT_REPORT_PIPELINE_BY_OWNER, "this-month", NULL,
    "{\"owner\":\"李雷\",\"month\":\"2026-06\",\"currency\":\"USD\",\"count\":1,\"amount\":80000,\"weighted\":40000,\"no_amount\":0}\n"
    "{\"owner\":\"王芳\",\"month\":\"2026-06\",\"currency\":\"CNY\",\"count\":1,\"amount\":100000,\"weighted\":60000,\"no_amount\":0}\n");
}

/* Closed in Q2: won D1, D2 (CNY), D4 (USD); lost D3, D5 (no amount),
 * D10 (from a deleted stage). D8 was won and reopened: not counted. The
 * counts of all currencies last; amounts are never added across them. */
static void
test_win_rate (Fixture       *fixture,
               gconstpointer  data)
{
  assert_report (fixture->store, RAPPORT_REPORT_WIN_RATE, "this-quarter", NULL,
    "{\"currency\":\"CNY\",\"won\":2,\"lost\":3,\"win_rate\":40.0,\"won_amount\":400000,\"lost_amount\":240000,\"win_rate_amount\":62.5,\"no_amount\":1}\n"
    "{\"currency\":\"USD\",\"won\":1,\"lost\":0,\"win_rate\":100.0,\"won_amount\":50000,\"lost_amount\":null,\"win_rate_amount\":100.0,\"no_amount\":0}\n"
    "{\"currency\":null,\"won\":3,\"lost\":3,\"win_rate\":50.0,\"won_amount\":null,\"lost_amount\":null,\"win_rate_amount\":null,\"no_amount\":1}\n");
  /* 王芳's: D1 and D4 won, D3 lost. */
  assert_report (fixture->store, RAPPORT_REPORT_WIN_RATE, "this-quarter", RAPPORT_TEST_BOOK_WANG,
    "{\"currency\":\"CNY\",\"won\":1,\"lost\":1,\"win_rate\":50.0,\"won_amount\":100000,\"lost_amount\":200000,\"win_rate_amount\":33.3,\"no_amount\":0}\n"
    "{\"currency\":\"USD\",\"won\":1,\"lost\":0,\"win_rate\":100.0,\"won_amount\":50000,\"lost_amount\":null,\"win_rate_amount\":100.0,\"no_amount\":0}\n"
    "{\"currency\":null,\"won\":2,\"lost\":1,\"win_rate\":66.7,\"won_amount\":null,\"lost_amount\":null,\"win_rate_amount\":null,\"no_amount\":0}\n");
  /* Nothing closed in the first quarter: D10 closed on 15 April. */
  assert_report (fixture->store, RAPPORT_REPORT_WIN_RATE, "last-quarter", NULL, "");
}

static void
test_deal_size (Fixture       *fixture,
                gconstpointer  data)
{
  assert_report (fixture->store, RAPPORT_REPORT_DEAL_SIZE, "this-quarter", NULL,
    "{\"currency\":\"CNY\",\"won\":2,\"total\":400000,\"average\":200000,\"median\":200000,\"no_amount\":0}\n"
    "{\"currency\":\"USD\",\"won\":1,\"total\":50000,\"average\":50000,\"median\":50000,\"no_amount\":0}\n");
}

/* Won: 10, 20 and 5 days; lost: 30, 10 and 45 (D10, from 1 March). */
static void
test_sales_cycle (Fixture       *fixture,
                  gconstpointer  data)
{
  assert_report (fixture->store, RAPPORT_REPORT_SALES_CYCLE, "this-quarter", NULL,
    "{\"outcome\":\"won\",\"deals\":3,\"median_days\":10.0,\"mean_days\":11.7,\"p80_days\":20.0}\n"
    "{\"outcome\":\"lost\",\"deals\":3,\"median_days\":30.0,\"mean_days\":28.3,\"p80_days\":45.0}\n");
}

/* Visits that ended in Q2. Lead: 2, 10, 5, 10, 5 and 7 (D6's re-entry is
 * a visit of its own), 3, 17 days; Qualified: 3, 25, 5, 5, 4 (D6's move
 * to Won that lost the merge is no exit); the deleted Demo keeps its
 * name; Won: D8's 5 days before it was reopened. */
static void
test_stage_velocity (Fixture       *fixture,
                     gconstpointer  data)
{
  assert_report (fixture->store, RAPPORT_REPORT_STAGE_VELOCITY, "this-quarter", NULL,
    "{\"stage\":\"Lead\",\"visits\":8,\"mean_days\":7.4,\"median_days\":6.0}\n"
    "{\"stage\":\"Demo\",\"visits\":1,\"mean_days\":45.0,\"median_days\":45.0}\n"
    "{\"stage\":\"Qualified\",\"visits\":5,\"mean_days\":8.4,\"median_days\":5.0}\n"
    "{\"stage\":\"Proposal\",\"visits\":2,\"mean_days\":7.5,\"median_days\":7.5}\n"
    "{\"stage\":\"Won\",\"visits\":1,\"mean_days\":5.0,\"median_days\":5.0}\n");
}

/* Created in Q2: D1–D8. D2 skipped Qualified and D4 Lead: reached all the
 * same; D3 got to Qualified, D5 to Lead, D7 to Qualified, D6 and D8 (a
 * won deal reopened) to Proposal. */
static void
test_funnel (Fixture       *fixture,
             gconstpointer  data)
{
  assert_report (fixture->store, RAPPORT_REPORT_FUNNEL, "this-quarter", NULL,
    "{\"pipeline\":\"Sales\",\"stage\":\"Lead\",\"reached\":8,\"conversion\":null,\"overall\":100.0}\n"
    "{\"pipeline\":\"Sales\",\"stage\":\"Qualified\",\"reached\":7,\"conversion\":87.5,\"overall\":87.5}\n"
    "{\"pipeline\":\"Sales\",\"stage\":\"Proposal\",\"reached\":5,\"conversion\":71.4,\"overall\":62.5}\n"
    "{\"pipeline\":\"Sales\",\"stage\":\"Won\",\"reached\":3,\"conversion\":60.0,\"overall\":37.5}\n");
}

/* D7 (best case) is past its close date; D9 (commit) was pushed from
 * 20 June to 31 July three days ago. D6 (commit, 30 June) is on time. */
static void
test_slipped (Fixture       *fixture,
              gconstpointer  data)
{
  assert_report (fixture->store, RAPPORT_REPORT_SLIPPED, "all", NULL,
    "{\"deal\":\"D7\",\"owner\":\"李雷\",\"forecast_category\":\"best_case\",\"expected_close\":\"2026-06-10\",\"currency\":\"USD\",\"amount\":80000,\"pushes\":0,\"reason\":\"overdue\"}\n"
    "{\"deal\":\"D9\",\"owner\":\"王芳\",\"forecast_category\":\"commit\",\"expected_close\":\"2026-07-31\",\"currency\":\"CNY\",\"amount\":70000,\"pushes\":1,\"reason\":\"pushed_out\"}\n");
}

/* CSV: money in minor units, shares with a point, nulls empty. */
/* Created per month: D9 in January; D10, D11 in March; D1, D2, D3, D8
 * in April; D4–D7 in May. Closed: April D1, D2 won, D10 lost; May D4
 * won, D3, D5 lost. D8, won and reopened, is open: not closed. */
static void
test_new_vs_closed (Fixture       *fixture,
                    gconstpointer  data)
{
  assert_report (fixture->store, RAPPORT_REPORT_NEW_VS_CLOSED, "all", NULL,
    "{\"month\":\"2026-01\",\"created\":1,\"won\":0,\"lost\":0}\n"
    "{\"month\":\"2026-03\",\"created\":2,\"won\":0,\"lost\":0}\n"
    "{\"month\":\"2026-04\",\"created\":4,\"won\":2,\"lost\":1}\n"
    "{\"month\":\"2026-05\",\"created\":4,\"won\":1,\"lost\":2}\n");
  /* The second quarter only: January and March are out. */
  assert_report (fixture->store, RAPPORT_REPORT_NEW_VS_CLOSED, "this-quarter", NULL,
    "{\"month\":\"2026-04\",\"created\":4,\"won\":2,\"lost\":1}\n"
    "{\"month\":\"2026-05\",\"created\":4,\"won\":1,\"lost\":2}\n");
  /* 王芳's: D9, D11, D1, D3, D4, D6 made; D1, D4 won, D3 lost. */
  assert_report (fixture->store, RAPPORT_REPORT_NEW_VS_CLOSED, "all", RAPPORT_TEST_BOOK_WANG,
    "{\"month\":\"2026-01\",\"created\":1,\"won\":0,\"lost\":0}\n"
    "{\"month\":\"2026-03\",\"created\":1,\"won\":0,\"lost\":0}\n"
    "{\"month\":\"2026-04\",\"created\":2,\"won\":1,\"lost\":0}\n"
    "{\"month\":\"2026-05\",\"created\":2,\"won\":1,\"lost\":1}\n");
}

/* The rows keep what they are about, for a chart to open its deals,
 * without writing it out. */
static void
test_row_keys (Fixture       *fixture,
               gconstpointer  data)
{
  g_auto(RapportReportFilter) filter = { 0 };
  g_autoptr(RapportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *row;

  filter.today = g_strdup (RAPPORT_TEST_BOOK_TODAY);
  report = rapport_store_report (fixture->store, RAPPORT_REPORT_PIPELINE_BY_STAGE, &filter, &error);
  g_assert_no_error (error);
  row = g_ptr_array_index (report->rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "stage"), ==, "Lead");
  /* Lead is the book's first stage. */
  g_assert_cmpstr (json_object_get_string_member (row, "stage_id"), ==, "0190a000-0000-7000-8000-000000000021");
  json = rapport_report_to_json (report);
  g_assert_null (strstr (json, "stage_id"));
  g_clear_pointer (&report, rapport_report_free);

  report = rapport_store_report (fixture->store, RAPPORT_REPORT_PIPELINE_BY_OWNER, &filter, &error);
  g_assert_no_error (error);
  row = g_ptr_array_index (report->rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "owner"), ==, "李雷");
  g_assert_cmpstr (json_object_get_string_member (row, "owner_id"), ==, "0190a000-0000-7000-8000-000000000002");
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  data)
{
  g_auto(RapportReportFilter) filter = { 0 };
  g_autoptr(RapportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;

  g_assert_true (rapport_report_period_parse ("2026-04-01..2026-06-30", NULL, &filter.from,
                                              &filter.until, &error));
  g_assert_cmpstr (filter.until, ==, RAPPORT_TEST_BOOK_UNTIL);
  report = rapport_store_report (fixture->store, RAPPORT_REPORT_WIN_RATE, &filter, &error);
  g_assert_no_error (error);
  csv = rapport_report_to_csv (report);
  /* clang-format off */
  g_assert_cmpstr (csv, ==,
    "currency,won,lost,win_rate,won_amount,lost_amount,win_rate_amount,no_amount\r\n"
    "CNY,2,3,40.0,400000,240000,62.5,1\r\n"
    "USD,1,0,100.0,50000,,100.0,0\r\n"
    ",3,3,50.0,,,,1\r\n");
  /* clang-format on */
}

static void
test_periods (void)
{
  static const struct
  {
    const char *text, *from, *until;
  } periods[] = {
    { "this-month", "2026-06-01", "2026-07-01" },
    { "last-month", "2026-05-01", "2026-06-01" },
    { "this-quarter", "2026-04-01", "2026-07-01" },
    { "last-quarter", "2026-01-01", "2026-04-01" },
    { "this-year", "2026-01-01", "2027-01-01" },
    { "last-year", "2025-01-01", "2026-01-01" },
    { "2026-02-01..2026-02-28", "2026-02-01", "2026-03-01" },
  };
  static const char * const bad[] = { "", "next-month", "2026-02-30..2026-03-01",
                                      "2026-03-01..2026-02-01", "2026-1-1..2026-02-01", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *until = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (rapport_report_period_parse (periods[i].text, RAPPORT_TEST_BOOK_TODAY, &from,
                                                  &until, &error));
      g_assert_cmpstr (from, ==, periods[i].from);
      g_assert_cmpstr (until, ==, periods[i].until);
    }
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *until = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (rapport_report_period_parse (bad[i], RAPPORT_TEST_BOOK_TODAY, &from, &until,
                                                   &error));
      g_assert_error (error, RAPPORT_REPORT_ERROR, RAPPORT_REPORT_ERROR_PERIOD);
      g_assert_null (from);
    }
}

/* Satisfaction, logged per resolution: Wang 5 4 2 (Support) and 5
 * (Billing), Li 3 4 1 (Support), nobody's 5 (Billing) in the quarter, and
 * Wang's 1 of March outside it. CSAT is the share of 4s and 5s. */
static void
test_csat (Fixture       *fixture,
           gconstpointer  data)
{
  /* clang-format off */
  static const struct { const char *agent; const char *queue; int score; const char *resolved_at; } answers[] = {
    { RAPPORT_TEST_BOOK_WANG, "Q1", 5, "2026-04-02T10:00:00Z" },
    { RAPPORT_TEST_BOOK_WANG, "Q1", 4, "2026-04-09T10:00:00Z" },
    { RAPPORT_TEST_BOOK_WANG, "Q1", 2, "2026-05-02T10:00:00Z" },
    { RAPPORT_TEST_BOOK_WANG, "Q2", 5, "2026-06-01T10:00:00Z" },
    { LI_LEI, "Q1", 3, "2026-04-03T10:00:00Z" },
    { LI_LEI, "Q1", 4, "2026-05-03T10:00:00Z" },
    { LI_LEI, "Q1", 1, "2026-06-03T10:00:00Z" },
    { NULL, "Q2", 5, "2026-06-04T10:00:00Z" },
    { RAPPORT_TEST_BOOK_WANG, "Q1", 1, "2026-03-10T10:00:00Z" },
  };
  /* clang-format on */
  g_autoptr(GPtrArray) queues = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) responses = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GError) error = NULL;
  const char *names[] = { "Support", "Billing" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonObject *queue = json_object_new ();
      g_autofree char *id = g_strdup_printf ("0190a000-0000-7000-8000-00000000090%u", i + 1);

      json_object_set_string_member (queue, "id", id);
      json_object_set_int_member (queue, "version", 1);
      json_object_set_string_member (queue, "created_at", "2026-01-01T00:00:00Z");
      json_object_set_string_member (queue, "updated_at", "2026-01-01T00:00:00Z");
      json_object_set_string_member (queue, "name", names[i]);
      g_ptr_array_add (queues, queue);
    }
  rapport_store_write_synced (fixture->store, "queue", queues, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      JsonObject *response = json_object_new ();
      g_autofree char *id = g_strdup_printf ("0190a000-0000-7000-8000-0000000009%02u", 10 + i);
      g_autofree char *queue = g_strdup_printf ("0190a000-0000-7000-8000-00000000090%c",
                                                answers[i].queue[1]);

      json_object_set_string_member (response, "id", id);
      json_object_set_int_member (response, "version", 1);
      json_object_set_string_member (response, "created_at", answers[i].resolved_at);
      json_object_set_string_member (response, "updated_at", answers[i].resolved_at);
      json_object_set_string_member (response, "case_id", "0190a000-0000-7000-8000-000000000999");
      json_object_set_int_member (response, "score", answers[i].score);
      json_object_set_string_member (response, "resolved_at", answers[i].resolved_at);
      if (answers[i].agent != NULL)
        json_object_set_string_member (response, "agent_id", answers[i].agent);
      json_object_set_string_member (response, "queue_id", queue);
      g_ptr_array_add (responses, response);
    }
  rapport_store_write_synced (fixture->store, "csat_response", responses, &error);
  g_assert_no_error (error);

  assert_report (fixture->store, RAPPORT_REPORT_CSAT, "this-quarter", NULL,
                 "{\"group\":\"agent\",\"name\":\"李雷\",\"responses\":3,\"satisfied\":1,\"csat\":33.3,\"average\":2.7}\n"
                 "{\"group\":\"agent\",\"name\":\"王芳\",\"responses\":4,\"satisfied\":3,\"csat\":75.0,\"average\":4.0}\n"
                 "{\"group\":\"agent\",\"name\":\"(none)\",\"responses\":1,\"satisfied\":1,\"csat\":100.0,\"average\":5.0}\n"
                 "{\"group\":\"queue\",\"name\":\"Billing\",\"responses\":2,\"satisfied\":2,\"csat\":100.0,\"average\":5.0}\n"
                 "{\"group\":\"queue\",\"name\":\"Support\",\"responses\":6,\"satisfied\":3,\"csat\":50.0,\"average\":3.2}\n"
                 "{\"group\":\"all\",\"name\":null,\"responses\":8,\"satisfied\":5,\"csat\":62.5,\"average\":3.6}\n");
  /* One agent's: Wang's four, in both queues. */
  assert_report (fixture->store, RAPPORT_REPORT_CSAT, "this-quarter", RAPPORT_TEST_BOOK_WANG,
                 "{\"group\":\"agent\",\"name\":\"王芳\",\"responses\":4,\"satisfied\":3,\"csat\":75.0,\"average\":4.0}\n"
                 "{\"group\":\"queue\",\"name\":\"Billing\",\"responses\":1,\"satisfied\":1,\"csat\":100.0,\"average\":5.0}\n"
                 "{\"group\":\"queue\",\"name\":\"Support\",\"responses\":3,\"satisfied\":2,\"csat\":66.7,\"average\":3.7}\n"
                 "{\"group\":\"all\",\"name\":null,\"responses\":4,\"satisfied\":3,\"csat\":75.0,\"average\":4.0}\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, rapport_test_store_tear_down)
  ADD ("/rapport/report/pipeline-by-stage", test_pipeline_by_stage);
  ADD ("/rapport/report/pipeline-by-owner", test_pipeline_by_owner);
  ADD ("/rapport/report/win-rate", test_win_rate);
  ADD ("/rapport/report/deal-size", test_deal_size);
  ADD ("/rapport/report/sales-cycle", test_sales_cycle);
  ADD ("/rapport/report/stage-velocity", test_stage_velocity);
  ADD ("/rapport/report/funnel", test_funnel);
  ADD ("/rapport/report/slipped", test_slipped);
  ADD ("/rapport/report/csv", test_csv);
  ADD ("/rapport/report/new-vs-closed", test_new_vs_closed);
  ADD ("/rapport/report/row-keys", test_row_keys);
  ADD ("/rapport/report/csat", test_csat);
#undef ADD
  g_test_add_func ("/rapport/report/periods", test_periods);

  return g_test_run ();
}
