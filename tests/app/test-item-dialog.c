/* test-item-dialog.c: the task and activity dialogs are the record editor
 *
 * New Task and Log Activity show the rows of their type's compact layout,
 * so a field added to the descriptor is in the dialog; they check values
 * as the descriptor says and show every error of one Save at its field
 * (a title too long and a time that is none, not only the first); a new
 * item is linked to the record it was made on, and the Linked To row
 * names it (the contact, not the company the link rolled up to).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "rapport-activity-dialog.h"
#include "rapport-labels.h"
#include "rapport-query.h"
#include "rapport-task-dialog.h"
#include "rapport-test-util.h"
#include "rapport-test-widgets.h"

static void
set_text (GtkWidget  *dialog,
          const char *title,
          const char *text)
{
  GtkWidget *row = rapport_test_find_row (dialog, title, FALSE);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static guint
count (RapportStore *store,
       const char   *entity)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, query, &error);

  g_assert_no_error (error);
  return rapport_snapshot_get_n_rows (snapshot);
}

static JsonObject *
only (RapportStore *store,
      const char   *entity)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity);
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, query, NULL);
  g_autoptr(GPtrArray) records = rapport_store_fetch (store, snapshot, 0, 10, NULL);

  g_assert_cmpuint (records->len, ==, 1);
  return json_object_ref (g_ptr_array_index (records, 0));
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* As the user does: the header bar's Save. */
static void
click_save (GtkWidget *dialog)
{
  GtkWidget *save = find_button (dialog, "_Save");

  g_assert_nonnull (save);
  g_signal_emit_by_name (save, "clicked");
}

static gboolean
is_open (GtkWidget *dialog)
{
  return gtk_widget_get_visible (dialog);
}

static gboolean
is_closed (gpointer dialog)
{
  return !is_open (dialog);
}

/* Save closes the dialog once the store has the item. */
static void
save_and_wait (GtkWidget *dialog)
{
  /* Held: a closed dialog is destroyed. */
  g_autoptr(GtkWidget) held = g_object_ref (dialog);

  click_save (dialog);
  rapport_test_wait_for ("the dialog to close", is_closed, dialog);
}

/* Every row of the compact layout is in the dialog, by its label. */
static void
assert_compact_rows (GtkWidget           *dialog,
                     const RapportEntity *entity)
{
  g_assert_nonnull (entity->compact);
  for (guint g = 0; g < entity->n_compact; g++)
    {
      const RapportLayoutGroup *group = &entity->compact[g];

      if (group->kind == RAPPORT_GROUP_LINKS)
        continue;
      for (guint f = 0; group->fields[f] != NULL; f++)
        if (rapport_test_find_row (dialog, rapport_labels_field (entity, group->fields[f]), FALSE) == NULL)
          g_error ("%s: no row for %s", entity->name, group->fields[f]);
    }
}

static void
test_task_dialog_rows (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  RapportStore *store = rapport_test_open_store (dir);
  GtkWidget *dialog = GTK_WIDGET (rapport_task_dialog_new (NULL, store, NULL, NULL));

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "New Task");
  assert_compact_rows (dialog, rapport_entity_lookup ("task"));
  /* About nothing: no Linked To row. */
  g_assert_null (rapport_test_find_row (dialog, "Linked To", FALSE));

  gtk_window_destroy (GTK_WINDOW (dialog));
  rapport_test_close_store (&store, &dir);
}

