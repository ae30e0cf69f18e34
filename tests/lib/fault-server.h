/* fault-server.h: an HTTP peer that misbehaves on purpose
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  FAULT_500,              /* a server error, every time */
  FAULT_503_RETRY_AFTER,  /* busy, come back in a second */
  FAULT_429,              /* too many requests, come back in a second */
  FAULT_GARBAGE,          /* 200 with HTML instead of JSON */
  FAULT_TRUNCATED_JSON,   /* 200 with half a JSON document */
  FAULT_TRUNCATED_BODY,   /* the connection closes before Content-Length is sent */
  FAULT_HUGE,             /* 200 with more than the client accepts */
  FAULT_DEEP,             /* 200 with JSON nested 100,000 deep */
  FAULT_REDIRECT,         /* 302 elsewhere */
  FAULT_CLOSE,            /* the connection closes without an answer */
  FAULT_SILENT,           /* the connection stays open and nothing comes */
} FaultMode;

typedef struct _FaultServer FaultServer;

FaultServer *fault_server_new      (FaultMode    mode);
const char  *fault_server_get_url  (FaultServer *server);
guint        fault_server_get_requests (FaultServer *server);
void         fault_server_free     (FaultServer *server);

G_END_DECLS
