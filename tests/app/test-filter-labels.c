/* test-filter-labels.c: filters in the words a user reads, and what the editor offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "rapport-filter-labels.h"

static char *
describe (const char *entity,
          const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return rapport_filter_labels_describe (rapport_entity_lookup (entity), node);
}

/* The filter bar's line: fields, operators and choices by their labels,
 * a related record's field through its reference, relative dates with
 * their unit; a condition the words cannot say stays in the text form. */
static void
test_describe (void)
{
  g_autofree char *all = describe ("contact", "{\"all\": [{\"field\": \"lifecycle\", \"op\": \"=\", "
                                   "\"value\": \"customer\"}, {\"field\": \"company.industry\", "
                                   "\"op\": \"!=\", \"value\": \"Hospitality\"}]}");
  g_autofree char *any = describe ("contact", "{\"any\": [{\"field\": \"birthday\", \"op\": "
                                   "\"in_next\", \"value\": 30, \"unit\": \"days\"}, {\"field\": "
                                   "\"owner_id\", \"op\": \"=\", \"value\": \"me\"}, {\"has\": "
                                   "\"deal\", \"where\": {\"field\": \"status\", \"op\": \"=\", "
                                   "\"value\": \"won\"}}]}");
  g_autofree char *empty = describe ("company", "{\"field\": \"industry\", \"op\": \"is_empty\"}");

  g_assert_cmpstr (all, ==, "Lifecycle is Customer and Company › Industry is not Hospitality");
  g_assert_cmpstr (any, ==, "Birthday in the next 30 days or Owner is me or has deal where status = won");
  g_assert_cmpstr (empty, ==, "Industry is empty");
}

/* What the field drop-down offers: the record's own fields, then one
 * level of those it refers to, never a user's (asked as "is me"); the
 * operators fit the field's kind. */
static void
test_offered (void)
{
  g_autoptr(GPtrArray) paths = rapport_filter_labels_paths (rapport_entity_lookup ("contact"));
  const RapportField *lifecycle = rapport_filter_labels_resolve (rapport_entity_lookup ("contact"),
                                                                 "lifecycle");
  const RapportField *industry = rapport_filter_labels_resolve (rapport_entity_lookup ("contact"),
                                                                "company.industry");
  RapportFilterValueKind kind;
  gboolean found_lifecycle = FALSE, found_industry = FALSE;

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);

      found_lifecycle |= g_str_equal (path, "lifecycle");
      found_industry |= g_str_equal (path, "company.industry");
      g_assert_false (g_str_has_prefix (path, "owner."));
      /* Each is one the core reads. */
      g_assert_nonnull (rapport_filter_labels_resolve (rapport_entity_lookup ("contact"), path));
    }
  g_assert_true (found_lifecycle);
  g_assert_true (found_industry);

  g_assert_true (rapport_filter_labels_kind (lifecycle, &kind));
  g_assert_cmpint (kind, ==, RAPPORT_FILTER_VALUE_CHOICE);
  g_assert_false (g_strv_contains (rapport_filter_labels_ops (kind), "contains"));
  g_assert_true (rapport_filter_labels_kind (industry, &kind));
  g_assert_cmpint (kind, ==, RAPPORT_FILTER_VALUE_TEXT);
  g_assert_true (g_strv_contains (rapport_filter_labels_ops (kind), "contains"));
  g_assert_true (g_strv_contains (rapport_filter_labels_ops (RAPPORT_FILTER_VALUE_DATE), "in_last"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_unsetenv ("LANGUAGE");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/filter-labels/describe", test_describe);
  g_test_add_func ("/rapport/filter-labels/offered", test_offered);
  return g_test_run ();
}
