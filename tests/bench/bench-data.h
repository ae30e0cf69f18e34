/* bench-data.h: realistic, reproducible records for the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every run makes the same records, but for their ids. */
#define BENCH_SEED 20240601

typedef struct _BenchData BenchData;

BenchData *bench_data_new       (guint32     seed);
void       bench_data_free      (BenchData  *self);
GPtrArray *bench_data_make_page (BenchData  *self,
                                 const char *entity,
                                 guint       n_records);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchData, bench_data_free)

G_END_DECLS
