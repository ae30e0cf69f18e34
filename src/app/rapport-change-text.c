/* rapport-change-text.c: a changed value as the user reads it
 *
 * A history says "Amount: ¥1,000.00 → ¥2,000.00", not
 * "amount: 100000 → 200000": field labels and choice labels from the
 * descriptor, money with its currency, dates as the locale writes them,
 * a linked record by its title. In a line of history, long text is cut:
 * the record's page shows all of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-change-text"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-change-text.h"
#include "rapport-scaled.h"
#include "rapport-labels.h"
#include "rapport-money.h"
#include "rapport-record.h"

/* Characters of a text value shown in one line of history. */
#define MAX_TEXT 80

static char *
shortened (const char *text)
{
  g_autofree char *one_line = g_strdup (text);
  glong length;

  /* Paragraphs read as one line. */
  g_strdelimit (one_line, "\r\n\t", ' ');
  length = g_utf8_strlen (one_line, -1);
  if (length <= MAX_TEXT)
    return g_steal_pointer (&one_line);
  *g_utf8_offset_to_pointer (one_line, MAX_TEXT - 1) = '\0';
  return g_strconcat (one_line, "…", NULL);
}

/* Tags, emails and phones: their values, comma-separated. */
static char *
list_text (JsonArray *array)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *value = NULL;

      if (JSON_NODE_HOLDS_OBJECT (element))
        value = json_object_get_string_member_with_default (json_node_get_object (element),
                                                            "value", NULL);
      else if (JSON_NODE_HOLDS_VALUE (element) &&
               json_node_get_value_type (element) == G_TYPE_STRING)
        value = json_node_get_string (element);
      if (value != NULL)
        g_ptr_array_add (values, g_strdup (value));
    }
  g_ptr_array_add (values, NULL);
  /* Translators: between the values of a list, "VIP, Beijing" */
  joined = g_strjoinv (_(", "), (char **) values->pdata);
  return g_steal_pointer (&joined);
}

static char *
ref_text (RapportStore *store,
          const char   *entity,
          const char   *id)
{
  const RapportEntity *target = rapport_entity_lookup (entity);
  g_autoptr(JsonObject) record = NULL;

  if (target == NULL || (record = rapport_store_get (store, entity, id, NULL)) == NULL)
    return g_strdup (_("Deleted record"));
  return rapport_record_title (target, record);
}

/**
 * rapport_change_text_value:
 * @value: (nullable): the field's value, as stored
 * @currency: (nullable): the currency of a MONEY field at that time
 *
 * Returns: (transfer full): @value as the user reads it; "(empty)" for none
 */
char *
rapport_change_text_value (RapportStore        *store,
                           const RapportEntity *entity,
                           const char          *field_name,
                           JsonNode            *value,
                           const char          *currency)
{
  const RapportField *field = rapport_entity_get_field (entity, field_name);
  g_autofree char *text = NULL;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_ARRAY (value))
    return list_text (json_node_get_array (value));
  if (!JSON_NODE_HOLDS_VALUE (value) || field == NULL)
    return rapport_labels_format_value (entity, field_name, value);

  switch (field->kind)
    {
    case RAPPORT_FIELD_BOOL:
      return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));
    case RAPPORT_FIELD_MONEY:
      return rapport_money_format (json_node_get_int (value), currency);
    case RAPPORT_FIELD_INT:
      if (rapport_scaled_field (field))
        return rapport_scaled_format (field, json_node_get_int (value), currency);
      if (field->flags & RAPPORT_FIELD_PERCENT)
        return g_strdup_printf ("%" G_GINT64_FORMAT " %%", json_node_get_int (value));
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
    default:
      break;
    }
  if (json_node_get_value_type (value) != G_TYPE_STRING)
    return rapport_labels_format_value (entity, field_name, value);
  switch (field->kind)
    {
    case RAPPORT_FIELD_ENUM:
      return g_strdup (rapport_labels_field_choice (entity, field_name, json_node_get_string (value)));
    case RAPPORT_FIELD_DATE:
    case RAPPORT_FIELD_DATETIME:
      return rapport_labels_format_date (json_node_get_string (value));
    case RAPPORT_FIELD_REF:
      return ref_text (store, field->ref_entity, json_node_get_string (value));
    default:
      return g_strdup (json_node_get_string (value));
    }
}

/**
 * rapport_change_text_line:
 * @change: {"from", "to"}
 * @currency_before: (nullable): the record's currency before the change
 * @currency_after: (nullable): and after it
 *
 * Returns: (transfer full): "Amount: ¥1,000.00 → ¥2,000.00", each side cut
 *   to one short line
 */
char *
rapport_change_text_line (RapportStore        *store,
                          const RapportEntity *entity,
                          const char          *field,
                          JsonObject          *change,
                          const char          *currency_before,
                          const char          *currency_after)
{
  g_autofree char *from_value = rapport_change_text_value (store, entity, field,
                                                           json_object_get_member (change, "from"),
                                                           currency_before);
  g_autofree char *to_value = rapport_change_text_value (store, entity, field,
                                                         json_object_get_member (change, "to"),
                                                         currency_after);
  g_autofree char *from = shortened (from_value);
  g_autofree char *to = shortened (to_value);

  /* Translators: a field's change in a record's history, "Amount: ¥1,000.00 → ¥2,000.00" */
  return g_strdup_printf (_("%s: %s → %s"), rapport_labels_field (entity, field), from, to);
}
