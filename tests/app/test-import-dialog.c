/* test-import-dialog.c: the import dialog's column mapper, remembered for
 * the next file with the same columns; the review of likely duplicates; a
 * big file imported while the main loop keeps turning; Stop, which leaves
 * the book as it was
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "rapport-import-dialog.h"
#include "rapport-query.h"
#include "rapport-test-util.h"
#include "rapport-test-widgets.h"

/* Rows of the big file in the suite, which bounds a test to a minute on a
 * loaded 2-core machine; RAPPORT_TEST_IMPORT_ROWS=100000 runs the full
 * size (about 50 s there) with no time limit. */
#define BIG_ROWS 20000
/* The longest the main loop may stand still while a file is read and imported:
 * far less than the import takes (a freeze), more than a loaded machine may
 * keep a thread waiting. */
#define MAX_STALL_MS 1000

typedef struct
{
  RapportTestStore base;
  GSettings       *settings;
  char            *batch_id;
  guint            created;
  gboolean         stopped;
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  rapport_test_store_set_up (&fixture->base, data);
  fixture->settings = g_settings_new ("io.github.rapportcrm.Rapport");
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_settings_reset (fixture->settings, "import-mappings");
  g_clear_object (&fixture->settings);
  g_free (fixture->batch_id);
  rapport_test_store_tear_down (&fixture->base, data);
}

static void
imported_cb (RapportImportDialog *dialog,
             const char          *entity,
             const char          *batch_id,
             guint                created,
             guint                updated,
             guint                refused,
             Fixture             *fixture)
{
  fixture->batch_id = g_strdup (batch_id);
  fixture->created = created;
}

static void
stopped_cb (RapportImportDialog *dialog,
            Fixture             *fixture)
{
  fixture->stopped = TRUE;
}

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const char *text,
            gssize      length)
{
  g_autofree char *path = g_build_filename (fixture->base.dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static RapportImportDialog *
open_dialog (Fixture *fixture,
             GFile   *file)
{
  RapportImportDialog *dialog = rapport_import_dialog_new (NULL, fixture->base.store,
                                                           fixture->settings, file);

  g_signal_connect (dialog, "imported", G_CALLBACK (imported_cb), fixture);
  g_signal_connect (dialog, "stopped", G_CALLBACK (stopped_cb), fixture);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* Turns the main loop until @title is a row of @dialog, for at most @seconds. */
static GtkWidget *
wait_row (RapportImportDialog *dialog,
          const char          *title,
          guint                seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  GtkWidget *row;

  while (!(row = rapport_test_find_row (GTK_WIDGET (dialog), title, FALSE)))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for the row “%s”", title);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return row;
}

static void
choose (AdwComboRow *row,
        const char  *label)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), label) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  g_error ("No choice “%s”", label);
}

static const char *
chosen (AdwComboRow *row)
{
  return gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (row)),
                                     adw_combo_row_get_selected (row));
}

typedef struct
{
  RapportStore *store;
  const char   *entity;
} Count;

static gpointer
count_thread (gpointer data)
{
  Count *c = data;
  g_autoptr(RapportQuery) query = rapport_query_new (c->entity);
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (c->store, query, NULL);

  return GUINT_TO_POINTER (rapport_snapshot_get_n_rows (snapshot));
}

/* Read off the main thread, which must never wait for SQLite. */
static guint
count (RapportStore *store,
       const char   *entity)
{
  Count c = { store, entity };

  return GPOINTER_TO_UINT (g_thread_join (g_thread_new ("count", count_thread, &c)));
}

