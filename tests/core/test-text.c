/* test-text.c: folding text for search and sorting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-text.h"

static void
test_fold (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Müller", "muller" },
    { "ÉMILE Zola", "emile zola" },
    { "Søren Straße", "søren strasse" },
    { "张三丰", "张 三 丰" },
    { "Li 李娜 Na", "li 李 娜 na" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = rapport_text_fold (cases[i].in);

      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_fts_query (void)
{
  static const struct { const char *typed, *query; } cases[] = {
    { "mül", "\"mul\"*" },
    { "  Anna  Lee ", "\"anna\"* \"lee\"*" },
    { "张三", "\"张 三\"" },
    { "三", "\"三\"" },
    { "anna@example.c", "\"anna\"* \"example\"* \"c\"*" },
    { "\"OR* NEAR(", "\"or\"* \"near\"*" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = rapport_text_fts_query (cases[i].typed);

      g_assert_cmpstr (query, ==, cases[i].query);
    }

  g_assert_null (rapport_text_fts_query ("  -- ** "));
  g_assert_null (rapport_text_fts_query (""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/text/fold", test_fold);
  g_test_add_func ("/rapport/text/fts-query", test_fts_query);

  return g_test_run ();
}
