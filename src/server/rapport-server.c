/* rapport-server.c: the SoupServer, its guards and the routing table
 *
 * SoupServer reads whatever a client sends and waits for ever, so the
 * connections are accepted and guarded by rapport-server-connections.c; an
 * early handler refuses oversized or chunked bodies before they are read.
 * Then each request is routed to one of the handlers of
 * rapport-server-routes-*.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-json.h"
#include "rapport-server-approvers.h"
#include "rapport-server-automation.h"
#include "rapport-server-connections.h"
#include "rapport-server-consent.h"
#include "rapport-server-error.h"
#include "rapport-server-lifecycle.h"
#include "rapport-server-sla.h"
#include "rapport-server-private.h"
#include "rapport-server-refusal.h"
#include "rapport-uuid.h"

#define MAX_TOKEN_CHARS 256
#define LISTEN_BACKLOG 1024
#define REFUSED_BODY_DRAIN (1024 * 1024)

G_DEFINE_FINAL_TYPE (RapportServer, rapport_server, G_TYPE_OBJECT)

typedef enum
{
  ROUTE_LOGIN,
  ROUTE_LOGOUT,
  ROUTE_ME,
  ROUTE_CHANGES,
  ROUTE_PUSH,
  ROUTE_COLLECTION,
  ROUTE_RECORD,
  ROUTE_HISTORY,
  ROUTE_DAMAGED,
} Route;

void
rapport_server_options_init (RapportServerOptions *options)
{
  options->max_connections = 256;
  options->max_per_address = 32;
  options->idle_timeout = 30;
  options->min_send_rate = 32 * 1024;
  options->max_body = 8 * 1024 * 1024;
  options->max_hashes = 2;
  options->token_days = 30;
  options->login_per_name = 5;
  options->login_per_address = 30;
  options->login_window = 300;
  options->sla_interval = 60;
  options->stale_interval = 600;
  options->reminder_days = 3;
  options->clock_offset_days = 0;
  /* A client retries an op only until it reads the answer: the longest gap
   * is a laptop that lost the answer and then stayed offline, holidays
   * included. It also is a token's lifetime. A retry older than this is
   * still safe, only answered by the merge (rapport_server_apply_op). */
  options->op_result_days = 30;
  options->prune_interval = 3600;
}

void
rapport_server_respond_text (SoupServerMessage *msg,
                             guint              status,
                             GString           *json)
{
  gsize length = json->len;

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_string_free (json, FALSE), length);
}

void
rapport_server_respond_json (SoupServerMessage *msg,
                             guint              status,
                             JsonNode          *node)
{
  char *text = rapport_json_to_string (node);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

void
rapport_server_respond_error (SoupServerMessage *msg,
                              const GError      *error)
{
  g_autoptr(JsonNode) inner = rapport_server_error_to_json (error);
  g_autoptr(JsonObject) outer = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  guint status = rapport_server_error_get_status (error);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (error->domain == RAPPORT_BACKEND_ERROR && error->code == RAPPORT_BACKEND_ERROR_BUSY)
    status = 503;
  if (status == 500)
    g_message ("%s %s: %s", soup_server_message_get_method (msg),
               g_uri_get_path (soup_server_message_get_uri (msg)), error->message);
  if (status == 503 && soup_message_headers_get_one (headers, "Retry-After") == NULL)
    soup_message_headers_replace (headers, "Retry-After", "1");

  json_object_set_member (outer, "error", g_steal_pointer (&inner));
  node = json_node_init_object (json_node_alloc (), outer);
  rapport_server_respond_json (msg, status, node);
}

void
rapport_server_respond_record (SoupServerMessage *msg,
                               guint              status,
                               JsonObject        *record)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), record);
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                                           json_object_get_int_member_with_default (record, "version", 0));

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  rapport_server_respond_json (msg, status, node);
}

/* The request body, once it is known to be a non-empty JSON text. */
GBytes *
rapport_server_get_body (SoupServerMessage *msg,
                         GError           **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = NULL;

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_UNSUPPORTED_MEDIA_TYPE, NULL,
                                _("Send the body as application/json"));
      return NULL;
    }
  bytes = soup_message_body_flatten (body);
  if (g_bytes_get_size (bytes) == 0)
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_INVALID_JSON, NULL,
                                _("The request has no body"));
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

