/* rapport-server-demo-history.c: a year of the demo team's deals, as it happened
 *
 * So that reports on the demo book show something real: deals created
 * over the past year, each written at its day through the server's rules
 * (rapport_server_demo_write_at()), moved on through the stages a few days
 * to a few weeks apart, sometimes skipping one; some won, some lost, some
 * still open; a few close dates pushed into a later month, a few forecast
 * categories picked by hand. The server keeps each deal's history as it
 * would have: every event at the day of its write. Nothing is dated after
 * the day the book is made, and an open deal is expected to close later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-demo"

#include "config.h"

#include "rapport-server-demo-private.h"

#define N_HISTORY_DEALS 60 /* titles × sites */
#define FIRST_DAY (-365)

/* The stages of the demo pipeline, as rapport-server-demo.c makes them. */
enum { LEAD, QUALIFIED, PROPOSAL, NEGOTIATION, WON, LOST };

typedef enum { WIN, LOSE, STAY } Fate;

static const char * const titles[] = {
  "Spare parts framework", "年度维保合同", "Conveyor retrofit", "MES 实施", "Forklift fleet",
  "Clean room upgrade", "冷库扩建", "Robot cell", "Label printers", "Energy audit",
  "数据中心迁移", "Training programme",
};
/* With a title, the site or phase: no two of the year's deals share a name. */
static const char * const sites[] = {
  "North plant", "上海工厂", "Phase 2", "Munich office", "Extension",
};
static const char * const currencies[] = { "CNY", "USD", "EUR" };
static const char * const lost_reasons[] = {
  "Price too high", "Chose a competitor", "No budget this year", "项目取消",
};

typedef struct
{
  RapportServerDemo *demo;
  char              *id;      /* (owned) */
  int                day;     /* of its last write, from today */
  GRand             *rand;
  int                close;   /* its expected close, from today */
} History;

static JsonNode *
text (const char *value)
{
  return json_node_init_string (json_node_alloc (), value);
}

/* Writes @fields to the deal on @day, at an office hour. */
static gboolean
write_on (History    *history,
          int         day,
          JsonObject *fields,
          GError    **error)
{
  g_autofree char *at = rapport_server_demo_days_from_today (history->demo, day,
                                                             9 + g_rand_int_range (history->rand, 0, 8),
                                                             RAPPORT_DEMO_DATE_TIME);
  g_autofree char *id = rapport_server_demo_write_at (history->demo, NULL, "deal", history->id,
                                                      fields, at, error);

  if (id == NULL)
    return FALSE;
  if (history->id == NULL)
    history->id = g_steal_pointer (&id);
  history->day = day;
  return TRUE;
}

static gboolean
move (History    *history,
      int         day,
      guint       stage,
      const char *lost_reason,
      GError    **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "stage_id", g_ptr_array_index (history->demo->stages, stage));
  if (lost_reason != NULL)
    json_object_set_string_member (fields, "lost_reason", lost_reason);
  return write_on (history, day, fields, error);
}

static gboolean
set_close (History *history,
           int      day,
           int      close_day,
           GError **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *close = rapport_server_demo_days_from_today (history->demo, close_day, 0,
                                                                RAPPORT_DEMO_DATE);

  json_object_set_string_member (fields, "expected_close", close);
  history->close = close_day;
  return write_on (history, day, fields, error);
}

