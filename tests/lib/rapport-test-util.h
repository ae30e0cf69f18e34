/* rapport-test-util.h: what the core tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "rapport-store.h"

G_BEGIN_DECLS

/* A store of its own in a directory of its own: a g_test_add () fixture. */
typedef struct
{
  char         *dir;
  RapportStore *store;
} RapportTestStore;

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
void          rapport_test_forbid_blocking_if_asked (void);
void          rapport_test_store_set_up    (RapportTestStore *fixture,
                                            gconstpointer     data);
void          rapport_test_store_tear_down (RapportTestStore *fixture,
                                            gconstpointer     data);

G_END_DECLS
