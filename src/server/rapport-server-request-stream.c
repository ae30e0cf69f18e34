/* rapport-server-request-stream.c: one request's view of a connection
 *
 * libsoup is handed one request at a time (see rapport-server-connections.c):
 * this stream first replays the bytes the server already read (the request
 * head and whatever followed it), then reads on from the connection, and
 * ends after exactly the request's length, so that libsoup never reads the
 * next request. Closing it leaves the connection open; its owner decides
 * whether another request follows. Writes go straight through.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-request-stream"

#include "config.h"

#include <string.h>

#include "rapport-server-request-stream.h"

/* What the stream and its two halves share; they may be freed in any
 * order, so it is reference-counted. */
typedef struct
{
  GIOStream                 *base;     /* (owned) */
  GByteArray                *buffered; /* (owned): read, not yet consumed */
  guint64                    remaining;
  RapportServerRequestClosed closed_cb;
  gpointer                   data;     /* (owned) by data_free */
  GDestroyNotify             data_free;
  gboolean                   closed;
} Shared;

static void
shared_clear (gpointer pointer)
{
  Shared *shared = pointer;

  g_clear_object (&shared->base);
  g_clear_pointer (&shared->buffered, g_byte_array_unref);
  if (shared->data_free != NULL)
    shared->data_free (shared->data);
}

static void
shared_release (Shared *shared)
{
  g_rc_box_release_full (shared, shared_clear);
}

/* How much of the request may be read now: at most @count bytes. */
static gsize
allowed (Shared *shared,
         gsize   count)
{
  return (gsize) MIN ((guint64) count, shared->remaining);
}

/* Takes what was already read from the front of the buffer. */
static gssize
take_buffered (Shared *shared,
               void   *buffer,
               gsize   count)
{
  gsize n = MIN (allowed (shared, count), shared->buffered->len);

  memcpy (buffer, shared->buffered->data, n);
  g_byte_array_remove_range (shared->buffered, 0, n);
  shared->remaining -= n;
  return n;
}

static gssize
account_read (Shared *shared,
              gssize  n)
{
  if (n > 0)
    shared->remaining -= n;
  return n;
}

/* Ready at once: the buffer has bytes, or the request is over (EOF). */
static gboolean
ready_now (Shared *shared)
{
  return shared->remaining == 0 || shared->buffered->len > 0;
}

/* The input half. */

#define REQUEST_TYPE_INPUT (request_input_get_type ())
G_DECLARE_FINAL_TYPE (RequestInput, request_input, REQUEST, INPUT, GInputStream)

struct _RequestInput
{
  GInputStream  parent_instance;
  Shared       *shared; /* (owned) */
};

static void request_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RequestInput, request_input, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      request_input_pollable_init))

static GInputStream *
base_input (Shared *shared)
{
  return g_io_stream_get_input_stream (shared->base);
}

static gssize
request_input_read (GInputStream  *stream,
                    void          *buffer,
                    gsize          count,
                    GCancellable  *cancellable,
                    GError       **error)
{
  Shared *shared = REQUEST_INPUT (stream)->shared;

  if (ready_now (shared))
    return take_buffered (shared, buffer, count);
  return account_read (shared, g_input_stream_read (base_input (shared), buffer,
                                                    allowed (shared, count), cancellable, error));
}

static gboolean
request_input_close (GInputStream  *stream,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return TRUE;
}

static gboolean
request_input_is_readable (GPollableInputStream *stream)
{
  Shared *shared = REQUEST_INPUT (stream)->shared;

  return ready_now (shared) ||
         g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (base_input (shared)));
}

static GSource *
request_input_create_source (GPollableInputStream *stream,
                             GCancellable         *cancellable)
{
  Shared *shared = REQUEST_INPUT (stream)->shared;
  g_autoptr(GSource) child = NULL;

  if (ready_now (shared))
    {
      GSource *source = g_pollable_source_new (G_OBJECT (stream));

      child = g_timeout_source_new (0);
      g_source_set_dummy_callback (child);
      g_source_add_child_source (source, child);
      return source;
    }
  child = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (base_input (shared)),
                                                 NULL);
  return g_pollable_source_new_full (stream, child, cancellable);
}

