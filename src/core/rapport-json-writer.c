/* rapport-json-writer.c: compact JSON text from a tree, without a generator
 *
 * Every pulled record stores its lists (emails, phones, tags) as JSON text.
 * json-glib's generator builds a GString per node and still has to be
 * repaired afterwards (rapport_json_make_safe()); this writes the same text
 * straight into one buffer, with control characters escaped as it goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-json"

#include "config.h"

#include <string.h>

#include "rapport-json.h"

static void
write_string (GString    *out,
              const char *text)
{
  g_autofree char *valid = NULL;
  const char *from = text;

  /* Bytes that are not UTF-8 become U+FFFD, as rapport_json_make_safe()
   * makes them. */
  if (!g_utf8_validate (text, -1, NULL))
    from = text = valid = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      guchar c = *p;
      const char *escape = NULL;
      char code[8];

      if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\')
        continue;
      switch (c)
        {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
          g_snprintf (code, sizeof code, "\\u%04x", c);
          escape = code;
          break;
        }
      g_string_append_len (out, from, p - from);
      g_string_append (out, escape);
      from = p + 1;
    }
  g_string_append (out, from);
  g_string_append_c (out, '"');
}

/* A double as json-glib writes it, which is hard to match digit for digit. */
static void
write_double (GString  *out,
              JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  g_string_append (out, text);
}

/**
 * rapport_json_write:
 * @out: where to append
 * @node: (nullable): a JSON tree; %NULL writes null
 *
 * Appends @node as compact JSON, the text rapport_json_to_string() makes.
 */
void
rapport_json_write (GString  *out,
                    JsonNode *node)
{
  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        GList *members = json_object_get_members (json_node_get_object (node));

        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            if (l != members)
              g_string_append_c (out, ',');
            write_string (out, l->data);
            g_string_append_c (out, ':');
            rapport_json_write (out, json_object_get_member (json_node_get_object (node),
                                                             l->data));
          }
        g_string_append_c (out, '}');
        g_list_free (members);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < length; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            rapport_json_write (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          write_string (out, json_node_get_string (node) ?: "");
          break;
        default:
          write_double (out, node);
          break;
        }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}
