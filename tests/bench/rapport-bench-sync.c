/* rapport-bench-sync.c: sync against a real rapport-server on loopback
 *
 * Loads the reference data set of DESIGN.md into a server database, then
 * measures, with the same machine's baseline from the same run:
 * - a first sync of all of it, in records per second, next to what json-glib
 *   alone parses per second from the very same pages (budget: at least 60 %);
 * - a sync round trip with one change (budget: 50 ms);
 * - pushing 10,000 edits.
 * Prints one JSON object per line, like rapport-bench.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bench-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bench-data.h"
#include "bench-load.h"
#include "bench-report.h"
#include "rapport-json.h"
#include "rapport-query.h"
#include "rapport-server-backend.h"
#include "rapport-store-children.h"
#include "rapport-store-sync.h"
#include "rapport-sync.h"
#include "rapport-sync-http.h"

#define PASSWORD "benchmark password"
#define PAGE 5000

static gboolean quick;
static double scale = 1.0;
static char *server_path;

#define REFERENCE_CONTACTS 100000

/* Writes the reference data straight into the server's storage, as an
 * import would: going through the API would measure the server, not sync. */
static guint
load_server (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportServerBackend) backend = rapport_server_backend_sqlite_open (path, &error);
  g_autoptr(BenchData) data = bench_data_new (BENCH_SEED);
  guint total = 0;

  g_assert_no_error (error);
  for (guint e = 0; e < bench_load_n_entities (TRUE); e++)
    {
      const char *entity = bench_load_entity (e);
      guint count = bench_load_count (e, MAX (1, REFERENCE_CONTACTS * scale), scale);

      for (guint done = 0; done < count; done += PAGE)
        {
          g_autoptr(GPtrArray) page = bench_data_make_page (data, entity, MIN (PAGE, count - done));

          g_assert_true (backend->vtable->begin (backend, &error));
          for (guint i = 0; i < page->len; i++)
            {
              JsonObject *record = g_ptr_array_index (page, i);
              g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), record);
              g_autofree char *text = json_to_string (node, FALSE);
              gint64 seq;

              g_assert_true (backend->vtable->put_record (backend, entity,
                                                          json_object_get_string_member (record, "id"),
                                                          json_object_get_int_member (record, "version"),
                                                          text, NULL, &seq, &error));
            }
          g_assert_true (backend->vtable->commit (backend, &error));
          total += page->len;
        }
    }
  return total;
}

static void
add_user (const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                              &error, server_path, "user", "add", "bench", "--role", "admin",
                              "--password-stdin", "--database", database, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, PASSWORD "\n", NULL, NULL, NULL, &error));
  g_assert_true (g_subprocess_get_successful (process));
}

static GSubprocess *
start_server (const char *database,
              char      **url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  GSubprocess *process;
  char *line;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, server_path, "serve", "--database", database,
                              "--address", "127.0.0.1", "--port", "0", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "Listening on "))
        {
          *url = g_strdup (line + strlen ("Listening on "));
          g_free (line);
          return process;
        }
      g_free (line);
    }
  g_error ("rapport-server did not start");
}

/* The pages a first sync reads, as bytes, to time json-glib alone on them. */
static GPtrArray *
download_pages (const char *url,
                const char *token)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *cursor = g_strdup ("0");
  gboolean more = TRUE;

  while (more)
    {
      g_autofree char *uri = g_strdup_printf ("%s/api/v1/changes?since=%s&limit=500", url, cursor);
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
      g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) answer = NULL;
      GBytes *bytes;

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    authorization);
      bytes = soup_session_send_and_read (session, message, NULL, &error);
      g_assert_no_error (error);
      answer = json_from_string (g_bytes_get_data (bytes, NULL), &error);
      g_assert_no_error (error);
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (json_node_get_object (answer), "cursor"));
      more = json_object_get_boolean_member (json_node_get_object (answer), "more");
      g_ptr_array_add (pages, bytes);
    }
  return pages;
}

static double
parse_rate (GPtrArray *pages,
            double    *cpu_s)
{
  gint64 start = g_get_monotonic_time ();
  double cpu_start = bench_cpu_s ();
  guint records = 0;

  for (guint i = 0; i < pages->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;
      gsize length;
      const char *text = g_bytes_get_data (g_ptr_array_index (pages, i), &length);

      g_assert_true (json_parser_load_from_data (parser, text, length, &error));
      records += json_array_get_length (
        json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "changes"));
    }
  *cpu_s = bench_cpu_s () - cpu_start;
  return records / (bench_elapsed_ms (start) / 1000.0);
}

