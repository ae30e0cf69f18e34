/* test-score.c: the win chance, on counts worked out by hand and on a book in a real store
 *
 * The book: one pipeline, Lead → Proposal → Won or Lost; 40 closed deals
 * from a trade fair contact (34 won, 6 lost) and 20 from the web (2 won,
 * 18 lost): 36 won and 24 lost, 60 % overall. Every won deal and half the
 * lost ones reached Proposal. All are Wang's, in CNY, of ¥1,000.00.
 * Open: a deal from the fair in Proposal, and one from the web in Lead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rapport-json.h"
#include "rapport-report.h"
#include "rapport-query.h"
#include "rapport-store-score.h"
#include "rapport-test-util.h"

typedef RapportTestStore Fixture;

#define WANG "0190b000-0000-7000-8000-000000000001"
#define PIPELINE "0190b000-0000-7000-8000-000000000010"
#define LEAD "0190b000-0000-7000-8000-000000000021"
#define PROPOSAL "0190b000-0000-7000-8000-000000000022"
#define WON_STAGE "0190b000-0000-7000-8000-000000000023"
#define LOST_STAGE "0190b000-0000-7000-8000-000000000024"
#define FAIR_CONTACT "0190b000-0000-7000-8000-000000000031"
#define WEB_CONTACT "0190b000-0000-7000-8000-000000000032"
#define OPEN_DEAL "0190b000-0000-7000-8000-000000000099"
#define OPEN_WEB_DEAL "0190b000-0000-7000-8000-000000000098"
#define N_CLOSED 60

static GPtrArray *
evidence_of (const char *source,
             const char *owner,
             const char *currency)
{
  GPtrArray *evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_score_evidence_free);

  g_ptr_array_add (evidence, rapport_score_evidence_new (RAPPORT_SCORE_SOURCE, source, NULL));
  g_ptr_array_add (evidence, rapport_score_evidence_new (RAPPORT_SCORE_OWNER, owner, NULL));
  g_ptr_array_add (evidence, rapport_score_evidence_new (RAPPORT_SCORE_CURRENCY, currency, NULL));
  return evidence;
}

/* 30 won, 20 lost: "fair" 10 won 2 lost, "b" 20 won 18 lost; owner "a"
 * 15 won 15 lost, "z" 15 won 5 lost; all in CNY. */
static RapportScoreModel *
hand_model (void)
{
  RapportScoreModel *model = rapport_score_model_new ();

  for (guint i = 0; i < 50; i++)
    {
      gboolean won = i < 30;
      gboolean fair = won ? i < 10 : i < 32;
      gboolean owner_a = won ? i < 15 : i < 45;
      g_autoptr(GPtrArray) evidence = evidence_of (fair ? "fair" : "b", owner_a ? "a" : "z", "CNY");

      rapport_score_model_add (model, evidence, won);
    }
  return model;
}

/* odds = 30/20 · (10.1/30.1)/(2.1/20.1) · (15.1/30.1)/(15.1/20.1) = 3.2170,
 * so 3.2170 / 4.2170 = 76.29 %; JPY was never seen and is left out. */
static void
test_hand_computed (void)
{
  g_autoptr(RapportScoreModel) model = hand_model ();
  g_autoptr(GPtrArray) evidence = evidence_of ("fair", "a", "JPY");
  g_autoptr(RapportScore) score = rapport_score_compute (model, "open", 10, evidence);
  g_autofree char *new_value = NULL;
  RapportScoreFactor *factor;

  g_assert_cmpint (score->kind, ==, RAPPORT_SCORE_LEARNED);
  g_assert_cmpfloat_with_epsilon (score->percent, 76.2865, 0.0001);
  g_assert_cmpint (rapport_score_get_rounded (score), ==, 76);

  g_assert_cmpuint (score->for_factors->len, ==, 1);
  factor = score->for_factors->pdata[0];
  g_assert_cmpint (factor->variable, ==, RAPPORT_SCORE_SOURCE);
  g_assert_cmpuint (factor->won, ==, 10);
  g_assert_cmpuint (factor->closed, ==, 12);
  g_assert_cmpuint (score->against_factors->len, ==, 1);
  factor = score->against_factors->pdata[0];
  g_assert_cmpint (factor->variable, ==, RAPPORT_SCORE_OWNER);
  /* (15.1/30.1) / (15.1/30.1 + 15.1/20.1) */
  g_assert_cmpfloat_with_epsilon (factor->lean, 0.4004, 0.0001);

  g_assert_cmpuint (score->new_values->len, ==, 1);
  new_value = rapport_score_factor_describe (score, score->new_values->pdata[0]);
  g_assert_cmpstr (new_value, ==, "Currency = JPY: a new value, not in any closed deal; left out");
}

