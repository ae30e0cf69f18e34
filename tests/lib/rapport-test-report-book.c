/* rapport-test-report-book.c: a small book whose report numbers are worked out by hand
 *
 * Ten deals of two reps in one pipeline, written as the server would have
 * sent them (records and their history), read on 2026-06-15. What each
 * deal is there for:
 *   D1, D2, D4  won in Q2 (D2 skipped Qualified; D4 is in USD and began in it)
 *   D3, D5      lost in Q2 (D5 has no amount)
 *   D6          open, commit, went back to Lead and in again (a re-entry),
 *               and a move to Won that lost the merge (superseded)
 *   D7          open, best case, past its close date: slipped
 *   D8          won, then reopened: open again, out of every won total
 *   D9          open, commit, created in January, its close date pushed
 *               out of June three days ago: slipped
 *   D10         lost in Q2 from a stage deleted since ("Demo")
 *   D11         open without an amount, no close date
 * Targets of Q2: Wang 3000.00 CNY for the quarter; Li 1000.00 CNY a
 * month and 4 deals won in the quarter; their team "East" has none of its
 * own (the sum of its members'); "West", Wang alone, has 5000.00 CNY.
 * Wang's target was 9900.00 CNY before it was set again: the last counts.
 * The expected numbers are in tests/core/test-report.c and
 * tests/cli/test-cli-report.py.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-json.h"
#include "rapport-test-report-book.h"

#define LI "0190a000-0000-7000-8000-000000000002"
#define PIPELINE "0190a000-0000-7000-8000-000000000010"
#define STAGE(n) "0190a000-0000-7000-8000-00000000002" #n
#define DEAL(n) "0190a000-0000-7000-8000-0000000001" #n

/* clang-format off */
static const struct { const char *id; const char *name; int position; int probability; const char *kind; } stages[] = {
  { STAGE (1), "Lead", 0, 10, "open" },
  { STAGE (2), "Qualified", 1, 30, "open" },
  { STAGE (3), "Proposal", 2, 60, "open" },
  { STAGE (4), "Won", 3, 100, "won" },
  { STAGE (5), "Lost", 4, 0, "lost" },
};
/* clang-format on */
/* Deleted before the book was read: only its history names it. */
#define DEMO_STAGE STAGE (6)

static const char *
stage_name (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    if (g_str_equal (stages[i].id, id))
      return stages[i].name;
  return "Demo";
}

static int
stage_position (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    if (g_str_equal (stages[i].id, id))
      return stages[i].position;
  return 1;
}

static const char *
stage_kind (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    if (g_str_equal (stages[i].id, id))
      return stages[i].kind;
  return "open";
}

static JsonObject *
record (const char *id,
        const char *created_at)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", id);
  json_object_set_int_member (object, "version", 1);
  json_object_set_string_member (object, "created_at", created_at);
  json_object_set_string_member (object, "updated_at", created_at);
  return object;
}

static void
write_records (RapportStore *store,
               const char   *entity,
       GPtrArray    *records)
{
  g_autoptr(GError) error = NULL;

  rapport_store_write_synced (store, entity, records, &error);
  g_assert_no_error (error);
}

typedef struct
{
  const char *id;
  const char *title;
  const char *owner;
  const char *stage;
  const char *status;
  gint64      amount;       /* -1: none */
  const char *currency;
  int         probability;  /* -1: the stage's */
  const char *expected_close;
  const char *forecast;
  const char *created_at;
  const char *closed_at;
  int         pushes;
} Deal;

