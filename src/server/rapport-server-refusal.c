/* rapport-server-refusal.c: a request answered by hand and its connection closed
 *
 * Used where libsoup cannot answer: a connection over the caps, a malformed
 * request head, a body refused before it is read. The answer is short and
 * says "Connection: close"; then the server stops sending (the client sees
 * the end at once) and reads what the client still sends for a moment, at
 * most @max_drain bytes, so that closing does not reset the connection
 * before the client has read the answer. Few refusals drain at once: beyond
 * that the connection is closed as soon as the answer is out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-refusal"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "rapport-json.h"
#include "rapport-server-error.h"
#include "rapport-server-refusal.h"
#include "rapport-server-request-stream.h"

#define DRAIN_MAX_USEC (1 * G_USEC_PER_SEC)
#define MAX_DRAINING 64

typedef struct
{
  GIOStream *stream;  /* (owned) */
  GBytes    *answer;  /* (owned) */
  gint64     deadline;
  gsize      drained;
  gsize      max_drain;
  gboolean   draining;
  guint8     buffer[16384];
} Refusal;

static guint n_draining;

static void
refusal_free (Refusal *refusal)
{
  if (refusal->draining)
    n_draining--;
  g_io_stream_close (refusal->stream, NULL, NULL);
  g_object_unref (refusal->stream);
  g_bytes_unref (refusal->answer);
  g_free (refusal);
}

static void
drained_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Refusal *refusal = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (refusal->drained += n) > refusal->max_drain ||
      g_get_monotonic_time () > refusal->deadline)
    {
      refusal_free (refusal);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (source), refusal->buffer, sizeof refusal->buffer,
                             G_PRIORITY_LOW, NULL, drained_cb, refusal);
}

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Refusal *refusal = user_data;
  GSocket *socket = rapport_server_stream_get_socket (refusal->stream);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL) ||
      refusal->max_drain == 0 || n_draining >= MAX_DRAINING || socket == NULL ||
      !g_socket_shutdown (socket, FALSE, TRUE, NULL))
    {
      refusal_free (refusal);
      return;
    }
  n_draining++;
  refusal->draining = TRUE;
  refusal->deadline = g_get_monotonic_time () + DRAIN_MAX_USEC;
  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream), refusal->buffer,
                             sizeof refusal->buffer, G_PRIORITY_LOW, NULL, drained_cb, refusal);
}

/* Returns: (transfer none) (nullable): the socket under @stream */
GSocket *
rapport_server_stream_get_socket (GIOStream *stream)
{
  g_autoptr(GIOStream) inner = NULL;

  if (RAPPORT_IS_SERVER_REQUEST_STREAM (stream))
    return rapport_server_stream_get_socket (rapport_server_request_stream_get_base (RAPPORT_SERVER_REQUEST_STREAM (stream)));
  if (G_IS_TLS_CONNECTION (stream))
    {
      /* The TLS connection keeps its base alive. */
      g_object_get (stream, "base-io-stream", &inner, NULL);
      return inner != NULL ? rapport_server_stream_get_socket (inner) : NULL;
    }
  if (G_IS_SOCKET_CONNECTION (stream))
    return g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));
  return NULL;
}

/**
 * rapport_server_refuse:
 * @stream: (transfer full): the connection
 * @error: the answer
 * @retry_after: (nullable): seconds, for a Retry-After header
 * @max_drain: bytes of the request read after the answer, at most
 *
 * Answers @error on @stream by hand and closes it.
 */
void
rapport_server_refuse (GIOStream    *stream,
                       const GError *error,
                       const char   *retry_after,
                       gsize         max_drain)
{
  g_autoptr(JsonObject) outer = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;
  GString *answer = g_string_new (NULL);
  guint status = rapport_server_error_get_status (error);
  Refusal *refusal;
  gsize length;

  json_object_set_member (outer, "error", rapport_server_error_to_json (error));
  node = json_node_init_object (json_node_alloc (), outer);
  body = rapport_json_to_string (node);
  g_string_append_printf (answer, "HTTP/1.1 %u %s\r\n"
                                  "Content-Type: application/json\r\n"
                                  "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                  "Connection: close\r\n",
                          status, soup_status_get_phrase (status), strlen (body));
  if (retry_after != NULL)
    g_string_append_printf (answer, "Retry-After: %s\r\n", retry_after);
  g_string_append_printf (answer, "\r\n%s", body);

  refusal = g_new0 (Refusal, 1);
  refusal->stream = stream;
  refusal->max_drain = max_drain;
  length = answer->len;
  refusal->answer = g_bytes_new_take (g_string_free (answer, FALSE), length);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (refusal->stream),
                                   g_bytes_get_data (refusal->answer, NULL), length,
                                   G_PRIORITY_DEFAULT, NULL, answered_cb, refusal);
}
