/* rapport-segment.c: segments, saved filters of one record type
 *
 * A segment keeps its filter as the filter language's JSON form and the
 * type it filters. Client and server check it with the same function, so
 * a segment whose filter names a field that does not exist is refused
 * wherever it is written, with what is wrong in the message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-segment"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-segment.h"
#include "rapport-validate.h"

/**
 * rapport_segment_filter:
 * @segment: a segment record
 *
 * Returns: (transfer full) (nullable): its filter, or %NULL with a
 *   %RAPPORT_VALIDATION_ERROR on the field that is wrong
 */
RapportFilter *
rapport_segment_filter (JsonObject *segment,
                        GError    **error)
{
  const char *object = json_object_get_string_member_with_default (segment, "object", NULL);
  const char *text = json_object_get_string_member_with_default (segment, "filter", NULL);
  const RapportEntity *entity = object != NULL ? rapport_entity_lookup (object) : NULL;
  g_autoptr(GError) local_error = NULL;
  RapportFilter *filter;

  if (entity == NULL)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "object",
                                    _("A segment needs the kind of records it holds"));
      return NULL;
    }
  if (text == NULL || !(filter = rapport_filter_from_json_text (entity, text, &local_error)))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, "filter",
                                    _("The segment’s filter cannot be used: %s"),
                                    local_error != NULL && local_error->domain == RAPPORT_FILTER_ERROR
                                      ? local_error->message
                                      : _("it is not a filter’s JSON"));
      return NULL;
    }
  return filter;
}

gboolean
rapport_segment_check (JsonObject *segment,
                       GError    **error)
{
  g_autoptr(RapportFilter) filter = rapport_segment_filter (segment, error);

  return filter != NULL;
}