JsonNode *
rapport_server_read_body (RapportServer     *self,
                          SoupServerMessage *msg,
                          GError           **error)
{
  g_autoptr(GBytes) bytes = rapport_server_get_body (msg, error);
  gsize length;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &length);
  return rapport_json_parse (data, length, self->options.max_body,
                             RAPPORT_JSON_DEFAULT_MAX_DEPTH, error);
}

gboolean
rapport_server_get_query_uint (GHashTable *query,
                               const char *name,
                               guint       fallback,
                               guint       max,
                               guint      *out,
                               GError    **error)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  guint64 value;

  *out = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL) || value > max ||
      (value == 0 && max > 0 && fallback > 0 && strcmp (name, "limit") == 0))
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_INVALID_PARAMETER, name,
                                _("“%s” must be a whole number up to %u"), name, max);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

static gboolean
has_bearer_prefix (const char *value)
{
  return g_ascii_strncasecmp (value, "Bearer ", 7) == 0;
}

/* Looks the bearer token up; the hash is compared once more in constant
 * time, so the database index is not the only thing between a guess and a
 * session. */
static RapportServerActor *
authenticate (RapportServer     *self,
              SoupServerMessage *msg,
              char             **out_hash,
              GError           **error)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree char *hash = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *stored_hash = NULL;
  g_autoptr(JsonObject) user = NULL;
  const char *token;
  gint64 expires_at;

  if (header == NULL || !has_bearer_prefix (header))
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_UNAUTHORIZED, NULL,
                                _("Sign in first: send “Authorization: Bearer TOKEN”"));
      return NULL;
    }
  token = header + 7;
  while (*token == ' ')
    token++;
  if (*token == '\0' || strlen (token) > MAX_TOKEN_CHARS)
    goto bad_token;

  hash = rapport_server_token_hash (token);
  if (!self->backend->vtable->lookup_token (self->backend, hash, &user_id, &stored_hash,
                                           &expires_at, error))
    return NULL;
  if (user_id == NULL || expires_at < g_get_real_time () / G_USEC_PER_SEC)
    goto bad_token;
  if (!rapport_server_token_hash_equal (hash, stored_hash))
    goto bad_token;
  if (!rapport_server_load_record (self->backend, rapport_entity_lookup ("user"), user_id,
                                   NULL, &user, error))
    return NULL;
  if (user == NULL || !json_object_get_boolean_member_with_default (user, "active", TRUE))
    goto bad_token;

  if (out_hash != NULL)
    *out_hash = g_steal_pointer (&hash);
  return rapport_server_actor_new_from_record (user);

bad_token:
  rapport_server_set_error (error, RAPPORT_SERVER_ERROR_UNAUTHORIZED, NULL,
                            _("The token is unknown, expired or revoked: sign in again"));
  return NULL;
}

/* Decodes one segment of the still-encoded path, once: an encoded "/" stays
 * inside its segment rather than becoming a separator, and what cannot be a
 * name (NUL, control characters, invalid UTF-8, "." or "..") is refused
 * without being echoed. */
static char *
decode_segment (const char  *segment,
                GError     **error)
{
  g_autofree char *decoded = g_uri_unescape_segment (segment, NULL, NULL);

  if (decoded != NULL && strchr (decoded, '/') != NULL)
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, NULL,
                                _("The path holds an encoded “/” inside a part"));
      return NULL;
    }
  if (decoded != NULL && (strcmp (decoded, ".") == 0 || strcmp (decoded, "..") == 0))
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, NULL,
                                _("The path holds a “.” or “..” part"));
      return NULL;
    }
  /* g_uri_unescape_segment() refuses "%00" and bad escapes by returning NULL. */
  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    goto bad_text;
  for (const char *p = decoded; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      goto bad_text;
  return g_steal_pointer (&decoded);

bad_text:
  rapport_server_set_error (error, RAPPORT_SERVER_ERROR_BAD_REQUEST, NULL,
                            _("The path is not valid UTF-8 text without control characters"));
  return NULL;
}