static char *
first_contact (RapportStore *store,
               guint         position)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("contact");
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, query, NULL);
  g_autoptr(GPtrArray) rows = rapport_store_fetch (store, snapshot, position, 1, NULL);

  return g_strdup (json_object_get_string_member (g_ptr_array_index (rows, 0), "id"));
}

/* Saves offline a quote with @n_lines lines (or, for the baseline, as many
 * contacts and one more) and pushes it; returns the push's milliseconds. */
static double
push_family (RapportStore *store,
             RapportSync  *sync,
             guint         n_lines,
             gboolean      as_quote)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) edits = json_array_new ();
  g_autoptr(JsonObject) quote = json_object_new ();
  g_autoptr(JsonObject) saved = NULL;
  gint64 start;

  if (as_quote)
    {
      json_object_set_string_member (quote, "title", "Fit-out, 500 lines");
      json_object_set_string_member (quote, "currency", "CNY");
    }
  else
    json_object_set_string_member (quote, "first_name", "One more");
  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autofree char *name = g_strdup_printf ("Item %u", i);

      if (!as_quote)
        {
          json_object_set_string_member (fields, "first_name", name);
          json_object_unref (rapport_store_create (store, "contact", fields, &error));
          g_assert_no_error (error);
          continue;
        }
      json_object_set_string_member (fields, "description", name);
      json_object_set_int_member (fields, "qty_milli", 1000 + i);
      json_object_set_int_member (fields, "unit_price_x100", 123456 + i);
      json_object_set_int_member (fields, "tax_rate_ppm", 130000);
      {
        JsonObject *edit = json_object_new ();

        json_object_set_string_member (edit, "op", "create");
        json_object_set_string_member (edit, "entity", "quote_line");
        json_object_set_object_member (edit, "fields", g_steal_pointer (&fields));
        json_array_add_object_element (edits, edit);
      }
    }
  if (as_quote)
    saved = rapport_store_save_with_children (store, "quote", NULL, quote, edits, &error);
  else
    saved = rapport_store_create (store, "contact", quote, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  g_assert_true (rapport_sync_run (sync, NULL, &error));
  g_assert_cmpuint (rapport_store_count_pending (store), ==, 0);
  return bench_elapsed_ms (start);
}

