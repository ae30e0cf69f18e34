/* rapport-import.h: contacts, companies and deals from CSV and vCard files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rapport-import-layout.h"
#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_IMPORT_ERROR (rapport_import_error_quark ())

/* In the PRODID of the vCards Rapport writes: their UID is a Rapport id. */
#define RAPPORT_VCARD_PRODID_MARK "//Rapport//"

/**
 * RapportImportError:
 * @RAPPORT_IMPORT_ERROR_ENCODING: the file cannot be read in its (or the chosen) encoding
 * @RAPPORT_IMPORT_ERROR_FORMAT: the file is neither CSV nor vCard, or has no rows
 * @RAPPORT_IMPORT_ERROR_MAPPING: no column could be given a field
 * @RAPPORT_IMPORT_ERROR_NO_BATCH: no import has that batch id
 * @RAPPORT_IMPORT_ERROR_UNDONE: the batch was undone already
 *
 * An import the user stops fails with %G_IO_ERROR_CANCELLED, and what it
 * had written is undone.
 */
typedef enum {
  RAPPORT_IMPORT_ERROR_ENCODING,
  RAPPORT_IMPORT_ERROR_FORMAT,
  RAPPORT_IMPORT_ERROR_MAPPING,
  RAPPORT_IMPORT_ERROR_NO_BATCH,
  RAPPORT_IMPORT_ERROR_UNDONE,
} RapportImportError;

GQuark rapport_import_error_quark (void);

typedef enum {
  RAPPORT_IMPORT_MATCH_AUTO,      /* Rapport id, external id, then email */
  RAPPORT_IMPORT_MATCH_EMAIL,
  RAPPORT_IMPORT_MATCH_PHONE,
  RAPPORT_IMPORT_MATCH_EXTERNAL,
  RAPPORT_IMPORT_MATCH_NAME,      /* name and company */
} RapportImportMatch;

typedef enum {
  RAPPORT_IMPORT_CREATE_OR_UPDATE,
  RAPPORT_IMPORT_CREATE_ONLY,
  RAPPORT_IMPORT_UPDATE_ONLY,
  RAPPORT_IMPORT_SKIP_EXISTING,
} RapportImportPolicy;

typedef enum {
  RAPPORT_IMPORT_ACTION_CREATE,
  RAPPORT_IMPORT_ACTION_UPDATE,
  RAPPORT_IMPORT_ACTION_UNCHANGED,
  RAPPORT_IMPORT_ACTION_SKIP,
  RAPPORT_IMPORT_ACTION_ERROR,
} RapportImportAction;

typedef struct
{
  const char         *entity;    /* (nullable): what the rows are; else the layout says */
  const char         *encoding;  /* (nullable): else detected */
  const char         *currency;  /* (nullable): of amounts without one; else the locale's */
  RapportImportMatch  match;
  RapportImportPolicy policy;
  gboolean            dry_run;
  gboolean            report_rows; /* the report lists every row with its values */
  /* (nullable): the user's choice per CSV column, instead of the detected
   * layout's; used only when it has as many columns as the file */
  const RapportImportMapping *mapping;
  gboolean            map_later;   /* a CSV none of whose columns is known is read anyway,
                                    * for the user to map (the app) */
  /* (nullable) (element-type guint): lines the user left out when
   * reviewing the dry run's likely duplicates, GUINT_TO_POINTER (line) */
  GHashTable         *skip_lines;
} RapportImportOptions;

typedef struct
{
  guint    line;
  char    *column;   /* (nullable) */
  char    *reason;
  gboolean warning;  /* the row was imported without the value */
  gboolean lookalike; /* a dry run's: the row looks like another record or row */
} RapportImportProblem;

/* One record of the file, as values of the record type's fields. */
typedef struct
{
  guint       line;
  JsonObject *values;       /* (owned) */
  char       *id;           /* (nullable): a Rapport id the row names */
  char       *company;      /* (nullable): the contact's or deal's company, by name */
  char       *company_ref;  /* (nullable): ... by its external ref */
  char       *stage;        /* (nullable): a deal's stage, by name */
  gboolean    won;          /* a deal the file says was won */
  char       *photo_type;   /* (nullable): a vCard photo's media type */
  gsize       photo_size;
  GPtrArray  *problems;     /* (element-type RapportImportProblem): why it cannot be imported */
  GPtrArray  *warnings;     /* (element-type RapportImportProblem): what was left out of it */
} RapportImportRow;

