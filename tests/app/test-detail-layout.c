/* test-detail-layout.c: the detail page shows each record type by its own layout
 *
 * A type the page had no table for used to get the case layout, and a
 * field the type does not have; now every type is shown from its
 * descriptor, and a type without one gets no page at all. The editor gives
 * each kind of field its own row (paragraphs in a multi-line box, a rating
 * picked from 1 to 5, an amount with its currency in one row), says every
 * wrong value of a form at once, each at its field, and never reads what
 * the user typed as markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "rapport-detail-view.h"
#include "rapport-test-util.h"
#include "rapport-test-widgets.h"

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

static gboolean
left_editing (gpointer view)
{
  return !rapport_detail_view_get_editing (RAPPORT_DETAIL_VIEW (view));
}

static void
count_markup_rows (GtkWidget *widget,
                   guint     *n_rows,
                   guint     *n_markup)
{
  if (ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_mapped (widget))
    {
      (*n_rows)++;
      if (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (widget)))
        {
          g_test_message ("%s “%s” reads markup", G_OBJECT_TYPE_NAME (widget),
                          adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
          (*n_markup)++;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_markup_rows (child, n_rows, n_markup);
}

/* The pane, given a context on @store as the window gives it one. */
static GtkWidget *
view_new (RapportStore *store)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.rapportcrm.Rapport");
  g_autoptr(RapportContext) context = rapport_context_new (store, NULL, settings, NULL);

  return g_object_new (RAPPORT_TYPE_DETAIL_VIEW, "context", context, NULL);
}

/* The pane in a window, so that only the shown page is mapped. */
static GtkWidget *
view_in_window (RapportStore *store,
                GtkWidget   **window)
{
  GtkWidget *view = view_new (store);

  *window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (*window), 600, 800);
  gtk_window_set_child (GTK_WINDOW (*window), view);
  gtk_window_present (GTK_WINDOW (*window));
  return view;
}

static void
set_text (GtkWidget  *view,
          const char *title,
          const char *text)
{
  GtkWidget *row = rapport_test_find_row (view, title, TRUE);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
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
  GtkWidget *view = g_object_ref_sink (view_new (store));
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

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


/* Paragraphs are typed in a box of many lines, a 1–5 rating is picked,
 * an amount's currency is chosen in the amount's row. */
static void
test_detail_editor_kinds (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  RapportStore *store = rapport_test_open_store (dir);
  g_autofree char *kase = rapport_test_create (store, "case",
                                               "{\"subject\": \"Printer jams\","
                                               " \"description\": \"Line one\\nLine two\","
                                               " \"satisfaction\": 4}");
  g_autofree char *deal = rapport_test_create (store, "deal",
                                               "{\"title\": \"Renewal\", \"amount\": 1250000,"
                                               " \"currency\": \"EUR\"}");
  GtkWidget *window;
  GtkWidget *view = view_in_window (store, &window);
  GtkWidget *row, *text_view;
  g_autoptr(JsonObject) saved = NULL;
  g_autofree char *typed = NULL;
  GtkTextIter start, end;
  GtkTextBuffer *buffer;

  rapport_detail_view_show (RAPPORT_DETAIL_VIEW (view), "case", kase);
  g_assert_true (gtk_widget_activate_action (view, "detail.edit", NULL));
  g_assert_true (rapport_detail_view_get_editing (RAPPORT_DETAIL_VIEW (view)));

  row = rapport_test_find_row (view, "Description", TRUE);
  g_assert_nonnull (row);
  text_view = rapport_test_find_descendant (row, GTK_TYPE_TEXT_VIEW);
  g_assert_nonnull (text_view);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  typed = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (typed, ==, "Line one\nLine two");

  row = rapport_test_find_row (view, "Satisfaction", TRUE);
  g_assert_true (ADW_IS_COMBO_ROW (row));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (row))), ==, 6);
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (row))),
                   ==, "4");

  /* A third line and a rating of 5 are stored as typed and picked. */
  gtk_text_buffer_insert (buffer, &end, "\nLine three", -1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 5);
  g_assert_true (gtk_widget_activate_action (view, "detail.save", NULL));
  /* Stored on the writer thread; the page comes back once it is. */
  rapport_test_wait_for ("the case saved", left_editing, view);
  saved = rapport_store_get (store, "case", kase, NULL);
  g_assert_cmpstr (json_object_get_string_member (saved, "description"), ==,
                   "Line one\nLine two\nLine three");
  g_assert_cmpint (json_object_get_int_member (saved, "satisfaction"), ==, 5);

  rapport_detail_view_show (RAPPORT_DETAIL_VIEW (view), "deal", deal);
  g_assert_true (gtk_widget_activate_action (view, "detail.edit", NULL));
  row = rapport_test_find_row (view, "Amount", TRUE);
  g_assert_nonnull (row);
  g_assert_nonnull (rapport_test_find_descendant (row, GTK_TYPE_DROP_DOWN));
  g_assert_null (rapport_test_find_row (view, "Currency", TRUE));

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_close_store (&store, &dir);
}

