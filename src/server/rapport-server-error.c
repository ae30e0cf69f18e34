/* rapport-server-error.c: GErrors to API errors and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-error"

#include "config.h"

#include <string.h>

#include "rapport-json.h"
#include "rapport-server-error.h"
#include "rapport-validate.h"

typedef struct
{
  char *field;
} RapportServerErrorPrivate;

static void
rapport_server_error_private_init (RapportServerErrorPrivate *priv)
{
  priv->field = NULL;
}

static void
rapport_server_error_private_copy (const RapportServerErrorPrivate *src,
                                   RapportServerErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
}

static void
rapport_server_error_private_clear (RapportServerErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (RapportServerError, rapport_server_error)

static const struct
{
  guint       status;
  const char *code;
} server_codes[] = {
  [RAPPORT_SERVER_ERROR_BAD_REQUEST] = { 400, "bad_request" },
  [RAPPORT_SERVER_ERROR_INVALID_JSON] = { 400, "invalid_json" },
  [RAPPORT_SERVER_ERROR_INVALID_PARAMETER] = { 400, "invalid_parameter" },
  [RAPPORT_SERVER_ERROR_UNAUTHORIZED] = { 401, "unauthorized" },
  [RAPPORT_SERVER_ERROR_INVALID_CREDENTIALS] = { 401, "invalid_credentials" },
  [RAPPORT_SERVER_ERROR_FORBIDDEN] = { 403, "forbidden" },
  [RAPPORT_SERVER_ERROR_NOT_FOUND] = { 404, "not_found" },
  [RAPPORT_SERVER_ERROR_METHOD_NOT_ALLOWED] = { 405, "method_not_allowed" },
  [RAPPORT_SERVER_ERROR_ALREADY_EXISTS] = { 409, "already_exists" },
  [RAPPORT_SERVER_ERROR_LENGTH_REQUIRED] = { 411, "length_required" },
  [RAPPORT_SERVER_ERROR_PRECONDITION_FAILED] = { 412, "precondition_failed" },
  [RAPPORT_SERVER_ERROR_TOO_LARGE] = { 413, "payload_too_large" },
  [RAPPORT_SERVER_ERROR_UNSUPPORTED_MEDIA_TYPE] = { 415, "unsupported_media_type" },
  [RAPPORT_SERVER_ERROR_RATE_LIMITED] = { 429, "rate_limited" },
  [RAPPORT_SERVER_ERROR_INTERNAL] = { 500, "internal_error" },
  [RAPPORT_SERVER_ERROR_UNAVAILABLE] = { 503, "unavailable" },
  [RAPPORT_SERVER_ERROR_DAMAGED] = { 409, "damaged_record" },
  [RAPPORT_SERVER_ERROR_SERVER_CHANGED] = { 409, "server_changed" },
  [RAPPORT_SERVER_ERROR_URI_TOO_LONG] = { 414, "uri_too_long" },
  [RAPPORT_SERVER_ERROR_HEADERS_TOO_LARGE] = { 431, "headers_too_large" },
  [RAPPORT_SERVER_ERROR_WRONG_STATE] = { 409, "wrong_state" },
  [RAPPORT_SERVER_ERROR_IN_USE] = { 409, "in_use" },
};

static const char * const validation_codes[] = {
  [RAPPORT_VALIDATION_ERROR_REQUIRED] = "required",
  [RAPPORT_VALIDATION_ERROR_INVALID] = "invalid_value",
  [RAPPORT_VALIDATION_ERROR_UNKNOWN_FIELD] = "unknown_field",
  [RAPPORT_VALIDATION_ERROR_READ_ONLY] = "read_only",
  [RAPPORT_VALIDATION_ERROR_DUPLICATE] = "duplicate_value",
};

void
rapport_server_set_error (GError           **error,
                          RapportServerError code,
                          const char        *field,
                          const char        *format,
                          ...)
{
  g_autofree char *message = NULL;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  new_error = g_error_new_literal (RAPPORT_SERVER_ERROR, code, message);
  rapport_server_error_get_private (new_error)->field = g_strdup (field);
  g_propagate_error (error, new_error);
}

const char *
rapport_server_error_get_field (const GError *error)
{
  RapportServerErrorPrivate *priv;

  if (error->domain == RAPPORT_VALIDATION_ERROR)
    return rapport_validation_error_get_field (error);
  if (error->domain != RAPPORT_SERVER_ERROR)
    return NULL;
  priv = rapport_server_error_get_private (error);
  return priv != NULL ? priv->field : NULL;
}

static gboolean
is_known_server_code (const GError *error)
{
  return error->domain == RAPPORT_SERVER_ERROR &&
         error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (server_codes);
}

/* Errors of other domains that reach a client are the server's fault, except
 * the JSON ones, which describe the request. */
guint
rapport_server_error_get_status (const GError *error)
{
  if (is_known_server_code (error))
    return server_codes[error->code].status;
  if (error->domain == RAPPORT_VALIDATION_ERROR)
    return error->code == RAPPORT_VALIDATION_ERROR_DUPLICATE ? 409 : 422;
  if (error->domain == RAPPORT_JSON_ERROR)
    return error->code == RAPPORT_JSON_ERROR_TOO_LARGE ? 413 : 400;
  return 500;
}

const char *
rapport_server_error_get_code (const GError *error)
{
  if (is_known_server_code (error))
    return server_codes[error->code].code;
  if (error->domain == RAPPORT_VALIDATION_ERROR &&
      error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (validation_codes))
    return validation_codes[error->code];
  if (error->domain == RAPPORT_JSON_ERROR)
    return error->code == RAPPORT_JSON_ERROR_TOO_LARGE ? "payload_too_large" : "invalid_json";
  return "internal_error";
}

/* Messages and field names can quote what a client sent: they go out as
 * valid UTF-8 without control characters (which json-glib 1.6 writes raw),
 * so that every error body, and every push result stored and replayed
 * later, is valid JSON. */
static char *
printable_copy (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *printable = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        g_string_append_unichar (printable, 0xFFFD);
      else
        g_string_append_len (printable, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (printable, FALSE);
}

/* The inner object of {"error": {...}}. */
JsonNode *
rapport_server_error_to_json (const GError *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *field = rapport_server_error_get_field (error);
  gboolean internal = rapport_server_error_get_status (error) >= 500 &&
                      !is_known_server_code (error);
  g_autofree char *message = NULL;
  g_autofree char *printable_field = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, rapport_server_error_get_code (error));
  json_builder_set_member_name (builder, "message");
  /* Storage messages can carry paths and SQL: keep them in the log. */
  if (internal)
    json_builder_add_string_value (builder, "Internal server error");
  else
    json_builder_add_string_value (builder, (message = printable_copy (error->message)));
  json_builder_set_member_name (builder, "field");
  if (field != NULL)
    json_builder_add_string_value (builder, (printable_field = printable_copy (field)));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