/* Each reason leans the way its side says, and the prior and the
 * reasons' weights add up to the chance (before clamping). */
static void
test_reasons_direction (void)
{
  g_autoptr(RapportScoreModel) model = hand_model ();
  const char *sources[] = { "fair", "b" };
  const char *owners[] = { "a", "z" };

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    for (guint o = 0; o < G_N_ELEMENTS (owners); o++)
      {
        g_autoptr(GPtrArray) evidence = evidence_of (sources[s], owners[o], "CNY");
        g_autoptr(RapportScore) score = rapport_score_compute (model, "open", 10, evidence);
        double log_odds = score->prior_weight;

        for (guint i = 0; i < score->for_factors->len; i++)
          {
            RapportScoreFactor *factor = score->for_factors->pdata[i];

            g_assert_cmpfloat (factor->lean, >, 0.5);
            g_assert_cmpfloat (factor->weight, >, 0);
          }
        for (guint i = 0; i < score->against_factors->len; i++)
          {
            RapportScoreFactor *factor = score->against_factors->pdata[i];

            g_assert_cmpfloat (factor->lean, <, 0.5);
            g_assert_cmpfloat (factor->weight, <, 0);
          }
        for (guint i = 0; i < score->factors->len; i++)
          log_odds += ((RapportScoreFactor *) score->factors->pdata[i])->weight;
        g_assert_cmpfloat_with_epsilon (100 / (1 + exp (-log_odds)), score->percent, 1e-9);
      }
}

/* Below 50 closed deals, or with no won or no lost one, the engine is off
 * and the score is the stage's probability (odoo/odoo#49027). */
static void
test_threshold (void)
{
  g_autoptr(RapportScoreModel) few = rapport_score_model_new ();
  g_autoptr(RapportScoreModel) all_won = rapport_score_model_new ();
  g_autoptr(GPtrArray) evidence = evidence_of ("fair", "a", "CNY");
  g_autoptr(RapportScore) score = NULL;
  g_autoptr(RapportScore) won_score = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 43; i++)
    rapport_score_model_add (few, evidence, i < 12);
  score = rapport_score_compute (few, "open", 30, evidence);
  g_assert_cmpint (score->kind, ==, RAPPORT_SCORE_FROM_STAGE);
  g_assert_cmpint (rapport_score_get_rounded (score), ==, 30);
  g_assert_cmpuint (score->factors->len, ==, 0);
  text = rapport_score_describe (score);
  g_assert_cmpstr (text, ==, "Not enough history: 12 won / 31 lost");

  for (guint i = 0; i < 80; i++)
    rapport_score_model_add (all_won, evidence, TRUE);
  won_score = rapport_score_compute (all_won, "open", 60, evidence);
  g_assert_cmpint (won_score->kind, ==, RAPPORT_SCORE_FROM_STAGE);
  g_assert_cmpint (rapport_score_get_rounded (won_score), ==, 60);
}

/* A learned score is never 0 or 100 %: only a closed deal is. */
static void
test_clamped (void)
{
  g_autoptr(RapportScoreModel) model = rapport_score_model_new ();
  g_autoptr(RapportScore) score = NULL;
  g_autoptr(GPtrArray) evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_score_evidence_free);

  /* Twenty variables that each won every time they were there. */
  for (guint v = 0; v < 20; v++)
    {
      g_autofree char *value = g_strdup_printf ("v%u", v);

      g_ptr_array_add (evidence, rapport_score_evidence_new (RAPPORT_SCORE_SOURCE, value, NULL));
    }
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      rapport_score_model_add (model, i < 50 ? evidence : none, i < 51);
    }
  score = rapport_score_compute (model, "open", 0, evidence);
  g_assert_cmpfloat (score->percent, ==, 99.99);
  g_assert_cmpint (rapport_score_get_rounded (score), ==, 99);
}

