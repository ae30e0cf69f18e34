/* rapport-cli-values.c: field values typed on the command line, and back
 *
 * "--set field=value" is read by the field's kind: INT as a whole number,
 * BOOL as true or false, email and phone lists as "label:value,label:value",
 * tags as "a,b,c", and an empty value as null. Values are printed back in
 * the same form, so that what `get` shows can be typed into `update`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-cli-private.h"
#include "rapport-dates.h"
#include "rapport-validate.h"

/**
 * rapport_cli_split_assignment:
 * @assignment: "name=value"
 *
 * Splits at the first '='; the value may be empty. Anything without a
 * name and '=' is a usage error.
 */
gboolean
rapport_cli_split_assignment (const char *assignment,
                              char      **name_out,
                              char      **value_out,
                              GError    **error)
{
  const char *equals = strchr (assignment, '=');

  if (equals == NULL || equals == assignment)
    {
      rapport_cli_set_usage_error (error, _("Expected FIELD=VALUE, not “%s”"), assignment);
      return FALSE;
    }
  *name_out = g_strndup (assignment, equals - assignment);
  *value_out = g_strdup (equals + 1);
  return TRUE;
}

/* The comma-separated items of @text, trimmed, empty ones dropped. */
static GPtrArray *
split_items (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *item = g_strstrip (parts[i]);

      if (*item != '\0')
        g_ptr_array_add (items, g_strdup (item));
    }
  return items;
}

/* "a,b" for tags; "work:a@b.com,home:c@d.com" → [{label, value}] for
 * labelled lists, where an item without ':' has no label. Neither email
 * addresses nor phone numbers contain ':'. */
static JsonNode *
parse_list (const char *text,
            gboolean    labelled)
{
  g_autoptr(GPtrArray) items = split_items (text);
  JsonArray *array = json_array_sized_new (items->len);
  JsonNode *node;

  for (guint i = 0; i < items->len; i++)
    {
      const char *item = g_ptr_array_index (items, i);
      const char *colon = strchr (item, ':');
      JsonObject *entry;

      if (!labelled)
        {
          json_array_add_string_element (array, item);
          continue;
        }

      entry = json_object_new ();
      if (colon != NULL)
        {
          g_autofree char *label = g_strstrip (g_strndup (item, colon - item));
          g_autofree char *value = g_strstrip (g_strdup (colon + 1));

          if (*label != '\0')
            json_object_set_string_member (entry, "label", label);
          json_object_set_string_member (entry, "value", value);
        }
      else
        json_object_set_string_member (entry, "value", item);
      json_array_add_object_element (array, entry);
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, array);
  return node;
}

static JsonNode *
parse_bool (const char *field,
            const char *text,
            GError    **error)
{
  static const char * const yes[] = { "true", "yes", "1", NULL };
  static const char * const no[] = { "false", "no", "0", NULL };
  g_autofree char *lower = g_ascii_strdown (text, -1);
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (g_strv_contains (yes, lower))
    json_node_set_boolean (node, TRUE);
  else if (g_strv_contains (no, lower))
    json_node_set_boolean (node, FALSE);
  else
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field,
                                    _("Expected true or false, not “%s”"), text);
      json_node_unref (node);
      return NULL;
    }
  return node;
}

static JsonNode *
parse_int (const char *field,
           const char *text,
           GError    **error)
{
  gint64 number;

  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field,
                                    _("“%s” is not a whole number"), text);
      return NULL;
    }
  return json_node_init_int (json_node_alloc (), number);
}

/**
 * rapport_cli_parse_assignment:
 * @assignment: "field=value" as typed after --set
 * @values: where the parsed value is set
 *
 * An unknown field is a usage error; a value that cannot be read as the
 * field's kind is a validation error naming the field. Whether the value
 * is valid for the field is left to the store, which validates every edit.
 */
gboolean
rapport_cli_parse_assignment (const RapportEntity *entity,
                              const char          *assignment,
                              JsonObject          *values,
                              GError             **error)
{
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  const RapportField *field;
  JsonNode *node = NULL;

  if (!rapport_cli_split_assignment (assignment, &name, &text, error))
    return FALSE;

  field = rapport_entity_get_field (entity, name);
  if (field == NULL && !rapport_entity_is_meta_field (name))
    {
      rapport_cli_set_usage_error (error, _("Records of type “%s” have no field “%s”"),
                                   entity->name, name);
      return FALSE;
    }

  if (*text == '\0')
    node = json_node_new (JSON_NODE_NULL);
  else if (field == NULL)
    node = json_node_init_string (json_node_alloc (), text);  /* the store refuses it */
  else
    switch (field->kind)
      {
      case RAPPORT_FIELD_INT:
      case RAPPORT_FIELD_MONEY:
        node = parse_int (name, text, error);
        break;
      case RAPPORT_FIELD_BOOL:
        node = parse_bool (name, text, error);
        break;
      case RAPPORT_FIELD_EMAIL_LIST:
      case RAPPORT_FIELD_PHONE_LIST:
        node = parse_list (text, TRUE);
        break;
      case RAPPORT_FIELD_TAGS:
        node = parse_list (text, FALSE);
        break;
      case RAPPORT_FIELD_DATE:
        {
          /* As the locale writes it, or ISO; anything else the store refuses. */
          g_autofree char *date = rapport_dates_parse_date (text);

          node = json_node_init_string (json_node_alloc (), date != NULL ? date : text);
        }
        break;
      default:
        /* Text of every kind; the store checks its form. */
        node = json_node_init_string (json_node_alloc (), text);
        break;
      }

  if (node == NULL)
    return FALSE;
  json_object_set_member (values, name, node);
  return TRUE;
}

static void
append_list_item (GString  *text,
                  JsonNode *item)
{
  if (text->len > 0)
    g_string_append (text, ", ");

  if (JSON_NODE_HOLDS_OBJECT (item))
    {
      JsonObject *entry = json_node_get_object (item);
      const char *label = json_object_get_string_member_with_default (entry, "label", NULL);

      if (label != NULL && *label != '\0')
        g_string_append_printf (text, "%s:", label);
      g_string_append (text, json_object_get_string_member_with_default (entry, "value", ""));
    }
  else if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
    g_string_append (text, json_node_get_string (item));
  else
    {
      g_autofree char *json = rapport_json_to_string (item);

      g_string_append (text, json);
    }
}

/**
 * rapport_cli_format_value:
 *
 * Returns: (transfer full): @node as a person reads it, in the syntax of
 *   --set; "" for null
 */
char *
rapport_cli_format_value (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        append_list_item (text, json_array_get_element (array, i));
      return g_string_free (text, FALSE);
    }

  if (JSON_NODE_HOLDS_VALUE (node))
    switch (json_node_get_value_type (node))
      {
      case G_TYPE_STRING:
        return g_strdup (json_node_get_string (node));
      case G_TYPE_BOOLEAN:
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
      case G_TYPE_INT64:
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      default:
        break;
      }

  return rapport_json_to_string (node);
}
