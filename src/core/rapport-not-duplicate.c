/* rapport-not-duplicate.c: two records a user said are not duplicates
 *
 * A not_duplicate record is kept when a user saves a contact or a company
 * that the duplicate banner matched ("Create anyway", SPEC.md §5.3), one
 * per pair, with the reason given; the banner and the scan pass the pair
 * over (rapport-store-duplicates.c). Checked the same on client and server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-not-duplicate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-json.h"
#include "rapport-not-duplicate.h"
#include "rapport-validate.h"

/**
 * rapport_not_duplicate_check:
 * @mark: a not_duplicate record as it would be stored
 *
 * A record is not paired with itself.
 *
 * Returns: %FALSE with a %RAPPORT_VALIDATION_ERROR naming `other_id` when
 *   both ids are one
 */
gboolean
rapport_not_duplicate_check (JsonObject *mark,
                             GError    **error)
{
  const char *record_id = rapport_json_get_string (mark, "record_id");

  if (record_id != NULL && g_strcmp0 (record_id, rapport_json_get_string (mark, "other_id")) == 0)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "other_id",
                                    _("A record cannot be marked as not a duplicate of itself"));
      return FALSE;
    }
  return TRUE;
}