static void
run (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rapport-bench-sync-XXXXXX", &error);
  g_autofree char *server_db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *client_db = g_build_filename (dir, "client.db", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportSync) sync = NULL;
  g_autoptr(JsonObject) me = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  BenchSeries round_trips;
  gint64 start;
  double load_s, download_s, parse, sync_rate, sync_s, edits_ms;
  double      parse_cpu_s, sync_cpu_s, server_cpu_s;
  guint n_records, n_edits;

  start = g_get_monotonic_time ();
  n_records = load_server (server_db);
  load_s = bench_elapsed_ms (start) / 1000.0;
  add_user (server_db);
  server = start_server (server_db, &url);

  store = rapport_store_open (client_db, &error);
  g_assert_no_error (error);
  sync = rapport_sync_new (store);
  me = rapport_sync_login (sync, url, "bench", PASSWORD, NULL, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  pages = download_pages (url, json_object_get_string_member (me, "token"));
  download_s = bench_elapsed_ms (start) / 1000.0;
  parse = parse_rate (pages, &parse_cpu_s);

  start = g_get_monotonic_time ();
  sync_cpu_s = bench_cpu_s ();
  server_cpu_s = bench_process_cpu_s (g_subprocess_get_identifier (server));
  g_assert_true (rapport_sync_run (sync, NULL, &error));
  sync_s = bench_elapsed_ms (start) / 1000.0;
  sync_cpu_s = bench_cpu_s () - sync_cpu_s;
  server_cpu_s = bench_process_cpu_s (g_subprocess_get_identifier (server)) - server_cpu_s;
  sync_rate = n_records / sync_s;
  bench_emit (&(BenchLine) { "server_load_s", "s", load_s, BENCH_NONE, BENCH_NONE,
                             "reference data written into the server's storage" });
  bench_emit (&(BenchLine) { "first_sync_rate", "records/s", sync_rate, parse, 0.6 * parse,
                             "pull of the reference data set; baseline: json-glib parsing the "
                             "same pages alone; budget: 60 % of it" });
  bench_emit (&(BenchLine) { "first_sync_s", "s", sync_s, BENCH_NONE, BENCH_NONE, NULL });
  /* CPU time does not depend on what else the machine runs: the figures
   * to compare on a busy one. */
  bench_emit (&(BenchLine){ "first_sync_cpu_s", "s", sync_cpu_s, parse_cpu_s, BENCH_NONE,
                            "CPU time of the client's threads during the first sync; baseline: "
                            "json-glib parsing the same pages" });
  bench_emit (&(BenchLine){ "first_sync_server_cpu_s", "s", server_cpu_s, BENCH_NONE, BENCH_NONE,
                            "CPU time of rapport-server during the first sync" });
  bench_emit (&(BenchLine) { "feed_download_rate", "records/s", n_records / download_s, BENCH_NONE,
                             BENCH_NONE, "the server producing the same pages, read without parsing" });

  /* One change, there and back. */
  bench_series_init (&round_trips);
  {
    g_autofree char *id = first_contact (store, 0);

    for (guint i = 0; i < (quick ? 10 : 50); i++)
      {
        g_autoptr(JsonObject) changes = json_object_new ();
        g_autoptr(JsonObject) updated = NULL;
        g_autofree char *title = g_strdup_printf ("Round trip %u", i);

        json_object_set_string_member (changes, "title", title);
        updated = rapport_store_update (store, "contact", id, changes, &error);
        g_assert_no_error (error);
        start = g_get_monotonic_time ();
        g_assert_true (rapport_sync_run (sync, NULL, &error));
        bench_series_add (&round_trips, bench_elapsed_ms (start), NULL);
      }
  }
  bench_emit (&(BenchLine) { "sync_round_trip_p50_ms", "ms",
                             bench_percentile (round_trips.ms, 50), BENCH_NONE, 50,
                             "one edited contact pushed and the feed pulled, loopback" });
  bench_emit (&(BenchLine) { "sync_round_trip_p95_ms", "ms",
                             bench_percentile (round_trips.ms, 95), BENCH_NONE, BENCH_NONE, NULL });
  bench_series_clear (&round_trips);

  /* 10,000 edits made offline, then pushed. */
  n_edits = quick ? 1000 : 10000;
  {
    g_autoptr(RapportQuery) query = rapport_query_new ("contact");
    g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, query, NULL);
    g_autoptr(GPtrArray) rows = rapport_store_fetch (store, snapshot, 0,
                                                     MIN (n_edits, rapport_snapshot_get_n_rows (snapshot)),
                                                     NULL);

    n_edits = rows->len;
    start = g_get_monotonic_time ();
    for (guint i = 0; i < rows->len; i++)
      {
        g_autoptr(JsonObject) changes = json_object_new ();
        g_autoptr(JsonObject) updated = NULL;

        json_object_set_string_member (changes, "source", "Trade fair 2027");
        updated = rapport_store_update (store, "contact",
                                        json_object_get_string_member (g_ptr_array_index (rows, i), "id"),
                                        changes, &error);
        g_assert_no_error (error);
      }
    edits_ms = bench_elapsed_ms (start);
  }
  start = g_get_monotonic_time ();
  g_assert_true (rapport_sync_run (sync, NULL, &error));
  g_assert_cmpuint (rapport_store_count_pending (store), ==, 0);
  sync_s = bench_elapsed_ms (start) / 1000.0;
  bench_emit (&(BenchLine) { "push_edits_rate", "ops/s", n_edits / sync_s, BENCH_NONE, BENCH_NONE,
                             "10,000 offline edits pushed (and echoed back by the pull)" });
  bench_emit (&(BenchLine) { "local_edits_rate", "edits/s", n_edits / (edits_ms / 1000.0),
                             BENCH_NONE, BENCH_NONE,
                             "the same edits saved locally, each its own durable commit" });

  /* A quote of 500 lines: the server totals it once, not once a line. */
  {
    double contacts_ms = push_family (store, sync, 500, FALSE);
    double quote_ms = push_family (store, sync, 500, TRUE);

    bench_emit (&(BenchLine){ "push_quote_500_lines_ms", "ms", quote_ms, contacts_ms,
                              BENCH_NONE,
                              "a quote saved offline with 500 lines, pushed and pulled back; "
                              "baseline: 501 new contacts the same way" });
  }

  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  g_clear_object (&sync);
  g_clear_object (&store);
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
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- sync benchmarks");
  g_autoptr(GError) error = NULL;
  g_autofree char *reference_path = NULL;
  /* clang-format off */
  GOptionEntry entries[] = {
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "A small run (a tenth of the data)", NULL },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, "Scale the reference data set", "S" },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server_path, "The rapport-server binary", "PATH" },
    { "write-reference", 0, 0, G_OPTION_ARG_FILENAME, &reference_path,
      "Only write the reference data set into a server database FILE (bench-server.sh migrates it)",
      "FILE" },
    { NULL }
  };
  /* clang-format on */

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || server_path == NULL)
    {
      g_printerr ("%s\n", error ? error->message : "--server PATH is required");
      return 2;
    }
  if (quick)
    scale = MIN (scale, 0.1);
  if (reference_path != NULL)
    {
      g_print ("%u\n", load_server (reference_path));
      return 0;
    }
  run ();
  return 0;
}
