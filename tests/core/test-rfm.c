/* test-rfm.c: customers scored by recency, frequency and monetary value
 *
 * Each expected score is worked out by hand in the comment above it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-rfm.h"
#include "rapport-store-reports.h"
#include "rapport-test-util.h"

/* Fifty customers, so quintiles: the customer i (0–49) last bought i days
 * ago and spent (i + 1) × 1,000 yuan; twenty bought once, thirty twice.
 * R: the ten most recent (0–9 days) are 5, …, the ten least 1. F: NTILE
 * would split the twenty equal "once" customers between 1 and 2; sharing
 * ranks 1–20, average 10.5, they all get ceil (10 / 50 × 5) = 1, and the
 * thirty "twice" (ranks 21–50, average 35.5) ceil (35 / 50 × 5) = 4. M:
 * the ten smallest spenders 1, …, the ten largest 5. One more bought
 * nothing in the window: no scores, "no_purchase", and no rank. */
static void
test_quintiles_with_ties (void)
{
  RapportRfmCustomer customers[51] = { { 0 } };

  for (guint i = 0; i < 50; i++)
    {
      customers[i].recency_days = i;
      customers[i].frequency = i < 20 ? 1 : 2;
      customers[i].monetary = (i + 1) * 100000;
      customers[i].currency = "CNY";
    }
  customers[50] = (RapportRfmCustomer){ .recency_days = -1 };
  rapport_rfm_score (customers, G_N_ELEMENTS (customers));

  for (guint i = 0; i < 50; i++)
    {
      g_assert_cmpuint (customers[i].r, ==, 5 - i / 10);
      g_assert_cmpuint (customers[i].f, ==, i < 20 ? 1 : 4);
      g_assert_cmpuint (customers[i].m, ==, 1 + i / 10);
    }
  /* Customer 0: R 5, F 1, M 1: new. Customer 49: R 1, F 4, M 5: can't lose them. */
  g_assert_cmpstr (customers[0].segment, ==, "new_customers");
  g_assert_cmpstr (customers[49].segment, ==, "cant_lose_them");
  /* Customer 30: 30 days, twice, 31,000 yuan: R 2, F 4, M 4: loyal. */
  g_assert_cmpstr (customers[30].segment, ==, "loyal_customers");
  g_assert_cmpuint (customers[50].r, ==, 0);
  g_assert_cmpstr (customers[50].segment, ==, "no_purchase");
}

/* Fewer than fifty: R and F by fixed thresholds, at their borders; M
 * ranked per currency. */
static void
test_fixed_thresholds (void)
{
  RapportRfmCustomer customers[4] = {
    { .recency_days = 30, .frequency = 10, .monetary = 900, .currency = "EUR" },
    { .recency_days = 31, .frequency = 9, .monetary = 900, .currency = "EUR" },
    { .recency_days = 366, .frequency = 1, .monetary = 100, .currency = "EUR" },
    { .recency_days = 100, .frequency = 2, .monetary = 5, .currency = "USD" },
  };

  g_assert_cmpuint (rapport_rfm_fixed_recency (0), ==, 5);
  g_assert_cmpuint (rapport_rfm_fixed_recency (90), ==, 4);
  g_assert_cmpuint (rapport_rfm_fixed_recency (91), ==, 3);
  g_assert_cmpuint (rapport_rfm_fixed_recency (180), ==, 3);
  g_assert_cmpuint (rapport_rfm_fixed_recency (365), ==, 2);
  g_assert_cmpuint (rapport_rfm_fixed_frequency (2), ==, 2);
  g_assert_cmpuint (rapport_rfm_fixed_frequency (3), ==, 3);
  g_assert_cmpuint (rapport_rfm_fixed_frequency (4), ==, 3);
  g_assert_cmpuint (rapport_rfm_fixed_frequency (5), ==, 4);

  rapport_rfm_score (customers, G_N_ELEMENTS (customers));
  g_assert_cmpuint (customers[0].r, ==, 5);
  g_assert_cmpuint (customers[0].f, ==, 5);
  g_assert_cmpuint (customers[1].r, ==, 4);
  g_assert_cmpuint (customers[1].f, ==, 4);
  g_assert_cmpuint (customers[2].r, ==, 1);
  g_assert_cmpuint (customers[2].f, ==, 1);
  /* M among three: the two who spent 900 share ranks 2–3 (average 2.5):
   * ceil (2 / 3 × 5) = 4; the one who spent 100, rank 1: ceil (0.5 / 3 × 5) = 1. */
  g_assert_cmpuint (customers[0].m, ==, 4);
  g_assert_cmpuint (customers[2].m, ==, 1);
  /* The one paying in dollars is ranked alone: the middle, 3, however
   * little that would be in euros. R 3 (≤ 180 days), F 2, M 3: the first
   * row that holds them is potential loyalist's (R 3–5, F 1–3, M 1–3). */
  g_assert_cmpuint (customers[3].m, ==, 3);
  g_assert_cmpstr (customers[3].segment, ==, "potential_loyalist");
  g_assert_cmpstr (customers[0].segment, ==, "champions");
  g_assert_cmpstr (customers[1].segment, ==, "champions");
  g_assert_cmpstr (customers[2].segment, ==, "lost_customers");
}