static const Deal deals[] = {
  { DEAL (01), "D1", RAPPORT_TEST_BOOK_WANG, STAGE (4), "won", 100000, "CNY", -1, "2026-04-11", "closed",
    "2026-04-01T00:00:00Z", "2026-04-11T00:00:00Z", 0 },
  { DEAL (02), "D2", LI, STAGE (4), "won", 300000, "CNY", -1, "2026-04-22", "closed",
    "2026-04-02T00:00:00Z", "2026-04-22T00:00:00Z", 0 },
  { DEAL (03), "D3", RAPPORT_TEST_BOOK_WANG, STAGE (5), "lost", 200000, "CNY", -1, "2026-05-05", "omitted",
    "2026-04-05T00:00:00Z", "2026-05-05T00:00:00Z", 0 },
  { DEAL (04), "D4", RAPPORT_TEST_BOOK_WANG, STAGE (4), "won", 50000, "USD", -1, "2026-05-06", "closed",
    "2026-05-01T00:00:00Z", "2026-05-06T00:00:00Z", 0 },
  { DEAL (05), "D5", LI, STAGE (5), "lost", -1, "CNY", -1, "2026-05-20", "omitted",
    "2026-05-10T00:00:00Z", "2026-05-20T00:00:00Z", 0 },
  { DEAL (06), "D6", RAPPORT_TEST_BOOK_WANG, STAGE (3), "open", 100000, "CNY", -1, "2026-06-30", "commit",
    "2026-05-15T00:00:00Z", NULL, 0 },
  { DEAL (07), "D7", LI, STAGE (2), "open", 80000, "USD", 50, "2026-06-10", "best_case",
    "2026-05-20T00:00:00Z", NULL, 0 },
  { DEAL (08), "D8", LI, STAGE (3), "open", 500000, "CNY", -1, "2026-07-20", "pipeline",
    "2026-04-03T00:00:00Z", NULL, 0 },
  { DEAL (09), "D9", RAPPORT_TEST_BOOK_WANG, STAGE (1), "open", 70000, "CNY", -1, "2026-07-31", "commit",
    "2026-01-10T00:00:00Z", NULL, 1 },
  { DEAL (10), "D10", LI, STAGE (5), "lost", 40000, "CNY", -1, "2026-04-15", "omitted",
    "2026-03-01T00:00:00Z", "2026-04-15T00:00:00Z", 0 },
  { DEAL (11), "D11", RAPPORT_TEST_BOOK_WANG, STAGE (1), "open", -1, "CNY", -1, NULL, "pipeline",
    "2026-03-20T00:00:00Z", NULL, 0 },
};

