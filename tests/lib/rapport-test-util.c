/* rapport-test-util.c: what the core tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-test-util.h"

JsonObject *
rapport_test_parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

char *
rapport_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("rapport-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
rapport_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

RapportStore *
rapport_test_open_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "rapport.db", NULL);
  RapportStore *store = rapport_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* Closes *@store and removes the directory *@dir it was opened in, what
 * rapport_test_make_dir() and rapport_test_open_store() gave. */
void
rapport_test_close_store (RapportStore **store,
                          char         **dir)
{
  g_clear_object (store);
  rapport_test_remove_dir (*dir);
  g_clear_pointer (dir, g_free);
}

/* Creates a record from JSON made with printf, asserting it is valid, and
 * returns its id. */
char *
rapport_test_create (RapportStore *store,
                     const char   *entity,
                     const char   *format,
                     ...)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);

  fields = rapport_test_parse_object (json);
  record = rapport_store_create (store, entity, fields, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (record, "id"));
}

void
rapport_test_store_set_up (RapportTestStore *fixture,
                           gconstpointer     data)
{
  fixture->dir = rapport_test_make_dir ();
  fixture->store = rapport_test_open_store (fixture->dir);
}

void
rapport_test_store_tear_down (RapportTestStore *fixture,
                              gconstpointer     data)
{
  rapport_test_close_store (&fixture->store, &fixture->dir);
}

/**
 * rapport_test_forbid_blocking_if_asked:
 *
 * Under RAPPORT_FORBID_BLOCKING=1 (the app's tests), makes a blocking write
 * or an unbounded read on the main context a critical, as the app does.
 */
void
rapport_test_forbid_blocking_if_asked (void)
{
  if (g_strcmp0 (g_getenv ("RAPPORT_FORBID_BLOCKING"), "1") == 0)
    rapport_store_forbid_blocking_on_main_thread ();
}
