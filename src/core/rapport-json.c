/* rapport-json.c: size- and depth-checked JSON parsing
 *
 * json-glib 1.6 builds its tree recursively and overflows the stack on input
 * like "[[[[…" a hundred thousand deep, and it takes things that are not
 * JSON. So whatever comes from the network is checked here first, with a
 * flat scan that cannot recurse.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-json.h"

G_DEFINE_QUARK (rapport-json-error-quark, rapport_json_error)

typedef enum
{
  EXPECT_VALUE,
  EXPECT_VALUE_OR_CLOSE, /* just after '[' */
  EXPECT_KEY_OR_CLOSE,   /* just after '{' */
  EXPECT_KEY,
  EXPECT_COLON,
  EXPECT_COMMA_OR_CLOSE,
  EXPECT_END,
} ScanState;

static gboolean
fail_at (GError **error,
         gsize    offset)
{
  g_set_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_INVALID,
               _("The JSON is malformed at byte %zu"), offset);
  return FALSE;
}

/* Moves *i past the string that starts at data[*i] (a quote). */
static gboolean
scan_string (const char *data,
             gsize       length,
             gsize      *i)
{
  for ((*i)++; *i < length; (*i)++)
    {
      guchar c = data[*i];

      if (c == '"')
        {
          (*i)++;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        continue;
      if (++(*i) >= length)
        return FALSE;
      if (data[*i] == 'u')
        {
          for (guint k = 0; k < 4; k++)
            if (++(*i) >= length || !g_ascii_isxdigit (data[*i]))
              return FALSE;
        }
      else if (strchr ("\"\\/bfnrt", data[*i]) == NULL || data[*i] == '\0')
        return FALSE;
    }
  return FALSE;
}

static gsize
skip_digits (const char *data,
             gsize       length,
             gsize       i)
{
  while (i < length && g_ascii_isdigit (data[i]))
    i++;
  return i;
}

/* Moves *i past the number that starts at data[*i], as RFC 8259 spells it. */
static gboolean
scan_number (const char *data,
             gsize       length,
             gsize      *i)
{
  gsize j = *i;

  if (data[j] == '-')
    j++;
  if (j >= length || !g_ascii_isdigit (data[j]))
    return FALSE;
  j = data[j] == '0' ? j + 1 : skip_digits (data, length, j);
  if (j < length && data[j] == '.')
    {
      if (++j >= length || !g_ascii_isdigit (data[j]))
        return FALSE;
      j = skip_digits (data, length, j);
    }
  if (j < length && (data[j] == 'e' || data[j] == 'E'))
    {
      if (++j < length && (data[j] == '+' || data[j] == '-'))
        j++;
      if (j >= length || !g_ascii_isdigit (data[j]))
        return FALSE;
      j = skip_digits (data, length, j);
    }
  *i = j;
  return TRUE;
}

static gboolean
scan_word (const char *data,
           gsize       length,
           gsize      *i,
           const char *word)
{
  gsize n = strlen (word);

  if (length - *i < n || memcmp (data + *i, word, n) != 0)
    return FALSE;
  *i += n;
  return TRUE;
}

/**
 * rapport_json_validate:
 * @data: the JSON text
 * @length: its length in bytes
 * @max_depth: how many arrays and objects may enclose each other
 * @error: %RAPPORT_JSON_ERROR_TOO_DEEP or %RAPPORT_JSON_ERROR_INVALID
 *
 * Checks that @data is one strict RFC 8259 JSON value (json-glib also takes
 * comments, single quotes and leading zeros) and how deep it nests, with a
 * loop and a small stack of its own: no recursion, so no input can exhaust
 * the C stack.
 */
gboolean
rapport_json_validate (const char *data,
                       gsize       length,
                       guint       max_depth,
                       GError    **error)
{
  g_autofree gboolean *in_object = g_new0 (gboolean, max_depth + 1);
  ScanState state = EXPECT_VALUE;
  guint depth = 0;
  gsize i = 0;

  for (;;)
    {
      char c;

      while (i < length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
        i++;
      if (i >= length)
        return state == EXPECT_END ? TRUE : fail_at (error, i);
      c = data[i];

      switch (state)
        {
        case EXPECT_VALUE_OR_CLOSE:
        case EXPECT_KEY_OR_CLOSE:
          if (c == (state == EXPECT_KEY_OR_CLOSE ? '}' : ']'))
            {
              i++;
              depth--;
              state = depth > 0 ? EXPECT_COMMA_OR_CLOSE : EXPECT_END;
              continue;
            }
          if (state == EXPECT_KEY_OR_CLOSE)
            {
              state = EXPECT_KEY;
              continue;
            }
          G_GNUC_FALLTHROUGH;
        case EXPECT_VALUE:
          if (c == '{' || c == '[')
            {
              if (depth >= max_depth)
                {
                  g_set_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_TOO_DEEP,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "The JSON nests deeper than %u level",
                                            "The JSON nests deeper than %u levels",
                                            max_depth),
                               max_depth);
                  return FALSE;
                }
              in_object[++depth] = c == '{';
              i++;
              state = c == '{' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
              continue;
            }
          if (!(c == '"' ? scan_string (data, length, &i) :
                c == 't' ? scan_word (data, length, &i, "true") :
                c == 'f' ? scan_word (data, length, &i, "false") :
                c == 'n' ? scan_word (data, length, &i, "null") :
                scan_number (data, length, &i)))
            return fail_at (error, i);
          state = depth > 0 ? EXPECT_COMMA_OR_CLOSE : EXPECT_END;
          break;

        case EXPECT_KEY:
          if (c != '"' || !scan_string (data, length, &i))
            return fail_at (error, i);
          state = EXPECT_COLON;
          break;

        case EXPECT_COLON:
          if (c != ':')
            return fail_at (error, i);
          i++;
          state = EXPECT_VALUE;
          break;

        case EXPECT_COMMA_OR_CLOSE:
          i++;
          if (c == ',')
            state = in_object[depth] ? EXPECT_KEY : EXPECT_VALUE;
          else if (c == (in_object[depth] ? '}' : ']'))
            {
              depth--;
              state = depth > 0 ? EXPECT_COMMA_OR_CLOSE : EXPECT_END;
            }
          else
            return fail_at (error, i - 1);
          break;

        case EXPECT_END:
        default:
          return fail_at (error, i);
        }
    }
}

/**
 * rapport_json_parse:
 * @data: the JSON text, not necessarily nul-terminated
 * @length: its length in bytes
 * @max_length: the longest text accepted, in bytes
 * @max_depth: see rapport_json_validate()
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
                   g_dngettext (GETTEXT_PACKAGE,
                                "The JSON is larger than %zu byte",
                                "The JSON is larger than %zu bytes",
                                max_length),
                   max_length);
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_INVALID_UTF8,
                           _("The JSON is not valid UTF-8"));
      return NULL;
    }
  if (!rapport_json_validate (data, length, max_depth, error))
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

/**
 * rapport_json_object_copy:
 *
 * json-glib 1.6 has no deep copy of an object, only of a node.
 *
 * Returns: (transfer full): a deep copy of @object
 */
JsonObject *
rapport_json_object_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (copy, name, json_node_copy (node));
  return copy;
}
