/* rapport-server-in-use.c: the server keeps what other records use
 *
 * A delete of a record that live records point at through a
 * RAPPORT_FIELD_KEEPS reference (a product on a quote's line) is refused
 * with 409 `in_use`, saying on how many records it is used, over REST and
 * in a push alike; the local store refuses it in the same words
 * (rapport-in-use.c). Archiving (a product's `active` false) is the way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server"

#include "config.h"

#include "rapport-in-use.h"
#include "rapport-server-error.h"
#include "rapport-server-in-use.h"

/**
 * rapport_server_check_unused:
 * @rejection: set to 409 `in_use` when records use @id
 * @error: set only when storage failed
 *
 * Returns: %FALSE only when storage failed
 */
gboolean
rapport_server_check_unused (RapportServerBackend *backend,
                             const RapportEntity  *entity,
                             const char           *id,
                             GError              **rejection,
                             GError              **error)
{
  g_autoptr(GPtrArray) relations = rapport_in_use_relations (entity);
  g_autofree gint64 *counts = NULL;
  g_autofree char *message = NULL;

  if (relations->len == 0)
    return TRUE;
  counts = g_new0 (gint64, relations->len);
  for (guint i = 0; i < relations->len; i++)
    {
      const RapportRelation *relation = g_ptr_array_index (relations, i);

      if (!backend->vtable->count_referring (backend, relation->entity->name,
                                             relation->field->name, id, &counts[i], error))
        return FALSE;
    }
  message = rapport_in_use_message (entity, relations, counts);
  if (message != NULL)
    rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_IN_USE, NULL, "%s", message);
  return TRUE;
}
