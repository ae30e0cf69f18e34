/* bench-report.c: timing samples and the JSON lines the benchmark prints
 *
 * One JSON object per line on stdout, so that a script (or CI) can compare
 * runs and machines; progress goes to stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench-report.h"

double
bench_elapsed_ms (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

/* CPU seconds (user and system) this process spent so far, all threads. */
double
bench_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* The same for another process of ours, from /proc; 0 if it cannot be read. */
double
bench_process_cpu_s (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (end = strrchr (text, ')')) == NULL)
    return 0;
  /* After the name: state, then utime and stime as the 12th and 13th. */
  fields = g_strsplit (end + 2, " ", 14);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

void
bench_series_init (BenchSeries *series)
{
  series->ms = g_array_new (FALSE, FALSE, sizeof (double));
  series->worst = -1;
  series->worst_text = NULL;
}

void
bench_series_clear (BenchSeries *series)
{
  g_array_unref (series->ms);
  g_free (series->worst_text);
}

void
bench_series_add (BenchSeries *series,
                  double       ms,
                  const char  *text)
{
  g_array_append_val (series->ms, ms);
  if (ms > series->worst)
    {
      series->worst = ms;
      g_free (series->worst_text);
      series->worst_text = g_strdup (text);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/**
 * bench_percentile:
 * @samples: (element-type double): sorted in place
 * @percent: 50 for the median
 *
 * Returns: the percentile, interpolated between the two nearest samples
 */
double
bench_percentile (GArray *samples,
                  double  percent)
{
  double position, fraction;
  guint below;

  g_return_val_if_fail (samples->len > 0, 0);

  g_array_sort (samples, compare_doubles);
  position = percent / 100.0 * (samples->len - 1);
  below = (guint) position;
  fraction = position - below;
  if (below + 1 >= samples->len)
    return g_array_index (samples, double, samples->len - 1);
  return g_array_index (samples, double, below) * (1 - fraction) +
         g_array_index (samples, double, below + 1) * fraction;
}

static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  /* Three decimals are below what these timings can tell apart. */
  g_ascii_formatd (buffer, sizeof buffer, "%.3f", value);
  end = buffer + strlen (buffer) - 1;
  while (*end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  g_string_append (out, buffer);
}

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
bench_emit (const BenchLine *line)
{
  g_autoptr(GString) out = g_string_new ("{\"bench\": ");

  append_string (out, line->bench);
  g_string_append (out, ", \"value\": ");
  append_number (out, line->value);
  g_string_append (out, ", \"unit\": ");
  append_string (out, line->unit);
  g_string_append (out, ", \"baseline\": ");
  if (line->baseline == BENCH_NONE)
    g_string_append (out, "null");
  else
    append_number (out, line->baseline);
  if (line->budget != BENCH_NONE)
    {
      g_string_append (out, ", \"budget\": ");
      append_number (out, line->budget);
    }
  if (line->note != NULL)
    {
      g_string_append (out, ", \"note\": ");
      append_string (out, line->note);
    }
  g_string_append (out, "}\n");

  fputs (out->str, stdout);
  fflush (stdout);
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING &&
         *json_node_get_string (node) != '\0';
}

static gboolean
check_line (const char *line,
            GHashTable *seen)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonNode *baseline;

  if (!json_parser_load_from_data (parser, line, -1, &error))
    {
      g_printerr ("Not JSON (%s): %s\n", error->message, line);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_printerr ("Not a JSON object: %s\n", line);
      return FALSE;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  baseline = json_object_get_member (object, "baseline");
  if (!is_string (json_object_get_member (object, "bench")) ||
      !is_number (json_object_get_member (object, "value")) ||
      !is_string (json_object_get_member (object, "unit")) ||
      baseline == NULL || !(JSON_NODE_HOLDS_NULL (baseline) || is_number (baseline)) ||
      (json_object_has_member (object, "budget") &&
       !is_number (json_object_get_member (object, "budget"))))
    {
      g_printerr ("Missing or mistyped bench, value, unit, baseline or budget: %s\n", line);
      return FALSE;
    }

  g_hash_table_add (seen, g_strdup (json_object_get_string_member (object, "bench")));
  return TRUE;
}

/* %TRUE if every line of @output is a well-formed figure and none of
 * @required is missing. */
static gboolean
check_output (const char         *output,
              const char * const *required)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean ok = TRUE;

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0' && !check_line (lines[i], seen))
      ok = FALSE;

  for (guint i = 0; required[i] != NULL; i++)
    if (!g_hash_table_contains (seen, required[i]))
      {
        g_printerr ("The figure “%s” is missing\n", required[i]);
        ok = FALSE;
      }
  return ok;
}

/**
 * bench_check_run:
 * @args: the benchmark's command line, with --check
 * @required: (array zero-terminated=1): bench names that must be printed
 *
 * Runs the benchmark without --check in a child and checks what it printed,
 * so that a test notices when a figure goes missing or stops being JSON.
 *
 * Returns: the exit status for main()
 */
int
bench_check_run (char               **args,
                 const char * const  *required)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  int status;

  g_ptr_array_add (argv, (char *) "/proc/self/exe");
  for (guint i = 1; args[i] != NULL; i++)
    if (strcmp (args[i], "--check") != 0)
      g_ptr_array_add (argv, args[i]);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output,
                     NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("The benchmark failed: %s\n", error->message);
      return 1;
    }
  /* As it came: g_print() would turn UTF-8 notes into '?' in a C locale. */
  fputs (output, stdout);
  return check_output (output, required) ? 0 : 1;
}
