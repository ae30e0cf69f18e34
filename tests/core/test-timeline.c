/* test-timeline.c: a record's activities, newest first, with related records'
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>

#include "rapport-test-util.h"
#include "rapport-timeline.h"

typedef struct
{
  char         *dir;
  RapportStore *store;
  char         *acme;   /* company */
  char         *ann;    /* contact of Acme */
  char         *bob;    /* contact of another company */
  char         *deal;   /* Acme's deal, with Bob as its contact */
  char         *kase;   /* Acme's case */
} Fixture;

static void
activity (Fixture    *f,
          const char *subject,
          const char *occurred_at,
          const char *links)
{
  g_free (rapport_test_create (f->store, "activity", "{\"kind\": \"call\", \"subject\": \"%s\","
                  " \"occurred_at\": \"%s\", %s}", subject, occurred_at, links));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *other = NULL;
  g_autofree char *link = NULL;

  f->dir = rapport_test_make_dir ();
  f->store = rapport_test_open_store (f->dir);

  f->acme = rapport_test_create (f->store, "company", "{\"name\": \"Acme\"}");
  other = rapport_test_create (f->store, "company", "{\"name\": \"Other\"}");
  f->ann = rapport_test_create (f->store, "contact", "{\"first_name\": \"Ann\", \"company_id\": \"%s\"}",
                   f->acme);
  f->bob = rapport_test_create (f->store, "contact", "{\"first_name\": \"Bob\", \"company_id\": \"%s\"}",
                   other);
  f->deal = rapport_test_create (f->store, "deal", "{\"title\": \"Rollout\", \"company_id\": \"%s\","
                    " \"contact_id\": \"%s\"}", f->acme, f->bob);
  f->kase = rapport_test_create (f->store, "case", "{\"subject\": \"Broken\", \"company_id\": \"%s\"}",
                    f->acme);

  link = g_strdup_printf ("\"company_id\": \"%s\"", f->acme);
  activity (f, "Company call", "2024-01-01T10:00:00Z", link);
  g_free (link);
  link = g_strdup_printf ("\"contact_id\": \"%s\"", f->ann);
  activity (f, "Ann call", "2024-03-01T10:00:00+01:00", link);
  g_free (link);
  link = g_strdup_printf ("\"deal_id\": \"%s\"", f->deal);
  activity (f, "Deal call", "2024-02-01T10:00:00Z", link);
  g_free (link);
  link = g_strdup_printf ("\"contact_id\": \"%s\"", f->bob);
  activity (f, "Bob call", "2024-04-01T10:00:00Z", link);
  g_free (link);
  /* Linked to Ann and Acme both: shown once. */
  link = g_strdup_printf ("\"contact_id\": \"%s\", \"company_id\": \"%s\"", f->ann, f->acme);
  activity (f, "Meeting at Acme", "2024-05-01T10:00:00Z", link);
  g_free (link);
  link = g_strdup_printf ("\"case_id\": \"%s\"", f->kase);
  activity (f, "Case call", "2023-12-01T10:00:00Z", link);
  g_free (link);
  link = g_strdup_printf ("\"company_id\": \"%s\"", other);
  activity (f, "Other call", "2024-06-01T10:00:00Z", link);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  rapport_test_close_store (&f->store, &f->dir);
  g_free (f->acme);
  g_free (f->ann);
  g_free (f->bob);
  g_free (f->deal);
  g_free (f->kase);
}

/* The subjects of a timeline, comma-separated, in order. */
static char *
timeline (Fixture    *f,
          const char *entity,
          const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSnapshot) snapshot = rapport_store_timeline (f->store, entity, id, &error);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpstr (rapport_snapshot_get_entity (snapshot)->name, ==, "activity");
  rows = rapport_store_fetch (f->store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot),
                              &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "",
                            json_object_get_string_member (g_ptr_array_index (rows, i),
                                                           "subject"));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_timeline (Fixture    *f,
                 const char *entity,
                 const char *id,
                 const char *expected)
{
  g_autofree char *subjects = timeline (f, entity, id);

  g_assert_cmpstr (subjects, ==, expected);
}

static void
test_company (Fixture       *f,
              gconstpointer  data)
{
  /* Its own, its contacts', its deals' and its cases'; not Bob's own call,
   * though Bob is the contact of Acme's deal. */
  assert_timeline (f, "company", f->acme,
                   "Meeting at Acme,Ann call,Deal call,Company call,Case call");
}

static void
test_contact (Fixture       *f,
              gconstpointer  data)
{
  assert_timeline (f, "contact", f->ann, "Meeting at Acme,Ann call");
  /* Bob's includes the deal he is the contact of. */
  assert_timeline (f, "contact", f->bob, "Bob call,Deal call");
}

static void
test_deal_and_case (Fixture       *f,
                    gconstpointer  data)
{
  assert_timeline (f, "deal", f->deal, "Deal call");
  assert_timeline (f, "case", f->kase, "Case call");
}

static void
test_new_activity_on_top (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  g_autofree char *link = g_strdup_printf ("\"contact_id\": \"%s\", \"direction\": \"outbound\","
                                           " \"duration_min\": 15", f->ann);

  activity (f, "Just called", when, link);
  assert_timeline (f, "company", f->acme,
                   "Just called,Meeting at Acme,Ann call,Deal call,Company call,Case call");
  assert_timeline (f, "contact", f->ann, "Just called,Meeting at Acme,Ann call");
}

static void
test_not_a_timeline (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSnapshot) snapshot = rapport_store_timeline (f->store, "task", f->acme, &error);

  g_assert_null (snapshot);
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID_QUERY);
  g_assert_cmpstr (rapport_timeline_link_field ("company"), ==, "company_id");
  g_assert_null (rapport_timeline_link_field ("task"));
}

/* Logged from a contact, an activity links the contact's company too, so
 * that it shows on the company's timeline. */
static void
test_link_to (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) from_contact = json_object_new ();
  g_autoptr(JsonObject) from_deal = json_object_new ();

  rapport_timeline_link_to (f->store, from_contact, "contact", f->ann);
  g_assert_cmpstr (json_object_get_string_member (from_contact, "contact_id"), ==, f->ann);
  g_assert_cmpstr (json_object_get_string_member (from_contact, "company_id"), ==, f->acme);

  rapport_timeline_link_to (f->store, from_deal, "deal", f->deal);
  g_assert_cmpstr (json_object_get_string_member (from_deal, "deal_id"), ==, f->deal);
  g_assert_cmpuint (json_object_get_size (from_deal), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/rapport/timeline/company", test_company);
  ADD ("/rapport/timeline/contact", test_contact);
  ADD ("/rapport/timeline/deal-and-case", test_deal_and_case);
  ADD ("/rapport/timeline/new-activity-on-top", test_new_activity_on_top);
  ADD ("/rapport/timeline/not-a-timeline", test_not_a_timeline);
  ADD ("/rapport/timeline/link-to", test_link_to);

#undef ADD

  return g_test_run ();
}