/* One Save shows every wrong value, each under its own field, and says
 * what is wrong with it; nothing is stored. */
static void
test_detail_editor_all_errors (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  RapportStore *store = rapport_test_open_store (dir);
  g_autofree char *deal = rapport_test_create (store, "deal",
                                               "{\"title\": \"Renewal\", \"probability\": 60}");
  GtkWidget *window;
  GtkWidget *view = view_in_window (store, &window);
  g_autoptr(JsonObject) stored = NULL;

  rapport_detail_view_show (RAPPORT_DETAIL_VIEW (view), "deal", deal);
  g_assert_true (gtk_widget_activate_action (view, "detail.edit", NULL));
  set_text (view, "Title", "");
  set_text (view, "Probability", "150");
  set_text (view, "Expected Close", "2026-02-31");
  set_text (view, "Amount", "twelve");
  g_assert_true (gtk_widget_activate_action (view, "detail.save", NULL));

  g_assert_true (rapport_detail_view_get_editing (RAPPORT_DETAIL_VIEW (view)));
  g_assert_cmpstr (rapport_test_error_under (rapport_test_find_row (view, "Title", TRUE)), ==, "This field is required");
  g_assert_cmpstr (rapport_test_error_under (rapport_test_find_row (view, "Probability", TRUE)), ==, "Expected a number from 0 to 100");
  g_assert_nonnull (strstr (rapport_test_error_under (rapport_test_find_row (view, "Expected Close", TRUE)) ?: "", "2026-02-31"));
  g_assert_nonnull (strstr (rapport_test_error_under (rapport_test_find_row (view, "Amount", TRUE)) ?: "", "twelve"));
  g_assert_null (rapport_test_error_under (rapport_test_find_row (view, "Lost Reason", TRUE)));
  stored = rapport_store_get (store, "deal", deal, NULL);
  g_assert_cmpstr (json_object_get_string_member (stored, "title"), ==, "Renewal");
  g_assert_cmpint (json_object_get_int_member (stored, "probability"), ==, 60);

  /* Typing in a field takes its error away; the others stay. */
  set_text (view, "Probability", "15");
  g_assert_null (rapport_test_error_under (rapport_test_find_row (view, "Probability", TRUE)));
  g_assert_nonnull (rapport_test_error_under (rapport_test_find_row (view, "Title", TRUE)));

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_close_store (&store, &dir);
}

static gboolean
related_row_shown (gpointer data)
{
  return rapport_test_find_row (data, "Ana & Bo", TRUE) != NULL;
}

/* A name with "&" and "<" shows as typed, on the page, in a related row
 * and in the editor. */
static void
test_detail_no_markup (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  RapportStore *store = rapport_test_open_store (dir);
  g_autofree char *company = rapport_test_create (store, "company",
                                                  "{\"name\": \"Bergmann & Söhne <KG>\","
                                                  " \"industry\": \"Tools & <b>Dies</b>\"}");
  g_autofree char *contact = rapport_test_create (store, "contact",
                                                  "{\"first_name\": \"Ana & Bo\", \"company_id\": \"%s\"}",
                                                  company);
  GtkWidget *window;
  GtkWidget *view = view_in_window (store, &window);
  guint n_rows = 0, n_markup = 0;

  rapport_detail_view_show (RAPPORT_DETAIL_VIEW (view), "company", company);
  /* The company's people are read in a worker thread. */
  rapport_test_wait_for ("the company's people", related_row_shown, view);
  count_markup_rows (view, &n_rows, &n_markup);

  rapport_detail_view_show (RAPPORT_DETAIL_VIEW (view), "contact", contact);
  g_assert_nonnull (rapport_test_find_row (view, "Bergmann & Söhne <KG>", TRUE));
  count_markup_rows (view, &n_rows, &n_markup);

  g_assert_true (gtk_widget_activate_action (view, "detail.edit", NULL));
  count_markup_rows (view, &n_rows, &n_markup);

  g_assert_cmpuint (n_rows, >, 10);
  g_assert_cmpuint (n_markup, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_close_store (&store, &dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  rapport_test_forbid_blocking_if_asked ();
  gtk_init ();
  adw_init ();

  g_test_add_func ("/rapport/detail-view/layout-own", test_detail_layout_own);
  g_test_add_func ("/rapport/detail-view/editor-kinds", test_detail_editor_kinds);
  g_test_add_func ("/rapport/detail-view/editor-all-errors", test_detail_editor_all_errors);
  g_test_add_func ("/rapport/detail-view/no-markup", test_detail_no_markup);

  return g_test_run ();
}
