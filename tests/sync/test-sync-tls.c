/* test-sync-tls.c: a self-signed server is refused unless trusted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-store-sync.h"
#include "sync-test-server.h"

/* A self-signed certificate for 127.0.0.1, made by openssl. */
static void
make_certificate (const char *dir,
                  const char *name,
                  char      **certificate,
                  char      **key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) openssl = NULL;
  g_autofree char *cert_name = g_strconcat (name, ".pem", NULL);
  g_autofree char *key_name = g_strconcat (name, ".key", NULL);

  *certificate = g_build_filename (dir, cert_name, NULL);
  *key = g_build_filename (dir, key_name, NULL);
  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-days", "2", "-subj", "/CN=127.0.0.1",
                              "-addext", "subjectAltName=IP:127.0.0.1",
                              "-keyout", *key, "-out", *certificate, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (openssl, NULL, &error));
  g_assert_no_error (error);
}

static void
test_self_signed (void)
{
  g_autoptr(TestServer) server = test_server_new ();
  g_autofree char *certificate = NULL, *key = NULL;
  g_autofree char *other_certificate = NULL, *other_key = NULL;
  g_autofree char *path = g_build_filename (server->dir, "client.db", NULL);
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportSync) sync = NULL;
  g_autoptr(GTlsCertificate) trusted = NULL;
  g_autoptr(GTlsCertificate) impostor = NULL;
  g_autoptr(JsonObject) me = NULL;
  g_autoptr(GError) error = NULL;

  make_certificate (server->dir, "server", &certificate, &key);
  make_certificate (server->dir, "other", &other_certificate, &other_key);
  test_server_add_user (server, "mei", "manager");
  test_server_start_tls (server, certificate, key);
  g_assert_true (g_str_has_prefix (server->url, "https://"));

  store = rapport_store_open (path, &error);
  g_assert_no_error (error);
  sync = rapport_sync_new (store);

  /* Not trusted: refused before a password is sent. */
  me = rapport_sync_login (sync, server->url, "mei", TEST_PASSWORD, NULL, &error);
  g_assert_null (me);
  g_assert_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_TLS);
  g_clear_error (&error);

  /* Trusting some other certificate changes nothing. */
  impostor = g_tls_certificate_new_from_file (other_certificate, &error);
  g_assert_no_error (error);
  rapport_sync_set_trusted_certificate (sync, impostor);
  me = rapport_sync_login (sync, server->url, "mei", TEST_PASSWORD, NULL, &error);
  g_assert_null (me);
  g_assert_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_TLS);
  g_clear_error (&error);

  /* The user trusts exactly this certificate: sign-in and sync work. */
  trusted = g_tls_certificate_new_from_file (certificate, &error);
  g_assert_no_error (error);
  rapport_sync_set_trusted_certificate (sync, trusted);
  me = rapport_sync_login (sync, server->url, "mei", TEST_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (me);
  g_assert_true (rapport_sync_run (sync, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/sync/tls/self-signed", test_self_signed);

  return g_test_run ();
}