/* A tag counts once 50 closed deals carry it. */
static void
test_tags_need_history (void)
{
  g_autoptr(RapportScoreModel) model = rapport_score_model_new ();
  g_autoptr(GPtrArray) rare = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_score_evidence_free);
  g_autoptr(GPtrArray) common = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_score_evidence_free);
  g_autoptr(RapportScore) rare_score = NULL;
  g_autoptr(RapportScore) common_score = NULL;

  g_ptr_array_add (rare, rapport_score_evidence_new (RAPPORT_SCORE_TAG, "vip", NULL));
  g_ptr_array_add (common, rapport_score_evidence_new (RAPPORT_SCORE_TAG, "renewal", NULL));
  for (guint i = 0; i < 100; i++)
    rapport_score_model_add (model, i < 49 ? rare : common, i % 2 == 0 || i < 49);
  rare_score = rapport_score_compute (model, "open", 0, rare);
  g_assert_cmpuint (rare_score->factors->len, ==, 0);
  g_assert_cmpuint (rare_score->new_values->len, ==, 0);
  common_score = rapport_score_compute (model, "open", 0, common);
  g_assert_cmpuint (common_score->factors->len, ==, 1);
}

/* The book (see the top of the file). */

static JsonObject *
record (const char *id)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", id);
  json_object_set_int_member (object, "version", 1);
  json_object_set_string_member (object, "created_at", "2026-01-01T00:00:00Z");
  json_object_set_string_member (object, "updated_at", "2026-01-01T00:00:00Z");
  return object;
}

static void
write_synced (RapportStore *store,
              const char   *entity,
              GPtrArray    *records)
{
  g_autoptr(GError) error = NULL;

  rapport_store_write_synced (store, entity, records, &error);
  g_assert_no_error (error);
}

static GPtrArray *
records_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

static JsonObject *
deal_record (const char *id,
             const char *contact,
             const char *stage,
             const char *status)
{
  JsonObject *deal = record (id);

  json_object_set_string_member (deal, "title", id);
  json_object_set_string_member (deal, "pipeline_id", PIPELINE);
  json_object_set_string_member (deal, "stage_id", stage);
  json_object_set_string_member (deal, "status", status);
  json_object_set_string_member (deal, "owner_id", WANG);
  json_object_set_string_member (deal, "contact_id", contact);
  json_object_set_string_member (deal, "currency", "CNY");
  json_object_set_int_member (deal, "amount", 100000);
  return deal;
}

static void
add_move (GPtrArray  *events,
          const char *deal,
          const char *from,
          const char *from_status,
          const char *to,
          const char *status)
{
  g_autofree char *id = g_strdup_printf ("0190b000-0000-7000-8000-%012u", 5000 + events->len);
  JsonObject *event = record (id);

  json_object_set_string_member (event, "deal_id", deal);
  json_object_set_string_member (event, "pipeline_id", PIPELINE);
  if (from != NULL)
    {
      json_object_set_string_member (event, "from_stage_id", from);
      json_object_set_string_member (event, "from_status", from_status);
    }
  json_object_set_string_member (event, "to_stage_id", to);
  json_object_set_string_member (event, "to_stage_name", g_str_equal (to, PROPOSAL) ? "Proposal" : "Lead");
  json_object_set_string_member (event, "status", status);
  json_object_set_string_member (event, "occurred_at", "2026-02-01T00:00:00Z");
  g_ptr_array_add (events, event);
}

static char *
closed_id (guint i)
{
  return g_strdup_printf ("0190b000-0000-7000-8000-%012u", 100 + i);
}

