/* test-main-thread.c: nothing in the app waits for SQLite on the main thread
 *
 * Once the app forbids it (RAPPORT_FORBID_BLOCKING=1, set for the UI suite
 * and these tests), a blocking write or an unbounded read made on the main
 * context is a critical warning, which fails any test that does one. The
 * same work through the _async calls is answered on the main context with
 * no warning. The record editor's save goes through the writer: a value
 * the store refuses (a SKU another product has) is shown at its field, and
 * the form keeps what the user typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "rapport-labels.h"
#include "rapport-pipeline.h"
#include "rapport-record-editor.h"
#include "rapport-store-async.h"
#include "rapport-tasks.h"
#include "rapport-test-util.h"
#include "rapport-test-widgets.h"
#include "rapport-timeline.h"
#include "rapport-validate.h"

/* A book with a pipeline of two stages, a deal in the first, a contact. */
typedef struct
{
  char         *dir;
  RapportStore *store;
  char         *pipeline_id;
  char         *stage_id;
  char         *contact_id;
} Book;

static Book *
book_new (void)
{
  Book *book = g_new0 (Book, 1);

  book->dir = rapport_test_make_dir ();
  book->store = rapport_test_open_store (book->dir);
  book->pipeline_id = rapport_test_create (book->store, "pipeline", "{\"name\": \"Sales\"}");
  book->stage_id = rapport_test_create (book->store, "stage",
                                        "{\"pipeline_id\": \"%s\", \"name\": \"Lead\","
                                        " \"position\": 0, \"kind\": \"open\", \"probability\": 20}",
                                        book->pipeline_id);
  g_free (rapport_test_create (book->store, "stage",
                               "{\"pipeline_id\": \"%s\", \"name\": \"Won\", \"position\": 1,"
                               " \"kind\": \"won\", \"probability\": 100}", book->pipeline_id));
  g_free (rapport_test_create (book->store, "deal",
                               "{\"title\": \"Renewal\", \"stage_id\": \"%s\", \"amount\": 50000,"
                               " \"currency\": \"EUR\"}", book->stage_id));
  book->contact_id = rapport_test_create (book->store, "contact", "{\"first_name\": \"Ana\"}");
  return book;
}

static void
book_free (Book *book)
{
  rapport_test_close_store (&book->store, &book->dir);
  g_free (book->pipeline_id);
  g_free (book->stage_id);
  g_free (book->contact_id);
  g_free (book);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Book, book_free)

/* What the app's main thread is: the owner of the default main context. */
static void
be_the_main_thread (void)
{
  rapport_store_forbid_blocking_on_main_thread ();
  g_main_context_acquire (g_main_context_default ());
}

/* The calls a main thread must not make; each in a subprocess of its own. */
static void
blocking_update (Book *book)
{
  g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"last_name\": \"Lee\"}");
  g_autoptr(JsonObject) stored = rapport_store_update (book->store, "contact", book->contact_id,
                                                       changes, NULL);
}

static void
board_read (Book *book)
{
  g_autoptr(GPtrArray) board = rapport_store_load_board (book->store, book->pipeline_id, NULL,
                                                         NULL);
}

static void
timeline_read (Book *book)
{
  g_autoptr(RapportSnapshot) snapshot = rapport_store_timeline (book->store, "contact",
                                                                book->contact_id, NULL);
}

static void
tasks_read (Book *book)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(RapportSnapshot) snapshot = rapport_store_tasks (book->store,
                                                             RAPPORT_TASK_BUCKET_UPCOMING, NULL,
                                                             now, NULL);
}

static void
conflicts_read (Book *book)
{
  g_autoptr(GPtrArray) conflicts = rapport_store_list_conflicts (book->store, NULL);
}

static void
snapshot_read (Book *book)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("contact");
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (book->store, query, NULL);
}

/* Through rapport_store_snapshot_sql(), as every list of a table does. */
static void
stages_read (Book *book)
{
  g_autoptr(GPtrArray) stages = rapport_store_list_stages (book->store, book->pipeline_id, NULL);
}

typedef struct
{
  const char *name;
  void      (*call) (Book *book);
  const char *says;
} Forbidden;