static void
set_or_null (JsonObject *object,
             const char *name,
             const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/* A deal's move into @stage at @at; @changes (nullable) is its JSON. */
static void
add_event (GPtrArray  *events,
           const Deal *deal,
           const char *stage,
           const char *at,
           gboolean    superseded,
           const char *changes)
{
  g_autofree char *id = g_strdup_printf ("0190a000-0000-7000-8000-%012u", 1000 + events->len);
  JsonObject *event = record (id, at);

  json_object_set_string_member (event, "deal_id", deal->id);
  json_object_set_string_member (event, "pipeline_id", PIPELINE);
  json_object_set_string_member (event, "to_stage_id", stage);
  json_object_set_string_member (event, "to_stage_name", stage_name (stage));
  json_object_set_int_member (event, "to_stage_position", stage_position (stage));
  json_object_set_string_member (event, "status", stage_kind (stage));
  json_object_set_string_member (event, "currency", deal->currency);
  if (deal->amount >= 0)
    json_object_set_int_member (event, "amount", deal->amount);
  json_object_set_string_member (event, "owner_id", deal->owner);
  json_object_set_string_member (event, "server_time", at);
  json_object_set_string_member (event, "occurred_at", at);
  json_object_set_boolean_member (event, "superseded", superseded);
  set_or_null (event, "changes", changes);
  g_ptr_array_add (events, event);
}

/* Each deal's path: stage index (1-based, 6 the deleted Demo) and day. */
/* clang-format off */
static const struct { guint deal; const char *stage; const char *at; gboolean superseded; } moves[] = {
  { 1, STAGE (1), "2026-04-01" }, { 1, STAGE (2), "2026-04-03" }, { 1, STAGE (3), "2026-04-06" },
  { 1, STAGE (4), "2026-04-11" },
  { 2, STAGE (1), "2026-04-02" }, { 2, STAGE (3), "2026-04-12" }, { 2, STAGE (4), "2026-04-22" },
  { 3, STAGE (1), "2026-04-05" }, { 3, STAGE (2), "2026-04-10" }, { 3, STAGE (5), "2026-05-05" },
  { 4, STAGE (2), "2026-05-01" }, { 4, STAGE (4), "2026-05-06" },
  { 5, STAGE (1), "2026-05-10" }, { 5, STAGE (5), "2026-05-20" },
  { 6, STAGE (1), "2026-05-15" }, { 6, STAGE (2), "2026-05-20" }, { 6, STAGE (1), "2026-05-25" },
  { 6, STAGE (2), "2026-06-01" }, { 6, STAGE (4), "2026-06-04", TRUE }, { 6, STAGE (3), "2026-06-05" },
  { 7, STAGE (1), "2026-05-20" }, { 7, STAGE (2), "2026-05-23" },
  { 8, STAGE (1), "2026-04-03" }, { 8, STAGE (4), "2026-04-20" }, { 8, STAGE (3), "2026-04-25" },
  { 9, STAGE (1), "2026-01-10" },
  { 10, DEMO_STAGE, "2026-03-01" }, { 10, STAGE (5), "2026-04-15" },
  { 11, STAGE (1), "2026-03-20" },
};
/* clang-format on */

/* The teams East (Wang and Li) and West (Wang), and the Q2 targets. */
static void
add_targets (RapportStore *store)
{
  g_autoptr(GPtrArray) teams = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) quotas = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  /* clang-format off */
  static const struct { const char *user; const char *type; const char *start; const char *metric; gint64 target; } targets[] = {
    { NULL, "quarter", "2026-04-01", "won_amount", 500000 },
    { RAPPORT_TEST_BOOK_WANG, "quarter", "2026-04-01", "won_amount", 300000 },
    { LI, "month", "2026-04-01", "won_amount", 100000 },
    { LI, "month", "2026-05-01", "won_amount", 100000 },
    { LI, "month", "2026-06-01", "won_amount", 100000 },
    { LI, "quarter", "2026-04-01", "won_count", 4 },
    /* Another quarter's: not Q2's. */
    { LI, "quarter", "2026-07-01", "won_amount", 900000 },
  };
  /* clang-format on */
  JsonObject *object;

  object = record (RAPPORT_TEST_BOOK_EAST, "2026-01-01T00:00:00Z");
  json_object_set_string_member (object, "name", "East");
  g_ptr_array_add (teams, object);
  object = record (RAPPORT_TEST_BOOK_WEST, "2026-01-01T00:00:00Z");
  json_object_set_string_member (object, "name", "West");
  g_ptr_array_add (teams, object);
  write_records (store, "team", teams);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("0190a000-0000-7000-8000-%012u", 3000 + i);

      object = record (id, "2026-01-01T00:00:00Z");
      json_object_set_string_member (object, "team_id", i < 2 ? RAPPORT_TEST_BOOK_EAST : RAPPORT_TEST_BOOK_WEST);
      json_object_set_string_member (object, "user_id", i == 1 ? LI : RAPPORT_TEST_BOOK_WANG);
      json_object_set_string_member (object, "role", "member");
      g_ptr_array_add (members, object);
    }
  write_records (store, "team_member", members);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *id = g_strdup_printf ("0190a000-0000-7000-8000-%012u", 4000 + i);
      gboolean count = g_str_equal (targets[i].metric, "won_count");

      object = record (id, "2026-01-01T00:00:00Z");
      if (targets[i].user != NULL)
        json_object_set_string_member (object, "user_id", targets[i].user);
      else
        json_object_set_string_member (object, "team_id", RAPPORT_TEST_BOOK_WEST);
      json_object_set_string_member (object, "metric", targets[i].metric);
      json_object_set_string_member (object, "period_type", targets[i].type);
      json_object_set_string_member (object, "period_start", targets[i].start);
      json_object_set_int_member (object, count ? "target_count" : "target_amount", targets[i].target);
      if (!count)
        json_object_set_string_member (object, "currency", "CNY");
      g_ptr_array_add (quotas, object);
    }
  /* Wang's Q2 target as it was before it was set again: not counted. */
  object = record ("0190a000-0000-7000-8000-000000004999", "2025-12-01T00:00:00Z");
  json_object_set_string_member (object, "user_id", RAPPORT_TEST_BOOK_WANG);
  json_object_set_string_member (object, "metric", "won_amount");
  json_object_set_string_member (object, "period_type", "quarter");
  json_object_set_string_member (object, "period_start", "2026-04-01");
  json_object_set_int_member (object, "target_amount", 990000);
  json_object_set_string_member (object, "currency", "CNY");
  g_ptr_array_add (quotas, object);
  write_records (store, "quota", quotas);
}

