/* rapport-server-connections.c: the server's connections and their guards
 *
 * SoupServer reads whatever a client sends and waits for ever, and libsoup
 * 3.2 leaks the sockets its own listener accepts, so the server accepts
 * connections itself and guards them here:
 *
 * - Caps: at most max_connections in all and max_per_address from one
 *   address. A new connection over a cap takes the place of the oldest one
 *   that is only waiting for a request head (a slow or idle client); when
 *   every connection is busy it gets a short 503 and is closed at once.
 * - Heads: each request head is read here, strictly (rapport-server-head.c),
 *   within a deadline for the whole head (10 s, or the idle timeout if that
 *   is shorter), so one byte now and then keeps nothing open.
 * - Keep-alive: libsoup 3.2 closes every connection it did not accept
 *   through its own listener after one response (soup-server.c,
 *   request_finished(), keeps a connection only when the server has
 *   listeners). So libsoup gets one request at a time, on a stream that ends
 *   with that request (rapport-server-request-stream.c); when libsoup
 *   closes it, the next head is read here on the same connection.
 * - Writes: an answer must be read within the idle timeout plus its length
 *   at min_send_rate bytes a second, or the connection is dropped (the
 *   socket's own timeout only catches a client that reads nothing; the
 *   kernel's send buffer is bounded so that it cannot hide the rest); and
 *   while more than MAX_PENDING_BYTES of answers wait to be written, new
 *   requests get 503.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-connections"

#include "config.h"

#include <glib/gi18n.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "rapport-server-connections.h"
#include "rapport-server-error.h"
#include "rapport-server-head.h"
#include "rapport-server-refusal.h"
#include "rapport-server-request-stream.h"

#define MAX_HEAD_SECONDS 10
#define MAX_PENDING_BYTES ((gsize) 128 * 1024 * 1024)
#define REFUSED_DRAIN (256 * 1024)
/* The kernel's share of an answer (Linux doubles it): without a bound it
 * grows to megabytes, which a slow reader then holds past the deadline. */
#define SEND_BUFFER (256 * 1024)

struct _RapportServerConnections
{
  SoupServer      *soup;        /* (owned) */
  GTlsCertificate *certificate; /* (owned) (nullable) */
  guint            max_connections;
  guint            max_per_address;
  guint            idle_timeout;
  guint            head_timeout;
  guint            min_send_rate;
  GHashTable      *all;         /* (owned): Conn → itself, one reference each */
  GHashTable      *per_address; /* (owned): address text → count */
  struct _Conn    *handing;     /* (nullable): the one handed to libsoup now */
  gsize            pending;     /* bytes of answers being written */
  gulong           started_id;
  gulong           finished_id;
};

typedef enum
{
  CONN_HEAD, /* reading a request head */
  CONN_SOUP, /* libsoup has the request */
  CONN_CLOSED,
} ConnState;

typedef struct _Conn
{
  grefcount                 ref_count;
  RapportServerConnections *owner;       /* (nullable): NULL once closed */
  GIOStream                *stream;      /* (owned) */
  GSocket                  *socket;      /* (owned) */
  GSocketAddress           *local;       /* (owned) */
  GSocketAddress           *remote;      /* (owned) */
  char                     *address;     /* (owned) */
  ConnState                 state;
  GByteArray               *buffer;      /* (owned): read, not yet handed on */
  GCancellable             *cancellable; /* (owned) (nullable): the head read */
  GSource                  *timer;       /* (owned) (nullable): head or write deadline */
  gint64                    idle_since;
  gboolean                  keep_alive;
  gboolean                  finished;    /* libsoup answered the request in full */
  gsize                     pending;     /* this answer's share of owner->pending */
  guint8                    chunk[4096];
} Conn;

static void read_head (Conn *conn);

static Conn *
conn_ref (Conn *conn)
{
  g_ref_count_inc (&conn->ref_count);
  return conn;
}

static void
conn_unref (Conn *conn)
{
  if (!g_ref_count_dec (&conn->ref_count))
    return;
  g_assert (conn->owner == NULL && conn->timer == NULL);
  g_clear_object (&conn->stream);
  g_clear_object (&conn->socket);
  g_clear_object (&conn->local);
  g_clear_object (&conn->remote);
  g_clear_object (&conn->cancellable);
  g_clear_pointer (&conn->buffer, g_byte_array_unref);
  g_free (conn->address);
  g_free (conn);
}