/* Splits the path after /api/v1/ into the route and its arguments.
 *
 * libsoup 3.2 parses the request target with g_uri_parse(), which decodes
 * the unreserved characters ("%2e" is ".") and removes dot segments before
 * any handler runs; the server sets raw-paths so that libsoup does not then
 * decode the rest of the path as a whole. The path is split on its real
 * "/" and each segment decoded here, once, and routed on. */
static gboolean
match_route (const char  *path,
             Route       *route,
             const char **allowed,
             char       **table,
             char       **id,
             GError     **error)
{
  g_auto(GStrv) raw = NULL;
  g_auto(GStrv) parts = NULL;
  guint n_parts;

  if (!g_str_has_prefix (path, RAPPORT_API_PREFIX))
    goto not_found;
  raw = g_strsplit (path + strlen (RAPPORT_API_PREFIX), "/", 4);
  n_parts = g_strv_length (raw);
  if (n_parts > 3)
    goto not_found;
  parts = g_new0 (char *, n_parts + 1);
  for (guint i = 0; i < n_parts; i++)
    if ((parts[i] = decode_segment (raw[i], error)) == NULL)
      return FALSE;

  if (n_parts == 2 && strcmp (parts[0], "auth") == 0 && strcmp (parts[1], "login") == 0)
    *route = ROUTE_LOGIN, *allowed = "POST";
  else if (n_parts == 2 && strcmp (parts[0], "auth") == 0 && strcmp (parts[1], "logout") == 0)
    *route = ROUTE_LOGOUT, *allowed = "POST";
  else if (n_parts == 1 && strcmp (parts[0], "me") == 0)
    *route = ROUTE_ME, *allowed = "GET";
  else if (n_parts == 1 && strcmp (parts[0], "changes") == 0)
    *route = ROUTE_CHANGES, *allowed = "GET";
  else if (n_parts == 1 && strcmp (parts[0], "push") == 0)
    *route = ROUTE_PUSH, *allowed = "POST";
  else if (n_parts == 1 && strcmp (parts[0], "damaged") == 0)
    *route = ROUTE_DAMAGED, *allowed = "GET";
  else if (n_parts >= 1 && n_parts <= 3 && rapport_entity_lookup_table (parts[0]) != NULL &&
           (n_parts < 2 || parts[1][0] != '\0'))
    {
      if (n_parts == 1)
        *route = ROUTE_COLLECTION, *allowed = "GET, POST";
      else if (n_parts == 2)
        *route = ROUTE_RECORD, *allowed = "GET, PATCH, DELETE";
      else if (strcmp (parts[2], "history") == 0)
        *route = ROUTE_HISTORY, *allowed = "GET";
      else
        goto not_found;
      *table = g_strdup (parts[0]);
      if (n_parts >= 2)
        *id = g_strdup (parts[1]);
    }
  else
    goto not_found;
  return TRUE;

not_found:
  rapport_server_set_error (error, RAPPORT_SERVER_ERROR_NOT_FOUND, NULL,
                            _("There is no such resource"));
  return FALSE;
}

static gboolean
method_allowed (const char *method,
                const char *allowed)
{
  g_auto(GStrv) methods = g_strsplit (allowed, ", ", -1);

  return g_strv_contains ((const char * const *) methods, method);
}

