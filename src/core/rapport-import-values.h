/* rapport-import-values.h: reading the values of imported cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The order of day and month in a column of dates. */
typedef enum {
  RAPPORT_DATE_ORDER_UNKNOWN,
  RAPPORT_DATE_ORDER_DMY,
  RAPPORT_DATE_ORDER_MDY,
} RapportDateOrder;

RapportDateOrder rapport_import_date_order   (const char * const *values);
char            *rapport_import_parse_date   (const char         *text,
                                              RapportDateOrder    order);
gboolean         rapport_import_parse_money  (const char         *text,
                                              int                 exponent,
                                              gint64             *minor);
gboolean         rapport_import_parse_bool   (const char         *text,
                                              gboolean           *value);
GStrv            rapport_import_split_multi  (const char         *text,
                                              gboolean           *primary);
char            *rapport_import_phone_key    (const char         *phone);
char            *rapport_import_email_key    (const char         *email);
char            *rapport_import_address_text (const char        **lines,
                                              const char         *code,
                                              const char         *city,
                                              const char         *region,
                                              const char         *country);

G_END_DECLS