/* The first row of the table whose ranges hold all three scores: each of
 * the ten segments is reached. */
static void
test_segments (void)
{
  g_assert_cmpstr (rapport_rfm_segment (5, 5, 5), ==, "champions");
  g_assert_cmpstr (rapport_rfm_segment (3, 3, 3), ==, "loyal_customers");
  g_assert_cmpstr (rapport_rfm_segment (4, 2, 2), ==, "potential_loyalist");
  g_assert_cmpstr (rapport_rfm_segment (5, 1, 1), ==, "new_customers");
  g_assert_cmpstr (rapport_rfm_segment (3, 1, 1), ==, "promising");
  g_assert_cmpstr (rapport_rfm_segment (2, 2, 2), ==, "need_attention");
  g_assert_cmpstr (rapport_rfm_segment (2, 1, 1), ==, "about_to_sleep");
  g_assert_cmpstr (rapport_rfm_segment (1, 3, 3), ==, "at_risk");
  g_assert_cmpstr (rapport_rfm_segment (1, 5, 5), ==, "cant_lose_them");
  g_assert_cmpstr (rapport_rfm_segment (1, 1, 1), ==, "lost_customers");
  g_assert_cmpstr (rapport_rfm_segment (5, 1, 5), ==, "others");
  g_assert_cmpstr (rapport_rfm_segment (0, 0, 0), ==, "no_purchase");
}

static void
write_records (RapportStore *store,
               const char   *entity,
               const char   *json)
{
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  JsonArray *array = json_node_get_array (root);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *record = json_object_ref (json_array_get_object_element (array, i));

      json_object_set_int_member (record, "version", 1);
      json_object_set_string_member (record, "created_at", "2023-01-01T00:00:00Z");
      json_object_set_string_member (record, "updated_at", "2023-01-01T00:00:00Z");
      g_ptr_array_add (records, record);
    }
  rapport_store_write_synced (store, entity, records, &error);
  g_assert_no_error (error);
}

#define COMPANY(n) "\"0190a000-0000-7000-8000-0000000007" n "\""

/* The report on a book read on 2026-06-15, whose window opens after
 * 2024-06-15. Anhui bought twice in yuan (last 14 days ago) and once in
 * dollars; Beihai once, on 2025-01-01, 530 days ago; Chengdu last in
 * 2023: no purchase in the window; Dalian only lost: no customer. Three
 * customers, so fixed thresholds: Anhui R 5 (≤ 30 days), F 3 (3 deals);
 * Beihai R 1, F 1. M is ranked per currency: Anhui alone among yuan, and
 * Beihai among dollars, each 3. */
