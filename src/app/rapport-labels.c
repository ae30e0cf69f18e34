/* rapport-labels.c: what the user reads for record types, fields and choices
 *
 * The core names things in English identifiers ("first_name", "in_person");
 * the record descriptors carry the words (rapport-entity-table.c), and this
 * translates them, and formats dates (in core: rapport-dates.c; money:
 * rapport-money.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-labels"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rapport-dates.h"
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

/**
 * rapport_labels_singular:
 *
 * Returns: one record's type: "Contact"
 */
const char *
rapport_labels_singular (const RapportEntity *entity)
{
  return _(entity->labels.singular);
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
 * Returns: (transfer full) (nullable): the date as the locale writes it,
 *   with the whole year, and for a time the local hour and minute
 */
char *
rapport_labels_format_date (const char *value)
{
  g_autoptr(GDateTime) time = NULL;

  if (value == NULL || *value == '\0')
    return NULL;
  if (strlen (value) == 10)
    {
      int year, month, day;
      char tail;
      char *shown;

      if (sscanf (value, "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3 &&
          (shown = rapport_dates_format_day (year, month, day)) != NULL)
        return shown;
    }
  else if ((time = g_date_time_new_from_iso8601 (value, NULL)) != NULL)
    return rapport_dates_format_local (time);
  return g_strdup (value);
}

/**
 * rapport_labels_format_value:
 * @node: (nullable): a field's value as stored
 *
 * Returns: (transfer full): the value as the user reads it, as in a
 *   conflict or a change that could not be sent
 */
char *
rapport_labels_format_value (const RapportEntity *entity,
                             const char          *field_name,
                             JsonNode            *node)
{
  const RapportField *field = rapport_entity_get_field (entity, field_name);
  g_autoptr(JsonGenerator) generator = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (field != NULL && field->kind == RAPPORT_FIELD_ENUM &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (rapport_labels_choice (field_name, json_node_get_string (node)));
  if (field != NULL && (field->kind == RAPPORT_FIELD_DATE || field->kind == RAPPORT_FIELD_DATETIME) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return rapport_labels_format_date (json_node_get_string (node));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}