static void
set_up_book (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) users = records_new ();
  g_autoptr(GPtrArray) pipelines = records_new ();
  g_autoptr(GPtrArray) stages = records_new ();
  g_autoptr(GPtrArray) contacts = records_new ();
  g_autoptr(GPtrArray) deals = records_new ();
  g_autoptr(GPtrArray) events = records_new ();
  /* clang-format off */
  static const struct { const char *id, *name, *kind; int probability; } stage_rows[] = {
    { LEAD, "Lead", "open", 10 }, { PROPOSAL, "Proposal", "open", 60 },
    { WON_STAGE, "Won", "won", 100 }, { LOST_STAGE, "Lost", "lost", 0 },
  };
  /* clang-format on */
  JsonObject *object;

  rapport_test_store_set_up (fixture, data);
  object = record (WANG);
  json_object_set_string_member (object, "name", "wang.fang");
  json_object_set_string_member (object, "display_name", "王芳");
  json_object_set_string_member (object, "role", "rep");
  g_ptr_array_add (users, object);
  write_synced (fixture->store, "user", users);
  object = record (PIPELINE);
  json_object_set_string_member (object, "name", "Sales");
  json_object_set_int_member (object, "position", 0);
  g_ptr_array_add (pipelines, object);
  write_synced (fixture->store, "pipeline", pipelines);
  for (guint i = 0; i < G_N_ELEMENTS (stage_rows); i++)
    {
      object = record (stage_rows[i].id);
      json_object_set_string_member (object, "pipeline_id", PIPELINE);
      json_object_set_string_member (object, "name", stage_rows[i].name);
      json_object_set_int_member (object, "position", i);
      json_object_set_int_member (object, "probability", stage_rows[i].probability);
      json_object_set_string_member (object, "kind", stage_rows[i].kind);
      g_ptr_array_add (stages, object);
    }
  write_synced (fixture->store, "stage", stages);
  object = record (FAIR_CONTACT);
  json_object_set_string_member (object, "first_name", "Fair");
  json_object_set_string_member (object, "source", "Trade fair");
  g_ptr_array_add (contacts, object);
  object = record (WEB_CONTACT);
  json_object_set_string_member (object, "first_name", "Web");
  json_object_set_string_member (object, "source", "Web");
  g_ptr_array_add (contacts, object);
  write_synced (fixture->store, "contact", contacts);

  for (guint i = 0; i < N_CLOSED; i++)
    {
      g_autofree char *id = closed_id (i);
      gboolean fair = i < 40;
      gboolean won = fair ? i < 34 : i < 42;
      gboolean reached_proposal = won || i % 2 == 0;
      const char *last = reached_proposal ? PROPOSAL : LEAD;

      g_ptr_array_add (deals, deal_record (id, fair ? FAIR_CONTACT : WEB_CONTACT,
                                           won ? WON_STAGE : LOST_STAGE, won ? "won" : "lost"));
      add_move (events, id, NULL, NULL, LEAD, "open");
      if (reached_proposal)
        add_move (events, id, LEAD, "open", PROPOSAL, "open");
      add_move (events, id, last, "open", won ? WON_STAGE : LOST_STAGE, won ? "won" : "lost");
    }
  g_ptr_array_add (deals, deal_record (OPEN_DEAL, FAIR_CONTACT, PROPOSAL, "open"));
  g_ptr_array_add (deals, deal_record (OPEN_WEB_DEAL, WEB_CONTACT, LEAD, "open"));
  write_synced (fixture->store, "deal", deals);
  write_synced (fixture->store, "deal_stage_event", events);
}

static RapportScore *
score_deal (Fixture    *fixture,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  RapportScore *score = rapport_store_score_deal (fixture->store, id, &error);

  g_assert_no_error (error);
  return score;
}

static char *
describe_all (RapportScore *score,
              GPtrArray    *factors)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < factors->len; i++)
    {
      g_autofree char *line = rapport_score_factor_describe (score, factors->pdata[i]);

      g_string_append_printf (text, "%s\n", line);
    }
  return g_string_free (text, FALSE);
}

/* odds = 36/24 · (34.1/36.1)/(6.1/24.1) · (36.1/36.1)/(12.1/24.1) = 11.14,
 * 91.77 %; the currency, the amount band and the owner are those of every
 * closed deal and lean neither way. */
static void
test_book_score (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RapportScore) score = score_deal (fixture, OPEN_DEAL);
  g_autofree char *reasons = NULL;
  g_autofree char *summary = NULL;

  g_assert_cmpint (score->kind, ==, RAPPORT_SCORE_LEARNED);
  g_assert_cmpuint (score->won, ==, 36);
  g_assert_cmpuint (score->lost, ==, 24);
  g_assert_cmpfloat_with_epsilon (score->percent, 91.7692, 0.0001);
  g_assert_cmpint (rapport_score_get_rounded (score), ==, 92);
  reasons = describe_all (score, score->for_factors);
  g_assert_cmpstr (reasons, ==,
                   "Source = Trade fair: 34 of 40 closed deals from this source were won (85 %) against 60 % overall\n"
                   "Stage = Proposal: 36 of 48 closed deals that reached this stage were won (75 %) against 60 % overall\n");
  g_assert_cmpuint (score->against_factors->len, ==, 0);
  summary = rapport_score_describe (score);
  g_assert_cmpstr (summary, ==, "Learned from this pipeline’s closed deals: 36 won / 24 lost");
}