static void
clear_timer (Conn *conn)
{
  if (conn->timer != NULL)
    g_source_destroy (conn->timer);
  g_clear_pointer (&conn->timer, g_source_unref);
}

static void
set_timer (Conn        *conn,
           guint        msec,
           GSourceFunc  func)
{
  clear_timer (conn);
  conn->timer = g_timeout_source_new (msec);
  g_source_set_callback (conn->timer, func, conn, NULL);
  g_source_attach (conn->timer, NULL);
}

static void
release_pending (Conn *conn)
{
  if (conn->owner != NULL)
    conn->owner->pending -= conn->pending;
  conn->pending = 0;
}

/* Takes @conn out of the tables, leaving its stream open. */
static void
detach (Conn *conn)
{
  RapportServerConnections *owner = conn->owner;
  guint count;

  if (owner == NULL)
    return;
  clear_timer (conn);
  if (conn->cancellable != NULL)
    g_cancellable_cancel (conn->cancellable);
  release_pending (conn);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (owner->per_address, conn->address));
  if (count <= 1)
    g_hash_table_remove (owner->per_address, conn->address);
  else
    g_hash_table_insert (owner->per_address, g_strdup (conn->address), GUINT_TO_POINTER (count - 1));
  conn->owner = NULL;
  conn->state = CONN_CLOSED;
  g_hash_table_remove (owner->all, conn); /* may drop the last reference */
}

static void
conn_close (Conn *conn)
{
  g_autoptr(GIOStream) stream = conn->stream != NULL ? g_object_ref (conn->stream) : NULL;

  conn_ref (conn);
  detach (conn);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
  conn_unref (conn);
}

/* Answers @error and closes; the refusal holds the stream until the answer
 * is out. */
static void
conn_refuse (Conn         *conn,
             const GError *error,
             const char   *retry_after)
{
  g_autoptr(GIOStream) stream = g_object_ref (conn->stream);

  g_printerr ("%s - - %u (%s)\n", conn->address, rapport_server_error_get_status (error),
              error->message);
  detach (conn);
  rapport_server_refuse (g_steal_pointer (&stream), error, retry_after, REFUSED_DRAIN);
}

static gboolean
head_deadline_cb (gpointer data)
{
  Conn *conn = data;

  g_clear_pointer (&conn->timer, g_source_unref);
  conn_close (conn);
  return G_SOURCE_REMOVE;
}

/* The client reads the answer too slowly: shutting the socket down under
 * libsoup makes its next write fail, and libsoup lets go of the request;
 * without lingering, the close then resets the connection, so the kernel
 * drops what it still holds for the client too. */
