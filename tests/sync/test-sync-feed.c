/* test-sync-feed.c: the changes feed read ahead, with and without the
 * Rapport-Cursor header
 *
 * A small server in a thread of its own serves two pages. The reader must
 * hand over both, in order, whether the server promises each page's cursor
 * in its headers (the reader asks for the next page before this one is
 * parsed) or not (an older server: each page is parsed first); and a page
 * whose body says otherwise than its headers stops the feed with an error
 * instead of being stored under a cursor it does not have.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "rapport-store.h"
#include "rapport-sync-feed.h"
#include "rapport-sync-http.h"

typedef enum
{
  HEADERS_TRUE,   /* headers as the body says */
  HEADERS_NONE,   /* an older server */
  HEADERS_LYING,  /* a cursor the body does not have */
} HeaderMode;

typedef struct
{
  HeaderMode    mode;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  SoupServer   *server;
  char         *url;
  guint         requests;  /* atomic */
} TestServer;

static void
changes_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  TestServer *self = data;
  const char *since = query ? g_hash_table_lookup (query, "since") : NULL;
  gboolean first = g_strcmp0 (since, "0") == 0;
  const char *cursor = first ? "5" : "9";
  g_autofree char *body = g_strdup_printf ("{\"changes\":[{\"seq\":%s,\"entity\":\"contact\","
                                           "\"id\":\"page-%s\",\"deleted\":true}],"
                                           "\"cursor\":\"%s\",\"more\":%s}",
                                           cursor, first ? "one" : "two", cursor,
                                           first ? "true" : "false");
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  g_atomic_int_inc (&self->requests);
  if (self->mode != HEADERS_NONE)
    {
      soup_message_headers_replace (headers, "Rapport-Cursor",
                                    self->mode == HEADERS_LYING ? "7" : cursor);
      soup_message_headers_replace (headers, "Rapport-More", first ? "true" : "false");
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

static gpointer
serve (gpointer data)
{
  TestServer *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static TestServer *
test_server_new (HeaderMode mode)
{
  TestServer *self = g_new0 (TestServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;

  self->mode = mode;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, "/api/v1/changes", changes_cb, self, NULL);
  g_assert_true (soup_server_listen (self->server, address, 0, &error));
  g_assert_no_error (error);
  g_main_context_pop_thread_default (self->context);
  uris = soup_server_get_uris (self->server);
  self->url = g_uri_to_string_partial (uris->data, G_URI_HIDE_PASSWORD);
  if (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  self->thread = g_thread_new ("test-server", serve, self);
  return self;
}

static void
test_server_free (TestServer *self)
{
  g_main_loop_quit (self->loop);
  g_thread_join (self->thread);
  g_object_unref (self->server);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self->url);
  g_free (self);
}

/* The ids of the pages' changes as the feed hands them over, and the error
 * that ended it, if any. */
static char *
read_feed (HeaderMode mode,
           GError   **error)
{
  g_autofree char *dir = g_dir_make_tmp ("rapport-test-feed-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "client.db", NULL);
  g_autoptr(RapportStore) store = rapport_store_open (path, NULL);
  g_autoptr(RapportSync) sync = rapport_sync_new (store);
  g_autoptr(SoupSession) session = rapport_sync_http_session_new (10);
  g_autoptr(GString) ids = g_string_new (NULL);
  TestServer *server = test_server_new (mode);
  RapportSyncFeed *feed;
  JsonNode *page;

  rapport_sync_set_server (sync, server->url);
  rapport_sync_set_token (sync, "token");
  feed = rapport_sync_feed_start (sync, session, "0", 1, NULL);
  while ((page = rapport_sync_feed_next (sync, feed, error)) != NULL)
    {
      JsonArray *changes = json_object_get_array_member (json_node_get_object (page), "changes");

      for (guint i = 0; i < json_array_get_length (changes); i++)
        g_string_append_printf (ids, "%s%s", ids->len ? "," : "",
                                json_object_get_string_member (
                                  json_array_get_object_element (changes, i), "id"));
      rapport_sync_feed_done (feed, page);
    }
  rapport_sync_feed_stop (feed);
  g_assert_cmpuint (g_atomic_int_get (&server->requests), <=, 2);
  test_server_free (server);

  g_clear_object (&sync);
  g_clear_object (&store);
  for (const char *suffix = ""; suffix != NULL; suffix = *suffix ? NULL : "-wal")
    {
      g_autofree char *file = g_strconcat (path, suffix, NULL);

      g_remove (file);
    }
  {
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (shm);
  }
  g_rmdir (dir);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static void
test_with_headers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = read_feed (HEADERS_TRUE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ids, ==, "page-one,page-two");
}

static void
test_older_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = read_feed (HEADERS_NONE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ids, ==, "page-one,page-two");
}

static void
test_lying_headers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = read_feed (HEADERS_LYING, &error);

  /* Not a page under a cursor it does not have: the feed stops there. */
  g_assert_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL);
  g_assert_cmpstr (ids, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rapport/sync/feed/read-ahead-with-cursor-header", test_with_headers);
  g_test_add_func ("/rapport/sync/feed/older-server-without-header", test_older_server);
  g_test_add_func ("/rapport/sync/feed/header-and-body-disagree", test_lying_headers);
  return g_test_run ();
}
