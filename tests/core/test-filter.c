/* test-filter.c: the filter language: its text and JSON forms, its errors,
 * and the records it finds in a real local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-filter-sql.h"
#include "rapport-query.h"
#include "rapport-test-util.h"

#define ME "0190f5a4-7b2c-7def-8123-00000000000a"

typedef struct
{
  char         *dir;
  RapportStore *store;
} Fixture;

/* "YYYY-MM-DD" @days from today, in the local zone. */
static char *
day (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *retail = NULL;
  g_autofree char *software = NULL;
  g_autofree char *soon = day (5);
  g_autofree char *long_ago = day (-40);
  RapportStore *store;

  fixture->dir = rapport_test_make_dir ();
  fixture->store = store = rapport_test_open_store (fixture->dir);

  retail = rapport_test_create (store, "company", "{\"name\": \"Northwind\", \"industry\": \"Retail\"}");
  software = rapport_test_create (store, "company",
                                  "{\"name\": \"Kestrel\", \"industry\": \"Software & Services\"}");
  g_free (rapport_test_create (store, "company", "{\"name\": \"Empty Co\"}"));

  g_free (rapport_test_create (store, "contact",
                               "{\"first_name\": \"Zoë\", \"last_name\": \"Adams\", \"lifecycle\": "
                               "\"customer\", \"company_id\": \"%s\", \"owner_id\": \"" ME "\","
                               " \"emails\": [{\"label\": \"work\", \"value\": \"zoe@northwind.example\"}],"
                               " \"title\": \"采购经理\"}",
                               retail));
  g_free (rapport_test_create (store, "contact",
                               "{\"first_name\": \"Émile\", \"last_name\": \"Zola\", \"lifecycle\": "
                               "\"lead\", \"company_id\": \"%s\"}",
                               software));
  g_free (rapport_test_create (store, "contact", "{\"first_name\": \"Bob\", \"last_name\": \"Brown\"}"));

  g_free (rapport_test_create (store, "deal",
                               "{\"title\": \"Small\", \"amount\": 100000, \"currency\": \"EUR\","
                               " \"status\": \"open\", \"company_id\": \"%s\", \"expected_close\": \"%s\","
                               " \"tags\": [\"Renewal\", \"VIP\"]}",
                               retail, soon));
  g_free (rapport_test_create (store, "deal",
                               "{\"title\": \"Big\", \"amount\": 90000000, \"currency\": \"JPY\","
                               " \"status\": \"won\", \"company_id\": \"%s\", \"expected_close\": \"%s\"}",
                               software, long_ago));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  rapport_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

/* The titles (first names, names) a filter lists, in the list's order. */
static char *
matching (RapportStore *store,
          const char   *entity,
          const char   *text)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  RapportFilter *filter = rapport_filter_parse (rapport_entity_lookup (entity), text, &error);
  const char *title = g_str_equal (entity, "contact") ? "first_name"
                      : g_str_equal (entity, "deal") ? "title" : "name";

  g_assert_no_error (error);
  rapport_query_set_filter (query, filter, ME);
  snapshot = rapport_store_snapshot (store, query, &error);
  g_assert_no_error (error);
  rows = rapport_store_fetch (store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "",
                            json_object_get_string_member (rows->pdata[i], title));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_matches (RapportStore *store,
                const char   *entity,
                const char   *text,
                const char   *expected)
{
  g_autofree char *found = matching (store, entity, text);

  g_test_message ("%s", text);
  g_assert_cmpstr (found, ==, expected);
}

static void
test_fields (Fixture       *fixture,
             gconstpointer  data)
{
  RapportStore *store = fixture->store;

  /* Bob is a lead: a new contact's lifecycle */
  assert_matches (store, "contact", "lifecycle = customer", "Zoë");
  assert_matches (store, "contact", "lifecycle != customer", "Bob,Émile");
  assert_matches (store, "contact", "lifecycle in (lead, prospect)", "Bob,Émile");
  assert_matches (store, "contact", "lifecycle not in (lead)", "Zoë");
  /* "is not" also finds the records without the field */
  assert_matches (store, "company", "industry != retail", "Empty Co,Kestrel");
  assert_matches (store, "company", "industry is empty", "Empty Co");
  assert_matches (store, "company", "industry not contains SERVICE", "Empty Co,Northwind");
  assert_matches (store, "contact", "title is not empty", "Zoë");
  /* case and accents aside, as the search does */
  assert_matches (store, "contact", "first_name = ZOE", "Zoë");
  assert_matches (store, "contact", "last_name contains OL", "Émile");
  assert_matches (store, "contact", "first_name starts with em", "Émile");
  assert_matches (store, "contact", "title contains 经理", "Zoë");
  assert_matches (store, "contact", "emails contains NORTHWIND", "Zoë");
  assert_matches (store, "contact", "emails is empty", "Bob,Émile");
  assert_matches (store, "contact", "owner = me", "Zoë");
  assert_matches (store, "contact", "lifecycle = lead or first_name = bob", "Bob,Émile");
  assert_matches (store, "deal", "tags = vip", "Small");
  assert_matches (store, "deal", "tags not in (vip)", "Big");
}

static void
test_money (Fixture       *fixture,
            gconstpointer  data)
{
  /* 1,000.00 EUR and 90,000,000 JPY (no minor unit) */
  assert_matches (fixture->store, "deal", "amount > 5000", "Big");
  assert_matches (fixture->store, "deal", "amount >= 1000", "Big,Small");
  assert_matches (fixture->store, "deal", "amount = 1000 EUR", "Small");
  assert_matches (fixture->store, "deal", "amount > 500 USD", "");
  assert_matches (fixture->store, "deal", "amount between 999.99 and 1000.01", "Small");
}

static void
test_related (Fixture       *fixture,
              gconstpointer  data)
{
  RapportStore *store = fixture->store;

  assert_matches (store, "contact", "company.industry = retail", "Zoë");
  assert_matches (store, "contact", "company.industry contains software", "Émile");
  /* Bob has no company: not an industry other than Retail, but not empty either */
  assert_matches (store, "contact", "company.industry != retail", "Bob,Émile");
  assert_matches (store, "contact", "company.industry is not empty", "Émile,Zoë");
  assert_matches (store, "company", "has deal", "Kestrel,Northwind");
  assert_matches (store, "company", "has no deal", "Empty Co");
  assert_matches (store, "company", "has deal where (status = won and amount > 100)", "Kestrel");
  assert_matches (store, "company", "has contact where lifecycle = customer and has deal",
                  "Northwind");
}

static void
test_relative_dates (Fixture       *fixture,
                     gconstpointer  data)
{
  RapportStore *store = fixture->store;

  assert_matches (store, "deal", "expected_close in next 7 days", "Small");
  assert_matches (store, "deal", "expected_close in last 2 months", "Big");
  assert_matches (store, "deal", "expected_close before today", "Big");
  assert_matches (store, "deal", "expected_close after today", "Small");
  assert_matches (store, "deal", "created_at in last 1 days", "Big,Small");
  assert_matches (store, "deal", "created_at before today", "");
}

/* The same filter on the same file, counted from two moments: "in the
 * last 30 days" moves with today. */
static void
test_moves_with_today (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "rapport.db", NULL);
  g_autoptr(RapportFilter) filter = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) today = g_date_time_new_now (zone);
  g_autoptr(GDateTime) later = g_date_time_add_days (today, 45);
  GDateTime *moments[] = { today, later };
  const char *expected[] = { "Big", "Small" };
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  filter = rapport_filter_parse (rapport_entity_lookup ("deal"),
                                 "expected_close in last 60 days", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (rapport_filter_register_functions (db), ==, SQLITE_OK);

  for (guint i = 0; i < G_N_ELEMENTS (moments); i++)
    {
      RapportFilterContext context = { moments[i], zone, NULL };
      g_autoptr(GString) sql = g_string_new ("SELECT group_concat (title) FROM"
                                             " (SELECT title FROM deals AS t WHERE ");
      g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      sqlite3_stmt *stmt = NULL;

      g_assert_true (rapport_filter_to_sql (filter, &rapport_filter_store_dialect, &context, "t",
                                            sql, params, &error));
      g_assert_no_error (error);
      g_string_append (sql, " ORDER BY title)");
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL), ==, SQLITE_OK);
      rapport_filter_bind (stmt, params, 1);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, expected[i]);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
}

