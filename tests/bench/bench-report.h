/* bench-report.h: timing samples and the JSON lines the benchmark prints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A baseline or budget that does not apply: printed as null or left out. */
#define BENCH_NONE (-1.0)

typedef struct
{
  const char *bench;
  const char *unit;
  double      value;
  double      baseline;  /* BENCH_NONE for null */
  double      budget;    /* BENCH_NONE to leave it out */
  const char *note;      /* (nullable) */
} BenchLine;

/* Timings of one kind, and which input was the slowest. */
typedef struct
{
  GArray *ms;          /* (owned) (element-type double) */
  double  worst;
  char   *worst_text;  /* (owned) (nullable) */
} BenchSeries;

void     bench_series_init    (BenchSeries *series);
void     bench_series_clear   (BenchSeries *series);
void     bench_series_add     (BenchSeries *series,
                               double       ms,
                               const char  *text);

double   bench_elapsed_ms     (gint64       start_us);
double   bench_cpu_s          (void);
double   bench_process_cpu_s  (const char  *pid);
double   bench_percentile     (GArray      *samples,
                               double       percent);
void     bench_emit           (const BenchLine *line);
int      bench_check_run      (char       **args,
                               const char * const *required);

G_END_DECLS
