/* sync-test-server.c: a real rapport-server for the sync tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "rapport-query.h"
#include "sync-test-server.h"

static const char *
server_binary (void)
{
  const char *path = g_getenv ("RAPPORT_SERVER");

  g_assert_nonnull (path);
  return path;
}

/* Runs one statement on the cluster's own database with psql. */
static void
cluster_sql (const char *cluster,
             const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, "psql", cluster, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                              sql, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("psql %s: %s", sql, err);
}

/* @cluster's URL (postgresql://user@/db?host=…) with @name as its database. */
static char *
database_url (const char *cluster,
              const char *name)
{
  const char *authority = strstr (cluster, "://");
  const char *path, *query;

  g_assert_nonnull (authority);
  path = strchr (authority + 3, '/');
  g_assert_nonnull (path);
  query = strchr (path, '?');
  return g_strdup_printf ("%.*s/%s%s", (int) (path - cluster), cluster, name,
                          query != NULL ? query : "");
}

/* With RAPPORT_TEST_BACKEND=postgresql the server keeps its records in a
 * new database of the cluster at RAPPORT_TEST_POSTGRESQL, dropped at the end
 * (tests/server/pg-cluster.sh; the tests/if-postgresql.sh wrapper skips the
 * test without one). */
TestServer *
test_server_new (void)
{
  g_autoptr(GError) error = NULL;
  TestServer *server = g_new0 (TestServer, 1);
  const char *cluster = g_getenv ("RAPPORT_TEST_POSTGRESQL");

  server->dir = g_dir_make_tmp ("rapport-sync-XXXXXX", &error);
  g_assert_no_error (error);
  if (g_strcmp0 (g_getenv ("RAPPORT_TEST_BACKEND"), "postgresql") == 0)
    {
      g_autofree char *create = NULL;

      g_assert_nonnull (cluster);
      server->pg_name = g_strdup_printf ("rapport_test_%08x%08x", g_random_int (), g_random_int ());
      create = g_strdup_printf ("CREATE DATABASE %s", server->pg_name);
      cluster_sql (cluster, create);
      server->database = database_url (cluster, server->pg_name);
    }
  else
    server->database = g_build_filename (server->dir, "server.db", NULL);
  return server;
}

void
test_server_add_user (TestServer *server,
                      const char *name,
                      const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL, *err = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              server_binary (), "user", "add", name, "--role", role,
                              "--password-stdin", "--database", server->database, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, TEST_PASSWORD "\n", NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("user add %s failed: %s", name, err);
}

/* Starts the server on @port (0: a free one) and waits for its
 * "Listening on" line. */
static void
start_on_port (TestServer *server,
               const char *certificate,
               const char *key,
               guint       port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  const char *prefix = "Listening on ";

  g_assert_null (server->process);
  g_ptr_array_add (argv, (char *) server_binary ());
  g_ptr_array_add (argv, "serve");
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, server->database);
  g_ptr_array_add (argv, "--address");
  g_ptr_array_add (argv, "127.0.0.1");
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, port_text);
  if (certificate != NULL)
    {
      g_ptr_array_add (argv, "--tls-cert");
      g_ptr_array_add (argv, (char *) certificate);
      g_ptr_array_add (argv, "--tls-key");
      g_ptr_array_add (argv, (char *) key);
    }
  g_ptr_array_add (argv, NULL);
  server->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, prefix))
        break;
      g_clear_pointer (&line, g_free);
    }
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_free (server->url);
  server->url = g_strdup (line + strlen (prefix));
}

void
test_server_start_tls (TestServer *server,
                       const char *certificate,
                       const char *key)
{
  start_on_port (server, certificate, key, 0);
}

void
test_server_start (TestServer *server)
{
  test_server_start_tls (server, NULL, NULL);
}

/* A started server whose users mei and tom are managers: two people of
 * one team who may edit everything, for the tests that merge their work. */
TestServer *
test_server_new_managers (void)
{
  TestServer *server = test_server_new ();

  test_server_add_user (server, "mei", "manager");
  test_server_add_user (server, "tom", "manager");
  test_server_start (server);
  return server;
}

static void
end_process (TestServer *server,
             int         signal_number)
{
  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, signal_number);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

void
test_server_stop (TestServer *server)
{
  end_process (server, SIGTERM);
}

void
test_server_kill (TestServer *server)
{
  end_process (server, SIGKILL);
}

/* SIGKILL, then the same server again on the same port at once, as a
 * service manager restarts a crashed one. */
void
test_server_restart (TestServer *server)
{
  g_autoptr(GUri) uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *url = g_strdup (server->url);

  g_assert_nonnull (uri);
  test_server_kill (server);
  start_on_port (server, NULL, NULL, g_uri_get_port (uri));
  g_assert_cmpstr (server->url, ==, url);
}

void
test_server_free (TestServer *server)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  test_server_kill (server);
  dir = g_dir_open (server->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (server->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (server->dir);
  if (server->pg_name != NULL)
    {
      g_autofree char *drop = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", server->pg_name);

      cluster_sql (g_getenv ("RAPPORT_TEST_POSTGRESQL"), drop);
    }
  g_free (server->pg_name);
  g_free (server->dir);
  g_free (server->database);
  g_free (server->url);
  g_free (server);
}

TestClient *
test_client_new (TestServer *server,
                 const char *name,
                 const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) me = NULL;
  g_autofree char *file = g_strconcat (name, ".db", NULL);
  TestClient *client = g_new0 (TestClient, 1);

  client->path = g_build_filename (server->dir, file, NULL);
  client->store = rapport_store_open (client->path, &error);
  g_assert_no_error (error);
  client->sync = rapport_sync_new (client->store);
  g_object_set (client->sync, "retry-base-ms", 20, NULL);
  rapport_sync_set_timeout (client->sync, 5);

  me = rapport_sync_login (client->sync, server->url, user, TEST_PASSWORD, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (me, "name"), ==, user);
  return client;
}

void
test_client_free (TestClient *client)
{
  g_clear_object (&client->sync);
  g_clear_object (&client->store);
  g_free (client->path);
  g_free (client);
}

void
test_client_sync (TestClient *client)
{
  g_autoptr(GError) error = NULL;

  rapport_sync_run (client->sync, NULL, &error);
  g_assert_no_error (error);
}

void
test_client_point_at (TestClient *client,
                      TestServer *server)
{
  rapport_sync_set_server (client->sync, server->url);
}

JsonObject *
test_parse_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

char *
test_client_create (TestClient *client,
                    const char *entity,
                    const char *json)
{
  g_autoptr(JsonObject) fields = test_parse_object (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = rapport_store_create (client->store, entity, fields, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (record, "id"));
}

void
test_client_update (TestClient *client,
                    const char *entity,
                    const char *id,
                    const char *json)
{
  g_autoptr(JsonObject) changes = test_parse_object (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = rapport_store_update (client->store, entity, id, changes, &error);

  g_assert_no_error (error);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Every record of @entity as one JSON line each, sorted, so that replicas
 * can be compared as text. */
char *
test_client_dump (TestClient *client,
                  const char *entity)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity);
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  snapshot = rapport_store_snapshot (client->store, query, &error);
  g_assert_no_error (error);
  rows = rapport_store_fetch (client->store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot),
                              &error);
  g_assert_no_error (error);

  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), row);

      g_ptr_array_add (lines, json_to_string (node, FALSE));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}