static const Forbidden forbidden[] = {
  { "update", blocking_update, "*blocks the main thread*" },
  { "board", board_read, "*rapport_store_load_board()*reads the local database on the main thread*" },
  { "timeline", timeline_read, "*rapport_store_timeline()*on the main thread*" },
  { "tasks", tasks_read, "*rapport_store_tasks()*on the main thread*" },
  { "conflicts", conflicts_read, "*rapport_store_list_conflicts()*on the main thread*" },
  { "snapshot", snapshot_read, "*rapport_store_snapshot()*on the main thread*" },
  { "snapshot-sql", stages_read, "*rapport_store_snapshot_sql()*on the main thread*" },
};

static void
test_forbidden (gconstpointer data)
{
  const Forbidden *call = data;

  if (g_test_subprocess ())
    {
      g_autoptr(Book) book = book_new ();

      be_the_main_thread ();
      call->call (book);
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr (call->says);
}

/* The same reads off the main thread are no warning: what the app's
 * worker threads do. */
static gpointer
read_from_thread (gpointer data)
{
  Book *book = data;

  board_read (book);
  timeline_read (book);
  tasks_read (book);
  conflicts_read (book);
  snapshot_read (book);
  stages_read (book);
  return GINT_TO_POINTER (TRUE);
}

static void
test_reads_off_main_thread (void)
{
  g_autoptr(Book) book = book_new ();

  rapport_store_forbid_blocking_on_main_thread ();
  g_assert_true (g_thread_join (g_thread_new ("worker", read_from_thread, book)));
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *board;
  JsonObject *moved;
  GError    *error;
} Answers;

static void
board_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Answers *answers = user_data;

  answers->board = rapport_store_load_board_finish (RAPPORT_STORE (object), result, &answers->error);
  g_main_loop_quit (answers->loop);
}

static void
moved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Answers *answers = user_data;

  answers->moved = rapport_deal_move_to_stage_finish (RAPPORT_STORE (object), result,
                                                      &answers->error);
  g_main_loop_quit (answers->loop);
}

/* The board is loaded and a deal moved from the main loop, with blocking
 * forbidden: no warning, and the answers are the store's. */
static void
test_async_on_main_thread (void)
{
  g_autoptr(Book) book = book_new ();
  Answers answers = { .loop = g_main_loop_new (NULL, FALSE) };
  g_autoptr(GPtrArray) deals = NULL;
  RapportBoardColumn *lead, *won;

  rapport_store_forbid_blocking_on_main_thread ();
  rapport_store_load_board_async (book->store, book->pipeline_id, NULL, NULL, board_loaded_cb,
                                  &answers);
  g_main_loop_run (answers.loop);
  g_assert_no_error (answers.error);
  g_assert_cmpuint (answers.board->len, ==, 2);
  lead = g_ptr_array_index (answers.board, 0);
  g_assert_cmpstr (lead->name, ==, "Lead");
  g_assert_cmpuint (lead->count, ==, 1);

  {
    g_autoptr(RapportQuery) query = rapport_board_column_query (book->stage_id, NULL);
    g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (book->store, query, NULL);

    deals = rapport_store_fetch (book->store, snapshot, 0, 1, NULL);
  }
  won = g_ptr_array_index (answers.board, 1);
  rapport_deal_move_to_stage_async (book->store,
                                    json_object_get_string_member (g_ptr_array_index (deals, 0), "id"),
                                    won->stage_id, NULL, NULL, moved_cb, &answers);
  g_main_loop_run (answers.loop);
  g_assert_no_error (answers.error);
  g_assert_cmpstr (json_object_get_string_member (answers.moved, "status"), ==, "won");

  g_clear_pointer (&answers.board, g_ptr_array_unref);
  g_clear_pointer (&answers.moved, json_object_unref);
  g_main_loop_unref (answers.loop);
}

typedef struct
{
  gboolean    done;
  JsonObject *saved;
  GError     *error;
} Saving;

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Saving *saving = user_data;

  saving->saved = rapport_record_editor_save_finish (RAPPORT_RECORD_EDITOR (object), result,
                                                     &saving->error);
  saving->done = TRUE;
}

static gboolean
saving_done (gpointer data)
{
  return ((Saving *) data)->done;
}

