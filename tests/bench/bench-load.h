/* bench-load.h: the data sets of DESIGN.md, loaded as a first sync would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "rapport-store.h"

G_BEGIN_DECLS

typedef struct
{
  double generate_s;  /* making the records */
  double store_s;     /* rapport_store_write_synced() */
  double raw_s;       /* the same pages into plain tables */
  double parse_s;     /* json-glib parsing the same pages as JSON text */
  guint  n_records;
} BenchLoadStats;

guint       bench_load_n_entities (gboolean with_activities);
const char *bench_load_entity     (guint    index);
guint       bench_load_count      (guint    index,
                                   guint    contacts,
                                   double   scale);

gboolean bench_load (RapportStore   *store,
                     sqlite3        *raw,
                     guint           contacts,
                     double          scale,
                     gboolean        with_activities,
                     BenchLoadStats *stats,
                     GError        **error);

G_END_DECLS
