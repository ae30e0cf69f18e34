/* rapport-bench-lines.c: a quote of 500 lines opened on screen
 *
 * Issue 15's budget: a quote of 500 lines opens in at most 100 ms. This
 * times the quote page's widget (rapport-line-items.c) from its making to
 * the first frame painted with its lines on it: the lines read in a worker
 * thread, their rows made, laid out and drawn in a window of 1280 × 900
 * under a scrolled window, as the quote's page has it. A second figure says
 * when every line has its row in the list, for a widget that adds the rows
 * out of sight after its first frame. Baseline: a plain GtkListBox of 500 rows of one label each
 * (the line's description), made and painted in the same window. Needs a
 * display: meson runs it under xvfb-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include <errno.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bench-orders.h"
#include "bench-report.h"
#include "rapport-line-items.h"
#include "rapport-store-children.h"

#define N_LINES   500
#define BUDGET_MS 100
#define BENCH_SEED 20260315

static gboolean opt_quick;
static gboolean opt_check;

static const GOptionEntry option_entries[] = {
  { "quick", 0, 0, G_OPTION_ARG_NONE, &opt_quick, "A few rounds only", NULL },
  { "check", 0, 0, G_OPTION_ARG_NONE, &opt_check,
    "Run, then fail unless every line is a well-formed figure", NULL },
  { NULL }
};

static const char * const required_figures[] = {
  "quote_500_lines_first_draw_ms", "quote_500_lines_all_rows_ms", NULL
};

/* One opening: when the widget was made, when a frame first showed lines,
 * when a frame showed a row for every line. */
typedef struct
{
  GtkWidget *window;
  guint      expected; /* rows with a line that make "every line" */
  gint64     start;
  double     first_ms;
  double     all_ms;
} Opening;

/* The rows under @widget that show a line (not the headings, not "No
 * lines yet"), in whichever list box they are. */
static guint
n_line_rows (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_LIST_BOX_ROW (widget))
    return g_object_get_data (G_OBJECT (widget), "rapport-line-id") != NULL ||
           g_object_get_data (G_OBJECT (widget), "bench-line") != NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += n_line_rows (child);
  return n;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Opening       *opening)
{
  guint n = n_line_rows (opening->window);

  if (opening->first_ms < 0 && n > 0)
    opening->first_ms = bench_elapsed_ms (opening->start);
  if (opening->all_ms < 0 && n >= opening->expected)
    opening->all_ms = bench_elapsed_ms (opening->start);
}

/* Runs the main context until @opening has painted a row for each line,
 * painting as a visible window does meanwhile. */
static gboolean
wait_painted (Opening *opening,
              GError **error)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (opening->all_ms < 0 && g_get_monotonic_time () < deadline)
    {
      gtk_widget_queue_draw (opening->window);
      g_main_context_iteration (NULL, TRUE);
    }
  if (opening->all_ms < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "The %u lines were not shown within 30 s", opening->expected);
      return FALSE;
    }
  return TRUE;
}

static GtkWidget *
window_new (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  /* Shown and painted empty: the figure is the lines', not the window's. */
  for (guint i = 0; i < 200 && !gtk_widget_get_mapped (window); i++)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  return window;
}

