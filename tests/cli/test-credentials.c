/* test-credentials.c: the sign-in token where no keyring is available
 *
 * The keyring itself is not tested here (the test machines have none); what
 * is tested is that without one the token lands in a file only the user can
 * read, is found again, and is forgotten.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "rapport-credentials.h"

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static char *
token_dir (void)
{
  g_autofree char *file = rapport_credentials_get_file ();

  return g_path_get_dirname (file);
}

static void
assert_token (const char *server,
              const char *user,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  RapportCredentialsPlace place;

  token = rapport_credentials_lookup (server, user, &place, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, expected);
  g_assert_cmpint (place, ==, expected ? RAPPORT_CREDENTIALS_PLACE_FILE
                                       : RAPPORT_CREDENTIALS_PLACE_NONE);
}

static void
save (const char *server,
      const char *user,
      const char *token)
{
  g_autoptr(GError) error = NULL;
  RapportCredentialsPlace place = RAPPORT_CREDENTIALS_PLACE_NONE;

  g_assert_true (rapport_credentials_save (server, user, token, &place, &error));
  g_assert_no_error (error);
  g_assert_cmpint (place, ==, RAPPORT_CREDENTIALS_PLACE_FILE);
}

static void
test_file_private (void)
{
  g_autofree char *file = rapport_credentials_get_file ();
  g_autofree char *dir = token_dir ();
  g_autofree char *contents = NULL;

  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  save ("https://crm.example.com", "anna", "tok-1");

  g_assert_true (g_str_has_prefix (file, g_get_user_config_dir ()));
  g_assert_cmpuint (file_mode (file), ==, 0600);
  g_assert_cmpuint (file_mode (dir), ==, 0700);
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "tok-1"));

  assert_token ("https://crm.example.com", "anna", "tok-1");
}

static void
test_file_several (void)
{
  g_autoptr(GError) error = NULL;

  save ("https://crm.example.com", "anna", "tok-anna");
  save ("https://crm.example.com", "王芳", "tok-wang");
  save ("http://127.0.0.1:8080", "anna", "tok-local");
  save ("https://crm.example.com", "anna", "tok-anna-2");

  assert_token ("https://crm.example.com", "anna", "tok-anna-2");
  assert_token ("https://crm.example.com", "王芳", "tok-wang");
  assert_token ("http://127.0.0.1:8080", "anna", "tok-local");
  assert_token ("https://crm.example.com", "bob", NULL);

  g_assert_true (rapport_credentials_forget ("https://crm.example.com", "anna", &error));
  g_assert_no_error (error);
  assert_token ("https://crm.example.com", "anna", NULL);
  assert_token ("https://crm.example.com", "王芳", "tok-wang");
  assert_token ("http://127.0.0.1:8080", "anna", "tok-local");

  /* Forgetting what is not kept is not an error. */
  g_assert_true (rapport_credentials_forget ("https://crm.example.com", "anna", &error));
  g_assert_no_error (error);
}

static void
test_file_tightened (void)
{
  g_autofree char *file = rapport_credentials_get_file ();
  g_autofree char *dir = token_dir ();

  /* Left readable by someone or something else: saving makes it private. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents_full (file, "{\"tokens\": []}", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0644, NULL));
  save ("https://crm.example.com", "anna", "tok-1");

  g_assert_cmpuint (file_mode (file), ==, 0600);
  g_assert_cmpuint (file_mode (dir), ==, 0700);
  assert_token ("https://crm.example.com", "anna", "tok-1");
}

static void
test_file_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = rapport_credentials_get_file ();
  g_autofree char *dir = token_dir ();
  g_autofree char *token = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "[[[not json", -1, NULL));

  token = rapport_credentials_lookup ("https://crm.example.com", "anna", NULL, &error);
  g_assert_error (error, RAPPORT_CREDENTIALS_ERROR, RAPPORT_CREDENTIALS_ERROR_DAMAGED);
  g_assert_null (token);

  /* Signing in again repairs it. */
  save ("https://crm.example.com", "anna", "tok-new");
  assert_token ("https://crm.example.com", "anna", "tok-new");
  g_assert_cmpuint (file_mode (file), ==, 0600);
}

static void
test_no_session_bus (void)
{
  g_autofree char *saved_bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

  /* Without RAPPORT_NO_KEYRING, the missing session bus alone must send the
   * token to the file, at once. */
  g_unsetenv ("RAPPORT_NO_KEYRING");
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");

  save ("https://crm.example.com", "anna", "tok-nobus");
  assert_token ("https://crm.example.com", "anna", "tok-nobus");

  g_setenv ("RAPPORT_NO_KEYRING", "1", TRUE);
  if (saved_bus != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved_bus, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  /* Each test gets its own empty XDG_CONFIG_HOME. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("RAPPORT_NO_KEYRING", "1", TRUE);

  g_test_add_func ("/rapport/credentials/file/private", test_file_private);
  g_test_add_func ("/rapport/credentials/file/several", test_file_several);
  g_test_add_func ("/rapport/credentials/file/tightened", test_file_tightened);
  g_test_add_func ("/rapport/credentials/file/damaged", test_file_damaged);
  g_test_add_func ("/rapport/credentials/no-session-bus", test_no_session_bus);

  return g_test_run ();
}
