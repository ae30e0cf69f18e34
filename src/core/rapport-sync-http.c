/* rapport-sync-http.c: one JSON request to the Rapport API
 *
 * libsoup's client has no response-size limit, follows redirects and has no
 * I/O timeout unless told: every request here has a timeout, reads at most
 * RAPPORT_SYNC_MAX_RESPONSE bytes, refuses redirects, checks the JSON's depth
 * before json-glib sees it, and turns every failure into a RapportSyncError
 * a person can act on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-sync-http"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "rapport-json.h"
#include "rapport-sync.h"
#include "rapport-sync-http.h"

SoupSession *
rapport_sync_http_session_new (guint timeout_seconds)
{
  return soup_session_new_with_options ("timeout", timeout_seconds,
                                        "idle-timeout", timeout_seconds,
                                        "user-agent", "Rapport/" VERSION,
                                        "max-conns-per-host", 2,
                                        NULL);
}

static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       GTlsCertificate      *trusted)
{
  /* Only the one certificate the user explicitly trusted, never any other. */
  return trusted != NULL && g_tls_certificate_is_same (peer, trusted);
}

static GBytes *
read_limited (GInputStream *stream,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[16384];

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (data->len + n > RAPPORT_SYNC_MAX_RESPONSE)
        {
          g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL,
                       _("The server sent more data than Rapport accepts in one answer"));
          return NULL;
        }
      g_byte_array_append (data, buffer, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static guint
parse_retry_after (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");
  guint64 seconds;

  /* Only the delta-seconds form: the API never sends an HTTP date. */
  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 86400, &seconds, NULL))
    return 0;
  return seconds;
}

/* The API's error code, from {"error": {"code"}}, if any. */
static const char *
server_code (JsonNode *answer)
{
  JsonObject *problem = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
                        ? rapport_json_get_object (json_node_get_object (answer), "error") : NULL;
  JsonNode *code = problem != NULL ? json_object_get_member (problem, "code") : NULL;

  return code != NULL && JSON_NODE_HOLDS_VALUE (code) &&
         json_node_get_value_type (code) == G_TYPE_STRING ? json_node_get_string (code) : NULL;
}

/* The server's own words, from {"error": {"message", "field"}}, if any. */
static char *
server_message (JsonNode *answer)
{
  JsonObject *problem;
  const char *message, *field;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return NULL;
  problem = rapport_json_get_object (json_node_get_object (answer), "error");
  if (problem == NULL)
    return NULL;
  message = json_object_get_string_member_with_default (problem, "message", NULL);
  field = json_object_get_string_member_with_default (problem, "field", NULL);
  if (message == NULL)
    return NULL;
  return field ? g_strdup_printf ("%s: %s", field, message) : g_strdup (message);
}

/* The server refused the connection, or closed it before its answer began:
 * what a restarting server does, and over in well under a second. A timeout,
 * an unknown host or an unreachable network is not: nothing to retry soon. */
static gboolean
is_dropped_connection (const GError *cause)
{
  return g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
}

static void
set_transport_error (GError **error,
                     GError  *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, cause);
  else if (cause->domain == G_TLS_ERROR)
    {
      g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_TLS,
                   _("The server’s certificate is not trusted: %s"), cause->message);
      g_error_free (cause);
    }
  else
    {
      g_set_error (error, RAPPORT_SYNC_ERROR,
                   is_dropped_connection (cause) ? RAPPORT_SYNC_ERROR_CONNECTION_LOST
                                                 : RAPPORT_SYNC_ERROR_OFFLINE,
                   _("Can’t reach the server: %s"), cause->message);
      g_error_free (cause);
    }
}

/**
 * rapport_sync_http_fetch:
 * @body: (nullable): the JSON to send
 * @trusted: (nullable): a self-signed certificate the user chose to trust
 * @retry_after: (out): seconds the server asked to wait (429, 503), or 0
 * @headers: (out) (optional) (transfer full): the answer's headers
 *
 * Sends a request and reads a successful answer without parsing it, so that
 * its headers can be acted on first; an answer that is not a success
 * becomes the error it stands for.
 *
 * Returns: (transfer full): the answer's text (perhaps empty), or %NULL
 *   with a #RAPPORT_SYNC_ERROR (or G_IO_ERROR_CANCELLED)
 */
