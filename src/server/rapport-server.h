/* rapport-server.h: the HTTP server of the Rapport API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-server-backend.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_SERVER (rapport_server_get_type ())

G_DECLARE_FINAL_TYPE (RapportServer, rapport_server, RAPPORT, SERVER, GObject)

typedef struct
{
  guint  max_connections;   /* refused with 503 beyond this */
  guint  max_per_address;   /* the same, from one client address */
  guint  idle_timeout;      /* seconds without I/O before a connection is dropped */
  guint  min_send_rate;     /* bytes a second: slower readers of an answer are dropped */
  gsize  max_body;          /* bytes; larger requests get 413 unread */
  guint  max_hashes;        /* Argon2id checks running at once */
  guint  token_days;        /* lifetime of a login token */
  guint  login_per_name;    /* failed logins per name per window */
  guint  login_per_address; /* failed logins per address per window */
  guint  login_window;      /* seconds */
  guint  sla_interval;      /* seconds between two looks for SLA warnings and breaches */
  guint  stale_interval;    /* seconds between two looks for stale deals */
  guint  reminder_days;     /* an approval step waits this long before a reminder, and again
                             * before it goes to the next role */
  gint   clock_offset_days; /* tests only: the approval sweep runs this far ahead */
  guint  op_result_days;    /* op results are kept this long for replay, then pruned */
  guint  prune_interval;    /* seconds between two prunes of op results */
} RapportServerOptions;

void           rapport_server_options_init (RapportServerOptions       *options);
RapportServer *rapport_server_new          (RapportServerBackend       *backend,
                                            const RapportServerOptions *options);
gboolean       rapport_server_listen       (RapportServer              *self,
                                            const char                 *address,
                                            guint                       port,
                                            const char                 *tls_cert,
                                            const char                 *tls_key,
                                            GError                    **error);
GUri          *rapport_server_get_uri      (RapportServer              *self);

G_END_DECLS
