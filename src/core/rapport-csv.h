/* rapport-csv.h: reading CSV text (RFC 4180 and what spreadsheets write)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RapportCsvReader RapportCsvReader;

char              rapport_csv_sniff_delimiter (const char       *text);
RapportCsvReader *rapport_csv_reader_new      (const char       *text,
                                               char              delimiter);
void              rapport_csv_reader_free     (RapportCsvReader *reader);
GStrv             rapport_csv_reader_next     (RapportCsvReader *reader,
                                               guint            *line);

void              rapport_csv_append_cell     (GString          *out,
                                               const char       *text,
                                               char              delimiter,
                                               gboolean          first);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportCsvReader, rapport_csv_reader_free)

G_END_DECLS
