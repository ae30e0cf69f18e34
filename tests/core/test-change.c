/* test-change.c: change and conflict kinds and the words they are stored as
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-change.h"
#include "rapport-model-enums.h"

/* The words the local database's CHECK constraints and the server take. */
static void
test_change_words (void)
{
  static const char * const words[] = { "create", "update", "delete" };
  g_autoptr(GEnumClass) klass = g_type_class_ref (RAPPORT_TYPE_CHANGE_KIND);

  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (words));
  for (guint i = 0; i < klass->n_values; i++)
    {
      RapportChangeKind kind = klass->values[i].value;
      RapportChangeKind back = -1;

      g_assert_cmpstr (rapport_change_kind_to_string (kind), ==, words[i]);
      g_assert_true (rapport_change_kind_from_string (words[i], &back));
      g_assert_cmpint (back, ==, kind);
    }
}

static void
test_conflict_words (void)
{
  static const char * const words[] = { "edit", "delete" };
  g_autoptr(GEnumClass) klass = g_type_class_ref (RAPPORT_TYPE_CONFLICT_KIND);

  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (words));
  for (guint i = 0; i < klass->n_values; i++)
    {
      RapportConflictKind kind = klass->values[i].value;
      RapportConflictKind back = -1;

      g_assert_cmpstr (rapport_conflict_kind_to_string (kind), ==, words[i]);
      g_assert_true (rapport_conflict_kind_from_string (words[i], &back));
      g_assert_cmpint (back, ==, kind);
    }
}

/* Anything else names no kind, and leaves the caller's value alone. */
static void
test_unknown_words (void)
{
  static const char * const unknown[] = { NULL, "", "Delete", "remove", "delete ", "edit" };
  RapportConflictKind conflict = RAPPORT_CONFLICT_KIND_EDIT;

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      RapportChangeKind change = RAPPORT_CHANGE_KIND_UPDATE;

      g_assert_false (rapport_change_kind_from_string (unknown[i], &change));
      g_assert_cmpint (change, ==, RAPPORT_CHANGE_KIND_UPDATE);
    }
  g_assert_false (rapport_conflict_kind_from_string ("update", &conflict));
  g_assert_false (rapport_conflict_kind_from_string (NULL, &conflict));
  g_assert_cmpint (conflict, ==, RAPPORT_CONFLICT_KIND_EDIT);
}

/* The store's lists keep the words (the CLI prints them as JSON); these
 * read them as kinds. */
static void
test_kind_of_listed (void)
{
  g_autoptr(JsonObject) failed = json_object_new ();
  g_autoptr(JsonObject) conflict = json_object_new ();

  g_assert_cmpint (rapport_change_kind_of (failed), ==, RAPPORT_CHANGE_KIND_UPDATE);
  json_object_set_string_member (failed, "op", "delete");
  g_assert_cmpint (rapport_change_kind_of (failed), ==, RAPPORT_CHANGE_KIND_DELETE);
  json_object_set_int_member (failed, "op", 2);
  g_assert_cmpint (rapport_change_kind_of (failed), ==, RAPPORT_CHANGE_KIND_UPDATE);

  g_assert_cmpint (rapport_conflict_kind_of (conflict), ==, RAPPORT_CONFLICT_KIND_EDIT);
  json_object_set_string_member (conflict, "kind", "delete");
  g_assert_cmpint (rapport_conflict_kind_of (conflict), ==, RAPPORT_CONFLICT_KIND_DELETE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/change/words", test_change_words);
  g_test_add_func ("/change/conflict-words", test_conflict_words);
  g_test_add_func ("/change/unknown-words", test_unknown_words);
  g_test_add_func ("/change/kind-of-listed", test_kind_of_listed);
  return g_test_run ();
}
