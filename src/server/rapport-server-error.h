/* rapport-server-error.h: the errors the API answers with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RAPPORT_SERVER_ERROR (rapport_server_error_quark ())

/**
 * RapportServerError:
 *
 * Each code is one `error.code` of the API and one HTTP status; see
 * rapport_server_error_get_status() and docs/openapi.yaml. Validation
 * errors (422) keep their own domain, RAPPORT_VALIDATION_ERROR.
 */
typedef enum {
  RAPPORT_SERVER_ERROR_BAD_REQUEST,            /* 400 bad_request */
  RAPPORT_SERVER_ERROR_INVALID_JSON,           /* 400 invalid_json */
  RAPPORT_SERVER_ERROR_INVALID_PARAMETER,      /* 400 invalid_parameter */
  RAPPORT_SERVER_ERROR_UNAUTHORIZED,           /* 401 unauthorized */
  RAPPORT_SERVER_ERROR_INVALID_CREDENTIALS,    /* 401 invalid_credentials */
  RAPPORT_SERVER_ERROR_FORBIDDEN,              /* 403 forbidden */
  RAPPORT_SERVER_ERROR_NOT_FOUND,              /* 404 not_found */
  RAPPORT_SERVER_ERROR_METHOD_NOT_ALLOWED,     /* 405 method_not_allowed */
  RAPPORT_SERVER_ERROR_ALREADY_EXISTS,         /* 409 already_exists */
  RAPPORT_SERVER_ERROR_LENGTH_REQUIRED,        /* 411 length_required */
  RAPPORT_SERVER_ERROR_PRECONDITION_FAILED,    /* 412 precondition_failed */
  RAPPORT_SERVER_ERROR_TOO_LARGE,              /* 413 payload_too_large */
  RAPPORT_SERVER_ERROR_UNSUPPORTED_MEDIA_TYPE, /* 415 unsupported_media_type */
  RAPPORT_SERVER_ERROR_RATE_LIMITED,           /* 429 rate_limited */
  RAPPORT_SERVER_ERROR_INTERNAL,               /* 500 internal_error */
  RAPPORT_SERVER_ERROR_UNAVAILABLE,            /* 503 unavailable */
  RAPPORT_SERVER_ERROR_DAMAGED,                /* 409 damaged_record */
  RAPPORT_SERVER_ERROR_SERVER_CHANGED,         /* 409 server_changed */
  RAPPORT_SERVER_ERROR_URI_TOO_LONG,           /* 414 uri_too_long */
  RAPPORT_SERVER_ERROR_HEADERS_TOO_LARGE,      /* 431 headers_too_large */
  RAPPORT_SERVER_ERROR_WRONG_STATE,            /* 409 wrong_state */
  RAPPORT_SERVER_ERROR_IN_USE,                 /* 409 in_use */
} RapportServerError;

GQuark      rapport_server_error_quark      (void);
void        rapport_server_set_error        (GError           **error,
                                             RapportServerError code,
                                             const char        *field,
                                             const char        *format,
                                             ...) G_GNUC_PRINTF (4, 5);
const char *rapport_server_error_get_field  (const GError      *error);
guint       rapport_server_error_get_status (const GError      *error);
const char *rapport_server_error_get_code   (const GError      *error);
JsonNode   *rapport_server_error_to_json    (const GError      *error);

G_END_DECLS
