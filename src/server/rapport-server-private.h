/* rapport-server-private.h: what the route files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "rapport-entity.h"
#include "rapport-server.h"
#include "rapport-server-auth.h"
#include "rapport-server-connections.h"
#include "rapport-server-records.h"

G_BEGIN_DECLS

struct _RapportServer
{
  GObject               parent_instance;

  SoupServer           *soup;        /* (owned) */
  GSocketService       *service;     /* (owned): accepts the connections */
  GSocketAddress       *address;     /* (owned) (nullable): where it listens */
  GTlsCertificate      *certificate; /* (owned) (nullable): HTTPS when set */
  RapportServerBackend *backend;     /* (owned) */
  RapportServerAuth    *auth;        /* (owned) */
  RapportServerConnections *connections; /* (owned) (nullable): until it listens */
  GHashTable           *pushing;     /* (owned): ids of the users whose push is being applied */
  RapportServerOptions  options;
  guint                 expiry;      /* the hourly expiry of sent quotes */
  guint                 sla_sweep;   /* the minute job of SLA breaches */
  guint                 stale_sweep; /* the job of stale deals */
  guint                 prune_timer; /* the hourly start of pruning op results */
  guint                 pruning;     /* the idle source pruning them, while it runs */
  guint                 n_pruned;    /* op results it deleted so far */
};

#define RAPPORT_API_PREFIX "/api/v1/"
#define RAPPORT_MAX_PUSH_OPS 500

void                rapport_server_respond_json     (SoupServerMessage *msg,
                                                     guint              status,
                                                     JsonNode          *node);
void                rapport_server_respond_text     (SoupServerMessage *msg,
                                                     guint              status,
                                                     GString           *json);
void                rapport_server_respond_error    (SoupServerMessage *msg,
                                                     const GError      *error);
void                rapport_server_respond_record   (SoupServerMessage *msg,
                                                     guint              status,
                                                     JsonObject        *record);
GBytes             *rapport_server_get_body         (SoupServerMessage *msg,
                                                     GError           **error);
JsonNode           *rapport_server_read_body        (RapportServer     *self,
                                                     SoupServerMessage *msg,
                                                     GError           **error);
gboolean            rapport_server_get_query_uint   (GHashTable        *query,
                                                     const char        *name,
                                                     guint              fallback,
                                                     guint              max,
                                                     guint             *out,
                                                     GError           **error);
const char         *rapport_server_get_peer         (SoupServerMessage *msg);
guint               rapport_server_append_page      (RapportServer     *self,
                                                     GString           *json,
                                                     GPtrArray         *rows,
                                                     guint              limit,
                                                     gboolean           as_changes,
                                                     gboolean          *out_more);
void                rapport_server_append_json_text (GString           *json,
                                                     const char        *text);

void rapport_server_handle_login   (RapportServer      *self,
                                    SoupServerMessage  *msg);
void rapport_server_handle_logout  (RapportServer      *self,
                                    SoupServerMessage  *msg,
                                    const char         *token_hash);
void rapport_server_handle_me      (RapportServer      *self,
                                    SoupServerMessage  *msg,
                                    RapportServerActor *actor);
void rapport_server_handle_changes (RapportServer      *self,
                                    SoupServerMessage  *msg,
                                    GHashTable         *query);
void rapport_server_handle_push    (RapportServer      *self,
                                    SoupServerMessage  *msg,
                                    RapportServerActor *actor);
void rapport_server_handle_list    (RapportServer       *self,
                                    SoupServerMessage   *msg,
                                    const RapportEntity *entity,
                                    GHashTable          *query);
void rapport_server_handle_create  (RapportServer       *self,
                                    SoupServerMessage   *msg,
                                    RapportServerActor  *actor,
                                    const RapportEntity *entity);
void rapport_server_handle_record  (RapportServer       *self,
                                    SoupServerMessage   *msg,
                                    RapportServerActor  *actor,
                                    const RapportEntity *entity,
                                    const char          *id);
void rapport_server_handle_damaged (RapportServer       *self,
                                    SoupServerMessage   *msg,
                                    RapportServerActor  *actor);
void rapport_server_handle_history (RapportServer       *self,
                                    SoupServerMessage   *msg,
                                    const RapportEntity *entity,
                                    const char          *id);

G_END_DECLS