/* What rapport_filter_to_text() writes reads back into the same filter,
 * through text and through JSON. */
static void
test_round_trip (void)
{
  const struct
  {
    const char *entity;
    const char *text;
    const char *canonical;
  } cases[] = {
    { "contact", "lifecycle = customer", NULL },
    { "contact", "LIFECYCLE=customer", "lifecycle = customer" },
    { "contact", "first_name = \"Mary Ann\" and last_name != \"O\\\"Hara\"", NULL },
    { "contact", "lifecycle in (lead,prospect) or (title contains 经理 and owner = me)",
      "lifecycle in (lead, prospect) or (title contains 经理 and owner_id = me)" },
    { "contact", "company.industry not in (Retail, \"Food & Drink\")", NULL },
    { "contact", "has no activity where occurred_at in last 90 days", NULL },
    { "company", "has deal where (stage_id is not empty and amount > 10000 EUR)", NULL },
    { "deal", "expected_close between 2026-01-01 and 2026-03-31", NULL },
    { "deal", "created_at in next 2 weeks or closed_at before today", NULL },
    { "deal", "tags is empty and title starts with \"and\"", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const RapportEntity *entity = rapport_entity_lookup (cases[i].entity);
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportFilter) filter = rapport_filter_parse (entity, cases[i].text, &error);
      g_autoptr(RapportFilter) from_json = NULL;
      g_autoptr(JsonNode) json = NULL;
      g_autofree char *text = NULL;
      g_autofree char *again = NULL;
      const char *canonical = cases[i].canonical;

      g_test_message ("%s", cases[i].text);
      g_assert_no_error (error);
      text = rapport_filter_to_text (filter);
      g_assert_cmpstr (text, ==, canonical != NULL ? canonical : cases[i].text);

      json = rapport_filter_to_json (filter);
      from_json = rapport_filter_from_json (entity, json, &error);
      g_assert_no_error (error);
      again = rapport_filter_to_text (from_json);
      g_assert_cmpstr (again, ==, text);
    }
}

