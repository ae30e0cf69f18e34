/* rapport-export.h: a list of records as CSV or vCard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-import.h"
#include "rapport-query.h"

G_BEGIN_DECLS

#define RAPPORT_EXPORT_ERROR (rapport_export_error_quark ())

/**
 * RapportExportError:
 * @RAPPORT_EXPORT_ERROR_NOT_CONTACTS: vCards are written of contacts only
 */
typedef enum {
  RAPPORT_EXPORT_ERROR_NOT_CONTACTS,
} RapportExportError;

GQuark rapport_export_error_quark (void);

typedef enum {
  RAPPORT_EXPORT_CSV,
  RAPPORT_EXPORT_VCARD3,
  RAPPORT_EXPORT_VCARD4,
} RapportExportFormat;

typedef struct
{
  RapportExportFormat format;
  gboolean            for_excel;  /* CSV: a byte order mark, the locale's delimiter and decimals */
} RapportExportOptions;

gboolean     rapport_export_write              (RapportStore               *store,
                                                RapportQuery               *query,
                                                const RapportExportOptions *options,
                                                GOutputStream              *out,
                                                GCancellable               *cancellable,
                                                RapportImportProgress       progress,
                                                gpointer                    user_data,
                                                guint                      *n_written,
                                                GError                    **error);
char         rapport_export_excel_delimiter    (void);
const char  *rapport_export_format_extension   (RapportExportFormat          format);

G_END_DECLS
