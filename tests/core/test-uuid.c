/* test-uuid.c: record ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rapport-uuid.h"

static void
test_uuid_shape (void)
{
  g_autofree char *id = rapport_uuid_v7_new ();

  g_assert_true (rapport_uuid_is_valid (id));
  g_assert_cmpint (id[14], ==, '7');
  g_assert_true (strchr ("89ab", id[19]) != NULL);
}

static void
test_uuid_ordered (void)
{
  g_autofree char *previous = rapport_uuid_v7_new ();

  /* Many ids in the same millisecond still sort in creation order. */
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *next = rapport_uuid_v7_new ();

      g_assert_cmpstr (previous, <, next);
      g_free (previous);
      previous = g_steal_pointer (&next);
    }
}

static void
test_uuid_validity (void)
{
  g_assert_true (rapport_uuid_is_valid ("0190f5a4-7b2c-7def-8123-456789abcdef"));
  g_assert_false (rapport_uuid_is_valid (NULL));
  g_assert_false (rapport_uuid_is_valid (""));
  g_assert_false (rapport_uuid_is_valid ("0190F5A4-7B2C-7DEF-8123-456789ABCDEF"));
  g_assert_false (rapport_uuid_is_valid ("0190f5a4-7b2c-7def-8123-456789abcdef0"));
  g_assert_false (rapport_uuid_is_valid ("0190f5a47b2c7def8123456789abcdef"));
  g_assert_false (rapport_uuid_is_valid ("'; DROP TABLE contacts; --"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/uuid/shape", test_uuid_shape);
  g_test_add_func ("/rapport/uuid/ordered", test_uuid_ordered);
  g_test_add_func ("/rapport/uuid/validity", test_uuid_validity);

  return g_test_run ();
}
