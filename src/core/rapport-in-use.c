/* rapport-in-use.c: records that stay while other records use them
 *
 * SPEC.md §1.3: a product used on a line cannot be deleted, only archived,
 * so that every line still says what it sold. A REF field marked
 * RAPPORT_FIELD_KEEPS (a line's product_id) keeps the record it points
 * at: the local store and the server both refuse to delete it while a
 * live record points at it, and say, in the same words, on how many.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-entity"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-in-use.h"

/**
 * rapport_in_use_relations:
 *
 * Returns: (transfer container) (element-type RapportRelation): the types
 *   and fields whose records keep a record of @entity from deletion
 */
GPtrArray *
rapport_in_use_relations (const RapportEntity *entity)
{
  return rapport_entity_relations (entity, RAPPORT_FIELD_KEEPS);
}

/* "3 quote lines" */
static char *
count_records (const RapportEntity *entity,
               gint64               count)
{
  gulong n = (gulong) count;

  if (strcmp (entity->name, "quote_line") == 0)
    return g_strdup_printf (ngettext ("%lu quote line", "%lu quote lines", n), n);
  if (strcmp (entity->name, "sales_order_line") == 0)
    return g_strdup_printf (ngettext ("%lu order line", "%lu order lines", n), n);
  /* TRANSLATORS: records of a type that use another, and how many: "Tasks: 3" */
  return g_strdup_printf (_("%s: %lu"), _(entity->labels.plural), n);
}

/**
 * rapport_in_use_message:
 * @relations: (element-type RapportRelation): rapport_in_use_relations()
 * @counts: how many live records of each relation point at the record
 *
 * Returns: (transfer full) (nullable): why the record of @entity cannot
 *   be deleted, "Used on 3 quote lines: archive it instead", or %NULL
 *   when nothing uses it
 */
char *
rapport_in_use_message (const RapportEntity *entity,
                        GPtrArray           *relations,
                        const gint64        *counts)
{
  g_autofree char *uses = NULL;
  const RapportField *active = rapport_entity_get_field (entity, "active");

  for (guint i = 0; i < relations->len; i++)
    {
      const RapportRelation *relation = g_ptr_array_index (relations, i);
      g_autofree char *part = NULL;

      if (counts[i] <= 0)
        continue;
      part = count_records (relation->entity, counts[i]);
      if (uses == NULL)
        uses = g_steal_pointer (&part);
      else
        {
          /* TRANSLATORS: two counts of records, "3 quote lines and 1 order line" */
          char *both = g_strdup_printf (_("%s and %s"), uses, part);

          g_free (uses);
          uses = both;
        }
    }
  if (uses == NULL)
    return NULL;
  if (active != NULL && active->kind == RAPPORT_FIELD_BOOL)
    /* TRANSLATORS: "Used on 3 quote lines: …"; archiving turns Active off */
    return g_strdup_printf (_("Used on %s: it cannot be deleted, archive it instead (turn Active off)"),
                            uses);
  return g_strdup_printf (_("Used on %s: it cannot be deleted"), uses);
}
