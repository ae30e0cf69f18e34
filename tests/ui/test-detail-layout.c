/* test-detail-layout.c: the detail page shows each record type by its own layout
 *
 * A type the page had no table for used to get the case layout, and a
 * field the type does not have; now every type is shown from its
 * descriptor, and a type without one gets no page at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "rapport-detail-view.h"
#include "rapport-test-util.h"

/* The titles of the preferences rows the page shows. */
static void
collect_titles (GtkWidget *widget,
                GPtrArray *titles)
{
  if (ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_visible (widget))
    g_ptr_array_add (titles, g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget))));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_titles (child, titles);
}

static gboolean
has_title (GPtrArray  *titles,
           const char *title)
{
  for (guint i = 0; i < titles->len; i++)
    if (g_strcmp0 (g_ptr_array_index (titles, i), title) == 0)
      return TRUE;
  return FALSE;
}

static void
test_detail_layout_own (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  RapportStore *store = rapport_test_open_store (dir);
  g_autofree char *task = rapport_test_create (store, "task",
                                               "{\"title\": \"Call back\", \"priority\": \"high\","
                                               " \"notes\": \"About the renewal\"}");
  g_autofree char *deal = rapport_test_create (store, "deal",
                                               "{\"title\": \"Renewal\", \"amount\": 1250000,"
                                               " \"currency\": \"EUR\", \"probability\": 60}");
  GtkWidget *view = g_object_ref_sink (g_object_new (RAPPORT_TYPE_DETAIL_VIEW, NULL));
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  rapport_detail_view_set_store (RAPPORT_DETAIL_VIEW (view), store);

  /* A task is shown with a task's fields, not a case's. */
  rapport_detail_view_show (RAPPORT_DETAIL_VIEW (view), "task", task);
  g_assert_cmpstr (rapport_detail_view_get_record_id (RAPPORT_DETAIL_VIEW (view)), ==, task);
  collect_titles (view, titles);
  g_assert_true (has_title (titles, "Priority"));
  g_assert_true (has_title (titles, "Notes"));
  g_assert_false (has_title (titles, "Subject"));
  g_assert_false (has_title (titles, "Channel"));

  /* A deal's amount is one row with its currency. */
  g_ptr_array_set_size (titles, 0);
  rapport_detail_view_show (RAPPORT_DETAIL_VIEW (view), "deal", deal);
  collect_titles (view, titles);
  g_assert_true (has_title (titles, "Amount"));
  g_assert_true (has_title (titles, "Probability"));
  g_assert_false (has_title (titles, "Currency"));

  /* A type nobody described gets no page, and says so in the log. */
  g_test_expect_message ("rapport-detail-view", G_LOG_LEVEL_WARNING, "*no-such-type*");
  rapport_detail_view_show (RAPPORT_DETAIL_VIEW (view), "no-such-type", task);
  g_test_assert_expected_messages ();
  g_assert_null (rapport_detail_view_get_record_id (RAPPORT_DETAIL_VIEW (view)));

  g_object_unref (view);
  rapport_test_close_store (&store, &dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/rapport/detail-view/layout-own", test_detail_layout_own);

  return g_test_run ();
}