static gssize
request_input_read_nonblocking (GPollableInputStream  *stream,
                                void                  *buffer,
                                gsize                  count,
                                GError               **error)
{
  Shared *shared = REQUEST_INPUT (stream)->shared;

  if (ready_now (shared))
    return take_buffered (shared, buffer, count);
  return account_read (shared,
                       g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (base_input (shared)),
                                                                 buffer, allowed (shared, count),
                                                                 NULL, error));
}

static void
request_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->is_readable = request_input_is_readable;
  iface->create_source = request_input_create_source;
  iface->read_nonblocking = request_input_read_nonblocking;
}

static void
request_input_finalize (GObject *object)
{
  g_clear_pointer (&REQUEST_INPUT (object)->shared, shared_release);
  G_OBJECT_CLASS (request_input_parent_class)->finalize (object);
}

static void
request_input_class_init (RequestInputClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = request_input_finalize;
  G_INPUT_STREAM_CLASS (klass)->read_fn = request_input_read;
  G_INPUT_STREAM_CLASS (klass)->close_fn = request_input_close;
}

static void
request_input_init (RequestInput *self)
{
}

/* The output half. */

#define REQUEST_TYPE_OUTPUT (request_output_get_type ())
G_DECLARE_FINAL_TYPE (RequestOutput, request_output, REQUEST, OUTPUT, GOutputStream)

struct _RequestOutput
{
  GOutputStream  parent_instance;
  Shared        *shared; /* (owned) */
};

static void request_output_pollable_init (GPollableOutputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RequestOutput, request_output, G_TYPE_OUTPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_OUTPUT_STREAM,
                                                      request_output_pollable_init))

static GOutputStream *
base_output (Shared *shared)
{
  return g_io_stream_get_output_stream (shared->base);
}

static gssize
request_output_write (GOutputStream  *stream,
                      const void     *buffer,
                      gsize           count,
                      GCancellable   *cancellable,
                      GError        **error)
{
  Shared *shared = REQUEST_OUTPUT (stream)->shared;

  return g_output_stream_write (base_output (shared), buffer, count, cancellable, error);
}

static gboolean
request_output_flush (GOutputStream  *stream,
                      GCancellable   *cancellable,
                      GError        **error)
{
  return g_output_stream_flush (base_output (REQUEST_OUTPUT (stream)->shared), cancellable, error);
}

static gboolean
request_output_close (GOutputStream  *stream,
                      GCancellable   *cancellable,
                      GError        **error)
{
  return TRUE;
}

static gboolean
request_output_is_writable (GPollableOutputStream *stream)
{
  Shared *shared = REQUEST_OUTPUT (stream)->shared;

  return g_pollable_output_stream_is_writable (G_POLLABLE_OUTPUT_STREAM (base_output (shared)));
}

static GSource *
request_output_create_source (GPollableOutputStream *stream,
                              GCancellable          *cancellable)
{
  Shared *shared = REQUEST_OUTPUT (stream)->shared;
  g_autoptr(GSource) child =
    g_pollable_output_stream_create_source (G_POLLABLE_OUTPUT_STREAM (base_output (shared)), NULL);

  return g_pollable_source_new_full (stream, child, cancellable);
}

static gssize
request_output_write_nonblocking (GPollableOutputStream  *stream,
                                  const void             *buffer,
                                  gsize                   count,
                                  GError                **error)
{
  Shared *shared = REQUEST_OUTPUT (stream)->shared;

  return g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (base_output (shared)),
                                                     buffer, count, NULL, error);
}

static void
request_output_pollable_init (GPollableOutputStreamInterface *iface)
{
  iface->is_writable = request_output_is_writable;
  iface->create_source = request_output_create_source;
  iface->write_nonblocking = request_output_write_nonblocking;
}

static void
request_output_finalize (GObject *object)
{
  g_clear_pointer (&REQUEST_OUTPUT (object)->shared, shared_release);
  G_OBJECT_CLASS (request_output_parent_class)->finalize (object);
}

static void
request_output_class_init (RequestOutputClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = request_output_finalize;
  G_OUTPUT_STREAM_CLASS (klass)->write_fn = request_output_write;
  G_OUTPUT_STREAM_CLASS (klass)->flush = request_output_flush;
  G_OUTPUT_STREAM_CLASS (klass)->close_fn = request_output_close;
}

static void
request_output_init (RequestOutput *self)
{
}

/* The stream itself. */

