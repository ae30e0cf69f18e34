/* rapport-import-decode.h: the text of a file to import, whatever its encoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *rapport_import_decode               (const char  *data,
                                           gsize        length,
                                           const char  *encoding,
                                           char       **used_encoding,
                                           GError     **error);
const char *rapport_import_locale_encoding (void);
char *rapport_import_convert_value        (const char  *bytes,
                                           gssize       length,
                                           const char  *charset,
                                           const char  *fallback);

G_END_DECLS
