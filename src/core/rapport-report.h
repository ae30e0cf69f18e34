/* rapport-report.h: sales reports computed from a SQLite database of records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

#define RAPPORT_REPORT_ERROR (rapport_report_error_quark ())

/**
 * RapportReportError:
 * @RAPPORT_REPORT_ERROR_UNKNOWN: no report of that name
 * @RAPPORT_REPORT_ERROR_PERIOD: a period that cannot be read
 * @RAPPORT_REPORT_ERROR_DATABASE: SQLite failed
 * @RAPPORT_REPORT_ERROR_NOT_FOUND: no record of that id
 */
typedef enum {
  RAPPORT_REPORT_ERROR_UNKNOWN,
  RAPPORT_REPORT_ERROR_PERIOD,
  RAPPORT_REPORT_ERROR_DATABASE,
  RAPPORT_REPORT_ERROR_NOT_FOUND,
} RapportReportError;

typedef enum {
  RAPPORT_REPORT_PIPELINE_BY_STAGE,
  RAPPORT_REPORT_PIPELINE_BY_OWNER,
  RAPPORT_REPORT_WIN_RATE,
  RAPPORT_REPORT_DEAL_SIZE,
  RAPPORT_REPORT_SALES_CYCLE,
  RAPPORT_REPORT_STAGE_VELOCITY,
  RAPPORT_REPORT_FUNNEL,
  RAPPORT_REPORT_SLIPPED,
  RAPPORT_REPORT_NEW_VS_CLOSED,
  RAPPORT_REPORT_CSAT,
  RAPPORT_REPORT_FORECAST,
  RAPPORT_REPORT_CAMPAIGN,
  RAPPORT_REPORT_RFM,
  RAPPORT_REPORT_RFM_SEGMENTS,
  RAPPORT_REPORT_RFM_MOVEMENT,
  RAPPORT_REPORT_N_KINDS,
} RapportReportKind;

typedef enum {
  RAPPORT_REPORT_TEXT,     /* a string */
  RAPPORT_REPORT_CODE,     /* a string code, shown as its label (rapport_report_code_label()) */
  RAPPORT_REPORT_COUNT,    /* an integer */
  RAPPORT_REPORT_MONEY,    /* minor units of the row's "currency" */
  RAPPORT_REPORT_PERCENT,  /* a double, 0–100, one decimal */
  RAPPORT_REPORT_DAYS,     /* a double, one decimal */
  RAPPORT_REPORT_SCORE,    /* a double, one decimal: an average of scores */
  RAPPORT_REPORT_RATIO,    /* a double, one decimal: how many times over ("2.5×") */
} RapportReportColumnKind;

typedef struct
{
  const char              *name;   /* "win_rate_count": the JSON member and CSV header */
  const char              *label;  /* N_(): what a person reads */
  RapportReportColumnKind  kind;
} RapportReportColumn;

/* What a report covers. Dates are YYYY-MM-DD; a period is [from, until). */
typedef struct
{
  char *from;         /* (nullable): no lower bound */
  char *until;        /* (nullable): no upper bound */
  char *pipeline_id;  /* (nullable): every pipeline */
  char *owner_id;     /* (nullable): everybody's */
  char *team_id;      /* (nullable): every team's: else only its members' deals */
  char *today;        /* (nullable): the day "now" is (tests); today in UTC */
  char *campaign_id;  /* (nullable): every campaign's (the campaign report) */
} RapportReportFilter;

typedef struct
{
  RapportReportKind          kind;
  const RapportReportColumn *columns;
  guint                      n_columns;
  GPtrArray                 *rows;      /* (element-type JsonObject): members named as columns */
} RapportReport;

GQuark              rapport_report_error_quark   (void);

const char         *rapport_report_kind_to_string (RapportReportKind    kind);
gboolean            rapport_report_kind_from_string (const char        *name,
                                                     RapportReportKind *kind,
                                                     GError           **error);
const char         *rapport_report_kind_label    (RapportReportKind    kind);
const char         *rapport_report_code_label    (const char          *code);

gboolean            rapport_report_period_parse  (const char          *text,
                                                  const char          *today,
                                                  char               **from,
                                                  char               **until,
                                                  GError             **error);
void                rapport_report_filter_clear  (RapportReportFilter *filter);

RapportReport      *rapport_report_run           (sqlite3                   *db,
                                                  RapportReportKind          kind,
                                                  const RapportReportFilter *filter,
                                                  GError                   **error);
void                rapport_report_free          (RapportReport       *report);
char               *rapport_report_to_json       (RapportReport       *report);
char               *rapport_report_row_to_json   (RapportReport       *report,
                                                  guint                row);
char               *rapport_report_to_csv        (RapportReport       *report);
char               *rapport_report_to_text       (RapportReport       *report);
char               *rapport_report_format_cell   (RapportReport       *report,
                                                  guint                row,
                                                  guint                column);
guint               rapport_report_column_index  (RapportReport       *report,
                                                  const char          *name);
char               *rapport_report_format_named_cell (RapportReport   *report,
                                                      guint            row,
                                                      const char      *name);

/* For a program that does not hold its records in the local store's
 * tables (the server): rapport-report-db.c. */
extern const char * const rapport_report_entities[];
sqlite3            *rapport_report_db_new        (GError             **error);
gboolean            rapport_report_db_add        (sqlite3             *db,
                                                  const RapportEntity *entity,
                                                  GPtrArray           *records,
                                                  GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportReport, rapport_report_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RapportReportFilter, rapport_report_filter_clear)

G_END_DECLS