GBytes *
rapport_sync_http_fetch (SoupSession         *session,
                         const char          *method,
                         const char          *url,
                         const char          *token,
                         JsonNode            *body,
                         GTlsCertificate     *trusted,
                         GCancellable        *cancellable,
                         guint               *retry_after,
                         SoupMessageHeaders **headers,
                         GError             **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *reason = NULL;
  guint status;

  *retry_after = 0;
  message = soup_message_new (method, url);
  if (message == NULL)
    {
      g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_INVALID,
                   _("“%s” is not a valid server address"), url);
      return NULL;
    }

  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "application/json");
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                    authorization);
    }
  if (body != NULL)
    {
      gsize length;
      char *text = rapport_json_to_string (body);
      g_autoptr(GBytes) bytes = NULL;

      length = strlen (text);
      bytes = g_bytes_new_take (text, length);
      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_certificate_cb), trusted);

  stream = soup_session_send (session, message, cancellable, &local_error);
  if (stream == NULL)
    {
      set_transport_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  data = read_limited (stream, cancellable, &local_error);
  if (data == NULL)
    {
      /* The server answered, then the answer broke off: worth a retry. */
      if (local_error->domain == RAPPORT_SYNC_ERROR ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL,
                     _("The server’s answer broke off: %s"), local_error->message);
      return NULL;
    }

  status = soup_message_get_status (message);
  if (status >= 200 && status < 300)
    {
      if (g_bytes_get_size (data) == 0 && status != SOUP_STATUS_NO_CONTENT)
        {
          g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL,
                       _("The server’s answer could not be read: %s"), _("it was empty"));
          return NULL;
        }
      if (headers != NULL)
        *headers = soup_message_headers_ref (soup_message_get_response_headers (message));
      return g_steal_pointer (&data);
    }
  if (g_bytes_get_size (data) > 0)
    answer = rapport_json_parse (g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                 RAPPORT_SYNC_MAX_RESPONSE, RAPPORT_JSON_DEFAULT_MAX_DEPTH,
                                 NULL);

  reason = server_message (answer);
  if (reason == NULL)
    reason = g_strdup_printf ("HTTP %u %s", status, soup_message_get_reason_phrase (message)
                              ? soup_message_get_reason_phrase (message) : "");

  /* A redirect means a wrong address or a proxy in the way, not a passing
   * fault: no retry, and the credentials are never sent elsewhere. */
  if (status >= 300 && status < 400)
    g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_INVALID,
                 _("The server tried to redirect Rapport elsewhere (HTTP %u); check the server address"),
                 status);
  else if (status == 401)
    g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_UNAUTHORIZED,
                 _("Sign in again: %s"), reason);
  else if (status == 403)
    g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_FORBIDDEN,
                 _("Not allowed: %s"), reason);
  else if (status == 429)
    {
      *retry_after = parse_retry_after (message);
      g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_RATE_LIMITED,
                   _("The server is busy: %s"), reason);
    }
  else if (status == 409 && g_strcmp0 (server_code (answer), "server_changed") == 0)
    g_set_error_literal (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_SERVER_CHANGED, reason);
  else if (status == 404)
    g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_NOT_FOUND,
                 _("The server refused the request: %s"), reason);
  else if (status >= 500)
    {
      *retry_after = parse_retry_after (message);
      g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_SERVER,
                   _("The server failed: %s"), reason);
    }
  else
    g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_INVALID,
                 _("The server refused the request: %s"), reason);
  return NULL;
}

/**
 * rapport_sync_http_parse:
 * @data: a successful, non-empty answer from rapport_sync_http_fetch()
 *
 * Returns: (transfer full): the answer's JSON, or %NULL with a
 *   #RAPPORT_SYNC_ERROR
 */
JsonNode *
rapport_sync_http_parse (GBytes   *data,
                         GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *answer;

  answer = rapport_json_parse (g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                               RAPPORT_SYNC_MAX_RESPONSE, RAPPORT_JSON_DEFAULT_MAX_DEPTH,
                               &local_error);
  if (answer == NULL)
    {
      g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL,
                   _("The server’s answer could not be read: %s"), local_error->message);
      return NULL;
    }
  return answer;
}

/**
 * rapport_sync_http_request:
 * @body: (nullable): the JSON to send
 * @trusted: (nullable): a self-signed certificate the user chose to trust
 * @retry_after: (out): seconds the server asked to wait (429, 503), or 0
 *
 * Returns: (transfer full): the answer's JSON, or %NULL with a
 *   #RAPPORT_SYNC_ERROR (or G_IO_ERROR_CANCELLED)
 */
JsonNode *
rapport_sync_http_request (SoupSession     *session,
                           const char      *method,
                           const char      *url,
                           const char      *token,
                           JsonNode        *body,
                           GTlsCertificate *trusted,
                           GCancellable    *cancellable,
                           guint           *retry_after,
                           GError         **error)
{
  g_autoptr(GBytes) data = NULL;

  data = rapport_sync_http_fetch (session, method, url, token, body, trusted, cancellable,
                                  retry_after, NULL, error);
  if (data == NULL)
    return NULL;
  /* 204 No Content: the one success without a body. */
  if (g_bytes_get_size (data) == 0)
    return json_node_new (JSON_NODE_NULL);
  return rapport_sync_http_parse (data, error);
}