/* Bad filters are refused with an error that names what is wrong. */
static void
test_errors (void)
{
  const struct
  {
    const char *text;
    int         code;
    const char *says;
  } cases[] = {
    { "", RAPPORT_FILTER_ERROR_SYNTAX, "ends" },
    { "lifecycle =", RAPPORT_FILTER_ERROR_SYNTAX, "a value" },
    { "lifecycle = customer and", RAPPORT_FILTER_ERROR_SYNTAX, "field" },
    { "first_name = \"Ann", RAPPORT_FILTER_ERROR_SYNTAX, "never closed" },
    { "lifecycle = customer lead", RAPPORT_FILTER_ERROR_SYNTAX, "character 22" },
    { "(lifecycle = customer", RAPPORT_FILTER_ERROR_SYNTAX, "“)”" },
    { "lifecycle ! customer", RAPPORT_FILTER_ERROR_SYNTAX, "!=" },
    { "colour = red", RAPPORT_FILTER_ERROR_FIELD, "colour" },
    { "company.colour = red", RAPPORT_FILTER_ERROR_FIELD, "colour" },
    { "lifecycle.name = x", RAPPORT_FILTER_ERROR_FIELD, "lifecycle.name" },
    { "has invoice", RAPPORT_FILTER_ERROR_FIELD, "invoice" },
    { "lifecycle = custmer", RAPPORT_FILTER_ERROR_VALUE, "custmer" },
    { "birthday contains 12", RAPPORT_FILTER_ERROR_VALUE, "birthday" },
    { "birthday > yesterday", RAPPORT_FILTER_ERROR_VALUE, "2026-12-31" },
    { "birthday in last 0 days", RAPPORT_FILTER_ERROR_SYNTAX, "number" },
    { "email_consent = maybe", RAPPORT_FILTER_ERROR_VALUE, "maybe" },
    { "company.employees > many", RAPPORT_FILTER_ERROR_VALUE, "many" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportFilter) filter = rapport_filter_parse (rapport_entity_lookup ("contact"),
                                                              cases[i].text, &error);

      g_test_message ("%s: %s", cases[i].text, error ? error->message : "(no error)");
      g_assert_null (filter);
      g_assert_error (error, RAPPORT_FILTER_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/filter/round-trip", test_round_trip);
  g_test_add_func ("/filter/errors", test_errors);
  g_test_add ("/filter/fields", Fixture, NULL, fixture_set_up, test_fields, fixture_tear_down);
  g_test_add ("/filter/money", Fixture, NULL, fixture_set_up, test_money, fixture_tear_down);
  g_test_add ("/filter/related", Fixture, NULL, fixture_set_up, test_related, fixture_tear_down);
  g_test_add ("/filter/relative-dates", Fixture, NULL, fixture_set_up, test_relative_dates,
              fixture_tear_down);
  g_test_add ("/filter/moves-with-today", Fixture, NULL, fixture_set_up, test_moves_with_today,
              fixture_tear_down);
  return g_test_run ();
}
