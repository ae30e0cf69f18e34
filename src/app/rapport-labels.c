/* rapport-labels.c: what the user reads for record types, fields and choices
 *
 * The core names things in English identifiers ("first_name", "in_person");
 * the record descriptors carry the words (rapport-entity-table.c), and this
 * translates them, and formats dates (money: rapport-money.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-labels"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-labels.h"

/**
 * rapport_labels_section:
 *
 * Returns: the sidebar title of a record type: "Contacts"
 */
const char *
rapport_labels_section (const RapportEntity *entity)
{
  return _(entity->labels.plural);
}

const char *
rapport_labels_new_record (const RapportEntity *entity)
{
  return _(entity->labels.new_record);
}

/**
 * rapport_labels_empty:
 *
 * Returns: the title of an empty list: "No Contacts"
 */
const char *
rapport_labels_empty (const RapportEntity *entity)
{
  return _(entity->labels.none);
}

const char *
rapport_labels_field (const RapportEntity *entity,
                      const char          *field)
{
  const RapportField *described = rapport_entity_get_field (entity, field);

  return described != NULL ? _(described->label) : field;
}

static const char *
choice_label (const RapportField *field,
              const char         *value)
{
  for (guint i = 0; field->choices != NULL && field->choices[i] != NULL; i++)
    if (strcmp (field->choices[i], value) == 0)
      return field->choice_context != NULL
             ? g_dpgettext2 (NULL, field->choice_context, field->choice_labels[i])
             : _(field->choice_labels[i]);
  return NULL;
}

/**
 * rapport_labels_field_choice:
 *
 * Returns: what the user reads for @value of @entity's @field: a case's
 *   status "open" and a deal's may be different words
 */
const char *
rapport_labels_field_choice (const RapportEntity *entity,
                             const char          *field,
                             const char          *value)
{
  const RapportField *described = rapport_entity_get_field (entity, field);
  const char *label;

  if (value == NULL)
    return "";
  label = described != NULL ? choice_label (described, value) : NULL;
  return label != NULL ? label : value;
}

/**
 * rapport_labels_choice:
 *
 * For callers that do not know the record type: the label of the first
 * type's @field that has @value. Prefer rapport_labels_field_choice().
 */
const char *
rapport_labels_choice (const char *field,
                       const char *value)
{
  guint n_entities;
  const RapportEntity * const *entities = rapport_entity_all (&n_entities);

  if (value == NULL)
    return "";
  for (guint i = 0; i < n_entities; i++)
    {
      const RapportField *described = rapport_entity_get_field (entities[i], field);
      const char *label = described != NULL ? choice_label (described, value) : NULL;

      if (label != NULL)
        return label;
    }
  return value;
}

/**
 * rapport_labels_format_date:
 * @value: (nullable): "YYYY-MM-DD" or an RFC 3339 time
 *
 * Returns: (transfer full) (nullable): the date as the locale writes it
 */
char *
rapport_labels_format_date (const char *value)
{
  g_autoptr(GDateTime) time = NULL;

  if (value == NULL || *value == '\0')
    return NULL;
  if (strlen (value) == 10)
    {
      g_autofree char *midnight = g_strconcat (value, "T00:00:00Z", NULL);

      time = g_date_time_new_from_iso8601 (midnight, NULL);
      if (time != NULL)
        return g_date_time_format (time, "%x");
    }
  else if ((time = g_date_time_new_from_iso8601 (value, NULL)) != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (time);

      return g_date_time_format (local, "%x %R");
    }
  return g_strdup (value);
}