/* One deal's year: made on @created, moved on until its fate or today. */
static gboolean
live (RapportServerDemo *demo,
      GRand             *rand,
      guint              i,
      int                created,
      GError           **error)
{
  History history = { demo, NULL, created, rand, created + 45 + g_rand_int_range (rand, 0, 60) };
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *title = g_strdup_printf ("%s — %s", titles[i % G_N_ELEMENTS (titles)],
                                            sites[(i / G_N_ELEMENTS (titles)) % G_N_ELEMENTS (sites)]);
  g_autofree char *close = rapport_server_demo_days_from_today (demo, history.close, 0,
                                                                RAPPORT_DEMO_DATE);
  /* An old deal was decided long ago, won nearly half the time; one of
   * the last four months is won or lost two times in five, else open. */
  guint roll = g_rand_int_range (rand, 0, 10);
  Fate fate = created < -120 ? (roll < 5 ? WIN : LOSE) : roll < 2 ? WIN : roll < 4 ? LOSE : STAY;
  guint last = fate == WIN    ? WON
               : fate == LOSE ? (guint) g_rand_int_range (rand, LEAD, NEGOTIATION + 1)
                              : (guint) g_rand_int_range (rand, QUALIFIED, NEGOTIATION + 1);
  gboolean slips = g_rand_int_range (rand, 0, 4) == 0;
  guint stage = LEAD;
  gboolean ok = TRUE;

  json_object_set_member (fields, "title", text (title));
  json_object_set_member (fields, "company_id",
                          text (g_ptr_array_index (demo->companies, (i * 13) % demo->companies->len)));
  json_object_set_member (fields, "contact_id",
                          text (g_ptr_array_index (demo->contacts, (i * 17) % demo->contacts->len)));
  json_object_set_member (fields, "stage_id", text (g_ptr_array_index (demo->stages, LEAD)));
  json_object_set_int_member (fields, "amount", (gint64) g_rand_int_range (rand, 20, 900) * 100000);
  json_object_set_member (fields, "currency", text (currencies[i % G_N_ELEMENTS (currencies)]));
  json_object_set_member (fields, "expected_close", text (close));
  json_object_set_member (fields, "owner_id", text (demo->users[1 + (i + 1) % 3]));
  if (!write_on (&history, created, fields, error))
    return FALSE;

  while (ok && stage < MIN (last, NEGOTIATION))
    {
      int next = history.day + g_rand_int_range (rand, 4, 25);

      if (next >= 0)
        break;
      /* One deal in six skips Qualified: the customer knew what it wanted. */
      stage += stage == LEAD && g_rand_int_range (rand, 0, 6) == 0 ? 2 : 1;
      ok = move (&history, next, stage, NULL, error);
      if (ok && slips && stage == PROPOSAL)
        ok = set_close (&history, MIN (next + 1, -1), next + 40 + g_rand_int_range (rand, 0, 30), error);
      if (ok && stage == NEGOTIATION && i % 5 == 0)
        {
          g_autoptr(JsonObject) pick = json_object_new ();

          json_object_set_string_member (pick, "forecast_category", "commit");
          ok = write_on (&history, MIN (next + 1, -1), pick, error);
        }
    }
  if (ok && fate != STAY && history.day + 10 < 0)
    ok = move (&history, history.day + g_rand_int_range (rand, 3, MIN (30, -history.day)),
               fate == WIN ? WON : LOST,
               fate == WIN ? NULL : lost_reasons[i % G_N_ELEMENTS (lost_reasons)], error);
  else if (ok && history.close <= 0)
    /* Still open: a close date that has passed is pushed out now. */
    ok = set_close (&history, -1, 7 + g_rand_int_range (rand, 0, 90), error);

  if (ok)
    g_ptr_array_add (demo->deals, g_steal_pointer (&history.id));
  g_free (history.id);
  return ok;
}

/**
 * rapport_server_demo_add_history:
 *
 * Adds a year of deals with their history; needs the users, companies,
 * contacts and the pipeline made first.
 */
gboolean
rapport_server_demo_add_history (RapportServerDemo *demo,
                                 GError           **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250601);

  for (guint i = 0; i < N_HISTORY_DEALS; i++)
    {
      int created = FIRST_DAY + (int) (i * (-FIRST_DAY - 20) / N_HISTORY_DEALS) +
                    g_rand_int_range (rand, 0, 5);

      if (!live (demo, rand, i, created, error))
        return FALSE;
    }
  return TRUE;
}