/* The same deal from the web and back in Lead: its chance falls. */
static void
test_book_evidence_changes (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RapportScore) before = score_deal (fixture, OPEN_DEAL);
  g_autoptr(RapportScore) after = NULL;
  g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"contact_id\": \"" WEB_CONTACT "\"}");
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *against = NULL;

  updated = rapport_store_update (fixture->store, "deal", OPEN_DEAL, changes, &error);
  g_assert_no_error (error);
  after = score_deal (fixture, OPEN_DEAL);
  /* 36/24 · (2.1/36.1)/(18.1/24.1) · 24.1/12.1 = 0.2314: 18.79 % */
  g_assert_cmpfloat_with_epsilon (after->percent, 18.7920, 0.0001);
  g_assert_cmpint (rapport_score_get_rounded (after), <, rapport_score_get_rounded (before));
  against = describe_all (after, after->against_factors);
  g_assert_cmpstr (against, ==,
                   "Source = Web: 2 of 20 closed deals from this source were won (10 %) against 60 % overall\n");
}

/* Editing the tags of a closed deal changes neither its score nor its
 * status (odoo/odoo#67617). */
static void
test_book_closed_not_rescored (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *lost_id = closed_id (50);
  g_autofree char *won_id = closed_id (0);
  g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"tags\": [\"vip\"]}");
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(RapportScore) lost = NULL;
  g_autoptr(RapportScore) won = NULL;
  g_autoptr(GError) error = NULL;

  updated = rapport_store_update (fixture->store, "deal", lost_id, changes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_json_get_string (updated, "status"), ==, "lost");
  lost = score_deal (fixture, lost_id);
  g_assert_cmpint (lost->kind, ==, RAPPORT_SCORE_LOST);
  g_assert_cmpint (rapport_score_get_rounded (lost), ==, 0);
  won = score_deal (fixture, won_id);
  g_assert_cmpint (won->kind, ==, RAPPORT_SCORE_WON);
  g_assert_cmpint (rapport_score_get_rounded (won), ==, 100);
}

/* A deal reopened from won counts no more as won (odoo/odoo#84259): the
 * next training sees 35 won, and the reopened deal is scored itself. */
static void
test_book_reopened (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *id = closed_id (0);
  g_autoptr(GPtrArray) deals = records_new ();
  g_autoptr(RapportScore) reopened = NULL;
  g_autoptr(RapportScore) other = NULL;
  JsonObject *deal = deal_record (id, FAIR_CONTACT, PROPOSAL, "open");

  json_object_set_int_member (deal, "version", 2);
  g_ptr_array_add (deals, deal);
  write_synced (fixture->store, "deal", deals);
  reopened = score_deal (fixture, id);
  g_assert_cmpint (reopened->kind, ==, RAPPORT_SCORE_LEARNED);
  g_assert_cmpuint (reopened->won, ==, 35);
  g_assert_cmpuint (reopened->lost, ==, 24);
  other = score_deal (fixture, OPEN_DEAL);
  /* Both open, in Proposal and from the fair: one chance. */
  g_assert_cmpfloat (other->percent, ==, reopened->percent);
}

/* The titles (the ids) of the deals @where matches, by win chance. */
static char *
list_by_score (Fixture    *fixture,
               const char *where)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("deal");
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GString *titles = g_string_new (NULL);

  rapport_query_set_sort (query, RAPPORT_SORT_SCORE);
  rapport_query_set_filter (query, rapport_filter_parse (rapport_entity_lookup ("deal"), where, &error),
                            NULL);
  g_assert_no_error (error);
  snapshot = rapport_store_snapshot (fixture->store, query, &error);
  g_assert_no_error (error);
  rows = rapport_store_fetch (fixture->store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot),
                              &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (titles, "%s%s", i > 0 ? " " : "",
                            rapport_json_get_string (rows->pdata[i], "title"));
  return g_string_free (titles, FALSE);
}

