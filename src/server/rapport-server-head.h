/* rapport-server-head.h: a strict reader of HTTP/1.x request heads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RAPPORT_SERVER_MAX_REQUEST_LINE 8192
#define RAPPORT_SERVER_MAX_HEAD (32 * 1024)
#define RAPPORT_SERVER_MAX_HEADER_LINES 100

typedef enum
{
  RAPPORT_SERVER_HEAD_INCOMPLETE,
  RAPPORT_SERVER_HEAD_COMPLETE,
  RAPPORT_SERVER_HEAD_BAD,
} RapportServerHeadStatus;

typedef struct
{
  gsize    length;         /* bytes of the head, blank line included */
  guint64  content_length; /* bytes of the body */
  gboolean keep_alive;     /* the client allows another request after this one */
} RapportServerHead;

RapportServerHeadStatus rapport_server_head_parse (GByteArray        *buffer,
                                                   RapportServerHead *head,
                                                   GError           **error);

G_END_DECLS