static gboolean
open_once (GtkWidget *(*make) (gpointer data),
           gpointer   data,
           double    *first_ms,
           double    *all_ms,
           GError   **error)
{
  Opening opening = { window_new (), N_LINES, 0, -1, -1 };
  GtkWidget *scrolled = gtk_window_get_child (GTK_WINDOW (opening.window));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (opening.window);
  gulong paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &opening);
  gboolean ok;

  opening.start = g_get_monotonic_time ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), make (data));
  ok = wait_painted (&opening, error);
  g_signal_handler_disconnect (clock, paint_id);
  gtk_window_destroy (GTK_WINDOW (opening.window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  *first_ms = opening.first_ms;
  *all_ms = opening.all_ms;
  return ok;
}

typedef struct
{
  RapportStore *store;
  JsonObject   *quote;
  GPtrArray    *descriptions; /* (element-type utf8) */
} Quote;

static GtkWidget *
make_line_items (gpointer data)
{
  Quote *quote = data;

  return rapport_line_items_new (quote->store, rapport_entity_lookup ("quote"), quote->quote);
}

/* The baseline: a row of one label for each line. */
static GtkWidget *
make_plain_list (gpointer data)
{
  Quote *quote = data;
  GtkWidget *list = gtk_list_box_new ();

  for (guint i = 0; i < quote->descriptions->len; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row),
                                  gtk_label_new (g_ptr_array_index (quote->descriptions, i)));
      g_object_set_data (G_OBJECT (row), "bench-line", GINT_TO_POINTER (TRUE));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  return list;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
run_bench (const char *dir,
           GError    **error)
{
  g_autofree char *path = g_build_filename (dir, "lines.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (BENCH_SEED);
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(JsonObject) quote = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) descriptions = g_ptr_array_new ();
  g_autoptr(GArray) first_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) all_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) base_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *quote_id = NULL;
  g_autofree char *note = NULL;
  guint rounds = opt_quick ? 3 : 15;
  Quote data;

  g_printerr ("# A quote of %d lines opened on screen\n", N_LINES);
  if (!(store = rapport_store_open (path, error)) ||
      !(quote_id = bench_write_quote (store, rand, error)) ||
      !(quote = rapport_store_get (store, "quote", quote_id, error)) ||
      !(lines = rapport_store_list_children (store, "quote_line", quote_id, error)))
    return FALSE;
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);

      g_ptr_array_add (descriptions, (gpointer) json_object_get_string_member (line, "description"));
    }
  data = (Quote){ store, quote, descriptions };

  /* One opening first, not counted: fonts, icons and styles loaded once. */
  for (guint r = 0; r <= rounds; r++)
    {
      double first, all, base, base_all;

      if (!open_once (make_line_items, &data, &first, &all, error) ||
          !open_once (make_plain_list, &data, &base, &base_all, error))
        return FALSE;
      if (r == 0)
        continue;
      g_array_append_val (first_ms, first);
      g_array_append_val (all_ms, all);
      g_array_append_val (base_ms, base);
    }

  note = g_strdup_printf ("rapport_line_items_new on a quote of %d lines in a 1280×900 window"
                          " until the first frame painted with lines on it, median of %u; baseline:"
                          " a GtkListBox of %d one-label rows, made and painted",
                          N_LINES, rounds, N_LINES);
  bench_emit (&(BenchLine){ "quote_500_lines_first_draw_ms", "ms", bench_percentile (first_ms, 50),
                            bench_percentile (base_ms, 50), BUDGET_MS, note });
  bench_emit (&(BenchLine){ "quote_500_lines_all_rows_ms", "ms", bench_percentile (all_ms, 50),
                            bench_percentile (base_ms, 50), BENCH_NONE,
                            "the same until a frame has a row for every line (those out of sight"
                            " hold their place until scrolled to); same baseline" });
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) args = g_strdupv (argv);
  g_autoptr(GOptionContext) context = g_option_context_new ("- time a 500-line quote opened");
  g_autoptr(GError) error = NULL;
  g_autofree char *template = NULL;
  g_autofree char *dir = NULL;
  gboolean ok;

  g_option_context_add_main_entries (context, option_entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_check)
    return bench_check_run (args, required_figures);

  gtk_init ();
  adw_init ();
  template = g_build_filename (g_get_tmp_dir (), "rapport-bench-lines-XXXXXX", NULL);
  if (!(dir = g_mkdtemp (g_steal_pointer (&template))))
    {
      g_printerr ("Could not make a directory: %s\n", g_strerror (errno));
      return 1;
    }
  ok = run_bench (dir, &error);
  if (!ok)
    g_printerr ("The benchmark failed: %s\n", error->message);
  remove_dir (dir);
  return ok ? 0 : 1;
}