/* Lists sort and filter by the kept score: the fair deal's 92 before the
 * web deal's 10 (36/24 · (2.1/36.1)/(18.1/24.1) = 0.1162: 10.41 %; Lead
 * was reached by every closed deal and leans neither way); won deals
 * keep 100, lost 0; an edit moves the deal once it is scored again. */
static void
test_book_sorted_and_filtered (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"contact_id\": \"" WEB_CONTACT "\"}");
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *open = NULL;
  g_autofree char *likely = NULL;
  g_autofree char *won = NULL;
  g_autofree char *lost = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) won_titles = NULL;

  g_assert_true (rapport_store_rescore_deals (fixture->store, &error));
  g_assert_no_error (error);
  open = list_by_score (fixture, "status = open");
  g_assert_cmpstr (open, ==, OPEN_DEAL " " OPEN_WEB_DEAL);
  likely = list_by_score (fixture, "status = open and score > 60");
  g_assert_cmpstr (likely, ==, OPEN_DEAL);
  g_free (likely);
  likely = list_by_score (fixture, "score = 10");
  g_assert_cmpstr (likely, ==, OPEN_WEB_DEAL);
  won = list_by_score (fixture, "score = 100");
  won_titles = g_strsplit (won, " ", -1);
  g_assert_cmpuint (g_strv_length (won_titles), ==, 36);
  lost = list_by_score (fixture, "score < 1 and status = lost");
  g_assert_cmpuint (strlen (lost), ==, 24 * strlen (OPEN_DEAL) + 23);

  updated = rapport_store_update (fixture->store, "deal", OPEN_DEAL, changes, &error);
  g_assert_no_error (error);
  g_assert_true (rapport_store_rescore_deals (fixture->store, &error));
  after = list_by_score (fixture, "status = open and score = 19");
  g_assert_cmpstr (after, ==, OPEN_DEAL);

  /* What a list row shows: the kept score, 0 included; none for a deal
   * that is not there. */
  {
    const char *ids[] = { OPEN_DEAL, OPEN_WEB_DEAL, "no-such-deal", NULL };
    g_autoptr(GHashTable) kept = rapport_store_kept_scores (fixture->store, ids, &error);

    g_assert_no_error (error);
    g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (kept, OPEN_DEAL)) - 1, ==, 19);
    g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (kept, OPEN_WEB_DEAL)) - 1, ==, 10);
    g_assert_false (g_hash_table_contains (kept, "no-such-deal"));
  }
}

static RapportRescoreNeed
need_of (Fixture     *fixture,
         const char  *id,
         GHashTable **open_ids)
{
  const char *ids[] = { id, NULL };
  RapportRescoreNeed need = RAPPORT_RESCORE_NONE;
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_rescore_need (fixture->store, id != NULL ? ids : ids + 1, &need,
                                             open_ids, &error));
  g_assert_no_error (error);
  return need;
}

static GPtrArray *
rescore_changed (Fixture    *fixture,
                 const char *id)
{
  const char *ids[] = { id, NULL };
  g_autoptr(GError) error = NULL;
  GPtrArray *written = rapport_store_rescore_changed (fixture->store, ids, &error);

  g_assert_no_error (error);
  g_assert_nonnull (written);
  return written;
}

/* Which deals a change asks to score again: an edited open deal alone;
 * every open deal, with models trained anew, when a closed deal changed,
 * was reopened or is gone. Only the scores that moved are written. */