typedef struct
{
  char                 *format;      /* "csv" or "vcard" */
  char                 *encoding;
  char                  delimiter;   /* CSV */
  const char           *entity;
  RapportImportMapping *mapping;     /* (nullable): CSV */
  GStrv                 header;      /* (nullable): CSV */
  GStrv                 sample;      /* (nullable): CSV, the first row's cells, to map by */
  GHashTable           *field_columns; /* (nullable): field → the column title it came from */
  GPtrArray            *rows;        /* (element-type RapportImportRow) */
} RapportImportSource;

typedef struct
{
  char      *batch_id;    /* (nullable): %NULL for a dry run */
  const char *entity;
  guint      counts[RAPPORT_IMPORT_ACTION_ERROR + 1];
  guint      companies_created;
  GPtrArray *problems;    /* (element-type RapportImportProblem) */
  GPtrArray *rows;        /* (element-type JsonObject): line, action, id, values */
} RapportImportReport;

/* One import, for a history of them. */
typedef struct
{
  char     *id;
  char     *created_at;  /* RFC 3339 UTC */
  char     *entity;
  char     *format;      /* (nullable): "csv" or "vcard" */
  char     *undone_at;   /* (nullable) */
  guint     n_records;   /* of @entity created or updated (not the companies made for them) */
} RapportImportBatch;

typedef struct
{
  guint      reverted;
  GPtrArray *edited;      /* (element-type utf8): "contact/ID title" of records left alone */
} RapportImportUndo;

RapportImportSource *rapport_import_source_read  (const char                 *path,
                                                  const RapportImportOptions *options,
                                                  GError                    **error);
RapportImportSource *rapport_import_source_parse (const char                 *data,
                                                  gsize                       length,
                                                  const char                 *name,
                                                  const RapportImportOptions *options,
                                                  GError                    **error);
void                 rapport_import_source_free  (RapportImportSource        *source);

typedef void (*RapportImportProgress) (guint    done,
                                       guint    total,
                                       gpointer user_data);

RapportImportReport *rapport_import_run          (RapportStore               *store,
                                                  RapportImportSource        *source,
                                                  const RapportImportOptions *options,
                                                  GCancellable               *cancellable,
                                                  RapportImportProgress       progress,
                                                  gpointer                    user_data,
                                                  GError                    **error);
void                 rapport_import_report_free  (RapportImportReport        *report);
RapportImportUndo   *rapport_import_undo         (RapportStore               *store,
                                                  const char                 *batch_id,
                                                  GError                    **error);
void                 rapport_import_undo_free    (RapportImportUndo          *undo);
GPtrArray           *rapport_import_list_batches (RapportStore               *store,
                                                  guint                       limit,
                                                  GError                    **error);
void                 rapport_import_batch_free   (RapportImportBatch         *batch);

const char          *rapport_import_action_name  (RapportImportAction         action);

/* (private) for the parts of the importer */
RapportImportRow    *rapport_import_row_new      (guint                       line);
void                 rapport_import_row_free     (RapportImportRow           *row);
void                 rapport_import_row_problem  (RapportImportRow           *row,
                                                  const char                 *column,
                                                  const char                 *format,
                                                  ...) G_GNUC_PRINTF (3, 4);
void                 rapport_import_row_warning  (RapportImportRow           *row,
                                                  const char                 *column,
                                                  const char                 *reason);
void                 rapport_import_problem_free (RapportImportProblem       *problem);
GPtrArray           *rapport_import_vcard_read   (const char                 *data,
                                                  gsize                       length,
                                                  const char                 *encoding,
                                                  GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportImportSource, rapport_import_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportImportReport, rapport_import_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportImportUndo, rapport_import_undo_free)

G_END_DECLS
