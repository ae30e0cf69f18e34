/* test-search.c: finding records as the user types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-query.h"
#include "rapport-test-util.h"

typedef struct
{
  char         *dir;
  RapportStore *store;
  char         *zhang_id;
  char         *muller_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *company = NULL;
  g_autofree char *deal = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *other = NULL;

  fixture->dir = rapport_test_make_dir ();
  fixture->store = rapport_test_open_store (fixture->dir);

  fixture->zhang_id = rapport_test_create (fixture->store, "contact",
                              "{\"last_name\": \"张\", \"first_name\": \"三丰\","
                              " \"phones\": [{\"value\": \"+86 138 0013 8000\"}]}");
  fixture->muller_id = rapport_test_create (fixture->store, "contact",
                               "{\"first_name\": \"Jürgen\", \"last_name\": \"Müller\","
                               " \"emails\": [{\"value\": \"j.mueller@example.de\"}]}");
  other = rapport_test_create (fixture->store, "contact", "{\"first_name\": \"Anna\", \"last_name\": \"Lee\"}");
  company = rapport_test_create (fixture->store, "company", "{\"name\": \"Müller Maschinenbau\"}");
  deal = rapport_test_create (fixture->store, "deal", "{\"title\": \"Muller renewal 2027\"}");
  ticket = rapport_test_create (fixture->store, "case", "{\"subject\": \"张三丰的打印机坏了\"}");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  rapport_test_close_store (&fixture->store, &fixture->dir);
  g_free (fixture->zhang_id);
  g_free (fixture->muller_id);
}

/* "contact:Name|company:Name|…" in hit order, for readable assertions. */
static char *
search (RapportStore *store,
        const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = rapport_store_search (store, text, 50, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    {
      RapportSearchHit *hit = g_ptr_array_index (hits, i);

      g_string_append_printf (out, "%s%s:%s", i ? "|" : "", hit->entity->name, hit->title);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_search(store, text, expected) \
  G_STMT_START { \
    g_autofree char *found_ = search (store, text); \
    g_assert_cmpstr (found_, ==, expected); \
  } G_STMT_END

static void
test_accents (Fixture       *fixture,
              gconstpointer  data)
{
  assert_search (fixture->store, "muller",
                 "contact:Jürgen Müller|company:Müller Maschinenbau|deal:Muller renewal 2027");
  assert_search (fixture->store, "MÜL", "contact:Jürgen Müller|company:Müller Maschinenbau"
                                        "|deal:Muller renewal 2027");
  assert_search (fixture->store, "jurgen", "contact:Jürgen Müller");
}

static void
test_chinese (Fixture       *fixture,
              gconstpointer  data)
{
  assert_search (fixture->store, "张三", "contact:张三丰|case:张三丰的打印机坏了");
  assert_search (fixture->store, "三", "contact:张三丰|case:张三丰的打印机坏了");
  assert_search (fixture->store, "三丰", "contact:张三丰|case:张三丰的打印机坏了");
  assert_search (fixture->store, "打印机", "case:张三丰的打印机坏了");
  assert_search (fixture->store, "丰张", "");
}

static void
test_prefix_as_you_type (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *typed[] = { "a", "an", "ann", "anna", "anna l", "anna le", "anna lee" };

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    assert_search (fixture->store, typed[i], "contact:Anna Lee");
  assert_search (fixture->store, "anna x", "");
}

static void
test_email_and_phone (Fixture       *fixture,
                      gconstpointer  data)
{
  assert_search (fixture->store, "j.mueller@exa", "contact:Jürgen Müller");
  assert_search (fixture->store, "138 0013", "contact:张三丰");
  assert_search (fixture->store, "86138001", "contact:张三丰");
}

static void
test_follows_edits (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) rename = rapport_test_parse_object ("{\"last_name\": \"Schmidt\"}");
  g_autoptr(JsonObject) updated = NULL;

  updated = rapport_store_update (fixture->store, "contact", fixture->muller_id, rename, NULL);
  g_assert_nonnull (updated);
  assert_search (fixture->store, "schmi", "contact:Jürgen Schmidt");
  assert_search (fixture->store, "muller", "company:Müller Maschinenbau|deal:Muller renewal 2027");

  g_assert_true (rapport_store_delete (fixture->store, "contact", fixture->zhang_id, NULL));
  assert_search (fixture->store, "张三", "case:张三丰的打印机坏了");
}

static void
test_query_syntax_is_text (Fixture       *fixture,
                           gconstpointer  data)
{
  /* FTS5 operators and quotes typed by a user are words, never syntax. */
  assert_search (fixture->store, "\"", "");
  assert_search (fixture->store, "lee OR", "");
  assert_search (fixture->store, "anna NEAR(lee", "");
  assert_search (fixture->store, "*", "");
  assert_search (fixture->store, "'; DROP TABLE contacts; --", "");
  g_assert_cmpint (rapport_store_count (fixture->store, "contact", NULL), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rapport/search/accents", test_accents);
  ADD ("/rapport/search/chinese", test_chinese);
  ADD ("/rapport/search/prefix-as-you-type", test_prefix_as_you_type);
  ADD ("/rapport/search/email-and-phone", test_email_and_phone);
  ADD ("/rapport/search/follows-edits", test_follows_edits);
  ADD ("/rapport/search/query-syntax-is-text", test_query_syntax_is_text);
#undef ADD

  return g_test_run ();
}
