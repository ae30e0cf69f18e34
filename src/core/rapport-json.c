/* rapport-json.c: size- and depth-checked JSON parsing
 *
 * json-glib 1.6 builds its tree recursively and overflows the stack on input
 * like "[[[[…" a hundred thousand deep, so whatever comes from the network is
 * measured here first, with a flat scan that cannot recurse.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-json.h"

G_DEFINE_QUARK (rapport-json-error-quark, rapport_json_error)

/**
 * rapport_json_check_depth:
 * @data: the JSON text
 * @length: its length in bytes
 * @max_depth: how many arrays and objects may enclose each other
 * @error: set to %RAPPORT_JSON_ERROR_TOO_DEEP
 *
 * Counts brackets outside strings (honouring escapes). Malformed text passes
 * as long as it is shallow: the parser reports it afterwards.
 */
gboolean
rapport_json_check_depth (const char *data,
                          gsize       length,
                          guint       max_depth,
                          GError    **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_TOO_DEEP,
                           _("The JSON nests deeper than %u levels"), max_depth);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }
  return TRUE;
}

/**
 * rapport_json_parse:
 * @data: the JSON text, not necessarily nul-terminated
 * @length: its length in bytes
 * @max_length: the longest text accepted, in bytes
 * @max_depth: see rapport_json_check_depth()
 * @error: a #RAPPORT_JSON_ERROR
 *
 * Returns: (transfer full): the root node
 */
JsonNode *
rapport_json_parse (const char *data,
                    gsize       length,
                    gsize       max_length,
                    guint       max_depth,
                    GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length > max_length)
    {
      g_set_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_TOO_LARGE,
                   _("The JSON is larger than %" G_GSIZE_FORMAT " bytes"), max_length);
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_INVALID_UTF8,
                           _("The JSON is not valid UTF-8"));
      return NULL;
    }
  if (!rapport_json_check_depth (data, length, max_depth, error))
    return NULL;

  /* Mutable: validation normalises values in place. */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_INVALID,
                   _("The JSON is malformed: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_INVALID,
                           _("The JSON is empty"));
      return NULL;
    }
  return root;
}

/**
 * rapport_json_get_object:
 *
 * Unlike json_object_get_object_member(), quietly %NULL when @member is
 * missing or not an object: answers from the network are not trusted.
 *
 * Returns: (transfer none) (nullable): the member's object
 */
JsonObject *
rapport_json_get_object (JsonObject *object,
                         const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * rapport_json_get_array:
 *
 * Returns: (transfer none) (nullable): the member's array, or %NULL when
 *   @member is missing or not an array
 */
JsonArray *
rapport_json_get_array (JsonObject *object,
                        const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * rapport_json_array_get_object:
 *
 * Returns: (transfer none) (nullable): element @index if it is an object
 */
JsonObject *
rapport_json_array_get_object (JsonArray *array,
                               guint      index)
{
  JsonNode *node = index < json_array_get_length (array) ? json_array_get_element (array, index)
                                                         : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}
