/* fault-server.c: an HTTP peer that misbehaves on purpose
 *
 * The real server cannot be made to send garbage, so the fault tests talk to
 * this one: a plain socket service in its own thread that reads a request
 * and answers it in the chosen wrong way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fault-server.h"

#define HUGE_BODY (70 * 1024 * 1024)

struct _FaultServer
{
  FaultMode         mode;
  GSocketService   *service;
  GMainContext     *context;
  GMainLoop        *loop;
  GThread          *thread;
  char             *url;
  gint              requests;  /* atomic */
  GMutex            lock;
  GCond             ready;
  guint16           port;
};

static void
send_text (GOutputStream *out,
           const char    *status,
           const char    *extra_headers,
           const char    *body,
           gsize          declared_length)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %s\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                           "Connection: close\r\n%s\r\n",
                                           status, declared_length, extra_headers);

  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, body, strlen (body), NULL, NULL, NULL);
}

static void
send_huge (GOutputStream *out)
{
  g_autofree char *chunk = g_strnfill (65536, ' ');
  const char *head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Content-Length: 73400320\r\nConnection: close\r\n\r\n[";

  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  for (gsize sent = 1; sent < HUGE_BODY; sent += 65536)
    if (!g_output_stream_write_all (out, chunk, 65536, NULL, NULL, NULL))
      break;
}

static void
send_deep (GOutputStream *out)
{
  g_autoptr(GString) body = g_string_new (NULL);

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (body, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (body, ']');
  send_text (out, "200 OK", "", body->str, body->len);
}

/* Reads the request line and headers, and the body they announce. */
static void
read_request (GInputStream *in)
{
  g_autoptr(GString) head = g_string_new (NULL);
  char c;
  const char *length_header;
  gsize length = 0;

  while (!g_str_has_suffix (head->str, "\r\n\r\n") &&
         g_input_stream_read (in, &c, 1, NULL, NULL) == 1)
    g_string_append_c (head, c);

  length_header = strstr (head->str, "Content-Length: ");
  if (length_header == NULL)
    length_header = strstr (head->str, "content-length: ");
  if (length_header != NULL)
    length = g_ascii_strtoull (length_header + strlen ("Content-Length: "), NULL, 10);
  while (length > 0)
    {
      char buffer[4096];
      gssize n = g_input_stream_read (in, buffer, MIN (length, sizeof buffer), NULL, NULL);

      if (n <= 0)
        break;
      length -= n;
    }
}

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        FaultServer            *self)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  const char *error_json = "{\"error\": {\"code\": \"unavailable\", \"message\": \"try later\","
                           " \"field\": null}}";

  read_request (in);
  g_atomic_int_inc (&self->requests);

  switch (self->mode)
    {
    case FAULT_500:
      send_text (out, "500 Internal Server Error", "", error_json, strlen (error_json));
      break;
    case FAULT_503_RETRY_AFTER:
      send_text (out, "503 Service Unavailable", "Retry-After: 1\r\n", error_json,
                 strlen (error_json));
      break;
    case FAULT_429:
      send_text (out, "429 Too Many Requests", "Retry-After: 1\r\n", error_json,
                 strlen (error_json));
      break;
    case FAULT_GARBAGE:
      send_text (out, "200 OK", "", "<html>Gateway says hello</html>", 31);
      break;
    case FAULT_TRUNCATED_JSON:
      send_text (out, "200 OK", "", "{\"results\": [{\"op_id\": \"", 24);
      break;
    case FAULT_TRUNCATED_BODY:
      send_text (out, "200 OK", "", "{\"results\": [", 4096);
      break;
    case FAULT_HUGE:
      send_huge (out);
      break;
    case FAULT_DEEP:
      send_deep (out);
      break;
    case FAULT_REDIRECT:
      send_text (out, "302 Found", "Location: http://127.0.0.1:9/api/v1/push\r\n", "", 0);
      break;
    case FAULT_CLOSE:
      break;
    case FAULT_SILENT:
      /* Keep the connection open; the client must give up by itself. */
      g_usleep (3 * G_USEC_PER_SEC);
      break;
    default:
      g_assert_not_reached ();
    }
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* The client under test blocks its own thread, so the service accepts
 * connections from a main loop of its own. */
static gpointer
serve_thread (gpointer data)
{
  FaultServer *self = data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (self->context);
  self->service = g_threaded_socket_service_new (8);
  g_signal_connect (self->service, "run", G_CALLBACK (run_cb), self);

  g_mutex_lock (&self->lock);
  self->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (self->service), NULL,
                                                    &error);
  g_assert_no_error (error);
  g_socket_service_start (self->service);
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_clear_object (&self->service);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

FaultServer *
fault_server_new (FaultMode mode)
{
  FaultServer *self = g_new0 (FaultServer, 1);

  self->mode = mode;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_init (&self->lock);
  g_cond_init (&self->ready);

  g_mutex_lock (&self->lock);
  self->thread = g_thread_new ("fault-server", serve_thread, self);
  while (self->port == 0)
    g_cond_wait (&self->ready, &self->lock);
  g_mutex_unlock (&self->lock);

  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  return self;
}

const char *
fault_server_get_url (FaultServer *self)
{
  return self->url;
}

guint
fault_server_get_requests (FaultServer *self)
{
  return g_atomic_int_get (&self->requests);
}

void
fault_server_free (FaultServer *self)
{
  g_main_loop_quit (self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready);
  g_free (self->url);
  g_free (self);
}
