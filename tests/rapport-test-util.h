/* rapport-test-util.h: what the core tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "rapport-store.h"

G_BEGIN_DECLS

JsonObject   *rapport_test_parse_object (const char *json);
char         *rapport_test_make_dir     (void);
void          rapport_test_remove_dir   (const char *path);
RapportStore *rapport_test_open_store   (const char *dir);
void          rapport_test_close_store  (RapportStore **store,
                                         char         **dir);
char         *rapport_test_create       (RapportStore *store,
                                         const char   *entity,
                                         const char   *format,
                                         ...) G_GNUC_PRINTF (3, 4);

G_END_DECLS