static void
test_report (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_auto(RapportReportFilter) filter = { .today = g_strdup ("2026-06-15") };
  g_autoptr(RapportReport) report = NULL;
  g_autoptr(RapportReport) segments = NULL;
  g_autoptr(RapportReport) movement = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) rows = g_string_new (NULL);

  write_records (store, "company",
                 "[{\"id\": " COMPANY ("01") ", \"name\": \"Anhui Tea\"},"
                 " {\"id\": " COMPANY ("02") ", \"name\": \"Beihai Ports\"},"
                 " {\"id\": " COMPANY ("03") ", \"name\": \"Chengdu Med\"},"
                 " {\"id\": " COMPANY ("04") ", \"name\": \"Dalian Fish\"}]");
  write_records (store, "deal",
                 "[{\"id\": \"0190a000-0000-7000-8000-000000000801\", \"title\": \"A1\", \"company_id\": "
                 COMPANY ("01") ", \"status\": \"won\", \"closed_at\": \"2026-06-01T08:00:00Z\","
                 " \"amount\": 100000, \"currency\": \"CNY\"},"
                 " {\"id\": \"0190a000-0000-7000-8000-000000000802\", \"title\": \"A2\", \"company_id\": "
                 COMPANY ("01") ", \"status\": \"won\", \"closed_at\": \"2026-03-01T08:00:00Z\","
                 " \"amount\": 50000, \"currency\": \"CNY\"},"
                 " {\"id\": \"0190a000-0000-7000-8000-000000000803\", \"title\": \"A3\", \"company_id\": "
                 COMPANY ("01") ", \"status\": \"won\", \"closed_at\": \"2026-02-01T08:00:00Z\","
                 " \"amount\": 2000, \"currency\": \"USD\"},"
                 " {\"id\": \"0190a000-0000-7000-8000-000000000804\", \"title\": \"B1\", \"company_id\": "
                 COMPANY ("02") ", \"status\": \"won\", \"closed_at\": \"2025-01-01T08:00:00Z\","
                 " \"amount\": 70000, \"currency\": \"USD\"},"
                 " {\"id\": \"0190a000-0000-7000-8000-000000000805\", \"title\": \"C1\", \"company_id\": "
                 COMPANY ("03") ", \"status\": \"won\", \"closed_at\": \"2023-05-01T08:00:00Z\","
                 " \"amount\": 9000, \"currency\": \"CNY\"},"
                 " {\"id\": \"0190a000-0000-7000-8000-000000000806\", \"title\": \"D1\", \"company_id\": "
                 COMPANY ("04") ", \"status\": \"lost\", \"closed_at\": \"2026-05-01T08:00:00Z\","
                 " \"amount\": 9000, \"currency\": \"CNY\"}]");

  report = rapport_store_report (store, RAPPORT_REPORT_RFM, &filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < report->rows->len; i++)
    {
      g_autofree char *text = rapport_report_row_to_json (report, i);

      g_string_append_printf (rows, "%s\n", text);
    }
  /* Anhui: R 5, F 3, M 3: loyal; Beihai: R 1, F 1, M 3: others. */
  g_assert_cmpstr (rows->str, ==,
                   "{\"segment\":\"loyal_customers\",\"company\":\"Anhui Tea\",\"recency_days\":14,"
                   "\"frequency\":3,\"monetary\":150000,\"currency\":\"CNY\",\"r\":5,\"f\":3,\"m\":3,"
                   "\"other_currency_deals\":1}\n"
                   "{\"segment\":\"others\",\"company\":\"Beihai Ports\",\"recency_days\":530,"
                   "\"frequency\":1,\"monetary\":70000,\"currency\":\"USD\",\"r\":1,\"f\":1,\"m\":3,"
                   "\"other_currency_deals\":0}\n"
                   "{\"segment\":\"no_purchase\",\"company\":\"Chengdu Med\",\"recency_days\":null,"
                   "\"frequency\":0,\"monetary\":null,\"currency\":null,\"r\":0,\"f\":0,\"m\":0,"
                   "\"other_currency_deals\":0}\n");

  segments = rapport_store_report (store, RAPPORT_REPORT_RFM_SEGMENTS, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (segments->rows->len, ==, 3);
  {
    g_autofree char *first = rapport_report_row_to_json (segments, 0);

    g_assert_cmpstr (first, ==,
                     "{\"segment\":\"loyal_customers\",\"customers\":1,\"customers_share\":33.3,"
                     "\"revenue\":150000,\"currency\":\"CNY\",\"revenue_share\":100.0}");
  }
  /* A month before, on 2026-05-15 (window after 2024-05-15): Anhui had
   * A2 and A3, the last 75 days before: R 4, F 2, M 3 (alone in yuan, A2's
   * 500 yuan outweighing A3's 20 dollars at one deal each): potential
   * loyalist; Beihai R 1, F 1, M 3: others; Chengdu no purchase. */
  movement = rapport_store_report (store, RAPPORT_REPORT_RFM_MOVEMENT, &filter, &error);
  g_assert_no_error (error);
  g_string_truncate (rows, 0);
  for (guint i = 0; i < movement->rows->len; i++)
    {
      g_autofree char *text = rapport_report_row_to_json (movement, i);

      g_string_append_printf (rows, "%s\n", text);
    }
  g_assert_cmpstr (rows->str, ==,
                   "{\"from\":\"potential_loyalist\",\"to\":\"loyal_customers\",\"customers\":1}\n"
                   "{\"from\":\"others\",\"to\":\"others\",\"customers\":1}\n"
                   "{\"from\":\"no_purchase\",\"to\":\"no_purchase\",\"customers\":1}\n");

  /* Dalian's first win, today, makes it a customer from nowhere: R 5,
   * F 1, and of the two buying in yuan the smaller, rank 1 of 2: M
   * ceil (0.5 / 2 × 5) = 2: a potential loyalist. */
  write_records (store, "deal",
                 "[{\"id\": \"0190a000-0000-7000-8000-000000000807\", \"title\": \"D2\", \"company_id\": "
                 COMPANY ("04") ", \"status\": \"won\", \"closed_at\": \"2026-06-15T08:00:00Z\","
                 " \"amount\": 3000, \"currency\": \"CNY\"}]");
  g_clear_pointer (&movement, rapport_report_free);
  movement = rapport_store_report (store, RAPPORT_REPORT_RFM_MOVEMENT, &filter, &error);
  g_assert_no_error (error);
  {
    g_autofree char *last = rapport_report_row_to_json (movement, movement->rows->len - 1);

    g_assert_cmpstr (last, ==, "{\"from\":\"not_customer\",\"to\":\"potential_loyalist\",\"customers\":1}");
  }
  g_clear_pointer (&report, rapport_report_free);
  rapport_test_close_store (&store, &dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rapport/rfm/quintiles-with-ties", test_quintiles_with_ties);
  g_test_add_func ("/rapport/rfm/fixed-thresholds", test_fixed_thresholds);
  g_test_add_func ("/rapport/rfm/segments", test_segments);
  g_test_add_func ("/rapport/rfm/report", test_report);
  return g_test_run ();
}