static gpointer
count_products_thread (gpointer data)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("product");
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (data, query, NULL);

  return GUINT_TO_POINTER (rapport_snapshot_get_n_rows (snapshot));
}

/* Counted off the main thread, as the app would. */
static guint
count_products (RapportStore *store)
{
  return GPOINTER_TO_UINT (g_thread_join (g_thread_new ("count", count_products_thread, store)));
}

/* A SKU another product has (in another case) is refused by the store, on
 * the writer thread: the editor shows why under the SKU, keeps what was
 * typed, and the next Save with another SKU stores the product. */
static void
test_editor_refused_save (void)
{
  g_autofree char *dir = NULL;
  RapportStore *store;
  const RapportEntity *product = rapport_entity_lookup ("product");
  GtkWidget *window, *editor, *sku_row, *name_row;
  Saving saving = { FALSE };

  if (!gtk_init_check ())
    {
      g_test_skip ("No display");
      return;
    }
  adw_init ();
  dir = rapport_test_make_dir ();
  store = rapport_test_open_store (dir);
  g_free (rapport_test_create (store, "product", "{\"sku\": \"AB-100\", \"name\": \"Scanner\"}"));

  window = gtk_window_new ();
  editor = rapport_record_editor_new (store, product, NULL);
  gtk_window_set_child (GTK_WINDOW (window), editor);
  gtk_window_present (GTK_WINDOW (window));
  sku_row = rapport_test_find_row (editor, rapport_labels_field (product, "sku"), FALSE);
  name_row = rapport_test_find_row (editor, rapport_labels_field (product, "name"), FALSE);
  g_assert_nonnull (sku_row);
  g_assert_nonnull (name_row);
  gtk_editable_set_text (GTK_EDITABLE (sku_row), "ab-100");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Scanner Mk II");

  /* Saved as the app saves, from its main thread: waiting would warn. */
  be_the_main_thread ();
  rapport_record_editor_save_async (RAPPORT_RECORD_EDITOR (editor), NULL, saved_cb, &saving);
  g_assert_true (rapport_record_editor_get_saving (RAPPORT_RECORD_EDITOR (editor)));
  rapport_test_wait_for ("the store to refuse the copy", saving_done, &saving);

  g_assert_null (saving.saved);
  g_assert_error (saving.error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_DUPLICATE);
  g_assert_cmpstr (rapport_validation_error_get_field (saving.error), ==, "sku");
  g_assert_false (rapport_record_editor_get_saving (RAPPORT_RECORD_EDITOR (editor)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sku_row)), ==, "ab-100");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "Scanner Mk II");
  g_assert_cmpstr (rapport_test_error_under (sku_row), ==, "Another product already has this SKU");
  g_assert_null (rapport_test_error_under (name_row));
  g_assert_cmpuint (count_products (store), ==, 1);

  /* Put right, the same form stores it. */
  g_clear_error (&saving.error);
  saving.done = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (sku_row), "AB-200");
  rapport_record_editor_save_async (RAPPORT_RECORD_EDITOR (editor), NULL, saved_cb, &saving);
  rapport_test_wait_for ("the product to be stored", saving_done, &saving);
  g_assert_no_error (saving.error);
  g_assert_cmpstr (json_object_get_string_member (saving.saved, "sku"), ==, "AB-200");
  g_assert_cmpstr (json_object_get_string_member (saving.saved, "name"), ==, "Scanner Mk II");
  g_assert_cmpuint (count_products (store), ==, 2);

  g_main_context_release (g_main_context_default ());
  g_clear_pointer (&saving.saved, json_object_unref);
  gtk_window_destroy (GTK_WINDOW (window));
  rapport_test_close_store (&store, &dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_autofree char *path = g_strdup_printf ("/rapport/main-thread/forbidden/%s",
                                               forbidden[i].name);

      g_test_add_data_func (path, &forbidden[i], test_forbidden);
    }
  g_test_add_func ("/rapport/main-thread/reads-off-main-thread", test_reads_off_main_thread);
  g_test_add_func ("/rapport/main-thread/async-on-main-thread", test_async_on_main_thread);
  g_test_add_func ("/rapport/main-thread/editor-refused-save", test_editor_refused_save);

  return g_test_run ();
}
