/* rapport-money.h: currencies, and amounts as the user's locale writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int       rapport_money_exponent  (const char *currency);
char     *rapport_money_format    (gint64      amount,
                                   const char *currency);
char     *rapport_money_format_number (gint64      amount,
                                       const char *currency);
gboolean  rapport_money_parse     (const char *text,
                                   const char *currency,
                                   gint64     *amount);
char     *rapport_money_format_price (gint64      price_x100,
                                      const char *currency);
char     *rapport_money_format_price_number (gint64      price_x100,
                                             const char *currency);
char     *rapport_money_format_decimal (gint64      value,
                                        int         decimals);
gboolean  rapport_money_parse_decimal  (const char *text,
                                        int         decimals,
                                        gint64     *value);
gboolean  rapport_money_parse_price (const char *text,
                                     const char *currency,
                                     gint64     *price_x100);

char               *rapport_money_locale_currency   (void);
const char * const *rapport_money_common_currencies (void);

G_END_DECLS