/* One Save says all that is wrong, each at its field, and writes nothing. */
static void
test_task_dialog_all_errors (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  RapportStore *store = rapport_test_open_store (dir);
  GtkWidget *dialog = GTK_WIDGET (rapport_task_dialog_new (NULL, store, NULL, NULL));
  g_autofree char *long_title = g_strnfill (301, 'x');

  gtk_window_present (GTK_WINDOW (dialog));
  set_text (dialog, "Title", long_title);
  set_text (dialog, "Due", "next week-ish");
  click_save (dialog);

  g_assert_true (is_open (dialog));
  g_assert_nonnull (rapport_test_error_under (rapport_test_find_row (dialog, "Title", FALSE)));
  g_assert_nonnull (strstr (rapport_test_error_under (rapport_test_find_row (dialog, "Title", FALSE)), "300"));
  g_assert_nonnull (rapport_test_error_under (rapport_test_find_row (dialog, "Due", FALSE)));
  g_assert_null (rapport_test_error_under (rapport_test_find_row (dialog, "Reminder", FALSE)));
  g_assert_cmpuint (count (store, "task"), ==, 0);

  /* An empty title is said as the descriptor says it. */
  set_text (dialog, "Title", "");
  set_text (dialog, "Due", "");
  click_save (dialog);
  g_assert_cmpstr (rapport_test_error_under (rapport_test_find_row (dialog, "Title", FALSE)), ==, "A task needs a title.");
  g_assert_cmpuint (count (store, "task"), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
  rapport_test_close_store (&store, &dir);
}

/* A task made on a deal is the deal's; one made on a contact names the
 * contact, and is its company's too. */
static void
test_task_dialog_linked (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  RapportStore *store = rapport_test_open_store (dir);
  g_autofree char *deal = rapport_test_create (store, "deal", "{\"title\": \"Fleet & <b>pilot</b>\"}");
  g_autofree char *company = rapport_test_create (store, "company", "{\"name\": \"Bergmann KG\"}");
  g_autofree char *contact = rapport_test_create (store, "contact",
                                                  "{\"first_name\": \"Ana\", \"company_id\": \"%s\"}",
                                                  company);
  g_autoptr(JsonObject) task = NULL;
  GtkWidget *dialog = GTK_WIDGET (rapport_task_dialog_new (NULL, store, "deal", deal));
  GtkWidget *row;

  gtk_window_present (GTK_WINDOW (dialog));
  row = rapport_test_find_row (dialog, "Linked To", FALSE);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Fleet & <b>pilot</b>");
  set_text (dialog, "Title", "Send the quote");
  save_and_wait (dialog);
  task = only (store, "task");
  g_assert_cmpstr (json_object_get_string_member (task, "deal_id"), ==, deal);
  g_assert_cmpstr (json_object_get_string_member (task, "title"), ==, "Send the quote");

  dialog = GTK_WIDGET (rapport_task_dialog_new (NULL, store, "contact", contact));
  gtk_window_present (GTK_WINDOW (dialog));
  row = rapport_test_find_row (dialog, "Linked To", FALSE);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Ana");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Reopened, it names the deal still. */
  dialog = GTK_WIDGET (rapport_task_dialog_edit (NULL, store, json_object_get_string_member (task, "id")));
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Task");
  row = rapport_test_find_row (dialog, "Linked To", FALSE);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Fleet & <b>pilot</b>");
  gtk_window_destroy (GTK_WINDOW (dialog));
  rapport_test_close_store (&store, &dir);
}

/* Log Activity: a call, now, on the contact and its company; a duration
 * the descriptor refuses is said at its field. */
static void
test_activity_dialog (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  RapportStore *store = rapport_test_open_store (dir);
  g_autofree char *company = rapport_test_create (store, "company", "{\"name\": \"Bergmann KG\"}");
  g_autofree char *contact = rapport_test_create (store, "contact",
                                                  "{\"first_name\": \"Ana\", \"company_id\": \"%s\"}",
                                                  company);
  GtkWidget *dialog = GTK_WIDGET (rapport_activity_dialog_new (NULL, store, "contact", contact));
  g_autoptr(JsonObject) activity = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Log Activity");
  assert_compact_rows (dialog, rapport_entity_lookup ("activity"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rapport_test_find_row (dialog, "When", FALSE))), !=, "");

  set_text (dialog, "Subject", "Intro call");
  set_text (dialog, "Duration in Minutes", "-5");
  click_save (dialog);
  g_assert_true (is_open (dialog));
  g_assert_cmpstr (rapport_test_error_under (rapport_test_find_row (dialog, "Duration in Minutes", FALSE)), ==,
                   "Expected a number from 0 to 100000");
  g_assert_cmpuint (count (store, "activity"), ==, 0);

  set_text (dialog, "Duration in Minutes", "15");
  save_and_wait (dialog);
  activity = only (store, "activity");
  g_assert_cmpstr (json_object_get_string_member (activity, "kind"), ==, "call");
  g_assert_cmpstr (json_object_get_string_member (activity, "contact_id"), ==, contact);
  g_assert_cmpstr (json_object_get_string_member (activity, "company_id"), ==, company);
  g_assert_cmpint (json_object_get_int_member (activity, "duration_min"), ==, 15);
  g_assert_false (json_node_is_null (json_object_get_member (activity, "occurred_at")));

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

  g_test_add_func ("/rapport/item-dialog/task-rows", test_task_dialog_rows);
  g_test_add_func ("/rapport/item-dialog/task-all-errors", test_task_dialog_all_errors);
  g_test_add_func ("/rapport/item-dialog/task-linked", test_task_dialog_linked);
  g_test_add_func ("/rapport/item-dialog/activity", test_activity_dialog);

  return g_test_run ();
}
