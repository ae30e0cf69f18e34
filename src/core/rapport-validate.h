/* rapport-validate.h: checking records before they are stored or sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

#define RAPPORT_VALIDATION_ERROR (rapport_validation_error_quark ())

/**
 * RapportValidationError:
 * @RAPPORT_VALIDATION_ERROR_REQUIRED: a required field is missing or empty
 * @RAPPORT_VALIDATION_ERROR_INVALID: a value has the wrong type or shape
 * @RAPPORT_VALIDATION_ERROR_UNKNOWN_FIELD: the record type has no such field
 * @RAPPORT_VALIDATION_ERROR_READ_ONLY: the field is set by the system, not by edits
 * @RAPPORT_VALIDATION_ERROR_DUPLICATE: another record has this value of a UNIQUE field
 *
 * Every error of this domain names the field it is about:
 * rapport_validation_error_get_field().
 */
typedef enum
{
  RAPPORT_VALIDATION_ERROR_REQUIRED,
  RAPPORT_VALIDATION_ERROR_INVALID,
  RAPPORT_VALIDATION_ERROR_UNKNOWN_FIELD,
  RAPPORT_VALIDATION_ERROR_READ_ONLY,
  RAPPORT_VALIDATION_ERROR_DUPLICATE,
} RapportValidationError;

GQuark      rapport_validation_error_quark     (void);
const char *rapport_validation_error_get_field (const GError *error);
void        rapport_set_validation_error       (GError              **error,
                                                RapportValidationError code,
                                                const char           *field,
                                                const char           *format,
                                                ...) G_GNUC_PRINTF (4, 5);

gboolean    rapport_validate_changes           (const RapportEntity *entity,
                                                JsonObject          *changes,
                                                GError             **error);
gboolean    rapport_validate_record            (const RapportEntity *entity,
                                                JsonObject          *record,
                                                GError             **error);
char       *rapport_unique_key                 (const char          *text);
void        rapport_set_duplicate_error        (GError             **error,
                                                const RapportField  *field);
gboolean    rapport_is_valid_email             (const char          *text);
gboolean    rapport_is_valid_currency          (const char          *code);

G_END_DECLS