void
rapport_test_report_book (RapportStore *store)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) pipelines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) stage_records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) deal_records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonObject *object;

  object = record (RAPPORT_TEST_BOOK_WANG, "2026-01-01T00:00:00Z");
  json_object_set_string_member (object, "name", "wang.fang");
  json_object_set_string_member (object, "display_name", "王芳");
  json_object_set_string_member (object, "role", "rep");
  g_ptr_array_add (users, object);
  object = record (LI, "2026-01-01T00:00:00Z");
  json_object_set_string_member (object, "name", "li.lei");
  json_object_set_string_member (object, "display_name", "李雷");
  json_object_set_string_member (object, "role", "rep");
  g_ptr_array_add (users, object);
  write_records (store, "user", users);

  object = record (PIPELINE, "2026-01-01T00:00:00Z");
  json_object_set_string_member (object, "name", "Sales");
  json_object_set_int_member (object, "position", 0);
  g_ptr_array_add (pipelines, object);
  write_records (store, "pipeline", pipelines);
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      object = record (stages[i].id, "2026-01-01T00:00:00Z");
      json_object_set_string_member (object, "pipeline_id", PIPELINE);
      json_object_set_string_member (object, "name", stages[i].name);
      json_object_set_int_member (object, "position", stages[i].position);
      json_object_set_int_member (object, "probability", stages[i].probability);
      json_object_set_string_member (object, "kind", stages[i].kind);
      g_ptr_array_add (stage_records, object);
    }
  write_records (store, "stage", stage_records);

  for (guint i = 0; i < G_N_ELEMENTS (deals); i++)
    {
      const Deal *deal = &deals[i];

      object = record (deal->id, deal->created_at);
      json_object_set_string_member (object, "title", deal->title);
      json_object_set_string_member (object, "pipeline_id", PIPELINE);
      json_object_set_string_member (object, "stage_id", deal->stage);
      json_object_set_string_member (object, "status", deal->status);
      json_object_set_string_member (object, "owner_id", deal->owner);
      json_object_set_string_member (object, "currency", deal->currency);
      if (deal->amount >= 0)
        json_object_set_int_member (object, "amount", deal->amount);
      if (deal->probability >= 0)
        json_object_set_int_member (object, "probability", deal->probability);
      set_or_null (object, "expected_close", deal->expected_close);
      json_object_set_string_member (object, "forecast_category", deal->forecast);
      set_or_null (object, "closed_at", deal->closed_at);
      json_object_set_int_member (object, "close_date_push_count", deal->pushes);
      g_ptr_array_add (deal_records, object);
    }
  write_records (store, "deal", deal_records);

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      g_autofree char *at = g_strconcat (moves[i].at, "T00:00:00Z", NULL);

      add_event (events, &deals[moves[i].deal - 1], moves[i].stage, at, moves[i].superseded,
                 NULL);
    }
  /* D9's close date pushed out of June on 2026-06-12, in its stage. */
  add_event (events, &deals[8], STAGE (1), "2026-06-12T09:00:00Z", FALSE,
             "{\"expected_close\":{\"from\":\"2026-06-20\",\"to\":\"2026-07-31\"}}");
  write_records (store, "deal_stage_event", events);
  add_targets (store);
}
