/* rapport-dates.h: dates and times as the user's locale writes and types them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char      *rapport_dates_date_format   (void);
char      *rapport_dates_format_day    (int         year,
                                        int         month,
                                        int         day);
char      *rapport_dates_format_local  (GDateTime  *time);
char      *rapport_dates_parse_date    (const char *text);
GDateTime *rapport_dates_parse_local   (const char *text);
char      *rapport_dates_example       (gboolean    with_time);

G_END_DECLS