static GtkWidget *
find_suggested (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "suggested-action"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_suggested (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
click_import (RapportImportDialog *dialog)
{
  GtkWidget *button = find_suggested (GTK_WIDGET (dialog));

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* A file of no known layout: each column given a field by hand; the next
 * file with those columns is mapped the same way without asking. */
static void
test_mapper (Fixture       *fixture,
             gconstpointer  data)
{
  const char csv[] = "Wer,Kontakt,Firma\nZelda Quist,zelda@quist.example,Quist & Co\n"
                     "Yuki Tanaka,yuki@tanaka.example,Tanaka KK\n";
  g_autoptr(GFile) file = write_file (fixture, "people.csv", csv, -1);
  RapportImportDialog *dialog = open_dialog (fixture, file);
  GtkWidget *who, *contact, *firm;

  /* No name and no email: every row is refused. */
  wait_row (dialog, "0 to create, 0 to update, 0 unchanged, 0 skipped, 2 with errors", 20);
  who = wait_row (dialog, "Wer", 1);
  contact = wait_row (dialog, "Kontakt", 1);
  firm = wait_row (dialog, "Firma", 1);
  g_assert_cmpstr (chosen (ADW_COMBO_ROW (who)), ==, "Not imported");
  /* The engine's suggestion. */
  g_assert_cmpstr (chosen (ADW_COMBO_ROW (firm)), ==, "Company");

  choose (ADW_COMBO_ROW (who), "Full name");
  choose (ADW_COMBO_ROW (contact), "Email");
  wait_row (dialog, "2 to create, 0 to update, 0 unchanged, 0 skipped, 0 with errors", 20);
  wait_row (dialog, "Zelda Quist", 1);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Another file with the same columns. */
  g_clear_object (&file);
  file = write_file (fixture, "more-people.csv",
                     "Wer,Kontakt,Firma\nAna Ribeiro,ana@northwind.example,Northwind\n", -1);
  dialog = open_dialog (fixture, file);
  wait_row (dialog, "1 to create, 0 to update, 0 unchanged, 0 skipped, 0 with errors", 20);
  g_assert_cmpstr (chosen (ADW_COMBO_ROW (wait_row (dialog, "Wer", 1))), ==, "Full name");
  g_assert_cmpstr (chosen (ADW_COMBO_ROW (wait_row (dialog, "Kontakt", 1))), ==, "Email");

  click_import (dialog);
  while (fixture->batch_id == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fixture->created, ==, 1);
  g_assert_cmpuint (count (fixture->base.store, "contact"), ==, 1);
  g_assert_cmpuint (count (fixture->base.store, "company"), ==, 1);
}

static void
find_review_checks (GtkWidget *widget,
                    GPtrArray *checks)
{
  if (GTK_IS_CHECK_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), "rapport-line") != NULL)
    g_ptr_array_add (checks, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_review_checks (child, checks);
}

/* Rows like a record of the book or an earlier row are left out unless
 * ticked: of two such lines, the ticked one is imported, the other not. */
static void
test_review (Fixture       *fixture,
             gconstpointer  data)
{
  const char csv[] = "First Name,Last Name,E-mail Address,Business Phone\n"
                     "Mei,Chen,mei.chen@blueharbor.example,\n"
                     /* Fang Wang's line and name, another address. */
                     "Fang,Wang,fang.wang@gmail.com,+86 10 6552 9988\n"
                     "MEI,Chen, Mei.Chen@BlueHarbor.example ,\n";
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  RapportImportDialog *dialog;

  g_free (rapport_test_create (fixture->base.store, "contact",
                               "{\"first_name\": \"Fang\", \"last_name\": \"Wang\","
                               " \"phones\": [{\"label\": \"work\", \"value\": \"+86 10 6552 9988\"}]}"));
  file = write_file (fixture, "review.csv", csv, -1);
  dialog = open_dialog (fixture, file);
  /* Line 4 has line 2's address: the dry run would update what line 2 made. */
  wait_row (dialog, "2 to create, 1 to update, 0 unchanged, 0 skipped, 0 with errors", 20);
  find_review_checks (GTK_WIDGET (dialog), checks);
  g_assert_cmpuint (checks->len, ==, 2);
  for (guint i = 0; i < checks->len; i++)
    g_assert_false (gtk_check_button_get_active (checks->pdata[i]));
  g_assert_cmpuint (GPOINTER_TO_UINT (g_object_get_data (checks->pdata[0], "rapport-line")), ==, 3);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_object_get_data (checks->pdata[1], "rapport-line")), ==, 4);

  /* Fang Wang's line is someone else after all. */
  gtk_check_button_set_active (checks->pdata[0], TRUE);
  click_import (dialog);
  while (fixture->batch_id == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fixture->created, ==, 2);
  g_assert_cmpuint (count (fixture->base.store, "contact"), ==, 3);
}

typedef struct
{
  gint64 last;
  gint64 longest;
  guint  ticks;
} Ticks;

static gboolean
tick_cb (gpointer data)
{
  Ticks *ticks = data;
  gint64 now = g_get_monotonic_time ();

  ticks->longest = MAX (ticks->longest, now - ticks->last);
  ticks->last = now;
  ticks->ticks++;
  return G_SOURCE_CONTINUE;
}

/* Counts the main loop's turns from now on. */
static guint
ticks_start (Ticks *ticks)
{
  ticks->last = g_get_monotonic_time ();
  return g_timeout_add (5, tick_cb, ticks);
}

/* Stops counting: the time since the last turn is a stand-still too. */
static void
ticks_stop (Ticks *ticks,
            guint  source)
{
  g_source_remove (source);
  ticks->longest = MAX (ticks->longest, g_get_monotonic_time () - ticks->last);
}

static GFile *
big_file (Fixture *fixture,
          guint    rows)
{
  g_autoptr(GString) csv = g_string_new ("First Name,Last Name,E-mail Address,Company\n");

  for (guint i = 0; i < rows; i++)
    {
      /* Family names unlike each other ("b", "c", … "ab"): rows of one
       * firm with names as alike as N1 and N2 would be likely duplicates,
       * left out by default. */
      char family[8] = { 0 };

      for (guint n = i, k = 0; k == 0 || n > 0; n /= 26, k++)
        family[k] = 'a' + n % 26;
      g_string_append_printf (csv, "Person,%s,p%u@example.com,Firm %u\n", family, i, i % 50);
    }
  return write_file (fixture, "big.csv", csv->str, csv->len);
}

