/* bench-load.c: the data sets of DESIGN.md, loaded as a first sync would
 *
 * Records go in through rapport_store_write_synced() in pages, like pulled
 * changes, in the order a first sync applies them, so that every reference
 * points at a record made before it. Like the app's first sync, a load into
 * an empty database defers its indexes and builds them at the end
 * (rapport_store_begin_bulk_load()); building them counts as storing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include <string.h>

#include "bench-baseline.h"
#include "bench-data.h"
#include "bench-load.h"
#include "bench-report.h"
#include "rapport-store-bulk.h"

#define PAGE_SIZE 5000  /* records per write_synced call, as a sync page */

typedef struct
{
  const char *entity;
  guint       count;   /* in the reference data of DESIGN.md */
  gboolean    scaled;  /* FALSE for the handful of users, pipelines and stages */
} Load;

/* Activities come last so that a data set without them is a prefix. */
static const Load loads[] = {
  { "user", 8, FALSE },
  { "company", 20000, TRUE },
  { "contact", 100000, TRUE },
  { "pipeline", 2, FALSE },
  { "stage", 12, FALSE },
  { "deal", 50000, TRUE },
  { "case", 30000, TRUE },
  { "activity", 300000, TRUE },
};

/* What a first sync spends at least on each page before storing it:
 * json-glib parsing it from text. */
static gboolean
time_parse (GPtrArray *page,
            double    *parse_s,
            GError   **error)
{
  g_autoptr(JsonArray) array = json_array_sized_new (page->len);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  gint64 start;

  for (guint i = 0; i < page->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (page, i)));
  node = json_node_init_array (json_node_alloc (), array);
  text = json_to_string (node, FALSE);

  start = g_get_monotonic_time ();
  if (!json_parser_load_from_data (parser, text, -1, error))
    return FALSE;
  *parse_s += bench_elapsed_ms (start) / 1000;
  return TRUE;
}

static guint
load_count (const Load *load,
            guint       contacts,
            double      scale)
{
  if (strcmp (load->entity, "contact") == 0)
    return contacts;
  if (!load->scaled)
    return load->count;
  return MAX (1, (guint) (load->count * scale));
}

/* The plan of a data set, for loaders other than bench_load(): record
 * types in the order they must be made, and how many of each. */
guint
bench_load_n_entities (gboolean with_activities)
{
  return G_N_ELEMENTS (loads) - (with_activities ? 0 : 1);
}

const char *
bench_load_entity (guint index)
{
  return loads[index].entity;
}

guint
bench_load_count (guint  index,
                  guint  contacts,
                  double scale)
{
  return load_count (&loads[index], contacts, scale);
}

/**
 * bench_load:
 * @raw: (nullable): a database that gets the same pages in plain tables;
 *   with it, the pages are also parsed from JSON text for the baseline
 * @contacts: how many contacts
 * @scale: the other records' counts relative to the reference data
 * @with_activities: whether to make activities too
 * @stats: (inout): adds the times and record count of this load
 *
 * Makes the records page by page and writes each page as a first sync
 * would, and into @raw for the baseline.
 */
gboolean
bench_load (RapportStore   *store,
            sqlite3        *raw,
            guint           contacts,
            double          scale,
            gboolean        with_activities,
            BenchLoadStats *stats,
            GError        **error)
{
  g_autoptr(BenchData) data = bench_data_new (BENCH_SEED);
  guint n_loads = G_N_ELEMENTS (loads) - (with_activities ? 0 : 1);
  gint64 bulk_start = g_get_monotonic_time ();

  if (!rapport_store_begin_bulk_load (store, error) && error != NULL && *error != NULL)
    return FALSE;
  stats->store_s += bench_elapsed_ms (bulk_start) / 1000;

  for (guint i = 0; i < n_loads; i++)
    {
      guint count = load_count (&loads[i], contacts, scale);
      const RapportEntity *entity = rapport_entity_lookup (loads[i].entity);

      g_printerr ("# %u %s records\n", count, loads[i].entity);
      for (guint done = 0; done < count; done += PAGE_SIZE)
        {
          g_autoptr(GPtrArray) page = NULL;
          gint64 start = g_get_monotonic_time ();

          page = bench_data_make_page (data, loads[i].entity, MIN (PAGE_SIZE, count - done));
          stats->generate_s += bench_elapsed_ms (start) / 1000;

          start = g_get_monotonic_time ();
          if (!rapport_store_write_synced (store, loads[i].entity, page, error))
            return FALSE;
          stats->store_s += bench_elapsed_ms (start) / 1000;

          start = g_get_monotonic_time ();
          if (raw != NULL && !bench_raw_insert_page (raw, entity, page, error))
            return FALSE;
          stats->raw_s += bench_elapsed_ms (start) / 1000;
          if (raw != NULL && !time_parse (page, &stats->parse_s, error))
            return FALSE;
          stats->n_records += page->len;
        }
    }

  bulk_start = g_get_monotonic_time ();
  if (!rapport_store_finish_bulk_load (store, error))
    return FALSE;
  stats->store_s += bench_elapsed_ms (bulk_start) / 1000;
  return TRUE;
}