static void
handle_request_cb (SoupServer        *soup,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  RapportServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportServerActor) actor = NULL;
  g_autofree char *table = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token_hash = NULL;
  const RapportEntity *entity;
  const char *allowed = NULL;
  Route route = ROUTE_ME;

  if (!match_route (path, &route, &allowed, &table, &id, &error))
    {
      rapport_server_respond_error (msg, error);
      return;
    }
  if (!method_allowed (method, allowed))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", allowed);
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_METHOD_NOT_ALLOWED, NULL,
                                _("Use one of: %s"), allowed);
      rapport_server_respond_error (msg, error);
      return;
    }
  if (route == ROUTE_LOGIN)
    {
      rapport_server_handle_login (self, msg);
      return;
    }

  actor = authenticate (self, msg, &token_hash, &error);
  if (actor == NULL)
    {
      rapport_server_respond_error (msg, error);
      return;
    }

  entity = table != NULL ? rapport_entity_lookup_table (table) : NULL;
  if (id != NULL && !rapport_uuid_is_valid (id))
    {
      rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_INVALID_PARAMETER, "id",
                                _("“%s” is not a record id"), id);
      rapport_server_respond_error (msg, error);
      return;
    }

  switch (route)
    {
    case ROUTE_LOGOUT:
      rapport_server_handle_logout (self, msg, token_hash);
      break;
    case ROUTE_ME:
      rapport_server_handle_me (self, msg, actor);
      break;
    case ROUTE_CHANGES:
      rapport_server_handle_changes (self, msg, query);
      break;
    case ROUTE_PUSH:
      rapport_server_handle_push (self, msg, actor);
      break;
    case ROUTE_COLLECTION:
      if (strcmp (method, "GET") == 0)
        rapport_server_handle_list (self, msg, entity, query);
      else
        rapport_server_handle_create (self, msg, actor, entity);
      break;
    case ROUTE_RECORD:
      rapport_server_handle_record (self, msg, actor, entity, id);
      break;
    case ROUTE_HISTORY:
      rapport_server_handle_history (self, msg, entity, id);
      break;
    case ROUTE_DAMAGED:
      rapport_server_handle_damaged (self, msg, actor);
      break;
    case ROUTE_LOGIN:
    default:
      g_assert_not_reached ();
    }
}

/* A refused request whose body is not read: the connection is taken from
 * libsoup (which would otherwise read the body into memory first) and
 * answered by hand. */
static void
refuse_unread (SoupServerMessage *msg,
               const GError      *error)
{
  g_printerr ("%s %s %s %u (body unread)\n", rapport_server_get_peer (msg),
              soup_server_message_get_method (msg),
              g_uri_get_path (soup_server_message_get_uri (msg)),
              rapport_server_error_get_status (error));
  rapport_server_refuse (soup_server_message_steal_connection (msg), error, NULL,
                         REFUSED_BODY_DRAIN);
}

/* Runs once the request headers are in, before a byte of the body is read:
 * what is refused here costs the server nothing. */
static void
early_handler_cb (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  RapportServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GError) error = NULL;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_LENGTH_REQUIRED, NULL,
                              _("Send a Content-Length, not a chunked body"));
  else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
           soup_message_headers_get_content_length (headers) > (goffset) self->options.max_body)
    rapport_server_set_error (&error, RAPPORT_SERVER_ERROR_TOO_LARGE, NULL,
                              ngettext ("The body is larger than %lu byte",
                                        "The body is larger than %lu bytes",
                                        self->options.max_body),
                              (unsigned long) self->options.max_body);

  if (error != NULL)
    refuse_unread (msg, error);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  RapportServer *self = user_data;

  rapport_server_connections_accept (self->connections, connection);
  return TRUE;
}

static char *
describe_peer (SoupServerMessage *msg)
{
  GSocketAddress *address = soup_server_message_get_remote_address (msg);

  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("-");
  return g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
}

const char *
rapport_server_get_peer (SoupServerMessage *msg)
{
  const char *peer = g_object_get_data (G_OBJECT (msg), "rapport-peer");

  return peer != NULL ? peer : "-";
}

static void
request_started_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  gint64 *started = g_new (gint64, 1);

  *started = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), "rapport-started", started, g_free);
  g_object_set_data_full (G_OBJECT (msg), "rapport-peer", describe_peer (msg), g_free);
}

static void
log_request (SoupServerMessage *msg,
             const char        *outcome)
{
  gint64 *started = g_object_get_data (G_OBJECT (msg), "rapport-started");
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *status = NULL;

  /* A connection that closed before sending a request line is no request. */
  if (method == NULL || uri == NULL)
    return;
  if (outcome == NULL)
    outcome = status = g_strdup_printf ("%u", soup_server_message_get_status (msg));
  g_printerr ("%s %s %s %s %.1fms\n", rapport_server_get_peer (msg), method, g_uri_get_path (uri),
              outcome, started != NULL ? (g_get_monotonic_time () - *started) / 1000.0 : 0.0);
}