static gboolean
write_deadline_cb (gpointer data)
{
  Conn *conn = data;
  struct linger no_linger = { .l_onoff = 1, .l_linger = 0 };

  g_clear_pointer (&conn->timer, g_source_unref);
  g_printerr ("%s - - dropped (the answer was not read in time)\n", conn->address);
  conn->keep_alive = FALSE;
  setsockopt (g_socket_get_fd (conn->socket), SOL_SOCKET, SO_LINGER, &no_linger, sizeof no_linger);
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
next_request_cb (gpointer data)
{
  Conn *conn = data;

  if (conn->owner == NULL)
    return G_SOURCE_REMOVE;
  if (conn->keep_alive && conn->finished && !g_io_stream_is_closed (conn->stream))
    read_head (conn);
  else
    conn_close (conn);
  return G_SOURCE_REMOVE;
}

/* libsoup is done with the request: read the next one, later, outside
 * libsoup's own callback. */
static void
request_closed_cb (gpointer data,
                   gboolean consumed)
{
  Conn *conn = data;

  if (conn->owner == NULL)
    return;
  clear_timer (conn);
  release_pending (conn);
  if (!consumed)
    conn->keep_alive = FALSE;
  g_idle_add_full (G_PRIORITY_DEFAULT, next_request_cb, conn_ref (conn),
                   (GDestroyNotify) conn_unref);
}

static void
hand_over (Conn                    *conn,
           const RapportServerHead *head)
{
  RapportServerConnections *owner = conn->owner;
  g_autoptr(RapportServerRequestStream) stream = NULL;

  clear_timer (conn);
  conn->state = CONN_SOUP;
  conn->keep_alive = head->keep_alive;
  conn->finished = FALSE;
  stream = rapport_server_request_stream_new (conn->stream, conn->buffer,
                                              head->length + head->content_length,
                                              request_closed_cb, conn_ref (conn),
                                              (GDestroyNotify) conn_unref);
  /* libsoup starts the request at once: request_started_cb() finds the
   * connection here. */
  owner->handing = conn;
  soup_server_accept_iostream (owner->soup, G_IO_STREAM (stream), conn->local, conn->remote, NULL);
  owner->handing = NULL;
}

static void
got_head (Conn *conn)
{
  g_autoptr(GError) error = NULL;
  RapportServerHead head;

  switch (rapport_server_head_parse (conn->buffer, &head, &error))
    {
    case RAPPORT_SERVER_HEAD_INCOMPLETE:
      read_head (conn);
      break;
    case RAPPORT_SERVER_HEAD_BAD:
      conn_refuse (conn, error, NULL);
      break;
    case RAPPORT_SERVER_HEAD_COMPLETE:
      if (conn->owner->pending > MAX_PENDING_BYTES)
        {
          rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_UNAVAILABLE, NULL,
                                    _("The server is busy sending answers; try again shortly"));
          conn_refuse (conn, error, "2");
        }
      else
        hand_over (conn, &head);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
head_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Conn *conn = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (conn->owner != NULL)
    {
      if (n <= 0)
        conn_close (conn);
      else
        {
          g_byte_array_append (conn->buffer, conn->chunk, n);
          got_head (conn);
        }
    }
  conn_unref (conn);
}

/* Waits for (the rest of) a head; the deadline runs from the first wait. */
static void
read_head (Conn *conn)
{
  if (conn->state != CONN_HEAD)
    {
      conn->state = CONN_HEAD;
      conn->idle_since = g_get_monotonic_time ();
      set_timer (conn, conn->owner->head_timeout * 1000, head_deadline_cb);
      if (conn->buffer->len > 0)
        {
          /* A pipelined request is already here. */
          got_head (conn);
          return;
        }
    }
  g_clear_object (&conn->cancellable);
  conn->cancellable = g_cancellable_new ();
  g_input_stream_read_async (g_io_stream_get_input_stream (conn->stream), conn->chunk,
                             sizeof conn->chunk, G_PRIORITY_DEFAULT, conn->cancellable,
                             head_read_cb, conn_ref (conn));
}

/* Closes the connection that has waited longest for a head, of @address
 * or of any; FALSE if every one is busy. */
static gboolean
evict_idle (RapportServerConnections *self,
            const char               *address)
{
  GHashTableIter iter;
  Conn *conn;
  Conn *oldest = NULL;

  g_hash_table_iter_init (&iter, self->all);
  while (g_hash_table_iter_next (&iter, (gpointer *) &conn, NULL))
    if (conn->state == CONN_HEAD && (address == NULL || g_str_equal (conn->address, address)) &&
        (oldest == NULL || conn->idle_since < oldest->idle_since))
      oldest = conn;
  if (oldest == NULL)
    return FALSE;
  conn_close (oldest);
  return TRUE;
}

static char *
describe_address (GSocketAddress *address)
{
  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("-");
  return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

static void
refuse_connection (GSocketConnection *connection,
                   const char        *address,
                   const char        *message)
{
  g_autoptr(GError) error = NULL;

  rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_UNAVAILABLE, NULL, "%s", message);
  g_printerr ("%s - - 503 (%s)\n", address, message);
  rapport_server_refuse (g_object_ref (G_IO_STREAM (connection)), error, "5", REFUSED_DRAIN);
}

static Conn *
lookup_conn (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), "rapport-connection");
}

static void
wrote_headers_cb (SoupServerMessage *msg,
                  gpointer           user_data)
{
  Conn *conn = lookup_conn (msg);

  if (conn == NULL || conn->owner == NULL)
    return;
  release_pending (conn);
  conn->pending = soup_server_message_get_response_body (msg)->length;
  conn->owner->pending += conn->pending;
  set_timer (conn, conn->owner->idle_timeout * 1000 +
                   (guint) MIN ((guint64) conn->pending * 1000 / conn->owner->min_send_rate, G_MAXUINT / 2),
             write_deadline_cb);
}