struct _RapportServerRequestStream
{
  GIOStream      parent_instance;
  Shared        *shared; /* (owned) */
  RequestInput  *input;  /* (owned) */
  RequestOutput *output; /* (owned) */
};

G_DEFINE_FINAL_TYPE (RapportServerRequestStream, rapport_server_request_stream, G_TYPE_IO_STREAM)

static GInputStream *
rapport_server_request_stream_get_input_stream (GIOStream *stream)
{
  return G_INPUT_STREAM (RAPPORT_SERVER_REQUEST_STREAM (stream)->input);
}

static GOutputStream *
rapport_server_request_stream_get_output_stream (GIOStream *stream)
{
  return G_OUTPUT_STREAM (RAPPORT_SERVER_REQUEST_STREAM (stream)->output);
}

/* Closing ends this request only; the owner hears of it once. */
static gboolean
rapport_server_request_stream_close (GIOStream     *stream,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  RapportServerRequestStream *self = RAPPORT_SERVER_REQUEST_STREAM (stream);
  Shared *shared = self->shared;

  g_input_stream_close (G_INPUT_STREAM (self->input), NULL, NULL);
  g_output_stream_close (G_OUTPUT_STREAM (self->output), NULL, NULL);
  if (!shared->closed)
    {
      shared->closed = TRUE;
      shared->closed_cb (shared->data, shared->remaining == 0);
    }
  return TRUE;
}

/* Nothing here blocks, so the asynchronous close is the synchronous one
 * (GIOStream would otherwise close the halves in a thread). */
static void
rapport_server_request_stream_close_async (GIOStream           *stream,
                                           int                  io_priority,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, rapport_server_request_stream_close_async);
  rapport_server_request_stream_close (stream, cancellable, NULL);
  g_task_return_boolean (task, TRUE);
}

static gboolean
rapport_server_request_stream_close_finish (GIOStream     *stream,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
rapport_server_request_stream_finalize (GObject *object)
{
  RapportServerRequestStream *self = RAPPORT_SERVER_REQUEST_STREAM (object);

  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_pointer (&self->shared, shared_release);
  G_OBJECT_CLASS (rapport_server_request_stream_parent_class)->finalize (object);
}

static void
rapport_server_request_stream_class_init (RapportServerRequestStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->finalize = rapport_server_request_stream_finalize;
  stream_class->get_input_stream = rapport_server_request_stream_get_input_stream;
  stream_class->get_output_stream = rapport_server_request_stream_get_output_stream;
  stream_class->close_fn = rapport_server_request_stream_close;
  stream_class->close_async = rapport_server_request_stream_close_async;
  stream_class->close_finish = rapport_server_request_stream_close_finish;
}

static void
rapport_server_request_stream_init (RapportServerRequestStream *self)
{
}

/**
 * rapport_server_request_stream_new:
 * @base: the connection
 * @buffered: bytes already read from @base; the stream consumes them from
 *   the front, and whatever follows the request stays there
 * @length: the request's length in bytes, head and body
 * @closed: called once, when the stream is closed
 * @data: (transfer full): for @closed, freed with @data_free
 */
RapportServerRequestStream *
rapport_server_request_stream_new (GIOStream                  *base,
                                   GByteArray                 *buffered,
                                   guint64                     length,
                                   RapportServerRequestClosed  closed,
                                   gpointer                    data,
                                   GDestroyNotify              data_free)
{
  RapportServerRequestStream *self = g_object_new (RAPPORT_TYPE_SERVER_REQUEST_STREAM, NULL);
  Shared *shared = g_rc_box_new0 (Shared);

  shared->base = g_object_ref (base);
  shared->buffered = g_byte_array_ref (buffered);
  shared->remaining = length;
  shared->closed_cb = closed;
  shared->data = data;
  shared->data_free = data_free;

  self->shared = shared;
  self->input = g_object_new (REQUEST_TYPE_INPUT, NULL);
  self->input->shared = g_rc_box_acquire (shared);
  self->output = g_object_new (REQUEST_TYPE_OUTPUT, NULL);
  self->output->shared = g_rc_box_acquire (shared);
  return self;
}

/* Returns: (transfer none): the connection under the stream */
GIOStream *
rapport_server_request_stream_get_base (RapportServerRequestStream *self)
{
  return self->shared->base;
}