static void
request_finished_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  log_request (msg, NULL);
}

static void
request_aborted_cb (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  log_request (msg, "aborted");
}

/* Sent quotes past their validity expire, approval steps left waiting are
 * reminded of and escalated: at start, then every hour. */
static gboolean
expire_quotes (gpointer data)
{
  RapportServer *self = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;
  guint n_expired = 0;

  g_autoptr(GDateTime) ahead = g_date_time_add_days (now, self->options.clock_offset_days);

  if (!rapport_server_lifecycle_expire (self->backend, today, &n_expired, &error))
    g_warning ("Expiring quotes: %s", error->message);
  else if (n_expired > 0)
    g_message ("%u quotes expired", n_expired);
  g_clear_error (&error);
  if (!rapport_server_approvals_sweep (self->backend, ahead, self->options.reminder_days,
                                      &n_expired, &error))
    g_warning ("Following up approvals: %s", error->message);
  return G_SOURCE_CONTINUE;
}

/* Contacts' email_consent of before consent records, kept as records. */
static void
migrate_consent (RapportServer *self)
{
  g_autoptr(GError) error = NULL;
  guint n_migrated = 0;

  if (!rapport_server_consent_migrate (self->backend, &n_migrated, &error))
    g_warning ("Keeping contacts’ email consent as consent records: %s", error->message);
  else if (n_migrated > 0)
    g_message ("%u contacts’ email consent kept as consent records", n_migrated);
}

/* Warnings and breaches that time alone brings: every minute. */
static gboolean
sweep_slas (gpointer data)
{
  RapportServer *self = data;
  g_autoptr(GError) error = NULL;
  guint n_changed = 0;

  if (!rapport_server_sla_sweep (self->backend, &n_changed, &error))
    g_warning ("Looking at SLA clocks: %s", error->message);
  else if (n_changed > 0)
    g_debug ("%u SLA clocks moved on", n_changed);
  return G_SOURCE_CONTINUE;
}

/* Deals gone stale, for the rules that watch them: a deal goes stale
 * in days, and the look costs a scan of the activities (0.3–0.4 s for
 * 20,000 deals and 30,000 activities), so every ten minutes. */
static gboolean
sweep_stale_deals (gpointer data)
{
  RapportServer *self = data;
  g_autoptr(GError) error = NULL;

  if (!rapport_server_automation_stale_sweep (self->backend, NULL, &error))
    g_warning ("Looking for stale deals: %s", error->message);
  return G_SOURCE_CONTINUE;
}

/* Op results past op_result_days, PRUNE_BATCH in each transaction from an
 * idle source: requests are answered between two batches. */
#define PRUNE_BATCH 1000

static gboolean
prune_batch (gpointer data)
{
  RapportServer *self = data;
  RapportServerBackend *backend = self->backend;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC - (gint64) self->options.op_result_days * 86400;
  g_autoptr(GError) error = NULL;
  guint n_deleted = 0;

  if (!backend->vtable->begin (backend, &error) ||
      !backend->vtable->prune_op_results (backend, before, PRUNE_BATCH, &n_deleted, &error) ||
      !backend->vtable->commit (backend, &error))
    {
      backend->vtable->rollback (backend);
      g_warning ("Pruning op results: %s", error->message);
      n_deleted = 0;
    }
  self->n_pruned += n_deleted;
  if (n_deleted == PRUNE_BATCH)
    return G_SOURCE_CONTINUE;
  if (self->n_pruned > 0)
    g_message ("%u op results older than %u days pruned", self->n_pruned,
               self->options.op_result_days);
  self->n_pruned = 0;
  self->pruning = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
start_pruning (gpointer data)
{
  RapportServer *self = data;

  if (self->pruning == 0)
    self->pruning = g_idle_add_full (G_PRIORITY_LOW, prune_batch, self, NULL);
  return G_SOURCE_CONTINUE;
}

static void
rapport_server_finalize (GObject *object)
{
  RapportServer *self = RAPPORT_SERVER (object);

  g_clear_handle_id (&self->expiry, g_source_remove);
  g_clear_handle_id (&self->sla_sweep, g_source_remove);
  g_clear_handle_id (&self->stale_sweep, g_source_remove);
  g_clear_handle_id (&self->prune_timer, g_source_remove);
  g_clear_handle_id (&self->pruning, g_source_remove);
  if (self->service != NULL)
    g_socket_service_stop (self->service);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_pointer (&self->connections, rapport_server_connections_free);
  g_clear_object (&self->service);
  g_clear_object (&self->certificate);
  g_clear_object (&self->address);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->auth, rapport_server_auth_free);
  g_clear_pointer (&self->pushing, g_hash_table_unref);
  g_clear_pointer (&self->backend, rapport_server_backend_free);

  G_OBJECT_CLASS (rapport_server_parent_class)->finalize (object);
}