static void
message_finished_cb (SoupServerMessage *msg,
                     gpointer           user_data)
{
  Conn *conn = lookup_conn (msg);

  if (conn != NULL)
    release_pending (conn);
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  RapportServerConnections *self = user_data;
  Conn *conn = self->handing;

  if (conn == NULL)
    return;
  g_object_set_data_full (G_OBJECT (msg), "rapport-connection", conn_ref (conn),
                          (GDestroyNotify) conn_unref);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (wrote_headers_cb), NULL);
  g_signal_connect (msg, "finished", G_CALLBACK (message_finished_cb), NULL);
  if (!conn->keep_alive)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");
}

static void
request_finished_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  Conn *conn = lookup_conn (msg);

  if (conn != NULL)
    conn->finished = TRUE;
}

RapportServerConnections *
rapport_server_connections_new (SoupServer                 *soup,
                                const RapportServerOptions *options,
                                GTlsCertificate            *certificate)
{
  RapportServerConnections *self = g_new0 (RapportServerConnections, 1);

  self->soup = g_object_ref (soup);
  self->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  self->max_connections = options->max_connections;
  self->max_per_address = MIN (options->max_per_address, options->max_connections);
  self->idle_timeout = options->idle_timeout;
  self->head_timeout = MIN (MAX_HEAD_SECONDS, options->idle_timeout);
  self->min_send_rate = MAX (options->min_send_rate, 1);
  self->all = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) conn_unref, NULL);
  self->per_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->started_id = g_signal_connect (soup, "request-started", G_CALLBACK (request_started_cb), self);
  self->finished_id = g_signal_connect (soup, "request-finished", G_CALLBACK (request_finished_cb), self);
  return self;
}

void
rapport_server_connections_free (RapportServerConnections *self)
{
  GHashTableIter iter;
  Conn *conn;

  /* conn_close() takes each out of the table. */
  g_hash_table_iter_init (&iter, self->all);
  while (g_hash_table_iter_next (&iter, (gpointer *) &conn, NULL))
    {
      conn_close (conn);
      g_hash_table_iter_init (&iter, self->all);
    }
  g_signal_handler_disconnect (self->soup, self->started_id);
  g_signal_handler_disconnect (self->soup, self->finished_id);
  g_hash_table_unref (self->all);
  g_hash_table_unref (self->per_address);
  g_clear_object (&self->certificate);
  g_object_unref (self->soup);
  g_free (self);
}

guint
rapport_server_connections_count (RapportServerConnections *self)
{
  return g_hash_table_size (self->all);
}

void
rapport_server_connections_accept (RapportServerConnections *self,
                                   GSocketConnection        *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  g_autofree char *address = describe_address (remote);
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = NULL;
  Conn *conn;

  /* A client that vanished without a FIN times out on any read or write. */
  g_socket_set_timeout (socket, self->idle_timeout);
  g_socket_set_keepalive (socket, TRUE);
  g_socket_set_option (socket, SOL_SOCKET, SO_SNDBUF, SEND_BUFFER, NULL);
  /* libsoup writes an answer's head and body apart: on a kept-alive
   * connection Nagle would hold the body for the client's delayed ACK. */
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);

  if (GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, address)) >= self->max_per_address &&
      !evict_idle (self, address))
    {
      refuse_connection (connection, address,
                         _("Too many connections from your address; try again shortly"));
      return;
    }
  if (g_hash_table_size (self->all) >= self->max_connections && !evict_idle (self, NULL))
    {
      refuse_connection (connection, address,
                         _("The server has too many connections; try again shortly"));
      return;
    }

  if (self->certificate != NULL)
    {
      stream = g_tls_server_connection_new (G_IO_STREAM (connection), self->certificate, &error);
      if (stream == NULL)
        {
          g_printerr ("TLS: %s\n", error->message);
          return;
        }
    }
  else
    stream = g_object_ref (G_IO_STREAM (connection));

  conn = g_new0 (Conn, 1);
  g_ref_count_init (&conn->ref_count);
  conn->owner = self;
  conn->stream = g_steal_pointer (&stream);
  conn->socket = g_object_ref (socket);
  conn->local = g_socket_connection_get_local_address (connection, NULL);
  conn->remote = g_steal_pointer (&remote);
  conn->address = g_steal_pointer (&address);
  conn->state = CONN_CLOSED;
  conn->buffer = g_byte_array_new ();
  if (conn->local == NULL || conn->remote == NULL)
    {
      conn->owner = NULL;
      conn_unref (conn);
      return;
    }
  g_hash_table_add (self->all, conn);
  g_hash_table_insert (self->per_address, g_strdup (conn->address),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address,
                                                                                conn->address)) + 1));
  read_head (conn);
}
