/* rapport-server-request-stream.h: one request's view of a connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_SERVER_REQUEST_STREAM (rapport_server_request_stream_get_type ())

G_DECLARE_FINAL_TYPE (RapportServerRequestStream, rapport_server_request_stream,
                      RAPPORT, SERVER_REQUEST_STREAM, GIOStream)

/* The stream was closed; @consumed: every byte of the request was read. */
typedef void (*RapportServerRequestClosed) (gpointer data,
                                            gboolean consumed);

RapportServerRequestStream *rapport_server_request_stream_new      (GIOStream                  *base,
                                                                    GByteArray                 *buffered,
                                                                    guint64                     length,
                                                                    RapportServerRequestClosed  closed,
                                                                    gpointer                    data,
                                                                    GDestroyNotify              data_free);
GIOStream                  *rapport_server_request_stream_get_base (RapportServerRequestStream *self);

G_END_DECLS