static guint
big_rows (void)
{
  const char *rows = g_getenv ("RAPPORT_TEST_IMPORT_ROWS");

  return rows ? (guint) g_ascii_strtoull (rows, NULL, 10) : BIG_ROWS;
}

/* Turns "Leave Out Likely Duplicates" off, if the dry run found any. */
static void
import_all (GtkWidget *widget)
{
  if (GTK_IS_SWITCH (widget))
    gtk_switch_set_active (GTK_SWITCH (widget), FALSE);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    import_all (child);
}

/* The dry run and the import of a big file run in workers: the main loop
 * keeps turning. A phase run on the main thread would stop it for the whole
 * phase; a loaded machine only keeps it waiting now and then. So the
 * longest stand-still must be short beside each phase, and short in itself. */
static void
test_big_file_keeps_the_window_alive (Fixture       *fixture,
                                      gconstpointer  data)
{
  guint rows = big_rows ();
  g_autoptr(GFile) file = big_file (fixture, rows);
  g_autofree char *counts = g_strdup_printf ("%u to create, 0 to update, 0 unchanged, 0 skipped, 0 with errors", rows);
  Ticks reading = { 0 }, importing = { 0 };
  guint source = ticks_start (&reading);
  gint64 started = g_get_monotonic_time ();
  RapportImportDialog *dialog = open_dialog (fixture, file);
  guint limit = g_getenv ("RAPPORT_TEST_IMPORT_ROWS") ? 600 : 40;
  gint64 deadline = started + limit * G_USEC_PER_SEC;
  gint64 read_us, import_us;

  wait_row (dialog, counts, limit);
  read_us = g_get_monotonic_time () - started;
  /* Made-up rows of one firm with names this short may look alike: they are
   * all imported, as the user can ask (the review is test_review()). */
  import_all (GTK_WIDGET (dialog));
  ticks_stop (&reading, source);
  source = ticks_start (&importing);
  click_import (dialog);
  while (fixture->batch_id == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The import of %u rows did not end in time", rows);
      g_main_context_iteration (NULL, TRUE);
    }
  import_us = g_get_monotonic_time () - started - read_us;
  ticks_stop (&importing, source);
  g_test_message ("%u rows: read with a dry run in %.1f s (the main loop stood still at most "
                  "%" G_GINT64_FORMAT " ms), imported in %.1f s (at most %" G_GINT64_FORMAT " ms)",
                  rows, read_us / 1e6, reading.longest / 1000, import_us / 1e6, importing.longest / 1000);
  g_assert_cmpuint (fixture->created, ==, rows);
  g_assert_cmpuint (count (fixture->base.store, "contact"), ==, rows);
  g_assert_cmpint (reading.longest, <, read_us / 3);
  g_assert_cmpint (importing.longest, <, import_us / 3);
  g_assert_cmpint (MAX (reading.longest, importing.longest) / 1000, <, MAX_STALL_MS);
}

static gboolean
stop_when_under_way (gpointer data)
{
  GtkWidget *dialog = data;
  GtkProgressBar *bar = GTK_PROGRESS_BAR (rapport_test_find_descendant (dialog, GTK_TYPE_PROGRESS_BAR));
  GtkWidget *stop;

  if (gtk_progress_bar_get_fraction (bar) <= 0)
    return G_SOURCE_CONTINUE;
  /* The status page's only button. */
  stop = rapport_test_find_descendant (GTK_WIDGET (gtk_widget_get_parent (GTK_WIDGET (bar))),
                                       GTK_TYPE_BUTTON);
  g_signal_emit_by_name (stop, "clicked");
  return G_SOURCE_REMOVE;
}

/* Stopped once rows are committed, the import is undone: nothing stays. */
static void
test_stop_writes_nothing (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GFile) file = big_file (fixture, 20000);
  RapportImportDialog *dialog = open_dialog (fixture, file);
  gint64 deadline = g_get_monotonic_time () + 50 * G_USEC_PER_SEC;

  wait_row (dialog, "20000 to create, 0 to update, 0 unchanged, 0 skipped, 0 with errors", 40);
  click_import (dialog);
  g_timeout_add (5, stop_when_under_way, dialog);
  while (!fixture->stopped && fixture->batch_id == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("The stopped import did not end in time");
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (fixture->stopped);
  g_assert_null (fixture->batch_id);
  g_assert_cmpuint (count (fixture->base.store, "contact"), ==, 0);
  g_assert_cmpuint (count (fixture->base.store, "company"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  rapport_test_forbid_blocking_if_asked ();

  g_test_add ("/rapport/app/import-dialog/mapper", Fixture, NULL, set_up, test_mapper, tear_down);
  g_test_add ("/rapport/app/import-dialog/review", Fixture, NULL, set_up, test_review, tear_down);
  g_test_add ("/rapport/app/import-dialog/stop-writes-nothing", Fixture, NULL, set_up,
              test_stop_writes_nothing, tear_down);
  g_test_add ("/rapport/app/import-dialog/big-file", Fixture, NULL, set_up,
              test_big_file_keeps_the_window_alive, tear_down);

  return g_test_run ();
}
