/* rapport-report-private.h: what the report computations share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-report.h"

G_BEGIN_DECLS

/* One report: its columns and the function that fills its rows. */
typedef struct
{
  const char                *name;    /* "win_rate" */
  const char                *label;   /* N_() */
  const RapportReportColumn *columns;
  guint                      n_columns;
  gboolean                 (*compute) (sqlite3                   *db,
                                       const RapportReportFilter *filter,
                                       GPtrArray                 *rows,
                                       GError                   **error);
} RapportReportClass;

extern const RapportReportClass rapport_report_classes[RAPPORT_REPORT_N_KINDS];

/* Keeps the deals (or quotas) of @column's user to the filter's team. */
#define RAPPORT_REPORT_TEAM_FILTER(column) \
  " AND (:team IS NULL OR " column " IN (SELECT m.user_id FROM team_members m" \
  " WHERE m.team_id = :team))"

sqlite3_stmt *rapport_report_prepare      (sqlite3                   *db,
                                           const char                *sql,
                                           const RapportReportFilter *filter,
                                           GError                   **error);
char         *rapport_report_months_before_today (const RapportReportFilter *filter,
                                                  guint                      months);
gboolean      rapport_report_step_error   (sqlite3                   *db,
                                           int                        rc,
                                           GError                   **error);
void          rapport_report_set_text     (JsonObject                *row,
                                           const char                *name,
                                           sqlite3_stmt              *stmt,
                                           int                        column);
void          rapport_report_set_int      (JsonObject                *row,
                                           const char                *name,
                                           sqlite3_stmt              *stmt,
                                           int                        column);
void          rapport_report_set_share    (JsonObject                *row,
                                           const char                *name,
                                           double                     part,
                                           double                     whole);
void          rapport_report_set_days     (JsonObject                *row,
                                           const char                *name,
                                           double                     days);
gint64        rapport_report_round        (double                     value);
double        rapport_report_median       (const double              *sorted,
                                           guint                      n);
double        rapport_report_percentile   (const double              *sorted,
                                           guint                      n,
                                           guint                      percent);
gboolean      rapport_report_csat         (sqlite3                   *db,
                                           const RapportReportFilter *filter,
                                           GPtrArray                 *rows,
                                           GError                   **error);
gboolean      rapport_report_forecast     (sqlite3                   *db,
                                           const RapportReportFilter *filter,
                                           GPtrArray                 *rows,
                                           GError                   **error);
gboolean      rapport_report_campaign     (sqlite3                   *db,
                                           const RapportReportFilter *filter,
                                           GPtrArray                 *rows,
                                           GError                   **error);
gboolean      rapport_report_rfm          (sqlite3                   *db,
                                           const RapportReportFilter *filter,
                                           GPtrArray                 *rows,
                                           GError                   **error);
gboolean      rapport_report_rfm_segments (sqlite3                   *db,
                                           const RapportReportFilter *filter,
                                           GPtrArray                 *rows,
                                           GError                   **error);
gboolean      rapport_report_rfm_movement (sqlite3                   *db,
                                           const RapportReportFilter *filter,
                                           GPtrArray                 *rows,
                                           GError                   **error);
double        rapport_report_mean         (const double              *values,
                                           guint                      n);

G_END_DECLS
