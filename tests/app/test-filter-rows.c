/* test-filter-rows.c: the filter editor's conditions keep what they cannot edit
 *
 * A segment written on the command line ("has deal where …", a nested
 * group) loads with its editable conditions as rows and the rest as
 * read-only text, and is written back with nothing dropped; an amount the
 * core refuses makes the filter invalid, and is said under its row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <adwaita.h>

#include "rapport-filter-condition-row.h"
#include "rapport-filter-rows.h"
#include "rapport-json.h"
#include "rapport-test-util.h"

static const char kept[] =
  "{\"any\":[{\"field\":\"lifecycle\",\"op\":\"=\",\"value\":\"customer\"},"
  "{\"has\":\"deal\",\"where\":{\"all\":[{\"field\":\"status\",\"op\":\"=\",\"value\":\"won\"},"
  "{\"field\":\"amount\",\"op\":\">\",\"value\":\"10000 EUR\"}]}},"
  "{\"all\":[{\"field\":\"title\",\"op\":\"contains\",\"value\":\"Buyer\"},"
  "{\"field\":\"lifecycle\",\"op\":\"=\",\"value\":\"lead\"}]},"
  "{\"field\":\"company.industry\",\"op\":\"in\",\"value\":[\"Retail\",\"Food\"]},"
  "{\"field\":\"created_at\",\"op\":\"in_last\",\"value\":30,\"unit\":\"days\"}]}";

static guint
count_rows (GtkWidget *rows,
            GType      type)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (rows); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX (child))
        return count_rows (child, type);
      n += G_TYPE_CHECK_INSTANCE_TYPE (child, type);
    }
  return n;
}

/* Loaded and written back: the same filter, member for member. */
static void
test_round_trip (void)
{
  GtkWidget *rows = g_object_ref_sink (rapport_filter_rows_new (rapport_entity_lookup ("contact")));
  g_autoptr(JsonNode) filter = json_from_string (kept, NULL);
  g_autoptr(JsonNode) written = NULL;
  g_autofree char *text = NULL;
  gboolean valid = FALSE;

  rapport_filter_rows_load (RAPPORT_FILTER_ROWS (rows), filter);
  /* Lifecycle is the one condition the editor edits here. */
  g_assert_cmpuint (count_rows (rows, RAPPORT_TYPE_FILTER_CONDITION_ROW), ==, 1);
  g_assert_cmpuint (count_rows (rows, GTK_TYPE_LIST_BOX_ROW), ==, 5);

  written = rapport_filter_rows_dup_json (RAPPORT_FILTER_ROWS (rows), &valid);
  g_assert_true (valid);
  text = rapport_json_to_string (written);
  g_assert_cmpstr (text, ==, kept);
  g_object_unref (rows);
}

/* An amount that is not one: invalid, said under the row, and the other
 * conditions still written. */
static void
test_bad_amount (void)
{
  GtkWidget *rows = g_object_ref_sink (rapport_filter_rows_new (rapport_entity_lookup ("deal")));
  g_autoptr(JsonNode) filter = json_from_string (
    "{\"all\":[{\"field\":\"amount\",\"op\":\">\",\"value\":\"5000\"},"
    "{\"field\":\"title\",\"op\":\"contains\",\"value\":\"fleet\"}]}", NULL);
  g_autoptr(JsonNode) written = NULL;
  GtkWidget *list, *row, *entry = NULL;
  gboolean valid = TRUE;

  rapport_filter_rows_load (RAPPORT_FILTER_ROWS (rows), filter);
  for (list = gtk_widget_get_first_child (rows); !GTK_IS_LIST_BOX (list);
       list = gtk_widget_get_next_sibling (list))
    ;
  row = gtk_widget_get_first_child (list);
  /* The amount's entry: the first editable under the row. */
  for (GtkWidget *w = row; w != NULL && entry == NULL;)
    {
      if (GTK_IS_ENTRY (w))
        entry = w;
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != row && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w == row ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "5000");
  gtk_editable_set_text (GTK_EDITABLE (entry), "lots");

  written = rapport_filter_rows_dup_json (RAPPORT_FILTER_ROWS (rows), &valid);
  g_assert_false (valid);
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_nonnull (written);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (written),
                                                                        "all")), ==, 1);
  g_object_unref (rows);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_unsetenv ("LANGUAGE");
  g_test_init (&argc, &argv, NULL);
  rapport_test_forbid_blocking_if_asked ();
  gtk_init ();
  adw_init ();

  g_test_add_func ("/rapport/filter-rows/round-trip", test_round_trip);
  g_test_add_func ("/rapport/filter-rows/bad-amount", test_bad_amount);
  return g_test_run ();
}