static void
test_book_rescore_need (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *won_id = closed_id (0);
  g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"contact_id\": \"" WEB_CONTACT "\"}");
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(GHashTable) open_ids = NULL;
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GPtrArray) deals = records_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *reopened = NULL;
  g_autofree char *moved = NULL;
  JsonObject *deal;

  g_assert_true (rapport_store_rescore_deals (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (need_of (fixture, NULL, NULL), ==, RAPPORT_RESCORE_NONE);
  g_assert_cmpint (need_of (fixture, OPEN_DEAL, &open_ids), ==, RAPPORT_RESCORE_SOME);
  g_assert_cmpuint (g_hash_table_size (open_ids), ==, 1);
  g_assert_true (g_hash_table_contains (open_ids, OPEN_DEAL));
  g_assert_cmpint (need_of (fixture, won_id, NULL), ==, RAPPORT_RESCORE_RETRAIN);
  g_assert_cmpint (need_of (fixture, "no-such-deal", NULL), ==, RAPPORT_RESCORE_RETRAIN);

  /* Nothing moved since the last rescore: nothing is written. */
  written = rescore_changed (fixture, OPEN_DEAL);
  g_assert_cmpuint (written->len, ==, 0);
  g_clear_pointer (&written, g_ptr_array_unref);

  /* The fair deal comes from the web now: it alone is scored again. */
  updated = rapport_store_update (fixture->store, "deal", OPEN_DEAL, changes, &error);
  g_assert_no_error (error);
  written = rescore_changed (fixture, OPEN_DEAL);
  g_assert_cmpuint (written->len, ==, 1);
  g_assert_cmpstr (written->pdata[0], ==, OPEN_DEAL);
  moved = list_by_score (fixture, "status = open and score = 19");
  g_assert_cmpstr (moved, ==, OPEN_DEAL);
  g_clear_pointer (&written, g_ptr_array_unref);

  /* A won deal reopened by a sync still shows 100: the models learn
   * again, and it gets a learned score of its own (35 won / 24 lost:
   * 36/24 → 35/24 in the prior, as the fair deal it is in Proposal). */
  deal = deal_record (won_id, FAIR_CONTACT, PROPOSAL, "open");
  json_object_set_int_member (deal, "version", 2);
  g_ptr_array_add (deals, deal);
  write_synced (fixture->store, "deal", deals);
  g_assert_cmpint (need_of (fixture, won_id, NULL), ==, RAPPORT_RESCORE_RETRAIN);
  written = rescore_changed (fixture, won_id);
  g_assert_true (g_ptr_array_find_with_equal_func (written, won_id, g_str_equal, NULL));
  reopened = list_by_score (fixture, "status = open and score > 60");
  g_assert_cmpstr (reopened, ==, won_id);
  /* Scored as an open deal now, it asks for itself alone next time. */
  g_assert_cmpint (need_of (fixture, won_id, NULL), ==, RAPPORT_RESCORE_SOME);
}

/* "score" is a deal's, and a number. */
static void
test_score_filter_errors (void)
{
  g_autoptr(GError) error = NULL;
  RapportFilter *filter = rapport_filter_parse (rapport_entity_lookup ("contact"), "score > 60", &error);

  g_assert_null (filter);
  g_assert_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_FIELD);
}

static void
test_book_unknown_deal (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportScore) score = rapport_store_score_deal (fixture->store, "no-such-deal", &error);

  g_assert_null (score);
  g_assert_error (error, RAPPORT_REPORT_ERROR, RAPPORT_REPORT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "There is no deal “no-such-deal”");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/score/hand-computed", test_hand_computed);
  g_test_add_func ("/rapport/score/reasons-direction", test_reasons_direction);
  g_test_add_func ("/rapport/score/threshold", test_threshold);
  g_test_add_func ("/rapport/score/clamped", test_clamped);
  g_test_add_func ("/rapport/score/tags-need-history", test_tags_need_history);
  g_test_add ("/rapport/score/book/score", Fixture, NULL, set_up_book, test_book_score,
              rapport_test_store_tear_down);
  g_test_add ("/rapport/score/book/evidence-changes", Fixture, NULL, set_up_book,
              test_book_evidence_changes, rapport_test_store_tear_down);
  g_test_add ("/rapport/score/book/closed-not-rescored", Fixture, NULL, set_up_book,
              test_book_closed_not_rescored, rapport_test_store_tear_down);
  g_test_add ("/rapport/score/book/reopened", Fixture, NULL, set_up_book, test_book_reopened,
              rapport_test_store_tear_down);
  g_test_add_func ("/rapport/score/filter-errors", test_score_filter_errors);
  g_test_add ("/rapport/score/book/rescore-need", Fixture, NULL, set_up_book,
              test_book_rescore_need, rapport_test_store_tear_down);
  g_test_add ("/rapport/score/book/sorted-and-filtered", Fixture, NULL, set_up_book,
              test_book_sorted_and_filtered, rapport_test_store_tear_down);
  g_test_add ("/rapport/score/book/unknown-deal", Fixture, NULL, set_up_book,
              test_book_unknown_deal, rapport_test_store_tear_down);

  return g_test_run ();
}