static void
rapport_server_class_init (RapportServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rapport_server_finalize;
}

static void
rapport_server_init (RapportServer *self)
{
  self->pushing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  rapport_server_options_init (&self->options);
}

/**
 * rapport_server_new:
 * @backend: (transfer full): where the records live
 * @options: (nullable): limits; the defaults of rapport_server_options_init()
 */
RapportServer *
rapport_server_new (RapportServerBackend       *backend,
                    const RapportServerOptions *options)
{
  RapportServer *self = g_object_new (RAPPORT_TYPE_SERVER, NULL);

  self->backend = backend;
  if (options != NULL)
    self->options = *options;
  self->auth = rapport_server_auth_new (backend, self->options.max_hashes);
  migrate_consent (self);
  expire_quotes (self);
  self->expiry = g_timeout_add_seconds (3600, expire_quotes, self);
  sweep_slas (self);
  self->sla_sweep = g_timeout_add_seconds (MAX (self->options.sla_interval, 1), sweep_slas, self);
  self->stale_sweep = g_timeout_add_seconds (MAX (self->options.stale_interval, 1), sweep_stale_deals,
                                             self);
  start_pruning (self);
  self->prune_timer = g_timeout_add_seconds (MAX (self->options.prune_interval, 1), start_pruning,
                                             self);
  rapport_server_auth_set_limits (self->auth, self->options.login_per_name,
                                  self->options.login_per_address, self->options.login_window);
  return self;
}

gboolean
rapport_server_listen (RapportServer *self,
                       const char    *address,
                       guint          port,
                       const char    *tls_cert,
                       const char    *tls_key,
                       GError       **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  g_return_val_if_fail (RAPPORT_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  inet = g_inet_address_new_from_string (address != NULL ? address : "127.0.0.1");
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address"), address);
      return FALSE;
    }
  if (tls_cert != NULL)
    {
      self->certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, error);
      if (self->certificate == NULL)
        return FALSE;
    }

  /* raw-paths: match_route() decodes the path itself, segment by segment. */
  self->soup = soup_server_new ("server-header", "rapport-server/" VERSION " ",
                                "raw-paths", TRUE, NULL);
  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request_cb, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_finished_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_aborted_cb), self);

  self->connections = rapport_server_connections_new (self->soup, &self->options, self->certificate);

  self->service = g_socket_service_new ();
  /* GSocketListener's backlog of 10 overflows under a burst of clients. */
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (self->service), LISTEN_BACKLOG);
  socket_address = g_inet_socket_address_new (inet, port);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), socket_address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &self->address, error))
    return FALSE;
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);
  return TRUE;
}

/* Returns: (transfer full) (nullable): where the server listens */
GUri *
rapport_server_get_uri (RapportServer *self)
{
  GInetSocketAddress *address;
  g_autofree char *host = NULL;

  if (self->address == NULL || !G_IS_INET_SOCKET_ADDRESS (self->address))
    return NULL;
  address = G_INET_SOCKET_ADDRESS (self->address);
  host = g_inet_address_to_string (g_inet_socket_address_get_address (address));
  return g_uri_build (G_URI_FLAGS_NONE, self->certificate != NULL ? "https" : "http", NULL, host,
                      g_inet_socket_address_get_port (address), "", NULL, NULL);
}
